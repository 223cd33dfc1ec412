import { z } from 'zod';
import { readDateInput } from '../platform/http/forms.js';
import {
  childLocalAuthoritySchema, personSchema, referralSubmissionSchema, treatedAsChild,
  type FieldProblem, type Person, type ReferralSubmission,
} from './schema.js';
import type { PageId } from './journey.js';

/**
 * The answers of a draft are a partial referral submission: the same shape the API takes, so that the
 * check-your-answers page can run the very validation a submission gets. This module maps each
 * question page's form post onto that shape and back, validating only the page's own questions with the
 * schema's pieces (and its messages).
 */
export type DraftPerson = Partial<Person>;
export type DraftAnswers = Partial<Omit<ReferralSubmission, 'person'>> & { person?: DraftPerson };

/** A form post as @fastify/formbody parses it: repeated names arrive as arrays. */
export type FormBody = Record<string, unknown>;
/** What a page's fields show: the saved answers as form values, or a rejected post as it came. */
export type FormValues = Record<string, string | string[] | undefined>;

export interface PageContext {
  /** UK date today (YYYY-MM-DD). */
  today: string;
  mayNotify: boolean;
}

export type PageResult = { ok: true; answers: DraftAnswers } | { ok: false; problems: FieldProblem[] };

export interface QuestionPage {
  /** The questions the page asks, as paths in the submission: audited as the fields read or written. */
  fields: string[];
  values(answers: DraftAnswers): FormValues;
  /** This page's answers put into `answers`, or every problem against the form field to correct (its id). */
  apply(body: FormBody, answers: DraftAnswers, context: PageContext): PageResult;
}

// ---- Reading form posts ----------------------------------------------------------------------

export function text(body: FormBody, name: string): string {
  const value = body[name];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first.trim() : '';
}

