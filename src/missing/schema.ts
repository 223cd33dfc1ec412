import { z } from 'zod';
import { readDateInput } from '../platform/http/forms.js';
import { missingOutcomes, ukInstant } from './rules.js';

/** The input of a missing-person report and of its closing: one schema each for the pages and the API. */

export const referenceSchema = z.string().trim().toUpperCase().regex(/^NRM-\d{4}-\d{6}$/, 'Enter a referral reference like NRM-2026-000123');

const instant = (required: string) => z.iso.datetime({ offset: true, error: required });

export const reportSchema = z.object({
  lastSeenAt: instant('Enter when they were last seen').describe('When the person was last seen (ISO 8601 with offset)'),
  circumstances: z.string({ error: 'Enter where they were last seen and the circumstances' }).trim()
    .min(1, 'Enter where they were last seen and the circumstances').max(5_000, 'The circumstances must be 5,000 characters or fewer')
    .describe('Where they were last seen and the circumstances (sealed: may name people and places)'),
});
export type ReportInput = z.infer<typeof reportSchema>;

export const closeSchema = z.object({
  outcome: z.enum(missingOutcomes, { error: 'Select how the episode ended' }),
  endedAt: instant('Enter when the episode ended').describe('When the person was found or returned, or the search ended (ISO 8601 with offset)'),
  version: z.coerce.number().int().positive().describe('The episode version you read; a stale version gets 409'),
});
export type CloseInput = z.infer<typeof closeSchema>;

type Problem = { field: string; message: string };
type Read<T> = { ok: true; value: T } | { ok: false; problems: Problem[] };

/** A GOV.UK date input and a 24-hour time box, as one instant; the problems name the box to fix. */
function readWhen(body: Record<string, unknown>, prefix: string, what: string, required: string): { iso?: string; problem?: Problem } {
  const date = readDateInput(body, prefix, what);
  const time = typeof body[`${prefix}-time`] === 'string' ? (body[`${prefix}-time`] as string).trim() : '';
  if (date.problem) return { problem: date.problem };
  if (!date.iso) return { problem: { field: `${prefix}-day`, message: required } };
  if (!time) return { problem: { field: `${prefix}-time`, message: `Enter the time, for example 14:30` } };
  const match = /^(\d{1,2})[:.](\d{2})$/.exec(time);
  if (!match || Number(match[1]) > 23 || Number(match[2]) > 59) return { problem: { field: `${prefix}-time`, message: 'Enter a real time in the 24-hour clock, for example 14:30' } };
  return { iso: ukInstant(date.iso, `${match[1]!.padStart(2, '0')}:${match[2]}`).toISOString() };
}

function parseWith<T>(schema: z.ZodType<T>, input: Record<string, unknown>, problems: Problem[], order: string[]): Read<T> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? 'form');
      if (!problems.some((p) => field.startsWith(p.field.split('-')[0]!))) problems.push({ field, message: issue.message });
    }
  }
  if (problems.length > 0 || !parsed.success) {
    const rank = (field: string) => order.findIndex((prefix) => field.startsWith(prefix));
    return { ok: false, problems: problems.sort((a, b) => rank(a.field) - rank(b.field)) };
  }
  return { ok: true, value: parsed.data };
}

/** The report form: the reference, the UK date and time last seen, the circumstances. */
export function readReportForm(body: Record<string, unknown>): Read<ReportInput & { reference: string }> {
  const problems: Problem[] = [];
  const reference = referenceSchema.safeParse(body.reference ?? '');
  if (!reference.success) problems.push({ field: 'reference', message: reference.error.issues[0]!.message });
  const when = readWhen(body, 'lastSeen', 'The date they were last seen', 'Enter the date they were last seen');
  if (when.problem) problems.push(when.problem);
  const read = parseWith(reportSchema, { lastSeenAt: when.iso ?? 'x', circumstances: body.circumstances }, problems, ['reference', 'lastSeen', 'circumstances']);
  return read.ok && reference.success ? { ok: true, value: { ...read.value, reference: reference.data } } : { ok: false, problems: read.ok ? problems : read.problems };
}

/** The closing form: the outcome, the UK date and time it ended, the version shown. */
export function readCloseForm(body: Record<string, unknown>): Read<CloseInput> {
  const problems: Problem[] = [];
  const when = readWhen(body, 'ended', 'The date the episode ended', 'Enter the date the episode ended');
  if (when.problem) problems.push(when.problem);
  return parseWith(closeSchema, { outcome: body.outcome, endedAt: when.iso ?? 'x', version: body.version }, problems, ['outcome', 'ended', 'version']);
}
