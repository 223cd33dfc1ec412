import { and, desc, eq } from 'drizzle-orm';
import type { AuditContext } from '../platform/audit/audit-log.js';
import type { FieldCipher } from '../platform/crypto/field-encryption.js';
import type { Principal } from '../platform/auth/principal.js';
import { NotFoundError } from '../platform/db/errors.js';
import { enqueue } from '../outbox/store.js';
import { referrals } from '../referrals/tables.js';
import type { CaseAccess, CaseChange } from './case-access.js';
import { CaseworkRefusedError } from './errors.js';
import { decisions, reconsiderations } from './tables.js';
import { reconsiderationDeadline, reasonableGroundsDue } from './deadlines.js';

export const reconsiderationGrounds = {
  new_evidence: 'There is new evidence',
  not_in_line_with_guidance: 'The decision was not made in line with the guidance',
} as const;
export type ReconsiderationGround = keyof typeof reconsiderationGrounds;

/**
 * A first responder may ask, within the window in force, for a negative decision to be reconsidered.
 * The Competent Authority accepts (the case returns to that stage and the next decision links to the
 * old one) or refuses, with reasons either way.
 */
export class ReconsiderationService {
  constructor(private readonly access: CaseAccess, private readonly cipher: FieldCipher) {}

  /** The latest issued negative decision that may still be reconsidered, with its deadline. */
  async reconsiderable(change: Pick<CaseChange, 'tx' | 'case' | 'today'>) {
    const [latest] = await change.tx.select().from(decisions)
      .where(and(eq(decisions.referralId, change.case.id), eq(decisions.status, 'issued'))).orderBy(desc(decisions.issuedAt)).limit(1);
    if (!latest || latest.positive) return undefined;
    const deadline = reconsiderationDeadline(latest.decidedOn, change.case.nation);
    return { decision: latest, deadline, open: change.today <= deadline };
  }

  async ask(principal: Principal, reference: string, input: { grounds: ReconsiderationGround; detail: string }, context: AuditContext): Promise<void> {
    await this.access.change(principal, reference, { context, fields: ['reconsiderations'], details: { reconsideration: 'requested' } }, async (change) => {
      const target = await this.reconsiderable(change);
      if (!target || !['rg_negative', 'cg_negative'].includes(change.case.status)) throw new CaseworkRefusedError('Only a negative decision can be reconsidered.', 'grounds');
      if (!target.open) throw new CaseworkRefusedError(`The time to ask for reconsideration ended on ${target.deadline}.`, 'grounds');
      const [pending] = await change.tx.select({ id: reconsiderations.id }).from(reconsiderations)
        .where(and(eq(reconsiderations.decisionId, target.decision.id), eq(reconsiderations.status, 'requested')));
      if (pending) throw new CaseworkRefusedError('Reconsideration of this decision has already been asked for.', 'grounds');
      await change.tx.insert(reconsiderations).values({
        referralId: change.case.id, decisionId: target.decision.id, grounds: input.grounds, detailSealed: this.cipher.encrypt(input.detail),
        requestedBy: principal.userId, requestedByOrganisationId: principal.organisationId, requestedAt: change.now, status: 'requested',
      });
      await change.history('reconsideration_requested', { stage: target.decision.stage, grounds: input.grounds });
      await enqueue(change.tx, {
        topic: 'reconsideration.requested', recipientOrganisationId: change.case.competentAuthorityId, subjectType: 'referral', subjectId: change.case.id,
        payload: { reference: change.case.reference, stage: target.decision.stage },
      }, change.now);
    });
  }

  async decide(principal: Principal, reference: string, reconsiderationId: string, input: { accept: boolean; reasons: string; version: number }, context: AuditContext): Promise<void> {
    await this.access.change(principal, reference, { version: input.version, context, fields: ['reconsiderations', 'status'], action: 'decide', details: { reconsideration: input.accept ? 'accepted' : 'refused' } },
      async (change) => {
        const [row] = await change.tx.select({ reconsideration: reconsiderations, stage: decisions.stage }).from(reconsiderations)
          .innerJoin(decisions, eq(decisions.id, reconsiderations.decisionId))
          .where(and(eq(reconsiderations.id, reconsiderationId), eq(reconsiderations.referralId, change.case.id)));
        if (!row) throw new NotFoundError('No such reconsideration on this case');
        if (row.reconsideration.status !== 'requested') throw new CaseworkRefusedError('This request has already been decided.', 'accept');
        await change.tx.update(reconsiderations).set({
          status: input.accept ? 'accepted' : 'refused', respondedBy: principal.userId, respondedAt: change.now, responseSealed: this.cipher.encrypt(input.reasons),
        }).where(eq(reconsiderations.id, row.reconsideration.id));
        if (input.accept) {
          // Back to the stage reconsidered; an RG decision is due again by the target from today.
          const back = row.stage === 'rg'
            ? { status: 'awaiting_rg', reasonableGroundsDueDate: reasonableGroundsDue(change.today, change.case.nation) }
            : { status: 'awaiting_cg' };
          await change.tx.update(referrals).set(back).where(eq(referrals.id, change.case.id));
        }
        await change.history(input.accept ? 'reconsideration_accepted' : 'reconsideration_refused', { stage: row.stage });
        await enqueue(change.tx, {
          topic: 'reconsideration.decided', recipientOrganisationId: row.reconsideration.requestedByOrganisationId, subjectType: 'referral', subjectId: change.case.id,
          payload: { reference: change.case.reference, stage: row.stage, accepted: input.accept },
        }, change.now);
      });
  }
}
