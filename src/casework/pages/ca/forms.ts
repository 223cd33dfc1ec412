import { z } from 'zod';
import { decisionOutcomes, isPositive } from '../../outcomes.js';
import { extensionReasons } from '../../recovery-period.js';
import { missingReasonCategory, negativeReasonCategoryCodes } from '../../reason-categories.js';
import { queueFilters } from '../../work-queue.js';

/** The forms of the Competent Authority's casework pages, one zod schema each (the same rules as the services). */
const text = (required: string, max: number, name: string) =>
  z.string({ error: required }).trim().min(1, required).max(max, `${name} must be ${max.toLocaleString('en-GB')} characters or fewer`);
const version = z.coerce.number().int().positive();
const isoDate = /^\d{4}-\d{2}-\d{2}$/;

export const referenceParams = z.object({ reference: z.string().regex(/^NRM-\d{4}-\d{6}$/) });
export const idParams = referenceParams.extend({ id: z.uuid() });
export const stageParams = referenceParams.extend({ stage: z.enum(['reasonable-grounds', 'conclusive-grounds']) });

export const queueQuery = z.object({
  filter: z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(z.enum(Object.keys(queueFilters) as [keyof typeof queueFilters]))).catch([]),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});

export const versionForm = z.object({ version });

export const decisionForm = z.object({
  outcome: z.enum(decisionOutcomes, { error: 'Select the decision' }),
  /** Answered under a negative outcome only: `parseDecisionForm` requires it there and drops it otherwise. */
  reasonCategory: z.preprocess((v) => (v === '' ? undefined : v), z.enum(negativeReasonCategoryCodes, { error: missingReasonCategory }).optional()),
  reasons: text('Enter the reasons for the decision', 20_000, 'Reasons'),
  version,
  permitRecommended: z.enum(['yes', 'no']).optional(),
  permitBases: z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(z.enum(['police_cooperation', 'personal_circumstances']))),
  permitMonths: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number({ error: 'Enter the period as a number of months' }).int('Enter a whole number of months').min(1, 'The period must be at least 1 month').max(60, 'The period must be 60 months or fewer').optional()),
  permitNote: z.string().trim().max(5_000, 'Note must be 5,000 characters or fewer').optional(),
});

/**
 * The decision form with its rule across fields: a negative outcome needs its main reason. The reasons
 * are on the page whatever the outcome chosen (a conditional reveal would put aria-expanded on a radio),
 * so one may be answered with a positive outcome: it is then ignored. Every problem is reported at once,
 * in the order of the page.
 */
export function parseDecisionForm(body: Record<string, unknown>):
  { ok: true; value: z.infer<typeof decisionForm> } | { ok: false; problems: { field: string; message: string }[] } {
  const outcome = decisionForm.shape.outcome.safeParse(body.outcome);
  const negative = outcome.success && !isPositive(outcome.data);
  const input = negative ? body : { ...body, reasonCategory: undefined };
  const parsed = decisionForm.safeParse(input);
  const problems = parsed.success ? [] : parsed.error.issues.map((i) => ({ field: String(i.path[0] ?? 'form'), message: i.message }));
  if (negative && (input.reasonCategory === undefined || input.reasonCategory === '')) problems.push({ field: 'reasonCategory', message: missingReasonCategory });
  if (problems.length > 0 || !parsed.success) {
    const order = Object.keys(decisionForm.shape);
    return { ok: false, problems: problems.sort((a, b) => order.indexOf(a.field) - order.indexOf(b.field)) };
  }
  return { ok: true, value: parsed.data };
}

export const reviewForm = z.object({
  agree: z.enum(['yes', 'no'], { error: 'Select whether you agree with the decision' }),
  comment: z.string().trim().max(10_000, 'Comment must be 10,000 characters or fewer').optional(),
  version,
});

export const assignForm = z.object({ userId: z.uuid({ error: 'Select a caseworker' }), version });

export const withdrawForm = z.object({ reason: text('Enter why the referral is withdrawn', 5_000, 'Reason'), version });

export const questionForm = z.object({
  question: text('Enter the question for the first responder', 10_000, 'Question'),
  answerBy: z.preprocess((v) => (v === '' ? undefined : v), z.string().regex(isoDate, 'Enter the answer-by date as YYYY-MM-DD').optional()),
  version,
});

export const extensionForm = z.object({
  reason: z.enum(Object.keys(extensionReasons) as [keyof typeof extensionReasons], { error: 'Select why the recovery period should be extended' }),
  detail: text('Describe the circumstances', 10_000, 'Details'),
  newEnd: z.string({ error: 'Enter the new end date' }).regex(isoDate, 'Enter the new end date as YYYY-MM-DD'),
  version,
});

export const extensionDecisionForm = z.object({ approve: z.enum(['yes', 'no'], { error: 'Select whether to approve the extension' }), version });

export const caseReviewForm = z.object({ note: text('Enter what the case review found', 10_000, 'Case review'), version });

export const reconsiderationDecisionForm = z.object({
  accept: z.enum(['yes', 'no'], { error: 'Select whether to accept the request' }),
  reasons: text('Enter the reasons', 10_000, 'Reasons'),
  version,
});


export { withDate } from '../../../platform/http/forms.js';
