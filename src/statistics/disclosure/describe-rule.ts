import { thresholdFor } from './model.js';
import { SUPPRESSED, type CountTable, type DisclosureRule } from './types.js';

/**
 * The rule applied to a table, in words, for its notes ("every published table states the rule
 * applied"). With a table, the sparse threshold is used where it applies to that table.
 */
export function describeRule(rule: DisclosureRule, table?: Pick<CountTable, 'sparse' | 'breakdownVariables'>): string {
  const threshold = table ? thresholdFor(table, rule) : rule.threshold;
  const small = threshold === 2 ? 'Counts of 1' : `Counts of 1 to ${threshold - 1}`;
  const derived =
    `Percentages are calculated from unrounded counts and are not shown where the count is ${rule.mode === 'rounding' ? small.replace('Counts of ', '') : 'hidden'}` +
    ` or the denominator is under ${rule.minimumDenominator}. Medians are not shown where based on fewer than ${rule.minimumCountForMedian} cases.`;
  if (rule.mode === 'rounding') {
    return `Counts are rounded to the nearest ${rule.base}; totals are rounded separately, so they may not equal the sum of the figures shown. ${derived}`;
  }
  return `${small} are shown as ${SUPPRESSED}. Further figures, including totals where needed, are shown as ${SUPPRESSED} ` +
    `so that no hidden count can be worked out from the totals or from other tables in this release. Zeros are shown. ${derived}`;
}
