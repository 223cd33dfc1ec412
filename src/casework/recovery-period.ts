import { and, eq } from 'drizzle-orm';
import type { AuditContext } from '../platform/audit/audit-log.js';
import type { FieldCipher } from '../platform/crypto/field-encryption.js';
import type { Principal } from '../platform/auth/principal.js';
import { NotFoundError } from '../platform/db/errors.js';
import type { CaseAccess, CaseChange } from './case-access.js';
import { CaseworkRefusedError } from './errors.js';
import { recoveryExtensions, recoveryPeriods } from './tables.js';

export const extensionReasons = {
  health: 'Serious physical or mental health needs',
  trauma: 'Trauma affecting recovery',
  intimidation: 'Intimidation or threats from traffickers',
  other: 'Other circumstances',
} as const;
export type ExtensionReason = keyof typeof extensionReasons;

/**
 * The recovery and reflection period after a positive RG: extended case by case with a reason, a
 * caseworker asking and a manager approving; reviewed at about day 30.
 */
export class RecoveryPeriodService {
  constructor(private readonly access: CaseAccess, private readonly cipher: FieldCipher) {}

  async requestExtension(principal: Principal, reference: string, request: { reason: ExtensionReason; detail: string; newEnd: string; version: number }, context: AuditContext): Promise<void> {
    await this.access.change(principal, reference, { version: request.version, context, fields: ['recoveryPeriod'], details: { extension: 'requested' } }, async (change) => {
      const period = await currentPeriod(change);
      if (request.newEnd <= period.currentEnd) throw new CaseworkRefusedError(`The new end date must be after the current end, ${period.currentEnd}`, 'newEnd');
      const [open] = await change.tx.select({ id: recoveryExtensions.id }).from(recoveryExtensions)
        .where(and(eq(recoveryExtensions.referralId, change.case.id), eq(recoveryExtensions.status, 'requested')));
      if (open) throw new CaseworkRefusedError('An extension is already waiting for a manager’s approval.', 'newEnd');
      await change.tx.insert(recoveryExtensions).values({
        referralId: change.case.id, reason: request.reason, detailSealed: this.cipher.encrypt(request.detail), newEnd: request.newEnd,
        status: 'requested', requestedBy: principal.userId, requestedAt: change.now,
      });
      await change.history('extension_requested', { reason: request.reason, newEnd: request.newEnd });
    });
  }

  /** A manager approves (the period's end moves) or refuses an extension. */
  async decideExtension(principal: Principal, reference: string, extensionId: string, decision: { approve: boolean; version: number }, context: AuditContext): Promise<void> {
    await this.access.change(principal, reference, { version: decision.version, context, fields: ['recoveryPeriod'], details: { extension: decision.approve ? 'approved' : 'refused' } }, async (change) => {
      const period = await currentPeriod(change);
      const [extension] = await change.tx.select().from(recoveryExtensions)
        .where(and(eq(recoveryExtensions.id, extensionId), eq(recoveryExtensions.referralId, change.case.id)));
      if (!extension) throw new NotFoundError('No such extension on this case');
      if (extension.status !== 'requested') throw new CaseworkRefusedError('This extension has already been decided.', 'approve');
      await change.tx.update(recoveryExtensions).set({ status: decision.approve ? 'approved' : 'refused', decidedBy: principal.userId, decidedAt: change.now })
        .where(eq(recoveryExtensions.id, extension.id));
      if (decision.approve && extension.newEnd > period.currentEnd) {
        await change.tx.update(recoveryPeriods).set({ currentEnd: extension.newEnd }).where(eq(recoveryPeriods.referralId, change.case.id));
      }
      await change.history(decision.approve ? 'extension_approved' : 'extension_refused', { newEnd: extension.newEnd });
    });
  }

  async recordCaseReview(principal: Principal, reference: string, review: { note: string; version: number }, context: AuditContext): Promise<void> {
    await this.access.change(principal, reference, { version: review.version, context, fields: ['recoveryPeriod'], details: { caseReview: true } }, async (change) => {
      const period = await currentPeriod(change);
      if (period.caseReviewedOn) throw new CaseworkRefusedError(`The case review was recorded on ${period.caseReviewedOn}.`, 'note');
      await change.tx.update(recoveryPeriods).set({ caseReviewedOn: change.today, caseReviewedBy: principal.userId, caseReviewSealed: this.cipher.encrypt(review.note) })
        .where(eq(recoveryPeriods.referralId, change.case.id));
      await change.history('case_reviewed', {});
    });
  }
}

async function currentPeriod(change: CaseChange) {
  if (!['rg_positive', 'awaiting_cg', 'suspended_missing'].includes(change.case.status)) {
    throw new CaseworkRefusedError('The case is not in its recovery period.');
  }
  const [period] = await change.tx.select().from(recoveryPeriods).where(eq(recoveryPeriods.referralId, change.case.id));
  if (!period) throw new CaseworkRefusedError('The case is not in its recovery period.');
  return period;
}
