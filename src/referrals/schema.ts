import { z } from 'zod';
import {
  asylumClaimCodes, detentionCodes, exploitationTypeCodes, genderCodes, immigrationStatusCodes, indicatorCodes,
  letterRecipientCodes, meansOfControlCodes, recruitmentCodes, supportNeedCodes, under18Codes,
} from './vocabulary.js';

/**
 * One schema for a referral, shared by the question pages, the JSON API and import. Field-level rules
 * are here; rules across fields (age against dates, consent, Duty to Notify anonymity) are in
 * `checkReferral` so that every entry point reports them the same way, against the same field paths.
 */
const trimmed = (max: number) => z.string().trim().max(max, `Must be ${max} characters or fewer`);
const optionalText = (max: number) => z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), trimmed(max).optional());
const isoDate = z.iso.date({ error: 'Enter a real date in the format YYYY-MM-DD' });
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Enter a month and year, like 2025-03');
const codeList = (max = 20) => z.array(z.string().trim().min(1).max(10)).max(max);

export const situationSchema = z.object({
  types: z.array(z.enum(exploitationTypeCodes, { error: 'Select a type of exploitation from the list' }))
    .min(1, 'Select at least one type of exploitation'),
  countyLines: z.boolean().default(false),
  startMonth: month,
  endMonth: month.optional(),
  ongoing: z.boolean().default(false),
  /** Codes from the uk_place list. */
  ukPlaces: z.array(z.string().trim().min(1).max(40)).max(20).default([]),
  /** ISO 3166-1 alpha-2 codes. */
  overseasCountries: codeList().default([]),
  locationUnknown: z.boolean().default(false),
  recruitment: z.array(z.enum(recruitmentCodes, { error: 'Select a method of recruitment from the list' })).default([]),
  meansOfControl: z.array(z.enum(meansOfControlCodes, { error: 'Select a means of control from the list' })).default([]),
  indicators: z.array(z.enum(indicatorCodes, { error: 'Select an indicator from the list' })).default([]),
  narrative: optionalText(20_000),
});
export type Situation = z.infer<typeof situationSchema>;

export const personSchema = z.object({
  givenName: optionalText(100),
  familyName: optionalText(100),
  aliases: z.array(trimmed(200).min(1)).max(10).default([]),
  dateOfBirth: isoDate.optional(),
  estimatedAge: z.number().int('Enter a whole number of years').min(0, 'Enter an age of 0 or more').max(120, 'Enter an age of 120 or less').optional(),
  gender: z.enum(genderCodes, { error: 'Select the person’s gender' }),
  /** ISO 3166-1 alpha-2, several allowed. */
  nationalities: z.array(z.string().trim().regex(/^[A-Z]{2}$/, 'Select a nationality from the list')).min(1, 'Select at least one nationality (or “Not known”)').max(5),
  /** ISO 639 codes. */
  languages: z.array(z.string().trim().regex(/^[a-z]{2,3}$/, 'Select a language from the list')).max(5).default([]),
  interpreterNeeded: z.boolean().default(false),
  phone: optionalText(40),
  email: z.preprocess((v) => (v === '' ? undefined : v), z.email({ error: 'Enter an email address in the correct format' }).max(254).optional()),
  postalAddress: optionalText(500),
  safeContactNotes: optionalText(1000),
  letterRecipient: z.enum(letterRecipientCodes, { error: 'Select who may receive decision letters' }).optional(),
  representativeName: optionalText(200),
  representativeEmail: z.preprocess((v) => (v === '' ? undefined : v), z.email({ error: 'Enter an email address in the correct format' }).max(254).optional()),
  immigrationStatus: z.enum(immigrationStatusCodes, { error: 'Select the person’s immigration status' }).optional(),
  asylumClaim: z.enum(asylumClaimCodes, { error: 'Select whether the person has claimed asylum' }).optional(),
  detention: z.enum(detentionCodes, { error: 'Select whether the person is detained' }).optional(),
  currentPlace: optionalText(40),
  currentLocationNotes: optionalText(500),
});
export type Person = z.infer<typeof personSchema>;

export const childLocalAuthoritySchema = z.object({
  code: z.string({ error: 'Select the child’s local authority' }).trim().min(1, 'Select the child’s local authority').max(40),
  contactName: trimmed(200).min(1, 'Enter the name of the local authority contact'),
  contactEmail: z.email({ error: 'Enter the contact’s email address in the correct format' }).max(254),
  contactPhone: optionalText(40),
});

