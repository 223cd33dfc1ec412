/**
 * Why a negative reasonable or conclusive grounds decision was made, as one structured category beside
 * the free-text reasons (which are sealed and never counted). Published in table 12 of the statistics.
 *
 * The categories follow the definition the decision maker applies (DOMAIN.md, "The referral"): the three
 * elements of trafficking — the act, the means (not needed for a child) and the purpose of exploitation —
 * or slavery, servitude or forced labour; then the evidence itself (credibility, not enough of it).
 * There is no "exploitation outside the UK" category: the NRM considers exploitation wherever it
 * happened (table 7 counts it as "Overseas"), so it is never a reason for a negative decision.
 *
 * Codes are stored, published and checked by the database (`decisions_reason_category_check`): never
 * change or reuse one. A new category needs a migration that adds it to that check.
 */
export const negativeReasonCategories = {
  no_act: {
    label: 'No act of trafficking',
    hint: 'No recruitment, transport, transfer, harbouring or receipt of the person',
  },
  no_means: {
    label: 'No means used (adults only)',
    hint: 'No threat, force, coercion, abduction, fraud, deception, abuse of power or of vulnerability, or payment. Not a reason for a child: the means is not needed',
  },
  no_exploitation: {
    label: 'No exploitation or purpose of exploitation',
    hint: 'Not exploited, or moved or held for exploitation, and not held in slavery, servitude or forced or compulsory labour',
  },
  other_situation: {
    label: 'Another situation, not trafficking or modern slavery',
    hint: 'For example smuggling, or poor working conditions that are not forced labour',
  },
  not_credible: {
    label: 'Account not credible',
    hint: 'Inconsistent, or contradicted by other evidence',
  },
  insufficient_information: {
    label: 'Not enough information',
    hint: 'The information available does not meet the standard of proof',
  },
  other: {
    label: 'Another reason',
    hint: 'Explain it in the reasons',
  },
} as const satisfies Record<string, { label: string; hint: string }>;

export type NegativeReasonCategory = keyof typeof negativeReasonCategories;
export const negativeReasonCategoryCodes = Object.keys(negativeReasonCategories) as [NegativeReasonCategory, ...NegativeReasonCategory[]];

export function isNegativeReasonCategory(code: string): code is NegativeReasonCategory {
  return Object.hasOwn(negativeReasonCategories, code);
}

export const missingReasonCategory = 'Select the main reason for the negative decision';

/**
 * What is wrong with a decision's reason category, if anything: a negative decision made in Palermo
 * needs one (`required`; historical records may lack one), a positive decision has none, and "no means"
 * is never the reason for a child's negative decision, since the means is not needed for a child.
 */
export function reasonCategoryProblem(decision: { positive: boolean; reasonCategory?: string | null; child: boolean; required: boolean }): string | undefined {
  const category = decision.reasonCategory ?? undefined;
  if (decision.positive) return category === undefined ? undefined : 'A reason category is given only for a negative decision';
  if (category === undefined) return decision.required ? missingReasonCategory : undefined;
  if (!isNegativeReasonCategory(category)) return missingReasonCategory;
  if (category === 'no_means' && decision.child) return 'For a child the means is not needed: choose another reason for the negative decision';
  return undefined;
}
