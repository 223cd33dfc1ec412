import type { Database } from '../platform/db/database.js';
import type { Clock } from '../platform/clock.js';
import type { AuditContext, AuditLog } from '../platform/audit/audit-log.js';
import type { FieldCipher } from '../platform/crypto/field-encryption.js';
import { scopeFor, visibleFields } from '../platform/auth/policy.js';
import type { Principal } from '../platform/auth/principal.js';
import { NotFoundError } from '../platform/db/errors.js';
import { openIdentity } from '../referrals/identity.js';
import { isRegion, nationOfRegion } from './regions.js';
import { supportEnd } from './support-period.js';
import { SupportForbiddenError } from './errors.js';
import * as store from './store.js';

/**
 * A case as a support provider sees it: only a case allocated to the provider, only the fields policy.ts
 * lets a support worker read — and the account of the exploitation only where the person agreed to share
 * it with the provider. Every read is audited; a refused one too.
 */
export class SupportCaseView {
  constructor(private readonly database: Database, private readonly audit: AuditLog, private readonly clock: Clock, private readonly cipher: FieldCipher) {}

  private async allocated(principal: Principal, reference: string, context: AuditContext, field: string) {
    const db = this.database.db;
    const referral = await store.findReferralByReference(db, reference);
    if (!referral) throw new NotFoundError('No case with this reference');
    const allocation = await store.visibleAllocationFor(db, referral.id, scopeFor(principal.role, 'support_case'), principal);
    if (!allocation) {
      await this.audit.recordAlone(context, { action: 'permission_denied', outcome: 'denied', recordType: 'referral', recordId: referral.id, fields: [field], details: { reference, reason: 'not allocated to this provider' } });
      throw new SupportForbiddenError('This case is not allocated to your organisation');
    }
    return { referral, allocation };
  }

  async open(principal: Principal, reference: string, context: AuditContext) {
    const { referral, allocation } = await this.allocated(principal, reference, context, 'person');
    const db = this.database.db;
    const [sealed, dates, episodes, service] = await Promise.all([
      store.findPersonSealed(db, referral.id), store.keyDates(db, referral.id), store.episodesForReferral(db, referral.id, principal.organisationId),
      store.findService(db, allocation.serviceId),
    ]);
    const identity = sealed ? openIdentity(this.cipher, sealed) : undefined;
    const details = (referral.details ?? {}) as { languages?: string[]; interpreterNeeded?: boolean; supportNeeds?: string[] };
    const region = service?.regions[0];
    const end = dates.recoveryPeriodStart
      ? supportEnd({ nation: region && isRegion(region) ? nationOfRegion(region) : 'england', positiveRgOn: dates.recoveryPeriodStart, cg: dates.cg })
      : null;
    const record = {
      reference: referral.reference,
      name: identity ? { givenName: identity.givenName, familyName: identity.familyName, aliases: identity.aliases ?? [] } : null,
      contact: identity ? { phone: identity.phone, email: identity.email, postalAddress: identity.postalAddress, safeContactNotes: identity.safeContactNotes } : null,
      gender: referral.gender, nationalities: referral.nationalities, languages: details.languages ?? [], interpreterNeeded: details.interpreterNeeded ?? false,
      supportNeeds: details.supportNeeds ?? [], exploitationTypes: referral.exploitationTypes,
      rgDecidedOn: dates.rg?.on ?? null, cgDecidedOn: dates.cg?.on ?? null, cgPositive: dates.cg?.positive ?? null, recoveryPeriodEnd: dates.recoveryPeriodEnd,
      supportEnd: end,
      allocation: { id: allocation.id, status: allocation.status, serviceName: service?.name ?? '', offeredAt: allocation.offeredAt, respondBy: allocation.respondBy },
      episodes: episodes.map((e) => ({ ...e.episode, serviceName: e.serviceName })),
      narrativeShared: allocation.narrativeShared,
      // Never read here: the caseworkers' notes, the narrative (see `narrative`), the referrer's details.
    };
    const visible = visibleFields(principal.role, 'support_case', record);
    await this.audit.recordAlone(context, {
      action: 'view', recordType: 'referral', recordId: referral.id, fields: Object.keys(visible).filter((k) => k !== 'reference'), details: { reference, as: 'support provider' },
    });
    return visible;
  }

  /** The account of the exploitation, only where the person agreed to share it with this provider. */
  async narrative(principal: Principal, reference: string, context: AuditContext): Promise<{ reference: string; narratives: string[] }> {
    const { referral, allocation } = await this.allocated(principal, reference, context, 'narratives');
    if (!allocation.narrativeShared) {
      await this.audit.recordAlone(context, {
        action: 'permission_denied', outcome: 'denied', recordType: 'referral', recordId: referral.id, fields: ['narratives'], details: { reference, reason: 'the person did not agree to share their account with the provider' },
      });
      throw new SupportForbiddenError('The person did not agree to share their account of the exploitation with your organisation');
    }
    const rows = await store.sealedNarratives(this.database.db, referral.id);
    const narratives = rows.flatMap((r) => (r.narrativeSealed ? [this.cipher.decrypt(r.narrativeSealed)] : []));
    await this.audit.recordAlone(context, { action: 'view', recordType: 'referral', recordId: referral.id, fields: ['narratives'], details: { reference, as: 'support provider' } });
    return { reference: referral.reference, narratives };
  }
}