export const referralSubmissionSchema = z.object({
  under18: z.enum(under18Codes, { error: 'Select whether the person is under 18' }),
  /** Adults only: informed consent to an NRM referral. */
  consent: z.boolean().optional(),
  person: personSchema,
  childLocalAuthority: childLocalAuthoritySchema.optional(),
  situations: z.array(situationSchema).min(1, 'Describe at least one situation of exploitation').max(10),
  policeForceCode: optionalText(20),
  crimeReference: optionalText(60),
  localAuthorityCaseNumber: optionalText(60),
  supportNeeds: z.array(z.enum(supportNeedCodes, { error: 'Select a support need from the list' })).default([]),
});
export type ReferralSubmission = z.infer<typeof referralSubmissionSchema>;

export interface FieldProblem {
  /** Dotted path, e.g. `person.dateOfBirth` or `situations.0.startMonth`. */
  field: string;
  message: string;
}

export type ReferralRoute = 'nrm' | 'duty_to_notify';

/** Identity fields a Duty to Notify report must never carry. */
export const identityFields = [
  'givenName', 'familyName', 'aliases', 'dateOfBirth', 'phone', 'email', 'postalAddress', 'safeContactNotes',
  'representativeName', 'representativeEmail', 'currentLocationNotes',
] as const;

export function treatedAsChild(submission: Pick<ReferralSubmission, 'under18'>): boolean {
  // "Not sure" is treated as a child until an age assessment says otherwise.
  return submission.under18 !== 'no';
}

export function routeOf(submission: Pick<ReferralSubmission, 'under18' | 'consent'>): ReferralRoute {
  return !treatedAsChild(submission) && submission.consent === false ? 'duty_to_notify' : 'nrm';
}

