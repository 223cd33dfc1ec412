import type { Nation } from '../organisations/kinds.js';

/**
 * The NRM's rules as data, each with the dates it was in force and the nations it covers
 * (DOMAIN.md, "Decisions and periods"). `ruleInForce` answers "which rule governs this event on this
 * date in this nation"; the product applies the rule in force on the date of the event it governs —
 * the recovery period by the date of the positive RG decision, move-on by the date of the CG decision.
 */
export type RuleName =
  | 'rg_target_working_days'
  | 'rg_standard_of_proof'
  | 'recovery_period_min_days'
  | 'case_review_day'
  | 'reconsideration_window_days'
  | 'cg_outcomes'
  | 'move_on_positive_cg_days'
  | 'move_on_negative_cg_days'
  | 'support_period_days';

export interface Rule<V = unknown> {
  name: RuleName;
  value: V;
  /** First day in force (YYYY-MM-DD). */
  from: string;
  /** Last day in force; absent while still in force. */
  to?: string;
  /** Nations it applies to; absent means the whole UK. */
  nations?: Nation[];
  source: string;
}

const UK_ALL: Nation[] = ['england', 'wales', 'scotland', 'northern_ireland'];
const ENGLAND_AND_WALES: Nation[] = ['england', 'wales'];

export const cgOutcomesEnglandAndWales = ['trafficking', 'slavery_servitude_forced_labour', 'not_recognised'] as const;
export const cgOutcomesPositiveNegative = ['positive', 'negative'] as const;

export const rules: Rule[] = [
  { name: 'rg_target_working_days', value: 5, from: '2009-04-01', source: 'RG decision within 5 working days of receipt where possible [001]' },
  { name: 'rg_standard_of_proof', value: '“I suspect but cannot prove” that the person is a victim of trafficking or modern slavery', from: '2009-04-01', to: '2023-01-29', source: 'NRM guidance, 2009 to 29 January 2023' },
  { name: 'rg_standard_of_proof', value: 'There are reasonable grounds to believe, based on objective factors but falling short of conclusive proof, that the person is a victim of modern slavery', from: '2023-01-30', source: 'Nationality and Borders Act 2022, s60, from 30 January 2023' },
  { name: 'recovery_period_min_days', value: 45, from: '2009-04-01', to: '2022-12-12', source: 'at least 45 days’ recovery and reflection [001]' },
  { name: 'recovery_period_min_days', value: 30, from: '2022-12-13', source: 'at least 30 days, from 13 December 2022' },
  { name: 'case_review_day', value: 30, from: '2009-04-01', source: 'case review at about day 30 of the recovery period' },
  { name: 'reconsideration_window_days', value: 30, from: '2009-04-01', source: 'reconsideration may be asked within 30 calendar days of a negative decision' },
  { name: 'cg_outcomes', value: cgOutcomesPositiveNegative, from: '2009-04-01', to: '2015-07-30', source: 'positive or negative conclusive grounds, before the Modern Slavery Act 2015' },
  { name: 'cg_outcomes', value: cgOutcomesEnglandAndWales, from: '2015-07-31', nations: ENGLAND_AND_WALES, source: 'Modern Slavery Act 2015: victim of trafficking / of slavery, servitude or forced labour / not recognised' },
  { name: 'cg_outcomes', value: cgOutcomesPositiveNegative, from: '2015-07-31', nations: ['scotland', 'northern_ireland'], source: 'Scotland and Northern Ireland: positive / negative' },
  { name: 'move_on_positive_cg_days', value: 45, from: '2009-04-01', source: 'move-on support of at least 45 days after a positive CG decision' },
  { name: 'move_on_negative_cg_days', value: 14, from: '2009-04-01', source: 'move-on support of up to 14 days after a negative CG decision' },
  { name: 'support_period_days', value: 90, from: '2018-04-01', nations: ['scotland'], source: 'Scotland: adult support for 90 days from a positive RG decision, or until CG if sooner (from 1 April 2018)' },
  { name: 'support_period_days', value: 45, from: '2015-01-01', nations: ['northern_ireland'], source: 'Northern Ireland: 45 days from RG, longer if decided' },
];

export class NoRuleInForceError extends Error {}

export function ruleInForce<V = unknown>(name: RuleName, date: string, nation: Nation): Rule<V> {
  const matches = rules.filter((r) => r.name === name && r.from <= date && (!r.to || date <= r.to) && (r.nations ?? UK_ALL).includes(nation));
  if (matches.length === 0) throw new NoRuleInForceError(`No ${name.replaceAll('_', ' ')} rule was in force on ${date} in ${nation}`);
  if (matches.length > 1) throw new Error(`Rules overlap: ${matches.length} ${name} rules in force on ${date} in ${nation}`);
  return matches[0] as Rule<V>;
}

/** Whether a rule exists at all for this nation on this date (e.g. a nation-specific support period). */
export function hasRule(name: RuleName, date: string, nation: Nation): boolean {
  try {
    ruleInForce(name, date, nation);
    return true;
  } catch (error) {
    if (error instanceof NoRuleInForceError) return false;
    throw error;
  }
}
