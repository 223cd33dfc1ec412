import { sql } from 'drizzle-orm';
import type { Db } from '../platform/db/database.js';

/**
 * A case's place in the work queue (referrals.queue_step and queue_due_on), worked out by the
 * database function casework_queue_position (migration 0013) from the case, its decisions, recovery
 * period and reconsiderations. Whatever changes those stores the place again in the same transaction:
 * casework steps through CaseAccess, the historical import and the generator through this.
 */
export const queuePositionAssignment = sql`(queue_step, queue_due_on) =
  (SELECT q.step, q.due_on FROM casework_queue_position(referrals.id, referrals.route, referrals.status, referrals.reasonable_grounds_due_date) q)`;

/** Stores the queue place of the given referrals afresh. */
export async function refreshQueuePositions(tx: Db, referralIds: string[]): Promise<void> {
  if (referralIds.length === 0) return;
  await tx.execute(sql`UPDATE referrals SET ${queuePositionAssignment}
    WHERE referrals.id IN (SELECT json_array_elements_text(${JSON.stringify(referralIds)}::json)::uuid)`);
}

/** Where a new NRM referral enters the queue: its RG decision, due on the RG due date. */
export function initialQueuePosition(route: string, reasonableGroundsDueDate: string | null): { queueStep: string | null; queueDueOn: string | null } {
  return route === 'nrm' ? { queueStep: 'rg_decision', queueDueOn: reasonableGroundsDueDate } : { queueStep: null, queueDueOn: null };
}

