import { DEFAULT_SUPPRESSION_RULE, SUPPRESSED, type DisclosureRule, type PublishedCount } from './types.js';

export interface PercentageOf {
  /** Unrounded counts. */
  readonly numerator: number;
  readonly denominator: number;
  /** Shown as [c] in the published table (a small count or a complementary suppression). */
  readonly numeratorHidden?: boolean;
  /** A hidden denominator could be worked back from a published numerator and its percentage. */
  readonly denominatorHidden?: boolean;
}

/**
 * A percentage from unrounded counts, or [c] when the numerator is suppressed or the denominator is
 * under 20 (the minimum in the rule). A numerator of 1 to threshold − 1 counts as suppressed in
 * both modes: in rounding mode the percentage of an unrounded small count would give it back.
 * Pass the hidden flags from the suppressed table so complementary suppressions carry over; in
 * rounding mode a small count can still be inferred from the other percentages of its row
 * (they add up to 100), so percentage tables in that mode need the same care as counts.
 */
export function publishPercentage(of: PercentageOf, rule: DisclosureRule = DEFAULT_SUPPRESSION_RULE, decimals = 0): PublishedCount {
  const small = of.numerator >= 1 && of.numerator < rule.threshold;
  if (of.numeratorHidden || of.denominatorHidden || small || of.denominator < rule.minimumDenominator) return SUPPRESSED;
  const scale = 10 ** decimals;
  return Math.round((100 * of.numerator * scale) / of.denominator) / scale;
}