function ageOn(birth: string, on: string): number {
  const [by, bm, bd] = birth.split('-').map(Number) as [number, number, number];
  const [y, m, d] = on.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

export interface ReferralCheckContext {
  /** UK date of referral (YYYY-MM-DD). */
  today: string;
  /** Only public authorities in England and Wales have the Duty to Notify. */
  mayNotify: boolean;
}

/** Rules across fields. Returns every problem, each against the field to correct. */
export function checkReferral(s: ReferralSubmission, context: ReferralCheckContext): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const child = treatedAsChild(s);
  const route = routeOf(s);
  const p = s.person;
  const thisMonth = context.today.slice(0, 7);

  if (!child && s.consent === undefined) problems.push({ field: 'consent', message: 'Select whether the person consents to being referred' });
  if (child && s.consent !== undefined) problems.push({ field: 'consent', message: 'A child is referred without consent: remove the consent answer' });
  if (route === 'duty_to_notify' && !context.mayNotify) {
    problems.push({ field: 'consent', message: 'Without consent, only public authorities in England and Wales can make a Duty to Notify report. You cannot refer this adult without their consent.' });
  }

  if (route === 'duty_to_notify') {
    for (const field of identityFields) {
      const value = p[field];
      if (value !== undefined && !(Array.isArray(value) && value.length === 0)) {
        problems.push({ field: `person.${field}`, message: 'A Duty to Notify report is anonymous: do not give the person’s name, contact details or date of birth' });
      }
    }
    for (const [i, situation] of s.situations.entries()) {
      if (situation.narrative) problems.push({ field: `situations.${i}.narrative`, message: 'A Duty to Notify report is anonymous: leave out the account, it may identify the person' });
    }
  } else {
    if (!p.givenName && !p.familyName && p.aliases.length === 0) problems.push({ field: 'person.givenName', message: 'Enter the person’s name, or a name they are known by' });
    if (!p.dateOfBirth && p.estimatedAge === undefined) problems.push({ field: 'person.dateOfBirth', message: 'Enter the date of birth or an estimated age' });
    if (!p.letterRecipient) problems.push({ field: 'person.letterRecipient', message: 'Select who may receive decision letters' });
    if (p.letterRecipient === 'person' && !p.email && !p.postalAddress && !p.phone) {
      problems.push({ field: 'person.email', message: 'Give a safe contact for the person, or choose another recipient for decision letters' });
    }
    if (p.letterRecipient === 'representative' && (!p.representativeName || !p.representativeEmail)) {
      problems.push({ field: 'person.representativeName', message: 'Enter the name and email address of the representative who may receive decision letters' });
    }
  }

  if (p.dateOfBirth) {
    if (p.dateOfBirth > context.today) problems.push({ field: 'person.dateOfBirth', message: 'Date of birth must be in the past' });
    const age = ageOn(p.dateOfBirth, context.today);
    if (s.under18 === 'no' && age < 18) problems.push({ field: 'under18', message: `The date of birth shows the person is ${age}: answer “Yes” or “Not sure” to whether they are under 18` });
    if (s.under18 === 'yes' && age >= 18) problems.push({ field: 'under18', message: `The date of birth shows the person is ${age}: answer “No” to whether they are under 18, or correct the date of birth` });
  } else if (p.estimatedAge !== undefined) {
    if (s.under18 === 'no' && p.estimatedAge < 18) problems.push({ field: 'under18', message: 'The estimated age is under 18: answer “Yes” or “Not sure”' });
    if (s.under18 === 'yes' && p.estimatedAge >= 18) problems.push({ field: 'person.estimatedAge', message: 'The estimated age is 18 or over but you answered that the person is under 18' });
  }

  if (child && route === 'nrm' && !s.childLocalAuthority) {
    problems.push({ field: 'childLocalAuthority.code', message: 'Select the child’s local authority: children’s services are told at once' });
  }
  if (!child && s.supportNeeds.length > 0 && route === 'duty_to_notify') {
    problems.push({ field: 'supportNeeds', message: 'Support can be offered only to a person who consents to a referral' });
  }

  for (const [i, situation] of s.situations.entries()) {
    const at = (f: string) => `situations.${i}.${f}`;
    if (situation.startMonth > thisMonth) problems.push({ field: at('startMonth'), message: 'The start of the exploitation must not be in the future' });
    if (situation.endMonth && situation.endMonth > thisMonth) problems.push({ field: at('endMonth'), message: 'The end of the exploitation must not be in the future' });
    if (situation.endMonth && situation.endMonth < situation.startMonth) problems.push({ field: at('endMonth'), message: 'The end of the exploitation must be the same as or after its start' });
    if (!situation.endMonth && !situation.ongoing) problems.push({ field: at('endMonth'), message: 'Enter when the exploitation ended, or say it is still happening' });
    if (situation.endMonth && situation.ongoing) problems.push({ field: at('endMonth'), message: 'An exploitation that is still happening has no end month' });
    if (p.dateOfBirth && situation.startMonth < p.dateOfBirth.slice(0, 7)) problems.push({ field: at('startMonth'), message: 'The exploitation cannot start before the person was born' });
    if (situation.countyLines && !situation.types.includes('criminal')) problems.push({ field: at('countyLines'), message: 'County lines is a kind of criminal exploitation: select criminal exploitation too' });
    if (situation.types.includes('not_specified') && situation.types.length > 1) problems.push({ field: at('types'), message: '“Not specified” cannot be combined with other types' });
    if (!situation.locationUnknown && situation.ukPlaces.length === 0 && situation.overseasCountries.length === 0) {
      problems.push({ field: at('ukPlaces'), message: 'Give where the exploitation happened, or say it is not known' });
    }
  }
  return problems;
}

/** Age at exploitation for statistics: a child if under 18 when the earliest exploitation began. */
export function ageGroupAtExploitation(s: ReferralSubmission, today: string): 'adult' | 'child' | 'not_specified' {
  const earliest = s.situations.map((x) => x.startMonth).sort()[0];
  const p = s.person;
  if (p.dateOfBirth && earliest) return ageOn(p.dateOfBirth, `${earliest}-01`) < 18 ? 'child' : 'adult';
  if (p.estimatedAge !== undefined && earliest) {
    const yearsAgo = Number(today.slice(0, 4)) - Number(earliest.slice(0, 4));
    return p.estimatedAge - yearsAgo < 18 ? 'child' : 'adult';
  }
  if (treatedAsChild(s)) return 'child';
  return s.under18 === 'no' ? 'adult' : 'not_specified';
}

export function exploitationLocation(situations: Situation[]): 'uk' | 'overseas' | 'both' | 'unknown' {
  const uk = situations.some((s) => s.ukPlaces.length > 0);
  const overseas = situations.some((s) => s.overseasCountries.length > 0);
  return uk && overseas ? 'both' : uk ? 'uk' : overseas ? 'overseas' : 'unknown';
}
