import type { Nation } from '../../organisations/kinds.js';
import type { FieldProblem, ReferralRoute } from '../../referrals/schema.js';
import { caseReviewDue, earliestConclusiveGrounds, moveOnEnd, recoveryPeriodEnd } from '../../casework/deadlines.js';
import { isPositive, outcomeLabels, outcomesFor, removalStayed, stageLabels, standardOfProof, type Stage } from '../../casework/outcomes.js';
import { NoRuleInForceError, ruleInForce } from '../../casework/rules.js';
import { suspendable, withdrawable } from '../../casework/case-status.js';
import { reasonCategoryProblem, type NegativeReasonCategory } from '../../casework/reason-categories.js';
import { workingDaysBetween } from '../../platform/working-days.js';
import type { LegacyDecision, LegacyReferral } from './legacy-schema.js';

/**
 * What a historical record's decisions mean in Palermo, worked out by the rules in force on the dates
 * they were made — the same rules and deadline functions the casework uses for a decision made today:
 * the outcomes and standard of proof of the decision date, the recovery period by the date of the
 * positive RG decision (45 days until 12 December 2022, 30 from 13 December 2022), no CG decision
 * before that period ended, move-on by the date of the CG decision. Pure: no database.
 */
export interface PlannedDecision {
  stage: Stage;
  outcome: LegacyDecision['outcome'];
  positive: boolean;
  decidedOn: string;
  reasons: string;
  /** A negative decision's main reason, if the legacy system recorded one: historical decisions may have none. */
  reasonCategory: NegativeReasonCategory | null;
  standardOfProof: string;
  /** For an RG decision, the referral's due date it was made against. */
  dueDate: string | null;
  moveOnEnd: string | null;
}

export interface PlannedRecoveryPeriod {
  startedOn: string;
  minimumEnd: string;
  minimumDays: number;
  ruleSource: string;
  removalStayed: boolean;
  caseReviewDue: string;
}

export interface PlannedHistory {
  status: string;
  decisions: PlannedDecision[];
  recoveryPeriod: PlannedRecoveryPeriod | null;
  /** A case suspended while the person was missing: the working days the RG clock had left. */
  suspension: { startedOn: string; statusBefore: string; workingDaysLeft: number | null } | null;
  withdrawnOn: string | null;
}

export interface HistoryContext {
  route: ReferralRoute;
  nation: Nation;
  receivedOn: string;
  /** Today (UK date): nothing recorded may be later. */
  today: string;
  reasonableGroundsDueDate: string | null;
  /** Treated as a child, or a child when exploited: the means is not needed, so "no means" is no reason. */
  child: boolean;
  nationalities: readonly string[];
  immigrationStatus: string | null;
}

type Record = Pick<LegacyReferral, 'decisions' | 'status' | 'statusOn'>;

export function planHistory(record: Record, c: HistoryContext): { ok: true; plan: PlannedHistory } | { ok: false; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  if (c.route === 'duty_to_notify') {
    if (record.decisions.length > 0) problems.push({ field: 'decisions', message: 'A Duty to Notify report goes to no Competent Authority: it has no decisions' });
    if (record.status) problems.push({ field: 'status', message: 'A Duty to Notify report has no casework: it cannot be withdrawn or suspended' });
    return problems.length > 0 ? { ok: false, problems } : { ok: true, plan: { status: 'notified', decisions: [], recoveryPeriod: null, suspension: null, withdrawnOn: null } };
  }

  const indexed = record.decisions.map((d, i) => ({ d, at: (f: string) => `decisions.${i}.${f}` }));
  for (const { d, at } of indexed) {
    problems.push(...decisionDateProblems(d, c, at));
    const category = reasonCategoryProblem({ positive: isPositive(d.outcome), reasonCategory: d.reasonCategory, child: c.child, required: false });
    if (category) problems.push({ field: at('reasonCategory'), message: category });
  }
  const rg = indexed.filter((x) => x.d.stage === 'rg');
  const cg = indexed.filter((x) => x.d.stage === 'cg');
  if (rg.length > 1) problems.push({ field: 'decisions', message: 'Give at most one reasonable grounds decision' });
  if (cg.length > 1) problems.push({ field: 'decisions', message: 'Give at most one conclusive grounds decision' });
  if (cg[0] && !(rg[0] && isPositive(rg[0].d.outcome))) {
    problems.push({ field: cg[0].at('stage'), message: 'A conclusive grounds decision follows a positive reasonable grounds decision: give that decision too' });
  } else if (cg[0] && rg[0] && problems.length === 0) {
    const earliest = earliestConclusiveGrounds(rg[0].d.decidedOn, c.nation);
    if (cg[0].d.decidedOn < earliest) {
      problems.push({
        field: cg[0].at('decidedOn'),
        message: `A conclusive grounds decision cannot be made before the recovery period ends on ${recoveryPeriodEnd(rg[0].d.decidedOn, c.nation)} (the rule in force on ${rg[0].d.decidedOn}). The earliest date is ${earliest}.`,
      });
    }
  }
  if (problems.length > 0) return { ok: false, problems };

  const decisions = [rg[0], cg[0]].filter((x) => x !== undefined).map(({ d }) => planDecision(d, c));
  const recoveryPeriod = decisions[0]?.stage === 'rg' && decisions[0].positive ? planRecoveryPeriod(decisions[0].decidedOn, c) : null;
  const last = decisions[decisions.length - 1];
  const decided = !last ? 'awaiting_rg' : `${last.stage}_${last.positive ? 'positive' : 'negative'}`;
  return planStatus(record, c, decided, { decisions, recoveryPeriod, lastDecidedOn: last?.decidedOn ?? c.receivedOn });
}

