import type { z } from 'zod';
import { checkReferral, referralSubmissionSchema, type FieldProblem, type ReferralCheckContext, type ReferralSubmission } from './schema.js';
import type { ReferenceCode } from './store.js';

/*
 * The whole check of a submission, the same for pages, API and import, in three steps: field rules
 * (parseReferral), then rules across fields and codes against the reference lists, which administrators
 * may change (completeValidation, given the codes the lists know: the caller reads them with what else
 * it needs from the database, in one round trip).
 */
export type Validation = { ok: true; value: ReferralSubmission } | { ok: false; problems: FieldProblem[] };

/** A reference-list code in a submission, with the field it was given in. */
export type WantedCode = ReferenceCode & { field: string };

export function zodProblems(error: z.ZodError): FieldProblem[] {
  return error.issues.map((i) => ({ field: i.path.join('.') || 'referral', message: i.message }));
}

/** The field rules: the first step, needing no database. */
export function parseReferral(input: unknown): Validation {
  const parsed = referralSubmissionSchema.safeParse(input);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, problems: zodProblems(parsed.error) };
}

/** Every code that must be an active item of a reference list. */
export function referenceCodesOf(s: ReferralSubmission): WantedCode[] {
  const wanted: WantedCode[] = [];
  s.person.nationalities.forEach((code, i) => wanted.push({ list: 'nationality', code, field: `person.nationalities.${i}` }));
  s.person.languages.forEach((code, i) => wanted.push({ list: 'language', code, field: `person.languages.${i}` }));
  if (s.person.currentPlace) wanted.push({ list: 'uk_place', code: s.person.currentPlace, field: 'person.currentPlace' });
  if (s.policeForceCode) wanted.push({ list: 'police_force', code: s.policeForceCode, field: 'policeForceCode' });
  if (s.childLocalAuthority) wanted.push({ list: 'local_authority', code: s.childLocalAuthority.code, field: 'childLocalAuthority.code' });
  s.situations.forEach((situation, i) => {
    situation.ukPlaces.forEach((code, j) => wanted.push({ list: 'uk_place', code, field: `situations.${i}.ukPlaces.${j}` }));
    situation.overseasCountries.forEach((code, j) => wanted.push({ list: 'nationality', code, field: `situations.${i}.overseasCountries.${j}` }));
  });
  return wanted;
}

/** Rules across fields, then the codes the reference lists do not know, given those they do. */
export function completeValidation(s: ReferralSubmission, context: ReferralCheckContext, wanted: WantedCode[], known: ReferenceCode[]): Validation {
  const problems = checkReferral(s, context);
  const knownKeys = new Set(known.map((k) => `${k.list}:${k.code}`));
  for (const u of wanted.filter((w) => !knownKeys.has(`${w.list}:${w.code}`))) {
    const field = wanted.find((w) => w.list === u.list && w.code === u.code)!.field;
    problems.push({ field, message: `“${u.code}” is not in the list of ${u.list.replaceAll('_', ' ')}s: choose one from the list` });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: s };
}
