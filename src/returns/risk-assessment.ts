/**
 * The re-trafficking risk assessment a voluntary return needs: each factor is answered present, not
 * present or not known, and the level follows from the answers by the rule below. Pure, so the rule is
 * tested on its own and the page and the API show the same reasons.
 *
 * The rule (also shown on the assessment page):
 *  1. High if a decisive factor is present: a debt to the traffickers, or traffickers (or family
 *     involved in the trafficking) in the home country. Either alone puts the person within the
 *     traffickers' reach on return.
 *  2. High if three or more factors are present.
 *  3. Medium if one or two factors are present.
 *  4. Medium if none is present but a decisive factor is not known, or two or more factors are not
 *     known: the risk cannot be called low on missing information.
 *  5. Otherwise low.
 */

export const riskFactors = {
  debt_to_traffickers: { label: 'Debt to the traffickers', hint: 'A debt the person owes, or is said to owe, to the traffickers or their associates', decisive: true },
  traffickers_in_home_country: { label: 'Traffickers or family involved in the trafficking in the home country', hint: 'The traffickers, their associates or family members who took part are in the destination country', decisive: true },
  previous_trafficking: { label: 'Trafficked before', hint: 'The person was trafficked before this exploitation', decisive: false },
  stigma_on_return: { label: 'Stigma or rejection on return', hint: 'By family or community, for example because of sexual exploitation or unpaid debts', decisive: false },
  no_reintegration_support: { label: 'No reintegration support available', hint: 'No organisation in the destination country can support the person after return', decisive: false },
  young_age: { label: 'A child or young adult', hint: 'Under 25 on the day of the assessment', decisive: false },
  health_needs: { label: 'Health needs', hint: 'Physical or mental health needs that treatment in the destination country may not meet', decisive: false },
} as const;

export type RiskFactor = keyof typeof riskFactors;
export const riskFactorCodes = Object.keys(riskFactors) as [RiskFactor, ...RiskFactor[]];

export const factorAnswers = ['present', 'not_present', 'not_known'] as const;
export type FactorAnswer = (typeof factorAnswers)[number];
export const factorAnswerLabels: Record<FactorAnswer, string> = { present: 'Present', not_present: 'Not present', not_known: 'Not known' };

export type RiskLevel = 'low' | 'medium' | 'high';
export const riskLevelLabels: Record<RiskLevel, string> = { low: 'Low', medium: 'Medium', high: 'High' };

/** How many factors present make the risk high on their own (rule 2). */
export const highRiskPresentCount = 3;
/** How many factors not known make a risk with none present medium (rule 4). */
export const mediumRiskUnknownCount = 2;

export interface RiskReason {
  /** The factors that drove this reason. */
  factors: RiskFactor[];
  text: string;
}

export interface RiskScore {
  level: RiskLevel;
  /** Why the level is what it is, the deciding reason first. */
  reasons: RiskReason[];
}

const labels = (factors: RiskFactor[]) => factors.map((f) => riskFactors[f].label.toLowerCase()).join('; ');

/** The level and its reasons. Every factor must be answered: an assessment with a factor left out is not complete. */
export function scoreRisk(answers: Record<RiskFactor, FactorAnswer>): RiskScore {
  const present = riskFactorCodes.filter((f) => answers[f] === 'present');
  const unknown = riskFactorCodes.filter((f) => answers[f] === 'not_known');
  const decisivePresent = present.filter((f) => riskFactors[f].decisive);
  const decisiveUnknown = unknown.filter((f) => riskFactors[f].decisive);
  const reasons: RiskReason[] = [];

  if (decisivePresent.length > 0) {
    reasons.push({ factors: decisivePresent, text: `High on its own: ${labels(decisivePresent)}` });
  }
  if (present.length >= highRiskPresentCount) {
    reasons.push({ factors: present, text: `${present.length} factors present (${highRiskPresentCount} or more is high): ${labels(present)}` });
  }
  if (reasons.length > 0) return { level: 'high', reasons };

  if (present.length > 0) {
    reasons.push({ factors: present, text: `${present.length === 1 ? '1 factor' : `${present.length} factors`} present: ${labels(present)}` });
  }
  if (decisiveUnknown.length > 0) {
    reasons.push({ factors: decisiveUnknown, text: `Not known, and high on its own if present: ${labels(decisiveUnknown)}` });
  } else if (present.length === 0 && unknown.length >= mediumRiskUnknownCount) {
    reasons.push({ factors: unknown, text: `${unknown.length} factors not known (${mediumRiskUnknownCount} or more is not low): ${labels(unknown)}` });
  }
  if (reasons.length > 0) return { level: 'medium', reasons };

  return {
    level: 'low',
    reasons: [{ factors: unknown, text: unknown.length === 0 ? 'No factor present' : `No factor present; not known: ${labels(unknown)}` }],
  };
}
