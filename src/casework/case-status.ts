import { and, eq, isNull } from 'drizzle-orm';
import type { AuditContext } from '../platform/audit/audit-log.js';
import type { FieldCipher } from '../platform/crypto/field-encryption.js';
import type { Principal } from '../platform/auth/principal.js';
import { addWorkingDays, workingDaysBetween } from '../platform/working-days.js';
import { enqueue } from '../outbox/store.js';
import { referrals } from '../referrals/tables.js';
import type { CaseAccess } from './case-access.js';
import { CaseworkRefusedError } from './errors.js';
import { caseSuspensions } from './tables.js';

/** The statuses from which a case may be suspended or withdrawn (also for historical records on import). */
export const suspendable = ['awaiting_rg', 'rg_positive', 'awaiting_cg'];
export const withdrawable = ['awaiting_rg', 'rg_positive', 'awaiting_cg', 'suspended_missing'];

/**
 * Suspension while the person is missing, and withdrawal. While suspended, the RG clock stops: the
 * working days that were left are kept and given back when the person is found.
 */
export class CaseStatusService {
  constructor(private readonly access: CaseAccess, private readonly cipher: FieldCipher) {}

  async suspend(principal: Principal, reference: string, input: { version: number }, context: AuditContext): Promise<void> {
    await this.access.change(principal, reference, { version: input.version, context, fields: ['status'], details: { suspended: 'missing' } }, async (change) => {
      const c = change.case;
      if (!suspendable.includes(c.status)) throw new CaseworkRefusedError(c.status === 'suspended_missing' ? 'The case is already suspended.' : 'Only an open case can be suspended.');
      const left = c.status === 'awaiting_rg' && c.reasonableGroundsDueDate ? workingDaysBetween(change.today, c.reasonableGroundsDueDate, c.nation) : null;
      await change.tx.insert(caseSuspensions).values({
        referralId: c.id, reason: 'missing', startedAt: change.now, startedBy: principal.userId, statusBefore: c.status, workingDaysLeft: left,
      });
      await change.tx.update(referrals).set({ status: 'suspended_missing' }).where(eq(referrals.id, c.id));
      await change.history('suspended_missing', { workingDaysLeft: left });
      await enqueue(change.tx, {
        topic: 'case.suspended', recipientOrganisationId: c.organisationId, subjectType: 'referral', subjectId: c.id,
        payload: { reference: c.reference, reason: 'missing', child: c.treatedAsChild },
      }, change.now);
    });
  }

  /** The person is found: the case returns to where it was; an RG decision gets back the working days it had left. */
  async resume(principal: Principal, reference: string, input: { version: number }, context: AuditContext): Promise<void> {
    await this.access.change(principal, reference, { version: input.version, context, fields: ['status', 'reasonableGroundsDueDate'], details: { resumed: true } }, async (change) => {
      const c = change.case;
      const [open] = await change.tx.select().from(caseSuspensions).where(and(eq(caseSuspensions.referralId, c.id), isNull(caseSuspensions.endedAt)));
      if (c.status !== 'suspended_missing' || !open) throw new CaseworkRefusedError('The case is not suspended.');
      await change.tx.update(caseSuspensions).set({ endedAt: change.now, endedBy: principal.userId }).where(eq(caseSuspensions.id, open.id));
      const due = open.statusBefore === 'awaiting_rg' ? addWorkingDays(change.today, Math.max(open.workingDaysLeft ?? 0, 0), c.nation) : c.reasonableGroundsDueDate;
      await change.tx.update(referrals).set({ status: open.statusBefore, reasonableGroundsDueDate: due }).where(eq(referrals.id, c.id));
      await change.history('resumed', { reasonableGroundsDueDate: open.statusBefore === 'awaiting_rg' ? due : undefined });
    });
  }

  async withdraw(principal: Principal, reference: string, input: { reason: string; version: number }, context: AuditContext): Promise<void> {
    await this.access.change(principal, reference, { version: input.version, context, fields: ['status'], details: { withdrawn: true } }, async (change) => {
      const c = change.case;
      if (!withdrawable.includes(c.status)) throw new CaseworkRefusedError('Only an open case can be withdrawn.', 'reason');
      await change.tx.update(caseSuspensions).set({ endedAt: change.now, endedBy: principal.userId }).where(and(eq(caseSuspensions.referralId, c.id), isNull(caseSuspensions.endedAt)));
      await change.tx.update(referrals).set({ status: 'withdrawn' }).where(eq(referrals.id, c.id));
      await change.history('withdrawn', { reasonSealed: this.cipher.encrypt(input.reason) });
      await enqueue(change.tx, {
        topic: 'case.withdrawn', recipientOrganisationId: c.organisationId, subjectType: 'referral', subjectId: c.id, payload: { reference: c.reference },
      }, change.now);
    });
  }
}
