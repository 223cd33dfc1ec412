import { z } from 'zod';
import { exploitationTypeCodes } from '../referrals/vocabulary.js';
import { handlingCodeCodes, intelligenceAssessmentCodes, sourceEvaluationCodes, triageStatusCodes } from './grading.js';

/** One schema for each door: the agency form and API, the public form, the analysts' triage. */

export const MAX_LIST_ITEMS = 20;
export const MAX_WHAT = 10_000;
export const MAX_DESCRIPTION = 2_000;

const listOf = (what: string, max = 200) => z.array(
  z.string().trim().min(1, `Each of the ${what} must not be blank`).max(max, `Each of the ${what} must be ${max} characters or fewer`),
).max(MAX_LIST_ITEMS, `Give at most ${MAX_LIST_ITEMS} ${what}`).default([]);

export const personRoles = {
  suspect: 'Someone who may be exploiting or controlling others',
  possible_victim: 'Someone who may be a victim',
  other: 'Someone else',
} as const;
export const personRoleCodes = Object.keys(personRoles) as [keyof typeof personRoles, ...(keyof typeof personRoles)[]];
export type PersonRole = keyof typeof personRoles;

export const personSchema = z.object({
  role: z.enum(personRoleCodes, { error: 'Say who the person may be' }),
  description: z.string().trim().min(1, 'Describe the person').max(MAX_DESCRIPTION, `Describe each person in ${MAX_DESCRIPTION} characters or fewer`),
});
export type Person = z.infer<typeof personSchema>;

/** What every report says: what, where, who, which kinds of exploitation, which police force area. */
export const reportContentSchema = z.object({
  what: z.string({ error: 'Describe what you saw or know' }).trim().min(1, 'Describe what you saw or know')
    .max(MAX_WHAT, `Describe what you saw or know in ${MAX_WHAT.toLocaleString('en-GB')} characters or fewer`),
  places: listOf('places'),
  businesses: listOf('businesses'),
  vehicles: listOf('vehicles'),
  phoneNumbers: listOf('phone numbers', 100),
  people: z.array(personSchema).max(MAX_LIST_ITEMS, `Describe at most ${MAX_LIST_ITEMS} people`).default([]),
  exploitationTypes: z.array(z.enum(exploitationTypeCodes, { error: 'Choose a type of exploitation from the list' })).max(exploitationTypeCodes.length).default([]),
  /** A code of the police_force reference list, checked against the list by the service. */
  policeForceCode: z.string().trim().max(20).optional(),
});

export const gradingSchema = z.object({
  source: z.enum(sourceEvaluationCodes, { error: 'Choose a source evaluation: A, B or C' }),
  intelligence: z.enum(intelligenceAssessmentCodes, { error: 'Choose an intelligence assessment from 1 to 5' }),
  handling: z.enum(handlingCodeCodes, { error: 'Choose a handling code: P or C' }),
});

export const referralReferenceSchema = z.string().trim().regex(/^(NRM|DTN)-\d{4}-\d{6}$/, 'Enter a referral reference like NRM-2026-000123');

/** An agency user's report: graded by the submitter, and linked to referrals the submitter may see. */
export const agencyReportSchema = reportContentSchema.extend({
  grading: gradingSchema,
  referralReferences: z.array(referralReferenceSchema).max(MAX_LIST_ITEMS, `Link at most ${MAX_LIST_ITEMS} referrals`).default([]),
});
export type AgencyReportInput = z.infer<typeof agencyReportSchema>;

/** A member of the public's report: the same content, nothing about the sender. */
export const publicReportSchema = reportContentSchema;
export type PublicReportInput = z.infer<typeof publicReportSchema>;

/** Reports are named by a random reference: INT- and two groups of five Crockford base-32 characters. */
export const intelligenceReferenceSchema = z.string().regex(/^INT-[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/, 'Not an intelligence reference');

/** An analyst's triage: status and grading together, against the version the analyst saw. */
export const triageSchema = z.object({
  version: z.coerce.number({ error: 'Reload the report and try again' }).int().positive(),
  status: z.enum(triageStatusCodes, { error: 'Choose a triage status' }),
  grading: gradingSchema,
});
export type TriageInput = z.infer<typeof triageSchema>;

export const linkByPseudonymSchema = z.object({
  pseudonym: z.string().trim().pipe(z.uuid({ error: 'Enter the pseudonym of a record, as shown in Pseudonymised records' })),
});

const blankToUndefined = (value: unknown) => (value === '' ? undefined : value);

/** The list's filters, from the query string of a page or the API. */
export const reportFiltersSchema = z.object({
  q: z.preprocess(blankToUndefined, z.string().trim().max(200, 'Search for 200 characters or fewer').optional()),
  status: z.preprocess(blankToUndefined, z.enum(triageStatusCodes, { error: 'Choose a status from the list' }).optional()),
  source: z.preprocess(blankToUndefined, z.enum(['agency', 'public'], { error: 'Choose a source from the list' }).optional()),
  policeForceCode: z.preprocess(blankToUndefined, z.string().trim().max(20).optional()),
  exploitationType: z.preprocess(blankToUndefined, z.enum(exploitationTypeCodes, { error: 'Choose a type of exploitation from the list' }).optional()),
  page: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(10_000).default(1)),
});
export type ReportFilters = z.infer<typeof reportFiltersSchema>;

/** The filters as a query string (without the page unless asked), for links that keep them. */
export function filtersQuery(filters: Partial<ReportFilters>, page?: number): string {
  const params = new URLSearchParams();
  for (const key of ['q', 'status', 'source', 'policeForceCode', 'exploitationType'] as const) {
    const value = filters[key];
    if (value) params.set(key, value);
  }
  if (page && page > 1) params.set('page', String(page));
  return params.toString();
}
