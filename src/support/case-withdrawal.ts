import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../platform/db/database.js';
import type { AuditContext, AuditLog } from '../platform/audit/audit-log.js';
import { enqueue } from '../outbox/store.js';
import { supportAllocations, supportEpisodes } from './tables.js';
import { releasePlace, setAllocationStatus } from './store.js';

/**
 * When a case is withdrawn, support that has not begun goes with it, in the withdrawal's transaction:
 * an offer still waiting for an answer, or accepted but not started, is withdrawn and its place given
 * back, so a bed is not held for someone who will not come. Support already under way is not cut off
 * from here: the provider is told and ends it with the person's move-on, as for any other ending.
 * Each provider concerned gets one message. Returns what was done, for the case history.
 */
export async function withdrawSupportWithCase(tx: Db, audit: AuditLog, context: AuditContext, referral: { id: string; reference: string }, now: Date): Promise<{ withdrawn: number; underWay: number }> {
  const open = await tx.select({ allocation: supportAllocations, episode: supportEpisodes }).from(supportAllocations)
    .leftJoin(supportEpisodes, eq(supportEpisodes.allocationId, supportAllocations.id))
    .where(and(eq(supportAllocations.referralId, referral.id), inArray(supportAllocations.status, ['offered', 'accepted'])))
    .for('update', { of: supportAllocations });
  let withdrawn = 0;
  let underWay = 0;
  for (const { allocation, episode } of open) {
    const started = episode !== null && episode.endedOn === null;
    if (started) {
      underWay++;
    } else {
      await setAllocationStatus(tx, allocation.id, { status: 'withdrawn' });
      await releasePlace(tx, allocation.serviceId, now);
      await audit.record(tx, context, {
        action: 'update', recordType: 'support_allocation', recordId: allocation.id, fields: ['status'], details: { outcome: 'withdrawn', referralId: referral.id },
      });
      withdrawn++;
    }
    await enqueue(tx, {
      topic: 'support.case_withdrawn', recipientOrganisationId: allocation.organisationId, subjectType: 'support_allocation', subjectId: allocation.id,
      payload: { reference: referral.reference, support: started ? 'under_way' : 'withdrawn' },
    }, now);
  }
  return { withdrawn, underWay };
}
