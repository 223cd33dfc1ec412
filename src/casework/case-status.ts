import { and, eq, isNull, sql } from 'drizzle-orm';
import type { AuditContext, AuditLog } from '../platform/audit/audit-log.js';
import type { FieldCipher } from '../platform/crypto/field-encryption.js';
import type { Principal } from '../platform/auth/principal.js';
import type { Db } from '../platform/db/database.js';
import { addWorkingDays, ukDate, workingDaysBetween } from '../platform/working-days.js';
import { enqueue } from '../outbox/store.js';
import { referrals } from '../referrals/tables.js';
import { withdrawSupportWithCase } from '../support/case-withdrawal.js';
import type { CaseAccess, CaseChange } from './case-access.js';
import { CaseworkRefusedError } from './errors.js';
import { queuePositionAssignment } from './queue-position.js';
import { caseEvents, caseSuspensions } from './tables.js';

/** The statuses from which a case may be suspended or withdrawn (also for historical records on import). */
export const suspendable = ['awaiting_rg', 'rg_positive', 'awaiting_cg'];
export const withdrawable = ['awaiting_rg', 'rg_positive', 'awaiting_cg', 'suspended_missing'];

/**
 * Suspension while the person is missing, and withdrawal. While suspended, the RG clock stops: the
 * working days that were left are kept and given back when the person is found.
 */
export class CaseStatusService {
  constructor(private readonly access: CaseAccess, private readonly cipher: FieldCipher, private readonly audit: AuditLog) {}

  async suspend(principal: Principal, reference: string, input: { version: number }, context: AuditContext): Promise<void> {
    await this.access.change(principal, reference, { version: input.version, context, fields: ['status'], details: { suspended: 'missing' } }, async (change) => {
      const c = change.case;
      if (!suspendable.includes(c.status)) throw new CaseworkRefusedError(c.status === 'suspended_missing' ? 'The case is already suspended.' : 'Only an open case can be suspended.');
      await suspendCase(change, principal.userId);
    });
  }

  /** The person is found: the case returns to where it was; an RG decision gets back the working days it had left. */
  async resume(principal: Principal, reference: string, input: { version: number }, context: AuditContext): Promise<void> {
    await this.access.change(principal, reference, { version: input.version, context, fields: ['status', 'reasonableGroundsDueDate'], details: { resumed: true } }, async (change) => {
      if (!(await resumeCase(change, principal.userId))) throw new CaseworkRefusedError('The case is not suspended.');
    });
  }

  async withdraw(principal: Principal, reference: string, input: { reason: string; version: number }, context: AuditContext): Promise<void> {
    await this.access.change(principal, reference, { version: input.version, context, fields: ['status'], details: { withdrawn: true } }, async (change) => {
      const c = change.case;
      if (!withdrawable.includes(c.status)) throw new CaseworkRefusedError('Only an open case can be withdrawn.', 'reason');
      await change.tx.update(caseSuspensions).set({ endedAt: change.now, endedBy: principal.userId }).where(and(eq(caseSuspensions.referralId, c.id), isNull(caseSuspensions.endedAt)));
      await change.tx.update(referrals).set({ status: 'withdrawn' }).where(eq(referrals.id, c.id));
      const support = await withdrawSupportWithCase(change.tx, this.audit, context, c, change.now);
      await change.history('withdrawn', { reasonSealed: this.cipher.encrypt(input.reason), supportWithdrawn: support.withdrawn, supportUnderWay: support.underWay });
      await enqueue(change.tx, {
        topic: 'case.withdrawn', recipientOrganisationId: c.organisationId, subjectType: 'referral', subjectId: c.id, payload: { reference: c.reference },
      }, change.now);
    });
  }
}

type CaseStep = Pick<CaseChange, 'tx' | 'case' | 'now' | 'today' | 'history'>;

/** The RG clock stops: the working days left before an RG decision is due are kept on the suspension. */
async function suspendCase(change: CaseStep, actorId: string): Promise<void> {
  const c = change.case;
  const left = c.status === 'awaiting_rg' && c.reasonableGroundsDueDate ? workingDaysBetween(change.today, c.reasonableGroundsDueDate, c.nation) : null;
  await change.tx.insert(caseSuspensions).values({
    referralId: c.id, reason: 'missing', startedAt: change.now, startedBy: actorId, statusBefore: c.status, workingDaysLeft: left,
  });
  await change.tx.update(referrals).set({ status: 'suspended_missing' }).where(eq(referrals.id, c.id));
  await change.history('suspended_missing', { workingDaysLeft: left });
  await enqueue(change.tx, {
    topic: 'case.suspended', recipientOrganisationId: c.organisationId, subjectType: 'referral', subjectId: c.id,
    payload: { reference: c.reference, reason: 'missing', child: c.treatedAsChild },
  }, change.now);
}

/** Ends the open suspension; an RG decision gets a due date the working days it had left from today. False when not suspended. */
async function resumeCase(change: CaseStep, actorId: string): Promise<boolean> {
  const c = change.case;
  const [open] = await change.tx.select().from(caseSuspensions).where(and(eq(caseSuspensions.referralId, c.id), isNull(caseSuspensions.endedAt)));
  if (c.status !== 'suspended_missing' || !open) return false;
  await change.tx.update(caseSuspensions).set({ endedAt: change.now, endedBy: actorId }).where(eq(caseSuspensions.id, open.id));
  const due = open.statusBefore === 'awaiting_rg' ? addWorkingDays(change.today, Math.max(open.workingDaysLeft ?? 0, 0), c.nation) : c.reasonableGroundsDueDate;
  await change.tx.update(referrals).set({ status: open.statusBefore, reasonableGroundsDueDate: due }).where(eq(referrals.id, c.id));
  await change.history('resumed', { reasonableGroundsDueDate: open.statusBefore === 'awaiting_rg' ? due : undefined });
  return true;
}

/**
 * A case change made inside another domain's transaction (a missing-person report and its closing):
 * the referral row locked, the same history lines, and — when the step changed the case — the version
 * and the work-queue place moved on as CaseAccess does. The caller has checked that the person may act
 * on the referral, and audits the change in the same transaction.
 */
async function changeWithin(tx: Db, referralId: string, actorId: string, now: Date, step: (change: CaseStep) => Promise<boolean>): Promise<boolean> {
  const [found] = await tx.select().from(referrals).where(eq(referrals.id, referralId)).for('update');
  if (!found) return false;
  const change: CaseStep = {
    tx, case: found as CaseStep['case'], now, today: ukDate(now),
    history: async (event, details = {}) => {
      await tx.insert(caseEvents).values({ referralId, occurredAt: now, actorId, event, details });
    },
  };
  const changed = await step(change);
  if (changed) await tx.execute(sql`UPDATE referrals SET version = version + 1, updated_at = ${now.toISOString()}::timestamptz, ${queuePositionAssignment} WHERE id = ${referralId}`);
  return changed;
}

/** A person reported missing: a pending RG decision is suspended (other stages go on). True when the case was suspended. */
export function suspendPendingRgWhileMissing(tx: Db, referralId: string, actorId: string, now: Date): Promise<boolean> {
  return changeWithin(tx, referralId, actorId, now, async (change) => {
    if (change.case.status !== 'awaiting_rg') return false;
    await suspendCase(change, actorId);
    return true;
  });
}

/** The person is found: a suspended case resumes with the working days it had left. True when it was resumed. */
export function resumeWhenFound(tx: Db, referralId: string, actorId: string, now: Date): Promise<boolean> {
  return changeWithin(tx, referralId, actorId, now, (change) => resumeCase(change, actorId));
}
