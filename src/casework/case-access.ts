import { and, eq, sql } from 'drizzle-orm';
import type { Database, Db } from '../platform/db/database.js';
import type { Clock } from '../platform/clock.js';
import type { AuditContext, AuditLog } from '../platform/audit/audit-log.js';
import { scopeCondition, scopeFor } from '../platform/auth/policy.js';
import type { Principal } from '../platform/auth/principal.js';
import { NotFoundError, StaleVersionError } from '../platform/db/errors.js';
import { ukDate } from '../platform/working-days.js';
import type { Nation } from '../organisations/kinds.js';
import { referrals } from '../referrals/tables.js';
import { ReferralForbiddenError } from '../referrals/case-file.js';
import { caseEvents } from './tables.js';
import { queuePositionAssignment } from './queue-position.js';

export type CaseRow = typeof referrals.$inferSelect;

/** What a casework step has in hand: the locked case, one reading of the clock, and the transaction. */
export interface CaseChange {
  tx: Db;
  case: CaseRow & { nation: Nation };
  now: Date;
  today: string;
  /** Who is acting, for audit events written by the step. */
  context: AuditContext;
  /** Adds a line to the case history the caseworkers read (no personal details in `details`). */
  history(event: string, details?: Record<string, unknown>): Promise<void>;
}

/**
 * Every change to a case goes through here: one transaction, the referral row locked (so two
 * caseworkers' steps on one case happen one after the other), the principal's scope applied in the
 * query itself, the version checked when the person acted on a page they loaded (optimistic locking)
 * and moved on, and the audit event written in the same transaction as the change.
 */
export class CaseAccess {
  constructor(readonly database: Database, private readonly audit: AuditLog, readonly clock: Clock) {}

  async change<T>(principal: Principal, reference: string, options: { version?: number; context: AuditContext; fields: string[]; action?: 'update' | 'decide'; details?: Record<string, unknown> },
    step: (change: CaseChange) => Promise<T>): Promise<T> {
    const now = this.clock.now();
    const result = await this.database.transaction(async (tx) => {
      const found = await lockVisibleCase(tx, principal, reference);
      if (!found) {
        const [exists] = await tx.select({ id: referrals.id }).from(referrals).where(eq(referrals.reference, reference));
        if (exists) return { denied: true as const, recordId: exists.id };
        throw new NotFoundError('No case with this reference');
      }
      if (options.version !== undefined && found.version !== options.version) throw new StaleVersionError('This case');
      const change: CaseChange = {
        tx, case: found as CaseChange['case'], now, today: ukDate(now), context: options.context,
        history: async (event, details = {}) => {
          await tx.insert(caseEvents).values({ referralId: found.id, occurredAt: now, actorId: principal.userId, event, details });
        },
      };
      const value = await step(change);
      // The version moves on, and the case's place in the work queue is stored afresh from what the step changed.
      await tx.execute(sql`UPDATE referrals SET version = version + 1, updated_at = ${now.toISOString()}::timestamptz, ${queuePositionAssignment} WHERE id = ${found.id}`);
      await this.audit.record(tx, options.context, {
        action: options.action ?? 'update', recordType: 'referral', recordId: found.id, fields: options.fields, details: { reference, ...options.details },
      });
      return { denied: false as const, value };
    });
    if (result.denied) {
      await this.audit.recordAlone(options.context, { action: 'permission_denied', outcome: 'denied', recordType: 'referral', recordId: result.recordId, details: { reference } });
      throw new ReferralForbiddenError();
    }
    return result.value;
  }
}

/** The case row, locked for update, only if it is in the principal's scope. */
export async function lockVisibleCase(tx: Db, principal: Principal, reference: string): Promise<CaseRow | undefined> {
  const scope = scopeFor(principal.role, 'referral');
  const [row] = await tx.select().from(referrals)
    .where(and(eq(referrals.reference, reference), eq(referrals.route, 'nrm'),
      scopeCondition(scope, principal, { organisation: referrals.organisationId, authority: referrals.competentAuthorityId })))
    .for('update');
  return row;
}