function decisionDateProblems(d: LegacyDecision, c: HistoryContext, at: (f: string) => string): FieldProblem[] {
  if (d.decidedOn < c.receivedOn) return [{ field: at('decidedOn'), message: `A decision cannot be made before the referral was received (${c.receivedOn})` }];
  if (d.decidedOn > c.today) return [{ field: at('decidedOn'), message: 'The decision date must not be in the future' }];
  let allowed: readonly string[];
  try {
    allowed = outcomesFor(d.stage, d.decidedOn, c.nation);
  } catch (error) {
    if (error instanceof NoRuleInForceError) return [{ field: at('decidedOn'), message: error.message }];
    throw error;
  }
  if (!allowed.includes(d.outcome)) {
    return [{
      field: at('outcome'),
      message: `“${outcomeLabels[d.outcome]}” was not an outcome of a ${stageLabels[d.stage].toLowerCase()} decision on ${d.decidedOn} in ${nationName(c.nation)}: the outcomes in force were ${allowed.join(', ')}`,
    }];
  }
  return [];
}

function planDecision(d: LegacyDecision, c: HistoryContext): PlannedDecision {
  const positive = isPositive(d.outcome);
  return {
    stage: d.stage, outcome: d.outcome, positive, decidedOn: d.decidedOn, reasons: d.reasons, reasonCategory: d.reasonCategory ?? null,
    standardOfProof: standardOfProof(d.stage, d.decidedOn, c.nation),
    dueDate: d.stage === 'rg' ? c.reasonableGroundsDueDate : null,
    moveOnEnd: d.stage === 'cg' ? moveOnEnd(d.decidedOn, positive, c.nation) : null,
  };
}

/** The recovery period a positive RG decision opened, by the rule in force on its date (as the casework opens one). */
function planRecoveryPeriod(startedOn: string, c: HistoryContext): PlannedRecoveryPeriod {
  const rule = ruleInForce<number>('recovery_period_min_days', startedOn, c.nation);
  return {
    startedOn, minimumEnd: recoveryPeriodEnd(startedOn, c.nation), minimumDays: rule.value, ruleSource: `${rule.value} days: ${rule.source}`,
    removalStayed: removalStayed(c.nationalities, c.immigrationStatus), caseReviewDue: caseReviewDue(startedOn, c.nation),
  };
}

/** Withdrawal and suspension: only from the statuses the casework allows them from, after the last decision. */
function planStatus(record: Record, c: HistoryContext, decided: string, rest: Pick<PlannedHistory, 'decisions' | 'recoveryPeriod'> & { lastDecidedOn: string })
  : { ok: true; plan: PlannedHistory } | { ok: false; problems: FieldProblem[] } {
  const { lastDecidedOn, ...planned } = rest;
  const problems: FieldProblem[] = [];
  if (!record.status) {
    if (record.statusOn) problems.push({ field: 'statusOn', message: 'Give statusOn only with a status' });
    return problems.length > 0 ? { ok: false, problems } : { ok: true, plan: { status: decided, ...planned, suspension: null, withdrawnOn: null } };
  }
  const allowedFrom = record.status === 'withdrawn' ? withdrawable : suspendable;
  if (!allowedFrom.includes(decided)) {
    problems.push({ field: 'status', message: `Only an open case can be ${record.status === 'withdrawn' ? 'withdrawn' : 'suspended'}: this one ended with its ${decided.startsWith('cg') ? 'conclusive' : 'reasonable'} grounds decision` });
  }
  if (!record.statusOn) problems.push({ field: 'statusOn', message: 'Give the date the case was withdrawn or suspended' });
  else if (record.statusOn < lastDecidedOn) problems.push({ field: 'statusOn', message: `The case cannot be withdrawn or suspended before ${lastDecidedOn} (its receipt or last decision)` });
  else if (record.statusOn > c.today) problems.push({ field: 'statusOn', message: 'The date must not be in the future' });
  if (problems.length > 0) return { ok: false, problems };
  const on = record.statusOn!;
  if (record.status === 'withdrawn') return { ok: true, plan: { status: 'withdrawn', ...planned, suspension: null, withdrawnOn: on } };
  // As a suspension today does: the RG clock keeps the working days it had left.
  const left = decided === 'awaiting_rg' && c.reasonableGroundsDueDate ? workingDaysBetween(on, c.reasonableGroundsDueDate, c.nation) : null;
  return { ok: true, plan: { status: 'suspended_missing', ...planned, suspension: { startedOn: on, statusBefore: decided, workingDaysLeft: left }, withdrawnOn: null } };
}

function nationName(nation: Nation): string {
  return { england: 'England', wales: 'Wales', scotland: 'Scotland', northern_ireland: 'Northern Ireland' }[nation];
}
