import { z } from 'zod';
import { nations } from '../../organisations/kinds.js';
import { exploitationTypeCodes } from '../../referrals/vocabulary.js';
import { readDateInput } from '../../platform/http/forms.js';

export const ageGroups = ['adult', 'child', 'not_specified'] as const;

/**
 * Where a case stands, by the standing decision at each stage: the latest issued one, since a decision
 * on reconsideration replaces the decision it reconsiders. "No decision" says nothing of why (waiting,
 * withdrawn, a Duty to Notify report), so it does not read the case status.
 */
export const outcomeFilters = {
  no_rg: 'No reasonable grounds decision',
  rg_positive: 'Positive reasonable grounds decision',
  rg_negative: 'Negative reasonable grounds decision',
  no_cg: 'Positive reasonable grounds, no conclusive grounds decision',
  cg_positive: 'Positive conclusive grounds decision',
  cg_negative: 'Negative conclusive grounds decision',
} as const;
export type OutcomeFilter = keyof typeof outcomeFilters;
const outcomeFilterCodes = Object.keys(outcomeFilters) as [OutcomeFilter, ...OutcomeFilter[]];

/** The columns of the list and its CSV, in order. A record adds its situations and decisions. */
export const listFields = [
  'pseudonym', 'receivedMonth', 'route', 'competentAuthority', 'ageGroup', 'gender', 'nationalities', 'exploitationTypes', 'countyLines',
  'exploitationLocation', 'responderOrganisationType', 'nation', 'policeForceArea', 'rgOutcome', 'rgDecisionMonth', 'daysToRg',
  'cgOutcome', 'cgDecisionMonth', 'daysToCg',
] as const;
export type ListField = (typeof listFields)[number];
export const recordFields = [...listFields, 'situations', 'decisions'] as const;

const first = (v: unknown) => (Array.isArray(v) ? v[0] : v);
const blankToUndefined = (v: unknown) => {
  const value = first(v);
  return typeof value === 'string' && value.trim() === '' ? undefined : value;
};
const optionalChoice = <T extends readonly [string, ...string[]]>(values: T, message: string) =>
  z.preprocess(blankToUndefined, z.enum(values, { error: message }).optional());
const dateBox = z.preprocess(blankToUndefined, z.string().trim().max(4, 'Enter the month and year as numbers, for example 3 2026').optional());

type Boxes = Partial<Record<'from-month' | 'from-year' | 'to-month' | 'to-year', string>>;

/**
 * A month picked with GOV.UK's date input, month and year boxes only. Filtering by month, never by day,
 * keeps the period filter from narrowing a record to the exact date it was received, which the pages hide.
 */
function readMonth(boxes: Boxes, prefix: 'from' | 'to', what: string): { month?: string; problem?: { field: string; message: string } } {
  const month = boxes[`${prefix}-month`];
  const year = boxes[`${prefix}-year`];
  if (!month && !year) return {};
  const read = readDateInput({ [`${prefix}-day`]: '1', [`${prefix}-month`]: month ?? '', [`${prefix}-year`]: year ?? '' }, prefix, what);
  if (read.problem) {
    // The day is ours, not the user's: a date that is not real is a month that is not.
    if (read.problem.field === `${prefix}-day`) return { problem: { field: `${prefix}-month`, message: `${what} must be a real month` } };
    return { problem: read.problem };
  }
  return { month: read.iso!.slice(0, 7) };
}

const months = (q: Boxes) => ({ from: readMonth(q, 'from', 'The start of the period'), to: readMonth(q, 'to', 'The end of the period') });

/** The list's filters from the query string: one schema for the page, its CSV and the tests. */
export const recordFiltersSchema = z.object({
  'from-month': dateBox,
  'from-year': dateBox,
  'to-month': dateBox,
  'to-year': dateBox,
  nation: optionalChoice(nations, 'Select a nation from the list'),
  ageGroup: optionalChoice(ageGroups, 'Select an age group from the list'),
  exploitationType: optionalChoice(exploitationTypeCodes, 'Select a type of exploitation from the list'),
  outcome: optionalChoice(outcomeFilterCodes, 'Select a decision from the list'),
  // Not a form field: a page number that makes no sense is the first page.
  page: z.preprocess(first, z.coerce.number().int().min(1).max(1_000_000).catch(1)),
}).superRefine((q, ctx) => {
  const { from, to } = months(q);
  for (const problem of [from.problem, to.problem]) {
    if (problem) ctx.addIssue({ code: 'custom', message: problem.message, path: [problem.field] });
  }
  if (from.month && to.month && from.month > to.month) {
    ctx.addIssue({ code: 'custom', message: 'The start of the period must be the same month as its end or before it', path: ['from-month'] });
  }
}).transform((q) => {
  const { from, to } = months(q);
  return { from: from.month, to: to.month, nation: q.nation, ageGroup: q.ageGroup, exploitationType: q.exploitationType, outcome: q.outcome, page: q.page };
});

export type RecordFilters = z.output<typeof recordFiltersSchema>;

/** The filters as a query string again (the boxes they came from), for pagination and the CSV link. */
export function filtersQuery(filters: RecordFilters, page?: number): string {
  const query = new URLSearchParams();
  const box = (prefix: string, month?: string) => {
    if (!month) return;
    query.set(`${prefix}-month`, String(Number(month.slice(5, 7))));
    query.set(`${prefix}-year`, month.slice(0, 4));
  };
  box('from', filters.from);
  box('to', filters.to);
  for (const key of ['nation', 'ageGroup', 'exploitationType', 'outcome'] as const) {
    const value = filters[key];
    if (value) query.set(key, value);
  }
  if (page && page > 1) query.set('page', String(page));
  return query.toString();
}

export const pseudonymSchema = z.object({ pseudonym: z.uuid() });
