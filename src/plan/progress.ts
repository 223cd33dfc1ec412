import type { Database } from '../platform/db/database.js';
import type { Clock } from '../platform/clock.js';
import type { AuditContext, AuditLog } from '../platform/audit/audit-log.js';
import type { Principal } from '../platform/auth/principal.js';
import { NotFoundError } from '../platform/db/errors.js';
import { isUniqueViolation } from '../platform/db/errors.js';
import { ukDate } from '../platform/working-days.js';
import { checkTransition, type ProgressStatus } from './progress-status.js';
import type { ProgressDecisionInput, ProgressProposalInput } from './schema.js';
import { decideUpdate, findAction, findUpdate, findUpdateByKey, insertUpdate, isResponsibleParty, setActionStatus, type ProgressUpdate } from './store.js';

/** A status change the transition rule refuses (422), with the field to correct. */
export class TransitionRefusedError extends Error {
  constructor(readonly field: string, message: string) {
    super(message);
  }
}

/** The user's organisation is not a responsible party of the action (403). */
export class NotResponsiblePartyError extends Error {
  constructor() {
    super('Only a responsible party of this action can propose a progress update on it');
  }
}

/** The update was already approved or returned, or an idempotency key was reused for something else (409). */
export class ProgressConflictError extends Error {}

/**
 * Progress on an action: a responsible organisation's user proposes a status with a dated note; a
 * policy lead approves it (it becomes the action's status) or returns it with a reason. The
 * transition rule is asked at both steps, since the action may have moved on in between.
 */
export class ProgressUpdates {
  constructor(private readonly database: Database, private readonly audit: AuditLog, private readonly clock: Clock) {}

  async propose(principal: Principal, actionId: string, input: ProgressProposalInput, context: AuditContext, idempotencyKey?: string): Promise<{ update: ProgressUpdate; repeated: boolean }> {
    try {
      return await this.database.transaction(async (tx) => {
        if (idempotencyKey) {
          const earlier = await findUpdateByKey(tx, principal.userId, idempotencyKey);
          if (earlier) {
            if (earlier.actionId !== actionId || earlier.status !== input.status || earlier.note !== input.note) {
              throw new ProgressConflictError('This Idempotency-Key was used for a different progress update');
            }
            return { update: earlier, repeated: true };
          }
        }
        const action = await findAction(tx, actionId, { lock: true });
        if (!action) throw new NotFoundError('Action not found');
        // Policy leads maintain the plan; anyone else proposes only on their own organisation's actions.
        if (principal.role !== 'policy_lead' && !(await isResponsibleParty(tx, actionId, principal.organisationId))) throw new NotResponsiblePartyError();
        const check = checkTransition(action.status as ProgressStatus, input.status, input.withdrawalReason);
        if (!check.ok) throw new TransitionRefusedError(check.field, check.message);
        const now = this.clock.now();
        const update = await insertUpdate(tx, {
          actionId, fromStatus: action.status, status: input.status, note: input.note, notedOn: input.notedOn ?? ukDate(now),
          withdrawalReason: input.status === 'withdrawn' ? input.withdrawalReason ?? null : null, state: 'proposed',
          proposedBy: principal.userId, proposedByOrganisationId: principal.organisationId, proposedAt: now, idempotencyKey: idempotencyKey ?? null,
        });
        await this.audit.record(tx, context, {
          action: 'create', recordType: 'plan_progress_update', recordId: update.id, fields: ['status', 'note', 'notedOn', ...(update.withdrawalReason ? ['withdrawalReason'] : [])],
          details: { actionId, actionNumber: action.number, from: action.status, to: input.status },
        });
        return { update, repeated: false };
      });
    } catch (error) {
      if (error instanceof NotResponsiblePartyError) {
        await this.audit.recordAlone(context, { action: 'permission_denied', recordType: 'plan_action', recordId: actionId, outcome: 'denied', details: { reason: 'not a responsible party' } });
      }
      // Two retries racing with one key: the loser answers with the winner's update.
      if (idempotencyKey && isUniqueViolation(error)) {
        const winner = await findUpdateByKey(this.database.db, principal.userId, idempotencyKey);
        if (winner) return { update: winner, repeated: true };
      }
      throw error;
    }
  }

  async decide(principal: Principal, updateId: string, input: ProgressDecisionInput, context: AuditContext): Promise<ProgressUpdate> {
    return this.database.transaction(async (tx) => {
      const update = await findUpdate(tx, updateId, { lock: true });
      if (!update) throw new NotFoundError('Progress update not found');
      if (update.state !== 'proposed') throw new ProgressConflictError(`This update was already ${update.state}`);
      const now = this.clock.now();
      if (input.decision === 'approve') {
        const action = await findAction(tx, update.actionId, { lock: true });
        if (!action) throw new NotFoundError('Action not found');
        const check = checkTransition(action.status as ProgressStatus, update.status as ProgressStatus, update.withdrawalReason);
        if (!check.ok) throw new TransitionRefusedError('decision', `This update can no longer be approved. ${check.message}`);
        const decided = await decideUpdate(tx, updateId, input.version, { state: 'approved', decidedBy: principal.userId, decidedAt: now });
        await setActionStatus(tx, action.id, action.version, {
          status: update.status as ProgressStatus, note: update.note, on: update.notedOn, withdrawalReason: update.withdrawalReason, now,
        });
        await this.audit.record(tx, context, {
          action: 'decide', recordType: 'plan_progress_update', recordId: updateId, fields: ['state'],
          details: { decision: 'approved', actionId: action.id, actionNumber: action.number, from: action.status, to: update.status },
        });
        return decided;
      }
      const decided = await decideUpdate(tx, updateId, input.version, { state: 'returned', decidedBy: principal.userId, decidedAt: now, returnReason: input.returnReason });
      await this.audit.record(tx, context, { action: 'decide', recordType: 'plan_progress_update', recordId: updateId, fields: ['state', 'returnReason'], details: { decision: 'returned' } });
      return decided;
    });
  }
}
