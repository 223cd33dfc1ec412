import { checkReferral, situationSchema, type FieldProblem, type ReferralSubmission, type Situation } from './schema.js';
import {
  isAnonymous, list, numbered, parseWith, questionPages, spread, text,
  type DraftAnswers, type FormBody, type FormValues, type PageContext, type PageResult,
} from './draft-answers.js';

/** The questions of one situation of exploitation, as paths in the submission (for the audit log). */
export const situationFields = [
  'types', 'countyLines', 'startMonth', 'endMonth', 'ongoing', 'ukPlaces', 'overseasCountries', 'locationUnknown',
  'recruitment', 'meansOfControl', 'indicators', 'narrative',
].map((f) => `situations.${f}`);

export const MAX_SITUATIONS = 10;
export const PLACES_ON_PAGE = 3;

/** The form field to go to for a path inside a situation, e.g. `startMonth` → `startMonth-month`. */
export function situationFieldId(path: string): string {
  const [field, index] = path.split('.');
  const n = Number(index ?? 0) + 1;
  if (field === 'startMonth' || field === 'endMonth') return `${field}-month`;
  if (field === 'ukPlaces') return `ukPlace${n}`;
  if (field === 'overseasCountries') return `country${n}`;
  return field ?? path;
}

const monthParts = (month: string | undefined) => {
  const [year, mm] = month?.split('-') ?? [];
  return { month: mm ? String(Number(mm)) : undefined, year };
};

export function situationValues(s: Situation | undefined): FormValues {
  if (!s) return { types: [], recruitment: [], meansOfControl: [], indicators: [] };
  const start = monthParts(s.startMonth);
  const end = monthParts(s.endMonth);
  const tick = (value: boolean) => (value ? 'yes' : undefined);
  return {
    types: s.types, countyLines: tick(s.countyLines),
    'startMonth-month': start.month, 'startMonth-year': start.year, 'endMonth-month': end.month, 'endMonth-year': end.year, ongoing: tick(s.ongoing),
    ...spread('ukPlace', PLACES_ON_PAGE, s.ukPlaces), ...spread('country', PLACES_ON_PAGE, s.overseasCountries), locationUnknown: tick(s.locationUnknown),
    recruitment: s.recruitment, meansOfControl: s.meansOfControl, indicators: s.indicators, narrative: s.narrative,
  };
}

/** A month and year (two boxes of a GOV.UK date input) as YYYY-MM. */
function readMonth(body: FormBody, prefix: string, what: string): { value?: string; problem?: FieldProblem } {
  const month = text(body, `${prefix}-month`);
  const year = text(body, `${prefix}-year`);
  if (!month && !year) return {};
  if (!month) return { problem: { field: `${prefix}-month`, message: `${what} must include a month` } };
  if (!year) return { problem: { field: `${prefix}-year`, message: `${what} must include a year` } };
  if (!/^\d{1,2}$/.test(month) || Number(month) < 1 || Number(month) > 12) return { problem: { field: `${prefix}-month`, message: `${what} must be a real month, from 1 to 12` } };
  if (!/^\d{4}$/.test(year)) return { problem: { field: `${prefix}-year`, message: 'Year must include 4 numbers' } };
  return { value: `${year}-${month.padStart(2, '0')}` };
}

/**
 * The rules across fields of one situation (dates, county lines, where) are the referral's own:
 * `checkReferral` runs on a referral holding just this situation, and only its problems are kept.
 */
function crossFieldProblems(situation: Situation, answers: DraftAnswers, context: PageContext): FieldProblem[] {
  const probe = {
    under18: answers.under18 ?? 'not_sure', consent: undefined, childLocalAuthority: undefined, supportNeeds: [],
    person: { aliases: [], nationalities: [], languages: [], interpreterNeeded: false, gender: 'not_specified', dateOfBirth: answers.person?.dateOfBirth },
    situations: [situation],
  } satisfies ReferralSubmission;
  return checkReferral(probe, context)
    .filter((p) => p.field.startsWith('situations.0.'))
    .map((p) => ({ field: situationFieldId(p.field.slice('situations.0.'.length)), message: p.message }));
}

