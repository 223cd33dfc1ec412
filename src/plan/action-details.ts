import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../platform/db/database.js';
import type { Clock } from '../platform/clock.js';
import type { AuditContext, AuditLog } from '../platform/audit/audit-log.js';
import { NotFoundError, StaleVersionError } from '../platform/db/errors.js';
import { planActions } from './tables.js';
import { findAction } from './store.js';
import type { ActionDetailsInput } from './schema.js';

/**
 * Policy leads keep an action's wording, indicators and timetable up to date between plan updates.
 * Versioned (a stale edit is refused) and audited with the fields that changed.
 */
export class ActionDetails {
  constructor(private readonly database: Database, private readonly audit: AuditLog, private readonly clock: Clock) {}

  async update(actionId: string, input: ActionDetailsInput, context: AuditContext): Promise<void> {
    await this.database.transaction(async (tx) => {
      const before = await findAction(tx, actionId, { lock: true });
      if (!before) throw new NotFoundError('Action not found');
      const after = { text: input.text, indicators: input.indicators, timetable: input.timetable, dueOn: input.dueOn ?? null };
      const [row] = await tx.update(planActions)
        .set({ ...after, updatedAt: this.clock.now(), version: sql`${planActions.version} + 1` })
        .where(and(eq(planActions.id, actionId), eq(planActions.version, input.version)))
        .returning({ id: planActions.id });
      if (!row) throw new StaleVersionError('This action');
      const changed = (Object.keys(after) as (keyof typeof after)[]).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
      await this.audit.record(tx, context, { action: 'update', recordType: 'plan_action', recordId: actionId, fields: changed, details: { actionNumber: before.number } });
    });
  }
}
