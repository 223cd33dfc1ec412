import type { Database } from '../platform/db/database.js';
import type { Clock } from '../platform/clock.js';
import type { AuditContext, AuditLog } from '../platform/audit/audit-log.js';
import type { FieldCipher } from '../platform/crypto/field-encryption.js';
import { scopeFor, visibleFields } from '../platform/auth/policy.js';
import type { Principal } from '../platform/auth/principal.js';
import { NotFoundError, StaleVersionError, isUniqueViolation } from '../platform/db/errors.js';
import { ukDate } from '../platform/working-days.js';
import { ReferralForbiddenError } from '../referrals/case-file.js';
import { openIdentity } from '../referrals/identity.js';
import { ageOn, checkSafeguarding, type FieldProblem, type SafeguardingUpdate } from './schema.js';
import * as store from './store.js';

export class SafeguardingValidationError extends Error {
  constructor(readonly problems: FieldProblem[]) {
    super(problems.map((p) => p.message).join('; '));
  }
}

export interface SafeguardingRecord {
  version: number;
  updatedAt: Date | null;
  plan: { status: string; agreedOn: string | null; leadSocialWorker: string; summary: string } | null;
  placement: { type: string; startedOn: string; details: string | null } | null;
  guardian: { name: string; organisation: string; appointedOn: string } | null;
}

interface ReferralDetails {
  languages?: string[];
  interpreterNeeded?: boolean;
  currentPlace?: string | null;
  localAuthorityCaseNumber?: string | null;
}

const planFields = ['planStatus', 'planAgreedOn', 'leadSocialWorker', 'planSummary'];
const placementFields = ['placementType', 'placementStartedOn', 'placementDetails'];
const guardianFields = ['guardianName', 'guardianOrganisation', 'guardianAppointedOn'];

/**
 * The child's local authority's side: the children referred in its area (the `child` scope), what it
 * needs to safeguard each of them (identity decrypted, every read audited), and the safeguarding record
 * it keeps — plan, placement, guardian — changed only at the version the editor read.
 */
export class ChildrenService {
  constructor(private readonly database: Database, private readonly audit: AuditLog, private readonly clock: Clock, private readonly cipher: FieldCipher) {}

  async list(principal: Principal, page: { limit: number; offset: number }, context: AuditContext) {
    const rows = await store.listChildren(this.database.db, scopeFor(principal.role, 'child'), principal, page);
    const more = rows.length > page.limit;
    const children = rows.slice(0, page.limit);
    // References and dates of children: a read of their records, so it is audited (never a value).
    await this.audit.recordAlone(context, { action: 'view', recordType: 'children', fields: ['reference', 'status', 'receivedAt', 'reasonableGroundsDueDate', 'safeguarding'], details: { count: children.length, offset: page.offset } });
    return { children, more };
  }

  /** Counts for the home page: no child is named or referenced, so nothing is read about one. */
  counts(principal: Principal) {
    return store.countChildren(this.database.db, scopeFor(principal.role, 'child'), principal);
  }

  async open(principal: Principal, reference: string, context: AuditContext) {
    const db = this.database.db;
    const found = await store.findVisibleChild(db, reference, scopeFor(principal.role, 'child'), principal);
    if (!found) return this.refuse(reference, context);
    const r = found.referral;
    const [person, safeguarding] = await Promise.all([store.findPerson(db, r.id), store.findSafeguarding(db, r.id)]);
    const identity = person ? openIdentity(this.cipher, person.sealed) : undefined;
    const details = (r.details ?? {}) as ReferralDetails;
    const today = ukDate(this.clock.now());
    const child = {
      id: r.id, reference: r.reference, status: r.status, receivedAt: r.receivedAt, reasonableGroundsDueDate: r.reasonableGroundsDueDate,
      competentAuthority: found.authorityName, organisation: found.organisationName,
      gender: r.gender, nationalities: r.nationalities, languages: details.languages ?? [], interpreterNeeded: details.interpreterNeeded ?? false,
      person: identity && {
        givenName: identity.givenName, familyName: identity.familyName, aliases: identity.aliases ?? [], dateOfBirth: identity.dateOfBirth,
        estimatedAge: identity.estimatedAge, age: identity.dateOfBirth ? ageOn(identity.dateOfBirth, today) : undefined,
      },
      safeContact: identity && { phone: identity.phone, email: identity.email, postalAddress: identity.postalAddress, notes: identity.safeContactNotes },
      currentLocation: { place: details.currentPlace ?? null, notes: identity?.currentLocationNotes },
      localAuthorityCaseNumber: details.localAuthorityCaseNumber ?? null,
      safeguarding: this.openRecord(safeguarding),
    };
    const visible = visibleFields(principal.role, 'child', child);
    await this.audit.recordAlone(context, { action: 'view', recordType: 'referral', recordId: r.id, fields: Object.keys(visible).filter((k) => k !== 'id'), details: { reference, as: 'child' } });
    return visible as Partial<typeof child> & Pick<typeof child, 'id' | 'reference'>;
  }