/** Saves the situation at `index` (0-based), or a new one; an anonymous report has no account of events. */
export function applySituation(body: FormBody, answers: DraftAnswers, index: number | 'new', context: PageContext): PageResult {
  const situations = answers.situations ?? [];
  if (index === 'new' && situations.length >= MAX_SITUATIONS) {
    return { ok: false, problems: [{ field: 'types', message: `You can describe up to ${MAX_SITUATIONS} situations: change one of them instead` }] };
  }
  const problems: FieldProblem[] = [];
  const start = readMonth(body, 'startMonth', 'The start of the exploitation');
  const end = readMonth(body, 'endMonth', 'The end of the exploitation');
  if (start.problem) problems.push(start.problem);
  else if (!start.value) problems.push({ field: 'startMonth-month', message: 'Enter the month and year the exploitation started' });
  if (end.problem) problems.push(end.problem);

  const rest = {
    types: list(body, 'types'), countyLines: text(body, 'countyLines') === 'yes', ongoing: text(body, 'ongoing') === 'yes',
    ukPlaces: list(body, ...numbered('ukPlace', PLACES_ON_PAGE)), overseasCountries: list(body, ...numbered('country', PLACES_ON_PAGE)),
    locationUnknown: text(body, 'locationUnknown') === 'yes',
    recruitment: list(body, 'recruitment'), meansOfControl: list(body, 'meansOfControl'), indicators: list(body, 'indicators'),
    narrative: isAnonymous(answers) ? undefined : text(body, 'narrative'),
  };
  const parsed = parseWith(situationSchema.omit({ startMonth: true, endMonth: true }), rest, situationFieldId);
  if (!parsed.ok) problems.push(...parsed.problems);
  if (!parsed.ok || !start.value || problems.length > 0) return { ok: false, problems: ordered(problems) };

  const situation: Situation = { ...parsed.value, startMonth: start.value, ...(end.value ? { endMonth: end.value } : {}) };
  if (situation.narrative === undefined) delete situation.narrative;
  const cross = crossFieldProblems(situation, answers, context);
  if (cross.length > 0) return { ok: false, problems: ordered(cross) };
  const next = index === 'new' ? [...situations, situation] : situations.map((s, i) => (i === index ? situation : s));
  return { ok: true, answers: { ...answers, situations: next } };
}

const pageOrder = ['types', 'countyLines', 'startMonth', 'endMonth', 'ongoing', 'ukPlace', 'country', 'locationUnknown', 'recruitment', 'meansOfControl', 'indicators', 'narrative'];
/** The error summary lists problems in the order the fields appear on the page. */
function ordered(problems: FieldProblem[]): FieldProblem[] {
  const rank = (field: string) => {
    const at = pageOrder.findIndex((f) => field.startsWith(f));
    return at === -1 ? pageOrder.length : at;
  };
  return [...problems].sort((a, b) => rank(a.field) - rank(b.field));
}

/**
 * Where to fix a problem the whole-referral validation found: the page (relative to the draft's
 * address) and the id of the form field, so the error summary can link straight to it.
 */
export function whereToFix(path: string): { page: string; field: string } {
  const parts = path.split('.');
  if (parts[0] === 'situations') {
    const index = Number(parts[1]);
    if (parts.length < 3 || !Number.isInteger(index)) return { page: 'situations', field: 'situations' };
    return { page: `situations/${index + 1}`, field: situationFieldId(parts.slice(2).join('.')) };
  }
  // Lists end in an index (person.nationalities.1): the page is found by the list's own path.
  const last = parts.at(-1) ?? '';
  const index = /^\d+$/.test(last) ? Number(last) : undefined;
  const base = index === undefined ? path : parts.slice(0, -1).join('.');
  const page = Object.entries(questionPages).find(([, p]) => p.fields.includes(base))?.[0];
  if (!page) return { page: 'check-answers', field: '' };
  const field = base.split('.').at(-1) ?? base;
  const ids: Record<string, string> = {
    dateOfBirth: 'dateOfBirth-day',
    nationalities: `nationality${(index ?? 0) + 1}`,
    languages: `language${(index ?? 0) + 1}`,
  };
  return { page, field: ids[field] ?? field };
}
