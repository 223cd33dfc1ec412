import { z } from 'zod';
import { multiAgencyTopicCodes, placementTypeCodes, planStatusCodes } from './vocabulary.js';

/**
 * One schema per part of a child's safeguarding record and for a multi-agency entry, shared by the
 * pages and the API. Rules across fields (a date agreed for an agreed plan, no dates in the future) are
 * in `checkSafeguarding` and `checkEntry`, so every entry point reports them against the same field.
 */
const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const text = (required: string, max: number, name: string) =>
  z.string({ error: required }).trim().min(1, required).max(max, `${name} must be ${max.toLocaleString('en-GB')} characters or fewer`);
const optionalText = (max: number, name: string) =>
  z.preprocess(blankToUndefined, z.string().trim().max(max, `${name} must be ${max.toLocaleString('en-GB')} characters or fewer`).optional());
const isoDate = (what: string) => z.iso.date({
  error: (issue) => (issue.input === undefined ? `Enter ${what.charAt(0).toLowerCase()}${what.slice(1)}` : `${what} must be a real date`),
});

export const planSchema = z.object({
  status: z.enum(planStatusCodes, { error: 'Select the status of the safeguarding plan' }),
  agreedOn: z.preprocess(blankToUndefined, isoDate('The date the plan was agreed').optional()),
  leadSocialWorker: text('Enter the name of the lead social worker', 200, 'The lead social worker’s name'),
  summary: text('Enter a summary of the safeguarding plan', 10_000, 'The summary'),
});
export type PlanInput = z.infer<typeof planSchema>;

export const placementSchema = z.object({
  type: z.enum(placementTypeCodes, { error: 'Select the type of placement' }),
  startedOn: isoDate('The date the placement started'),
  details: optionalText(2_000, 'The address and details'),
});
export type PlacementInput = z.infer<typeof placementSchema>;

export const guardianSchema = z.object({
  name: text('Enter the guardian’s name', 200, 'The guardian’s name'),
  organisation: text('Enter the guardian’s organisation', 200, 'The organisation'),
  appointedOn: isoDate('The date the guardian was appointed'),
});
export type GuardianInput = z.infer<typeof guardianSchema>;

export const versionSchema = z.coerce.number({ error: 'Reload the page and try again' }).int().min(0)
  .describe('The safeguarding record’s version you read (0 when none was recorded yet); a stale version gets 409');

/** A change to one or more parts of the record, at the version the editor read. */
export const safeguardingUpdateSchema = z.object({
  version: versionSchema,
  plan: planSchema.optional(),
  placement: placementSchema.optional(),
  guardian: guardianSchema.optional(),
}).refine((u) => u.plan || u.placement || u.guardian, { message: 'Send at least one of plan, placement or guardian', path: ['plan'] });
export type SafeguardingUpdate = z.infer<typeof safeguardingUpdateSchema>;

export interface FieldProblem {
  /** Dotted path, e.g. `plan.agreedOn`. */
  field: string;
  message: string;
}

/** Rules across fields; `today` is the UK date. */
export function checkSafeguarding(u: SafeguardingUpdate, today: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (u.plan) {
    if (u.plan.status && u.plan.status !== 'in_preparation' && !u.plan.agreedOn) problems.push({ field: 'plan.agreedOn', message: 'Enter the date the plan was agreed' });
    if (u.plan.status === 'in_preparation' && u.plan.agreedOn) problems.push({ field: 'plan.agreedOn', message: 'A plan being prepared has not been agreed: leave the date blank, or choose another status' });
    if (u.plan.agreedOn && u.plan.agreedOn > today) problems.push({ field: 'plan.agreedOn', message: 'The date the plan was agreed must be today or in the past' });
  }
  if (u.placement && u.placement.startedOn > today) problems.push({ field: 'placement.startedOn', message: 'The date the placement started must be today or in the past' });
  if (u.guardian && u.guardian.appointedOn > today) problems.push({ field: 'guardian.appointedOn', message: 'The date the guardian was appointed must be today or in the past' });
  return problems;
}

export const entrySchema = z.object({
  topic: z.enum(multiAgencyTopicCodes, { error: 'Select what the question was about' }),
  question: text('Enter the question that was asked', 2_000, 'The question'),
  answer: text('Enter the child’s answer', 10_000, 'The answer'),
  askedOn: isoDate('The date the question was asked'),
});
export type EntryInput = z.infer<typeof entrySchema>;

export function checkEntry(e: EntryInput, today: string): FieldProblem[] {
  return e.askedOn > today ? [{ field: 'askedOn', message: 'The date the question was asked must be today or in the past' }] : [];
}

/** Age in whole years on a day (both YYYY-MM-DD). */
export function ageOn(birth: string, on: string): number {
  const [by, bm, bd] = birth.split('-').map(Number) as [number, number, number];
  const [y, m, d] = on.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}
