import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../platform/db/database.js';
import type { AuditContext } from '../platform/audit/audit-log.js';
import type { FieldCipher } from '../platform/crypto/field-encryption.js';
import type { Principal } from '../platform/auth/principal.js';
import { NotFoundError } from '../platform/db/errors.js';
import { enqueue } from '../outbox/store.js';
import { referrals } from '../referrals/tables.js';
import type { CaseAccess, CaseChange } from './case-access.js';
import { CaseworkRefusedError } from './errors.js';
import { decisions, reconsiderations, recoveryPeriods, residencePermitConsiderations } from './tables.js';
import { isPositive, outcomeLabels, outcomesFor, removalStayed, standardOfProof, type DecisionOutcome, type Stage } from './outcomes.js';
import { caseReviewDue, earliestConclusiveGrounds, moveOnEnd, recoveryPeriodEnd } from './deadlines.js';
import { ruleInForce } from './rules.js';
import { reasonCategoryProblem, type NegativeReasonCategory } from './reason-categories.js';

export interface ResidencePermitAnswer {
  recommended: boolean;
  bases: ('police_cooperation' | 'personal_circumstances')[];
  periodMonths?: number;
  note?: string;
}

export interface DecisionProposal {
  outcome: DecisionOutcome;
  reasons: string;
  /** Required with a negative decision, never given with a positive one (reason-categories.ts). */
  reasonCategory?: NegativeReasonCategory;
  version: number;
  /** Required with a positive CG decision. */
  residencePermit?: ResidencePermitAnswer;
}

/** Something that tells people about an issued decision, in the transaction that issues it. */
export interface DecisionNotifier {
  issueForDecision(tx: Db, decisionId: string, now: Date, context: AuditContext): Promise<void>;
}

export type DecisionRow = typeof decisions.$inferSelect;

/** Statuses from which each stage's decision may be made. */
const openFor: Record<Stage, string[]> = { rg: ['awaiting_rg'], cg: ['rg_positive', 'awaiting_cg'] };

/**
 * Reasonable and Conclusive Grounds decisions. A positive decision is issued when it is made; a
 * negative one waits for a second caseworker's review (the database refuses to hold an issued negative
 * without one). Issuing sets the case's status and dates by the rules in force on the day, opens the
 * recovery period after a positive RG, sets move-on after a CG, and sends the decision letters.
 */
export class DecisionService {
  notifier?: DecisionNotifier;

  constructor(private readonly access: CaseAccess, private readonly cipher: FieldCipher) {}

  /** What the decision form shows: the outcomes and the standard of proof in force today for this case. */
  formFor(stage: Stage, nation: string): { outcomes: readonly DecisionOutcome[]; standardOfProof: string; today: string } {
    const today = this.today();
    const n = nation as Parameters<typeof outcomesFor>[2];
    return { outcomes: outcomesFor(stage, today, n), standardOfProof: standardOfProof(stage, today, n), today };
  }

  today(): string {
    return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(this.access.clock.now());
  }