/** Checkbox groups and numbered selects: the non-empty values, each once, in order. */
export function list(body: FormBody, ...names: string[]): string[] {
  const values = names.flatMap((name) => {
    const value = body[name];
    return (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string').map((v) => v.trim());
  });
  return [...new Set(values.filter((v) => v !== ''))];
}

const blank = (value: string) => (value === '' ? undefined : value);
const yesNo = (value: string) => (value === 'yes' ? true : value === 'no' ? false : undefined);
const asYesNo = (value: boolean | undefined) => (value === undefined ? undefined : value ? 'yes' : 'no');
export const numbered = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}${i + 1}`);
/** Up to `count` selects of one list, e.g. nationality1..3, filled from the saved codes. */
export const spread = (prefix: string, count: number, codes: string[] | undefined): FormValues =>
  Object.fromEntries(numbered(prefix, count).map((name, i) => [name, codes?.[i]]));

/** Parses with a schema; each problem is reported against the form field `idOf` names for its path. */
export function parseWith<S extends z.ZodType>(schema: S, input: unknown, idOf: (path: string) => string): { ok: true; value: z.infer<S> } | { ok: false; problems: FieldProblem[] } {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, problems: result.error.issues.map((i) => ({ field: idOf(i.path.join('.')), message: i.message })) };
}

const same = (path: string) => path.split('.')[0] ?? path;
const withPerson = (answers: DraftAnswers, changes: DraftPerson): DraftAnswers => ({ ...answers, person: withoutUndefined({ ...answers.person, ...changes }) });

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** Whether these answers make an anonymous Duty to Notify report. */
export function isAnonymous(answers: DraftAnswers): boolean {
  return answers.under18 === 'no' && answers.consent === false;
}

// ---- The question pages ----------------------------------------------------------------------

const under18: QuestionPage = {
  fields: ['under18'],
  values: (a) => ({ under18: a.under18 }),
  apply(body, answers) {
    const parsed = parseWith(z.object({ under18: referralSubmissionSchema.shape.under18 }), { under18: blank(text(body, 'under18')) }, same);
    return parsed.ok ? { ok: true, answers: { ...answers, under18: parsed.value.under18 } } : parsed;
  },
};

const consent: QuestionPage = {
  fields: ['consent'],
  values: (a) => ({ consent: asYesNo(a.consent) }),
  apply(body, answers) {
    const value = yesNo(text(body, 'consent'));
    if (value === undefined) return { ok: false, problems: [{ field: 'consent', message: 'Select whether the person consents to being referred' }] };
    return { ok: true, answers: { ...answers, consent: value } };
  },
};

const childLocalAuthority: QuestionPage = {
  fields: ['childLocalAuthority.code', 'childLocalAuthority.contactName', 'childLocalAuthority.contactEmail', 'childLocalAuthority.contactPhone'],
  values: (a) => ({ ...a.childLocalAuthority }),
  apply(body, answers) {
    const input = { code: text(body, 'code'), contactName: text(body, 'contactName'), contactEmail: text(body, 'contactEmail'), contactPhone: text(body, 'contactPhone') };
    const parsed = parseWith(childLocalAuthoritySchema, input, same);
    return parsed.ok ? { ok: true, answers: { ...answers, childLocalAuthority: withoutUndefined(parsed.value) } } : parsed;
  },
};

const name: QuestionPage = {
  fields: ['person.givenName', 'person.familyName', 'person.aliases'],
  values: (a) => ({ givenName: a.person?.givenName, familyName: a.person?.familyName, aliases: a.person?.aliases?.join('\n') }),
  apply(body, answers) {
    const aliases = text(body, 'aliases').split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== '');
    const schema = personSchema.pick({ givenName: true, familyName: true, aliases: true });
    const parsed = parseWith(schema, { givenName: text(body, 'givenName'), familyName: text(body, 'familyName'), aliases }, same);
    if (!parsed.ok) return parsed;
    const p = parsed.value;
    if (!p.givenName && !p.familyName && p.aliases.length === 0) {
      return { ok: false, problems: [{ field: 'givenName', message: 'Enter the person’s name, or a name they are known by' }] };
    }
    return { ok: true, answers: withPerson(answers, { givenName: p.givenName, familyName: p.familyName, aliases: p.aliases }) };
  },
};

const dateOfBirth: QuestionPage = {
  fields: ['person.dateOfBirth', 'person.estimatedAge'],
  values(a) {
    const [year, month, day] = a.person?.dateOfBirth?.split('-') ?? [];
    return {
      'dateOfBirth-day': day?.replace(/^0/, ''), 'dateOfBirth-month': month?.replace(/^0/, ''), 'dateOfBirth-year': year,
      estimatedAge: a.person?.estimatedAge === undefined ? undefined : String(a.person.estimatedAge),
    };
  },
  apply(body, answers, context) {
    const problems: FieldProblem[] = [];
    const birth = readDateInput(body, 'dateOfBirth', 'Date of birth');
    if (birth.problem) problems.push(birth.problem);
    if (birth.iso && birth.iso > context.today) problems.push({ field: 'dateOfBirth-day', message: 'Date of birth must be in the past' });
    const ageText = text(body, 'estimatedAge');
    let estimatedAge: number | undefined;
    if (ageText !== '') {
      const parsed = /^\d+$/.test(ageText)
        ? parseWith(personSchema.shape.estimatedAge, Number(ageText), () => 'estimatedAge')
        : { ok: false as const, problems: [{ field: 'estimatedAge', message: 'Enter the estimated age as a whole number of years, like 25' }] };
      if (parsed.ok) estimatedAge = parsed.value;
      else problems.push(...parsed.problems);
    }
    if (problems.length === 0 && !birth.iso && estimatedAge === undefined) {
      problems.push({ field: 'dateOfBirth-day', message: 'Enter the date of birth or an estimated age' });
    }
    if (problems.length > 0) return { ok: false, problems };
    return { ok: true, answers: withPerson(answers, { dateOfBirth: birth.iso, estimatedAge }) };
  },
};

const aboutThePerson: QuestionPage = {
  fields: ['person.gender', 'person.nationalities', 'person.languages', 'person.interpreterNeeded'],
  values: (a) => ({
    gender: a.person?.gender, ...spread('nationality', 3, a.person?.nationalities), ...spread('language', 3, a.person?.languages),
    interpreterNeeded: a.person?.interpreterNeeded ? 'yes' : undefined,
  }),
  apply(body, answers) {
    const anonymous = isAnonymous(answers);
    const input = {
      gender: blank(text(body, 'gender')),
      nationalities: list(body, ...numbered('nationality', 3)),
      // A Duty to Notify report carries only gender and nationality about the person.
      languages: anonymous ? [] : list(body, ...numbered('language', 3)),
      interpreterNeeded: !anonymous && text(body, 'interpreterNeeded') === 'yes',
    };
    const schema = personSchema.pick({ gender: true, nationalities: true, languages: true, interpreterNeeded: true });
    const parsed = parseWith(schema, input, (path) => {
      const [field, index] = path.split('.');
      const prefix = field === 'nationalities' ? 'nationality' : field === 'languages' ? 'language' : undefined;
      return prefix ? `${prefix}${Number(index ?? 0) + 1}` : (field ?? path);
    });
    if (!parsed.ok) return parsed;
    const p = parsed.value;
    return {
      ok: true,
      answers: withPerson(answers, {
        gender: p.gender, nationalities: p.nationalities,
        languages: anonymous ? undefined : p.languages, interpreterNeeded: anonymous ? undefined : p.interpreterNeeded,
      }),
    };
  },
};

const safeContact: QuestionPage = {
  fields: ['person.phone', 'person.email', 'person.postalAddress', 'person.safeContactNotes', 'person.letterRecipient', 'person.representativeName', 'person.representativeEmail'],
  values: (a) => {
    const p = a.person ?? {};
    return {
      phone: p.phone, email: p.email, postalAddress: p.postalAddress, safeContactNotes: p.safeContactNotes,
      letterRecipient: p.letterRecipient, representativeName: p.representativeName, representativeEmail: p.representativeEmail,
    };
  },
  apply(body, answers) {
    const recipient = text(body, 'letterRecipient');
    const representative = recipient === 'representative';
    const input = {
      phone: text(body, 'phone'), email: text(body, 'email'), postalAddress: text(body, 'postalAddress'), safeContactNotes: text(body, 'safeContactNotes'),
      letterRecipient: blank(recipient),
      // The representative's details belong to that answer only: another choice clears them.
      representativeName: representative ? text(body, 'representativeName') : '',
      representativeEmail: representative ? text(body, 'representativeEmail') : '',
    };
    const schema = personSchema.pick({
      phone: true, email: true, postalAddress: true, safeContactNotes: true, letterRecipient: true, representativeName: true, representativeEmail: true,
    });
    const parsed = parseWith(schema, input, same);
    const problems = parsed.ok ? [] : [...parsed.problems];
    if (!input.letterRecipient && !problems.some((p) => p.field === 'letterRecipient')) {
      problems.push({ field: 'letterRecipient', message: 'Select who may receive decision letters' });
    }
    if (recipient === 'person' && !input.email && !input.postalAddress && !input.phone) {
      problems.push({ field: 'email', message: 'Give a safe contact for the person, or choose another recipient for decision letters' });
    }
    if (representative) {
      const message = 'Enter the name and email address of the representative who may receive decision letters';
      if (!input.representativeName) problems.push({ field: 'representativeName', message });
      if (!input.representativeEmail) problems.push({ field: 'representativeEmail', message });
    }
    if (!parsed.ok || problems.length > 0) return { ok: false, problems };
    return { ok: true, answers: withPerson(answers, parsed.value) };
  },
};

const immigration: QuestionPage = {
  fields: ['person.immigrationStatus', 'person.asylumClaim', 'person.detention', 'person.currentPlace', 'person.currentLocationNotes'],
  values: (a) => {
    const p = a.person ?? {};
    return { immigrationStatus: p.immigrationStatus, asylumClaim: p.asylumClaim, detention: p.detention, currentPlace: p.currentPlace, currentLocationNotes: p.currentLocationNotes };
  },
  apply(body, answers) {
    const input = {
      immigrationStatus: blank(text(body, 'immigrationStatus')), asylumClaim: blank(text(body, 'asylumClaim')), detention: blank(text(body, 'detention')),
      currentPlace: text(body, 'currentPlace'), currentLocationNotes: text(body, 'currentLocationNotes'),
    };
    const schema = personSchema.pick({ immigrationStatus: true, asylumClaim: true, detention: true, currentPlace: true, currentLocationNotes: true });
    const parsed = parseWith(schema, input, same);
    return parsed.ok ? { ok: true, answers: withPerson(answers, parsed.value) } : parsed;
  },
};

const otherAgencies: QuestionPage = {
  fields: ['policeForceCode', 'crimeReference', 'localAuthorityCaseNumber'],
  values: (a) => ({ policeForceCode: a.policeForceCode, crimeReference: a.crimeReference, localAuthorityCaseNumber: a.localAuthorityCaseNumber }),
  apply(body, answers) {
    const anonymous = isAnonymous(answers);
    const input = {
      policeForceCode: text(body, 'policeForceCode'),
      // An anonymous report names the police force only: references could lead back to the person.
      crimeReference: anonymous ? '' : text(body, 'crimeReference'),
      localAuthorityCaseNumber: anonymous ? '' : text(body, 'localAuthorityCaseNumber'),
    };
    const schema = referralSubmissionSchema.pick({ policeForceCode: true, crimeReference: true, localAuthorityCaseNumber: true });
    const parsed = parseWith(schema, input, same);
    return parsed.ok ? { ok: true, answers: withoutUndefined({ ...answers, ...parsed.value }) } : parsed;
  },
};

const supportNeeds: QuestionPage = {
  fields: ['supportNeeds'],
  values: (a) => ({ supportNeeds: a.supportNeeds ?? [] }),
  apply(body, answers) {
    const parsed = parseWith(z.object({ supportNeeds: referralSubmissionSchema.shape.supportNeeds }), { supportNeeds: list(body, 'supportNeeds') }, same);
    return parsed.ok ? { ok: true, answers: { ...answers, supportNeeds: parsed.value.supportNeeds } } : parsed;
  },
};

/** The question pages that are one form each (the situations have pages of their own). */
export const questionPages: Partial<Record<PageId, QuestionPage>> = {
  'under-18': under18,
  consent,
  'child-local-authority': childLocalAuthority,
  name,
  'date-of-birth': dateOfBirth,
  'about-the-person': aboutThePerson,
  'safe-contact': safeContact,
  immigration,
  'other-agencies': otherAgencies,
  'support-needs': supportNeeds,
};

// ---- Keeping the answers consistent ----------------------------------------------------------

const identityOnly: (keyof Person)[] = [
  'givenName', 'familyName', 'aliases', 'dateOfBirth', 'estimatedAge', 'languages', 'interpreterNeeded', 'phone', 'email', 'postalAddress',
  'safeContactNotes', 'letterRecipient', 'representativeName', 'representativeEmail', 'immigrationStatus', 'asylumClaim', 'detention',
  'currentPlace', 'currentLocationNotes',
];

/**
 * Removes answers to questions that no longer apply after a change: a child has no consent answer and
 * no adult support needs; an adult has no child's local authority; and a Duty to Notify report is
 * anonymous, so what identifies the person is dropped from the draft as soon as that route is taken.
 */
export function withoutAnswersThatDoNotApply(answers: DraftAnswers, context: { mayNotify: boolean }): DraftAnswers {
  if (answers.under18 === undefined) return answers;
  const next: DraftAnswers = { ...answers };
  if (treatedAsChild({ under18: answers.under18 })) {
    delete next.consent;
    delete next.supportNeeds;
    return next;
  }
  delete next.childLocalAuthority;
  if (answers.consent === true || answers.consent === undefined) return next;
  delete next.supportNeeds;
  if (!context.mayNotify) return next; // a dead end: kept in case the person later consents
  if (next.person) next.person = Object.fromEntries(Object.entries(next.person).filter(([key]) => !identityOnly.includes(key as keyof Person)));
  next.situations = next.situations?.map(({ narrative: _narrative, ...rest }) => rest);
  delete next.crimeReference;
  delete next.localAuthorityCaseNumber;
  return next;
}

/**
 * Required answers not given yet, with the messages `checkReferral` uses. The schema stops at its first
 * failures (a missing gender, say) before the rules across fields run, so without these a half-finished
 * draft would not show everything still to answer.
 */
export function missingAnswers(answers: DraftAnswers): FieldProblem[] {
  if (answers.under18 === undefined) return [];
  const problems: FieldProblem[] = [];
  const child = treatedAsChild({ under18: answers.under18 });
  const p = answers.person ?? {};
  if (!child && answers.consent === undefined) problems.push({ field: 'consent', message: 'Select whether the person consents to being referred' });
  if (child && !answers.childLocalAuthority) problems.push({ field: 'childLocalAuthority.code', message: 'Select the child’s local authority: children’s services are told at once' });
  if (isAnonymous(answers)) return problems;
  if (!p.givenName && !p.familyName && !p.aliases?.length) problems.push({ field: 'person.givenName', message: 'Enter the person’s name, or a name they are known by' });
  if (!p.dateOfBirth && p.estimatedAge === undefined) problems.push({ field: 'person.dateOfBirth', message: 'Enter the date of birth or an estimated age' });
  if (!p.letterRecipient) problems.push({ field: 'person.letterRecipient', message: 'Select who may receive decision letters' });
  return problems;
}

/** The draft as a submission to validate or submit: lists the person has not been asked about yet are empty. */
export function submissionFrom(answers: DraftAnswers): Record<string, unknown> {
  return {
    ...answers,
    person: { aliases: [], nationalities: [], languages: [], ...answers.person },
    situations: answers.situations ?? [],
    supportNeeds: answers.supportNeeds ?? [],
  };
}
