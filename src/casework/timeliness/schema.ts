import { z } from 'zod';
import { nations, type Nation } from '../../organisations/kinds.js';
import { addCalendarDays } from '../../platform/working-days.js';
import { readDateInput, toFormErrors, type FormErrors } from '../../platform/http/forms.js';

/** Which cases the period figures count: those received from `from` to `to` (UK dates, inclusive), in one nation or all. */
export interface TimelinessFilters {
  from: string;
  to: string;
  nation: Nation | null;
}

export type FiltersResult = { ok: true; value: TimelinessFilters } | { ok: false; errors: FormErrors };

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const dateBox = z.preprocess(blankToUndefined, z.string().trim().max(4).optional());

const querySchema = z.object({
  'from-day': dateBox, 'from-month': dateBox, 'from-year': dateBox,
  'to-day': dateBox, 'to-month': dateBox, 'to-year': dateBox,
});
const nationSchema = z.preprocess(blankToUndefined, z.enum(nations, { error: 'Select a nation from the list' }).optional());

type Query = z.infer<typeof querySchema>;
type Problem = { field: string; message: string };

/** The last 12 months to today: from the day after the same date a year ago. */
export function defaultPeriod(today: string): { from: string; to: string } {
  const [year, monthDay] = [Number(today.slice(0, 4)), today.slice(5)];
  const yearAgo = `${year - 1}-${monthDay === '02-29' ? '02-28' : monthDay}`;
  return { from: addCalendarDays(yearAgo, 1), to: today };
}

/** The dashboard's filters from the query string; a period left blank is the last 12 months. */
export function parseFilters(query: unknown, today: string): FiltersResult {
  const values = (query ?? {}) as Record<string, unknown>;
  const boxes = querySchema.safeParse(values);
  const nation = nationSchema.safeParse(values.nation);
  const problems: Problem[] = [];
  const q: Query = boxes.success ? boxes.data : {};
  if (!boxes.success) problems.push(...boxes.error.issues.map((i) => ({ field: String(i.path[0]), message: 'Enter the date as numbers, for example 1 4 2026' })));
  const from = readDateInput(q, 'from', 'The start of the period');
  const to = readDateInput(q, 'to', 'The end of the period');
  for (const d of [from, to]) if (d.problem) problems.push(d.problem);
  if (!nation.success) problems.push({ field: 'nation', message: nation.error.issues[0]!.message });
  const period = defaultPeriod(today);
  const value = { from: from.iso ?? period.from, to: to.iso ?? period.to, nation: nation.data ?? null };
  if (problems.length === 0 && value.to > today) problems.push({ field: 'to-day', message: 'The end of the period must be today or in the past' });
  if (problems.length === 0 && value.from > value.to) problems.push({ field: 'from-day', message: 'The start of the period must be on or before its end' });
  return problems.length > 0 ? { ok: false, errors: toFormErrors(problems) } : { ok: true, value };
}
