import { z } from 'zod';
import { nations } from '../../organisations/kinds.js';
import {
  SEPARATOR, htcdsFields, htcdsVocabulary, isIdentityField, normaliseList, requiredFields, type HtcdsField, type HtcdsRecord,
} from './mapping.js';

/** The ISO codes a partner's citizenship and language values must come from (the reference lists). */
export interface CodeLists {
  nationalities: ReadonlySet<string>;
  languages: ReadonlySet<string>;
}

const blankToUndefined = (v: unknown) => (typeof v === 'string' ? (v.trim() === '' ? undefined : v.trim()) : v);
const split = (v: unknown) => (typeof v === 'string' ? normaliseList(v.split(SEPARATOR)) : v === undefined ? [] : v);

function oneOf(field: HtcdsField, values: readonly string[]) {
  return z.enum(values as [string, ...string[]], {
    error: (issue) => (issue.input === undefined ? `${field} is required` : `${field}: "${String(issue.input)}" is not an HTCDS value (expected ${values.join(', ')})`),
  });
}
const required = <T extends z.ZodType>(schema: T) => z.preprocess(blankToUndefined, schema);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blankToUndefined, schema.optional());

function listOf(field: HtcdsField, allowed: (v: string) => boolean, expected: string) {
  return z.preprocess(split, z.array(z.string().refine(allowed, {
    error: (issue) => `${field}: "${String(issue.input)}" is not ${expected}`,
  })));
}

/**
 * One line of a partner's HTCDS file, validated and normalised: known HTCDS values only, ISO dates and
 * codes, multi-select values split on semicolons. The same schema reads the lines of Palermo's own export.
 */
export function htcdsLineSchema(codes: CodeLists) {
  const vocabulary = (field: keyof typeof htcdsVocabulary): readonly string[] => htcdsVocabulary[field];
  const closedList = (field: keyof typeof htcdsVocabulary) =>
    listOf(field, (v) => vocabulary(field).includes(v), `an HTCDS value (expected ${vocabulary(field).join(', ')})`);
  return z.object({
    cas_CaseID: z.preprocess(blankToUndefined, z.string({ error: 'cas_CaseID is required' })
      .max(100, { error: 'cas_CaseID must be 100 characters or fewer' })
      .regex(/^[\p{L}\p{N}._:/-]+$/u, { error: 'cas_CaseID may hold only letters, digits and . _ : / -' })),
    cas_IncomingReferralDate: z.preprocess(blankToUndefined,
      z.iso.date({ error: 'cas_IncomingReferralDate must be a date in the form YYYY-MM-DD' }).optional()),
    prs_Gender: required(oneOf('prs_Gender', vocabulary('prs_Gender'))),
    prs_AgeBroad: required(oneOf('prs_AgeBroad', vocabulary('prs_AgeBroad'))),
    prs_Citizenship: listOf('prs_Citizenship', (v) => codes.nationalities.has(v), 'an ISO 3166-1 alpha-2 country code'),
    prs_PrimaryLanguage: z.preprocess(blankToUndefined, z.string().refine((v) => codes.languages.has(v), {
      error: (issue) => `prs_PrimaryLanguage: "${String(issue.input)}" is not an ISO 639-1 language code`,
    }).optional()),
    vic_TypeOfExploitation: closedList('vic_TypeOfExploitation'),
    vic_MethodsOfControl: closedList('vic_MethodsOfControl'),
    vic_MethodsOfRecruitment: closedList('vic_MethodsOfRecruitment'),
    vic_TraffickingStatus: optional(oneOf('vic_TraffickingStatus', vocabulary('vic_TraffickingStatus'))),
    org_Type: optional(oneOf('org_Type', vocabulary('org_Type'))),
  }).transform((line): HtcdsRecord => ({
    caseId: line.cas_CaseID,
    referralDate: line.cas_IncomingReferralDate ?? null,
    gender: line.prs_Gender,
    ageBroad: line.prs_AgeBroad,
    citizenship: line.prs_Citizenship,
    primaryLanguage: line.prs_PrimaryLanguage ?? null,
    exploitationTypes: line.vic_TypeOfExploitation,
    methodsOfControl: line.vic_MethodsOfControl,
    methodsOfRecruitment: line.vic_MethodsOfRecruitment,
    traffickingStatus: line.vic_TraffickingStatus ?? null,
    orgType: line.org_Type ?? null,
  }));
}

/**
 * What is wrong with a header row, if anything. Identity columns are refused before anything else is
 * read: a file that carries names, contact details or dates of birth is not HTCDS exchange.
 */
export function headerProblems(header: readonly string[]): string[] {
  const problems: string[] = [];
  const known = new Set<string>(htcdsFields);
  const seen = new Set<string>();
  for (const column of header) {
    if (isIdentityField(column)) {
      problems.push(`Column "${column}" would identify a person: HTCDS exchange carries no names, contact details or dates of birth, so the file was refused`);
    } else if (!known.has(column)) {
      problems.push(`Column "${column}" is not an HTCDS field this service accepts (accepted: ${htcdsFields.join(', ')})`);
    } else if (seen.has(column)) {
      problems.push(`Column "${column}" appears more than once`);
    }
    seen.add(column);
  }
  for (const field of requiredFields) if (!seen.has(field)) problems.push(`Column "${field}" is missing: it is required`);
  return problems;
}

const isoDate = (label: string) => z.iso.date({ error: `Enter ${label} as a date in the form YYYY-MM-DD` });

/** The period (received date, UK) and nation of an export; shared by the download and the command. */
export const exportScopeSchema = z.object({
  from: z.preprocess(blankToUndefined, isoDate('the first day')),
  to: z.preprocess(blankToUndefined, isoDate('the last day')),
  nation: z.preprocess(blankToUndefined, z.enum(nations, { error: `Nation must be one of ${nations.join(', ')}` }).optional()),
}).refine((s) => s.from <= s.to, { error: 'The first day must be on or before the last day', path: ['to'] });
export type ExportScope = z.infer<typeof exportScopeSchema>;
