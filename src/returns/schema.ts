import { z } from 'zod';
import { factorAnswers, riskFactorCodes, riskFactors, type FactorAnswer, type RiskFactor } from './risk-assessment.js';

/** Input for the re-trafficking risk assessment and voluntary returns: one schema each, shared by the pages and the API. */
const isoDate = /^\d{4}-\d{2}-\d{2}$/;
const version = z.coerce.number().int().positive();

/** A factor's answer; evidence required when it is present (checked per factor, so every problem is reported at once). */
const factorInput = (factor: RiskFactor) => z.object({
  answer: z.enum(factorAnswers, { error: `Select whether “${riskFactors[factor].label.toLowerCase()}” is present, not present or not known` }),
  evidence: z.string().trim().max(5_000, 'Evidence must be 5,000 characters or fewer').optional(),
}).superRefine((value, ctx) => {
  if (value.answer === 'present' && !value.evidence) {
    ctx.addIssue({ code: 'custom', path: ['evidence'], message: `Enter the evidence that “${riskFactors[factor].label.toLowerCase()}” is present` });
  }
});

/** Every factor answered; evidence required for each factor present (and kept only for those). */
export const assessmentInput = z.object({
  factors: z.object(Object.fromEntries(riskFactorCodes.map((f) => [f, factorInput(f)])) as Record<RiskFactor, ReturnType<typeof factorInput>>),
});
export type AssessmentInput = z.infer<typeof assessmentInput>;

export const factorAnswersOf = (input: AssessmentInput) =>
  Object.fromEntries(riskFactorCodes.map((f) => [f, input.factors[f].answer])) as Record<RiskFactor, FactorAnswer>;

export const returnRequestInput = z.object({
  destinationCountry: z.string({ error: 'Select the country of return' }).trim().regex(/^[A-Z]{2}$/, 'Select the country of return'),
  requestedOn: z.string({ error: 'Enter the date the return was requested' }).regex(isoDate, 'Enter the date the return was requested'),
});

export const returnRecordInput = z.object({
  returnedOn: z.string({ error: 'Enter the date of return' }).regex(isoDate, 'Enter the date of return'),
  reintegrationPartner: z.preprocess((v) => (v === '' ? undefined : v), z.string().trim().min(1).max(300, 'The partner’s name must be 300 characters or fewer').optional()),
  version,
});

export const signOffInput = z.object({ version });

/** The flat form of the assessment page (radios `<factor>`, text `<factor>-evidence`) as the schema's input. */
export function assessmentFromForm(body: Record<string, unknown>): unknown {
  const one = (v: unknown) => (Array.isArray(v) ? v[0] : v);
  return {
    factors: Object.fromEntries(riskFactorCodes.map((f) => {
      const evidence = one(body[`${f}-evidence`]);
      return [f, { answer: one(body[f]), evidence: typeof evidence === 'string' && evidence.trim() ? evidence : undefined }];
    })),
  };
}

/** A schema problem's path as the page's field id. */
export function assessmentFieldId(path: PropertyKey[]): string {
  const [, factor, part] = path.map(String);
  return factor ? (part === 'evidence' ? `${factor}-evidence` : factor) : 'form';
}
