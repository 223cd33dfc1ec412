import type { Database } from '../platform/db/database.js';
import type { Clock } from '../platform/clock.js';
import type { AuditContext, AuditLog } from '../platform/audit/audit-log.js';
import type { FieldCipher } from '../platform/crypto/field-encryption.js';
import { fieldsFor, scopeFor, visibleFields } from '../platform/auth/policy.js';
import type { Principal } from '../platform/auth/principal.js';
import { NotFoundError } from '../platform/db/errors.js';
import { ForbiddenError } from '../platform/auth/forbidden.js';
import { openIdentity } from './identity.js';
import * as store from './store.js';

export class ReferralForbiddenError extends ForbiddenError {
  constructor() {
    super('You may not see this referral');
  }
}

/**
 * A referral as one person may see it: only referrals in their scope, only the fields their role may
 * read, identity decrypted only when that role may read it — and every read recorded in the audit log.
 */
export class ReferralCaseFiles {
  constructor(private readonly database: Database, private readonly audit: AuditLog, private readonly clock: Clock, private readonly cipher: FieldCipher) {}

  async open(principal: Principal, reference: string, context: AuditContext) {
    const db = this.database.db;
    const found = await store.findVisibleReferral(db, reference, scopeFor(principal.role, 'referral'), principal);
    if (!found) {
      if (await store.referralExists(db, reference)) {
        await this.audit.recordAlone(context, { action: 'permission_denied', outcome: 'denied', recordType: 'referral', details: { reference } });
        throw new ReferralForbiddenError();
      }
      throw new NotFoundError('No referral with this reference');
    }
    const r = found.referral;
    // Identity and narratives are decrypted only for a role that may read them.
    const allowed = new Set(fieldsFor(principal.role, 'referral'));
    const [person, situations, notes, duplicates] = await Promise.all([
      allowed.has('person') ? store.findPerson(db, r.id) : undefined,
      store.findSituations(db, r.id),
      allowed.has('notes') ? store.findNotes(db, r.id) : [],
      allowed.has('possibleDuplicates') ? store.findPossibleDuplicates(db, r.id) : [],
    ]);
    const file = {
      id: r.id, reference: r.reference, version: r.version, route: r.route, status: r.status, receivedAt: r.receivedAt, nation: r.nation,
      organisation: { id: r.organisationId, name: found.organisationName },
      competentAuthority: r.competentAuthorityId ? { id: r.competentAuthorityId, code: found.authorityCode, name: found.authorityName } : null,
      routing: r.routingRule ? { rule: r.routingRule, explanation: r.routingExplanation } : null,
      ageGroup: r.ageGroup, treatedAsChild: r.treatedAsChild, consent: r.consent, gender: r.gender, nationalities: r.nationalities,
      exploitationTypes: r.exploitationTypes, countyLines: r.countyLines, exploitationLocation: r.exploitationLocation,
      policeForceCode: r.policeForceCode, localAuthorityCode: r.localAuthorityCode, detained: r.detained, asylumClaim: r.asylumClaim,
      immigrationStatus: r.immigrationStatus, reasonableGroundsDueDate: r.reasonableGroundsDueDate, details: r.details, assignedTo: r.assignedTo,
      situations: situations.map((s) => ({
        types: s.types, countyLines: s.countyLines, startMonth: s.startMonth, endMonth: s.endMonth, ongoing: s.ongoing,
        ukPlaces: s.ukPlaces, overseasCountries: s.overseasCountries, recruitment: s.recruitment, meansOfControl: s.meansOfControl,
        indicators: s.indicators, narrative: allowed.has('narratives') && s.narrativeSealed ? this.cipher.decrypt(s.narrativeSealed) : undefined,
      })),
      person: person ? openIdentity(this.cipher, person.sealed) : undefined,
      notes: notes.map((n) => ({ createdAt: n.createdAt, organisationId: n.organisationId, text: this.cipher.decrypt(n.sealed) })),
      possibleDuplicates: duplicates,
    };
    const visible = visibleFields(principal.role, 'referral', file);
    await this.audit.recordAlone(context, { action: 'view', recordType: 'referral', recordId: r.id, fields: Object.keys(visible).filter((k) => k !== 'id' && k !== 'version') });
    return visible;
  }

  list(principal: Principal, page = { limit: 50, offset: 0 }) {
    return store.listVisibleReferrals(this.database.db, scopeFor(principal.role, 'referral'), principal, page);
  }

  /** Information a first responder adds after submission, sealed, audited. */
  async addNote(principal: Principal, reference: string, text: string, context: AuditContext): Promise<void> {
    const db = this.database.db;
    const found = await store.findVisibleReferral(db, reference, scopeFor(principal.role, 'referral'), principal);
    if (!found) throw (await store.referralExists(db, reference)) ? new ReferralForbiddenError() : new NotFoundError('No referral with this reference');
    await this.database.transaction(async (tx) => {
      await store.insertNote(tx, { referralId: found.referral.id, authorId: principal.userId, organisationId: principal.organisationId, sealed: this.cipher.encrypt(text), createdAt: this.clock.now() });
      await this.audit.record(tx, context, { action: 'update', recordType: 'referral', recordId: found.referral.id, fields: ['notes'] });
    });
  }
}
