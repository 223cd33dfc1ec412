import type { Database, Db } from '../platform/db/database.js';
import type { Clock } from '../platform/clock.js';
import type { AuditContext, AuditLog } from '../platform/audit/audit-log.js';
import type { FieldCipher } from '../platform/crypto/field-encryption.js';
import { scopeFor } from '../platform/auth/policy.js';
import type { Principal } from '../platform/auth/principal.js';
import { NotFoundError } from '../platform/db/errors.js';
import { ukDate } from '../platform/working-days.js';
import { ReferralForbiddenError } from '../referrals/case-file.js';
import { providersInvolved } from '../support/store.js';
import { checkEntry, type EntryInput } from './schema.js';
import { SafeguardingValidationError } from './service.js';
import * as store from './store.js';

/**
 * One shared record of what has been asked of a child and answered, so that each agency reads it
 * instead of interviewing the child again. The action grants say which roles may look; the policy's
 * `involved` scope, worked out here for each child, says whether the principal's organisation is one of
 * the agencies involved with that child. Every view, entry and refusal is audited.
 */
export class MultiAgencyRecords {
  constructor(private readonly database: Database, private readonly audit: AuditLog, private readonly clock: Clock, private readonly cipher: FieldCipher) {}

  async open(principal: Principal, reference: string, context: AuditContext) {
    const db = this.database.db;
    const { referral, agencies, allowed } = await this.involved(db, principal, reference);
    if (!allowed) return this.refuse(referral.id, reference, context);
    const rows = await store.listEntries(db, referral.id);
    const entries = rows.map((r) => ({
      id: r.entry.id, topic: r.entry.topic, question: this.cipher.decrypt(r.entry.questionSealed), answer: this.cipher.decrypt(r.entry.answerSealed),
      askedOn: r.entry.askedOn, recordedAt: r.entry.createdAt, recordedBy: r.authorName, agency: r.organisationName,
    }));
    await this.audit.recordAlone(context, {
      action: 'view', recordType: 'multi_agency_record', recordId: referral.id, fields: ['agencies', 'entries'], details: { reference, entries: entries.length },
    });
    return { id: referral.id, reference: referral.reference, agencies, entries };
  }

  /** Adds what was asked and answered, with its audit event in the same transaction. */
  async add(principal: Principal, reference: string, input: EntryInput, context: AuditContext): Promise<string> {
    const now = this.clock.now();
    const problems = checkEntry(input, ukDate(now));
    if (problems.length > 0) throw new SafeguardingValidationError(problems);
    const outcome = await this.database.transaction(async (tx) => {
      const { referral, allowed } = await this.involved(tx, principal, reference);
      if (!allowed) return { denied: true as const, recordId: referral.id };
      const id = await store.insertEntry(tx, {
        referralId: referral.id, topic: input.topic, questionSealed: this.cipher.encrypt(input.question), answerSealed: this.cipher.encrypt(input.answer),
        askedOn: input.askedOn, organisationId: principal.organisationId, authorId: principal.userId, createdAt: now,
      });
      await this.audit.record(tx, context, {
        action: 'create', recordType: 'multi_agency_record', recordId: referral.id, fields: ['topic', 'question', 'answer', 'askedOn'], details: { reference, entryId: id, topic: input.topic },
      });
      return { denied: false as const, id };
    });
    if (outcome.denied) return this.refuse(outcome.recordId, reference, context);
    return outcome.id;
  }

  /** The child's referral, the agencies involved with the child, and whether the principal's organisation is one of them. */
  private async involved(db: Db, principal: Principal, reference: string) {
    const referral = await store.findChildReferral(db, reference);
    if (!referral) throw new NotFoundError('No child with this reference');
    const providers = await providersInvolved(db, referral.id);
    const { agencies, allowed } = await store.involvedAgencies(db, referral.id, providers, scopeFor(principal.role, 'multi_agency_record'), principal);
    return { referral, agencies, allowed };
  }

  /** The refusal is audited in a transaction of its own, after any transaction of the request has ended. */
  private async refuse(recordId: string, reference: string, context: AuditContext): Promise<never> {
    await this.audit.recordAlone(context, { action: 'permission_denied', outcome: 'denied', recordType: 'multi_agency_record', recordId, details: { reference } });
    throw new ReferralForbiddenError();
  }
}