  async propose(principal: Principal, reference: string, stage: Stage, proposal: DecisionProposal, context: AuditContext): Promise<DecisionRow> {
    return this.access.change(principal, reference, { version: proposal.version, context, fields: ['decisions'], action: 'decide', details: { stage, outcome: proposal.outcome } },
      async (change) => {
        const c = change.case;
        if (!openFor[stage].includes(c.status)) throw new CaseworkRefusedError(refusalFor(stage, c.status), 'outcome');
        const allowed = outcomesFor(stage, change.today, c.nation);
        if (!allowed.includes(proposal.outcome)) throw new CaseworkRefusedError(`Select one of the outcomes in force: ${allowed.map((o) => outcomeLabels[o]).join('; ')}`, 'outcome');
        if (stage === 'cg') await this.checkRecoveryPeriodOver(change);
        const pending = await pendingDecision(change.tx, c.id, stage);
        if (pending) throw new CaseworkRefusedError('A decision on this case is already waiting for its second review.', 'outcome');
        const positive = isPositive(proposal.outcome);
        if (stage === 'cg' && positive && !proposal.residencePermit) throw new CaseworkRefusedError('Record whether a residence permit is recommended', 'residencePermit');
        const categoryProblem = reasonCategoryProblem({ positive, reasonCategory: proposal.reasonCategory, child: c.treatedAsChild || c.ageGroup === 'child', required: true });
        if (categoryProblem) throw new CaseworkRefusedError(categoryProblem, 'reasonCategory');

        const reconsidered = await acceptedReconsideration(change.tx, c.id, stage);
        const [decision] = await change.tx.insert(decisions).values({
          referralId: c.id, stage, outcome: proposal.outcome, positive, reasonsSealed: this.cipher.encrypt(proposal.reasons), reasonCategory: positive ? null : proposal.reasonCategory,
          standardOfProof: standardOfProof(stage, change.today, c.nation), status: positive ? 'issued' : 'awaiting_review',
          decidedOn: change.today, dueDate: stage === 'rg' ? c.reasonableGroundsDueDate : null, madeBy: principal.userId, madeAt: change.now, reconsiderationOf: reconsidered ?? null,
        }).returning();
        if (stage === 'cg' && positive && proposal.residencePermit) {
          const rp = proposal.residencePermit;
          await change.tx.insert(residencePermitConsiderations).values({
            decisionId: decision!.id, referralId: c.id, recommended: rp.recommended, bases: rp.recommended ? rp.bases : [],
            periodMonths: rp.recommended ? (rp.periodMonths ?? null) : null, noteSealed: rp.note ? this.cipher.encrypt(rp.note) : null,
            recordedBy: principal.userId, recordedAt: change.now,
          });
        }
        await change.history(positive ? 'decision_issued' : 'decision_awaiting_review', { stage, outcome: proposal.outcome, reconsideration: Boolean(reconsidered) });
        if (positive) return this.issue(change, decision!);
        await enqueue(change.tx, {
          topic: 'decision.review_needed', recipientOrganisationId: c.competentAuthorityId, subjectType: 'referral', subjectId: c.id,
          payload: { reference: c.reference, stage, decisionId: decision!.id },
        }, change.now);
        return decision!;
      });
  }

  /** A second caseworker agrees (the decision is issued) or returns it with a comment (it is never issued). */
  async review(principal: Principal, reference: string, decisionId: string, review: { agree: boolean; comment?: string; version: number }, context: AuditContext): Promise<DecisionRow> {
    return this.access.change(principal, reference, { version: review.version, context, fields: ['decisions'], action: 'decide', details: { review: review.agree ? 'agreed' : 'returned' } },
      async (change) => {
        const [decision] = await change.tx.select().from(decisions).where(and(eq(decisions.id, decisionId), eq(decisions.referralId, change.case.id)));
        if (!decision) throw new NotFoundError('No such decision on this case');
        if (decision.status !== 'awaiting_review') throw new CaseworkRefusedError('This decision is not waiting for a review.', 'agree');
        if (decision.madeBy === principal.userId) throw new CaseworkRefusedError('A second caseworker must review this decision: you made it.', 'agree');
        if (!review.agree && !review.comment) throw new CaseworkRefusedError('Enter why you are returning the decision', 'comment');
        if (review.agree && decision.stage === 'cg') await this.checkRecoveryPeriodOver(change);
        const [reviewed] = await change.tx.update(decisions).set({
          reviewedBy: principal.userId, reviewedAt: change.now, reviewCommentSealed: review.comment ? this.cipher.encrypt(review.comment) : null,
          status: review.agree ? 'awaiting_review' : 'returned',
        }).where(eq(decisions.id, decision.id)).returning();
        await change.history(review.agree ? 'decision_review_agreed' : 'decision_review_returned', { stage: decision.stage, outcome: decision.outcome });
        return review.agree ? this.issue(change, reviewed!) : reviewed!;
      });
  }