  /**
   * Records parts of the safeguarding record in one transaction with its audit event: the version the
   * editor read must still be the record's (0 when nothing was recorded), or nothing is written.
   */
  async record(principal: Principal, reference: string, update: SafeguardingUpdate, context: AuditContext): Promise<{ version: number }> {
    const now = this.clock.now();
    const problems = checkSafeguarding(update, ukDate(now));
    if (problems.length > 0) throw new SafeguardingValidationError(problems);
    const change: store.SafeguardingChange = { updatedBy: principal.userId, updatedAt: now };
    const fields: string[] = [];
    if (update.plan) {
      Object.assign(change, {
        planStatus: update.plan.status, planAgreedOn: update.plan.agreedOn ?? null, leadSocialWorker: update.plan.leadSocialWorker,
        planSummarySealed: this.cipher.encrypt(update.plan.summary),
      });
      fields.push(...planFields);
    }
    if (update.placement) {
      Object.assign(change, {
        placementType: update.placement.type, placementStartedOn: update.placement.startedOn,
        placementDetailsSealed: update.placement.details ? this.cipher.encrypt(update.placement.details) : null,
      });
      fields.push(...placementFields);
    }
    if (update.guardian) {
      Object.assign(change, { guardianName: update.guardian.name, guardianOrganisation: update.guardian.organisation, guardianAppointedOn: update.guardian.appointedOn });
      fields.push(...guardianFields);
    }
    const stale = () => new StaleVersionError('This child’s safeguarding record');
    let outcome: { denied: true; recordId: string } | { denied: false; version: number };
    try {
      outcome = await this.database.transaction(async (tx) => {
        const found = await store.findVisibleChild(tx, reference, scopeFor(principal.role, 'child'), principal);
        if (!found) {
          const exists = await store.findChildReferral(tx, reference);
          if (exists) return { denied: true as const, recordId: exists.id };
          throw new NotFoundError('No child with this reference');
        }
        const id = found.referral.id;
        const current = await store.findSafeguarding(tx, id, { lock: true });
        if ((current?.version ?? 0) !== update.version) throw stale();
        if (current) {
          if (!(await store.updateSafeguarding(tx, id, update.version, change))) throw stale();
        } else {
          await store.insertSafeguarding(tx, id, change);
        }
        await this.audit.record(tx, context, {
          action: current ? 'update' : 'create', recordType: 'child_safeguarding', recordId: id, fields, details: { reference, version: update.version + 1 },
        });
        return { denied: false as const, version: update.version + 1 };
      });
    } catch (error) {
      // Two first records at once: the second loses on the primary key, as a stale version.
      if (isUniqueViolation(error)) throw stale();
      throw error;
    }
    if (outcome.denied) {
      await this.audit.recordAlone(context, { action: 'permission_denied', outcome: 'denied', recordType: 'child_safeguarding', recordId: outcome.recordId, details: { reference } });
      throw new ReferralForbiddenError();
    }
    return { version: outcome.version };
  }

  private openRecord(row: store.SafeguardingRow | undefined): SafeguardingRecord {
    if (!row) return { version: 0, updatedAt: null, plan: null, placement: null, guardian: null };
    return {
      version: row.version,
      updatedAt: row.updatedAt,
      plan: row.planStatus && row.planSummarySealed && row.leadSocialWorker
        ? { status: row.planStatus, agreedOn: row.planAgreedOn, leadSocialWorker: row.leadSocialWorker, summary: this.cipher.decrypt(row.planSummarySealed) }
        : null,
      placement: row.placementType && row.placementStartedOn
        ? { type: row.placementType, startedOn: row.placementStartedOn, details: row.placementDetailsSealed ? this.cipher.decrypt(row.placementDetailsSealed) : null }
        : null,
      guardian: row.guardianName && row.guardianOrganisation && row.guardianAppointedOn
        ? { name: row.guardianName, organisation: row.guardianOrganisation, appointedOn: row.guardianAppointedOn }
        : null,
    };
  }

  /** A child outside the principal's scope: the refusal is audited; an unknown reference is simply not found. */
  private async refuse(reference: string, context: AuditContext): Promise<never> {
    const exists = await store.findChildReferral(this.database.db, reference);
    if (!exists) throw new NotFoundError('No child with this reference');
    await this.audit.recordAlone(context, { action: 'permission_denied', outcome: 'denied', recordType: 'referral', recordId: exists.id, details: { reference, as: 'child' } });
    throw new ReferralForbiddenError();
  }
}
