import type { Nation } from '../organisations/kinds.js';
import { addCalendarDays, addWorkingDays } from '../platform/working-days.js';
import { ruleInForce } from './rules.js';

/**
 * Deadlines derived from the dates on a case by the rules in force on those dates. Derived, never
 * stored as tasks: a change of date changes every deadline that depends on it.
 */

/** RG decision due: the target in working days after receipt, by the bank holidays of the nation. */
export function reasonableGroundsDue(receivedOn: string, nation: Nation): string {
  return addWorkingDays(receivedOn, ruleInForce<number>('rg_target_working_days', receivedOn, nation).value, nation);
}

export interface Extension {
  /** The new end date (YYYY-MM-DD). */
  newEnd: string;
}

/**
 * The recovery period's minimum end: the rule in force on the positive RG date (45 days until
 * 12 December 2022, 30 from 13 December 2022), moved by any approved extension.
 */
export function recoveryPeriodEnd(positiveRgOn: string, nation: Nation, extensions: Extension[] = []): string {
  const minimum = addCalendarDays(positiveRgOn, ruleInForce<number>('recovery_period_min_days', positiveRgOn, nation).value);
  return extensions.reduce((end, e) => (e.newEnd > end ? e.newEnd : end), minimum);
}

/** A CG decision is never made before the recovery period (with extensions) has ended. */
export function earliestConclusiveGrounds(positiveRgOn: string, nation: Nation, extensions: Extension[] = []): string {
  return addCalendarDays(recoveryPeriodEnd(positiveRgOn, nation, extensions), 1);
}

/** The day the case review falls due in the recovery period (about day 30). */
export function caseReviewDue(positiveRgOn: string, nation: Nation): string {
  return addCalendarDays(positiveRgOn, ruleInForce<number>('case_review_day', positiveRgOn, nation).value);
}

/** Last day to ask for reconsideration of a negative decision. */
export function reconsiderationDeadline(decidedOn: string, nation: Nation): string {
  return addCalendarDays(decidedOn, ruleInForce<number>('reconsideration_window_days', decidedOn, nation).value);
}

/** End of move-on support after a CG decision, by the rule in force on the decision date. */
export function moveOnEnd(cgOn: string, positive: boolean, nation: Nation): string {
  return addCalendarDays(cgOn, ruleInForce<number>(positive ? 'move_on_positive_cg_days' : 'move_on_negative_cg_days', cgOn, nation).value);
}
