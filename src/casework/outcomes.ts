import type { Nation } from '../organisations/kinds.js';
import { ruleInForce } from './rules.js';

export type Stage = 'rg' | 'cg';
export const decisionOutcomes = ['positive', 'negative', 'trafficking', 'slavery_servitude_forced_labour', 'not_recognised'] as const;
export type DecisionOutcome = (typeof decisionOutcomes)[number];

export const outcomeLabels: Record<DecisionOutcome, string> = {
  positive: 'Positive',
  negative: 'Negative',
  trafficking: 'Recognised as a victim of human trafficking',
  slavery_servitude_forced_labour: 'Recognised as a victim of slavery, servitude or forced or compulsory labour',
  not_recognised: 'Not recognised as a victim',
};

export const stageLabels: Record<Stage, string> = { rg: 'Reasonable grounds', cg: 'Conclusive grounds' };

/** Whether an outcome recognises the person (as a possible victim at RG, as a victim at CG). */
export function isPositive(outcome: DecisionOutcome): boolean {
  return outcome === 'positive' || outcome === 'trafficking' || outcome === 'slavery_servitude_forced_labour';
}

/** The outcomes a decision may have at this stage, on this date, in this nation. */
export function outcomesFor(stage: Stage, date: string, nation: Nation): readonly DecisionOutcome[] {
  if (stage === 'rg') return ['positive', 'negative'];
  return ruleInForce<readonly DecisionOutcome[]>('cg_outcomes', date, nation).value;
}

/** The standard of proof the decision maker applies, as worded on the decision date. */
export function standardOfProof(stage: Stage, date: string, nation: Nation): string {
  if (stage === 'cg') return 'On the balance of probabilities, the person is a victim of human trafficking or modern slavery';
  return ruleInForce<string>('rg_standard_of_proof', date, nation).value;
}

/**
 * Nationals of the European Economic Area (the EU, Iceland, Liechtenstein, Norway) and Switzerland, and
 * British and Irish citizens: removal action is stayed in the recovery period only for others.
 */
const eeaAndExempt = new Set([
  'AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE', 'IT', 'LV', 'LT', 'LU', 'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE',
  'IS', 'LI', 'NO', 'CH', 'GB',
]);

/** Removal is stayed for a non-EEA national with irregular status ("no leave") during the recovery period. */
export function removalStayed(nationalities: readonly string[], immigrationStatus: string | null): boolean {
  return immigrationStatus === 'no_leave' && nationalities.length > 0 && !nationalities.some((n) => eeaAndExempt.has(n));
}
