import type { z } from 'zod';
import type { Db } from '../platform/db/database.js';
import { checkReferral, referralSubmissionSchema, type FieldProblem, type ReferralCheckContext, type ReferralSubmission } from './schema.js';
import { unknownReferenceCodes } from './store.js';

export type Validation = { ok: true; value: ReferralSubmission } | { ok: false; problems: FieldProblem[] };

function zodProblems(error: z.ZodError): FieldProblem[] {
  return error.issues.map((i) => ({ field: i.path.join('.') || 'referral', message: i.message }));
}

/**
 * The whole check of a submission, the same for pages, API and import: field rules, rules across
 * fields, then codes against the reference lists (which administrators may change).
 */
export async function validateReferral(db: Db, input: unknown, context: ReferralCheckContext): Promise<Validation> {
  const parsed = referralSubmissionSchema.safeParse(input);
  if (!parsed.success) return { ok: false, problems: zodProblems(parsed.error) };
  const s = parsed.data;
  const problems = checkReferral(s, context);

  const wanted: { list: string; code: string; field: string }[] = [];
  s.person.nationalities.forEach((code, i) => wanted.push({ list: 'nationality', code, field: `person.nationalities.${i}` }));
  s.person.languages.forEach((code, i) => wanted.push({ list: 'language', code, field: `person.languages.${i}` }));
  if (s.person.currentPlace) wanted.push({ list: 'uk_place', code: s.person.currentPlace, field: 'person.currentPlace' });
  if (s.policeForceCode) wanted.push({ list: 'police_force', code: s.policeForceCode, field: 'policeForceCode' });
  if (s.childLocalAuthority) wanted.push({ list: 'local_authority', code: s.childLocalAuthority.code, field: 'childLocalAuthority.code' });
  s.situations.forEach((situation, i) => {
    situation.ukPlaces.forEach((code, j) => wanted.push({ list: 'uk_place', code, field: `situations.${i}.ukPlaces.${j}` }));
    situation.overseasCountries.forEach((code, j) => wanted.push({ list: 'nationality', code, field: `situations.${i}.overseasCountries.${j}` }));
  });
  const unknown = await unknownReferenceCodes(db, wanted);
  for (const u of unknown) {
    const field = wanted.find((w) => w.list === u.list && w.code === u.code)!.field;
    problems.push({ field, message: `“${u.code}” is not in the list of ${u.list.replaceAll('_', ' ')}s: choose one from the list` });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: s };
}