  /** Issues a decision in the caller's transaction and moves the case on. */
  private async issue(change: CaseChange, decision: DecisionRow): Promise<DecisionRow> {
    const c = change.case;
    const stage = decision.stage as Stage;
    const moveOn = stage === 'cg' ? moveOnEnd(change.today, decision.positive, c.nation) : null;
    // The decision takes effect on the day it is issued: that date starts the recovery period or move-on.
    const [issued] = await change.tx.update(decisions).set({ status: 'issued', issuedAt: change.now, decidedOn: change.today, moveOnEnd: moveOn })
      .where(eq(decisions.id, decision.id)).returning();
    const status = stage === 'rg' ? (decision.positive ? 'rg_positive' : 'rg_negative') : (decision.positive ? 'cg_positive' : 'cg_negative');
    await change.tx.update(referrals).set({ status }).where(eq(referrals.id, c.id));
    if (stage === 'rg' && decision.positive) await this.openRecoveryPeriod(change, issued!);
    if (decision.reconsiderationOf) {
      await change.tx.update(reconsiderations).set({ newDecisionId: issued!.id })
        .where(and(eq(reconsiderations.decisionId, decision.reconsiderationOf), eq(reconsiderations.status, 'accepted'), isNull(reconsiderations.newDecisionId)));
    }
    await enqueue(change.tx, {
      topic: 'decision.issued', recipientOrganisationId: c.organisationId, subjectType: 'referral', subjectId: c.id,
      payload: { reference: c.reference, stage, outcome: decision.outcome, decidedOn: change.today },
    }, change.now);
    await this.notifier?.issueForDecision(change.tx, issued!.id, change.now, change.context);
    return issued!;
  }

  private async openRecoveryPeriod(change: CaseChange, decision: DecisionRow): Promise<void> {
    const c = change.case;
    const start = change.today;
    const minimumEnd = recoveryPeriodEnd(start, c.nation);
    const rule = ruleInForce<number>('recovery_period_min_days', start, c.nation);
    const existing = await change.tx.select({ id: recoveryPeriods.referralId }).from(recoveryPeriods).where(eq(recoveryPeriods.referralId, c.id));
    // A positive RG after reconsideration starts the period afresh.
    if (existing.length > 0) await change.tx.delete(recoveryPeriods).where(eq(recoveryPeriods.referralId, c.id));
    await change.tx.insert(recoveryPeriods).values({
      referralId: c.id, decisionId: decision.id, startedOn: start, minimumEnd, currentEnd: minimumEnd,
      ruleSource: `${rule.value} days: ${rule.source}`, removalStayed: removalStayed(c.nationalities, c.immigrationStatus),
      caseReviewDue: caseReviewDue(start, c.nation),
    });
    await change.history('recovery_period_opened', { startedOn: start, minimumEnd, minimumDays: rule.value });
  }

  private async checkRecoveryPeriodOver(change: CaseChange): Promise<void> {
    const [period] = await change.tx.select().from(recoveryPeriods).where(eq(recoveryPeriods.referralId, change.case.id));
    if (!period) throw new CaseworkRefusedError('There is no recovery period on this case: a conclusive grounds decision follows a positive reasonable grounds decision.', 'outcome');
    const earliest = earliestConclusiveGrounds(period.startedOn, change.case.nation, [{ newEnd: period.currentEnd }]);
    if (change.today < earliest) {
      throw new CaseworkRefusedError(`A conclusive grounds decision cannot be made before the recovery period ends on ${period.currentEnd}. The earliest date is ${earliest}.`, 'outcome');
    }
  }
}

function refusalFor(stage: Stage, status: string): string {
  if (status === 'suspended_missing') return 'The case is suspended while the person is missing. Resume it when they are found.';
  if (status === 'withdrawn') return 'The referral has been withdrawn.';
  return stage === 'rg'
    ? 'A reasonable grounds decision has already been made on this case.'
    : 'A conclusive grounds decision can only follow a positive reasonable grounds decision, once.';
}

export async function pendingDecision(tx: Db, referralId: string, stage: Stage): Promise<DecisionRow | undefined> {
  const [row] = await tx.select().from(decisions).where(and(eq(decisions.referralId, referralId), eq(decisions.stage, stage), eq(decisions.status, 'awaiting_review')));
  return row;
}

/** The decision an accepted, not yet decided, reconsideration is about: the new decision links to it. */
async function acceptedReconsideration(tx: Db, referralId: string, stage: Stage): Promise<string | undefined> {
  const [row] = await tx.select({ decisionId: reconsiderations.decisionId }).from(reconsiderations)
    .innerJoin(decisions, eq(decisions.id, reconsiderations.decisionId))
    .where(and(eq(reconsiderations.referralId, referralId), eq(reconsiderations.status, 'accepted'), isNull(reconsiderations.newDecisionId), eq(decisions.stage, stage)))
    .orderBy(desc(reconsiderations.respondedAt)).limit(1);
  return row?.decisionId;
}
