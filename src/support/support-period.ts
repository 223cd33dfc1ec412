import type { Nation } from '../organisations/kinds.js';
import { addCalendarDays } from '../platform/working-days.js';
import { moveOnEnd } from '../casework/deadlines.js';
import { hasRule, ruleInForce } from '../casework/rules.js';

/**
 * When support ends, by the rules in force (src/casework/rules.ts): the nation's own support period
 * where it has one, by the rule in force on the positive RG date; otherwise support lasts until the
 * CG decision and then move-on, by the rule in force on the CG date.
 *  - England and Wales: at least 45 days after a positive CG; up to 14 days after a negative CG.
 *  - Scotland (from 1 April 2018): 90 days from the positive RG, or until the CG decision if sooner.
 *  - Northern Ireland (from 2015): 45 days from the RG decision.
 */
export interface SupportCaseDates {
  /** The nation where support is given. */
  nation: Nation;
  positiveRgOn: string;
  /** The issued CG decision, once there is one. */
  cg?: { on: string; positive: boolean } | null;
}

export interface SupportEnd {
  /** The last day of support; null while it lasts until a CG decision not yet made. */
  date: string | null;
  rule: string;
}

export function supportEnd(c: SupportCaseDates): SupportEnd {
  if (hasRule('support_period_days', c.positiveRgOn, c.nation)) {
    const rule = ruleInForce<number>('support_period_days', c.positiveRgOn, c.nation);
    const periodEnd = addCalendarDays(c.positiveRgOn, rule.value);
    if (c.nation === 'scotland' && c.cg && c.cg.on < periodEnd) return { date: c.cg.on, rule: rule.source };
    return { date: periodEnd, rule: rule.source };
  }
  if (!c.cg) return { date: null, rule: 'support until the conclusive grounds decision, then move-on' };
  const name = c.cg.positive ? 'move_on_positive_cg_days' : 'move_on_negative_cg_days';
  return { date: moveOnEnd(c.cg.on, c.cg.positive, c.nation), rule: ruleInForce(name, c.cg.on, c.nation).source };
}
