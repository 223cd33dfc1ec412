import { DEFAULT_SUPPRESSION_RULE, SUPPRESSED, type DisclosureRule, type PublishedCount } from './types.js';

/**
 * The median (e.g. days from referral to a reasonable grounds decision), or [c] when based on
 * fewer than 10 cases: a median of very few cases is close to one person's own value.
 */
export function publishMedian(values: readonly number[], rule: DisclosureRule = DEFAULT_SUPPRESSION_RULE): PublishedCount {
  if (values.length < rule.minimumCountForMedian || values.length === 0) return SUPPRESSED;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
