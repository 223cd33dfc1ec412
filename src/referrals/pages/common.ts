import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Services } from '../../services.js';
import type { Principal } from '../../platform/auth/principal.js';
import { NotFoundError } from '../../platform/db/errors.js';
import { ukDate } from '../../platform/working-days.js';
import type { ReferenceList } from '../../reference-data/schema.js';
import type { FormBody, FormValues, PageContext } from '../draft-answers.js';
import type { Draft } from '../drafts.js';
import { previousPage, type PageId } from '../journey.js';

/** Shared by the referral question pages: addresses, the referrer's context and the items of radios, checkboxes and selects. */
export const draftUrl = (id: string, page: string) => `/referrals/drafts/${id}/${page}`;

export const staleMessage = 'This draft was changed by someone else since you opened this page. The page now shows the latest answers: check them and make your change again.';
export const outOfDateMessage = 'This page is out of date. Check the answers and save them again.';

const idParams = z.object({ id: z.uuid() });

export function draftIdOf(params: unknown): string {
  const parsed = idParams.safeParse(params);
  if (!parsed.success) throw new NotFoundError('No draft referral with this id');
  return parsed.data.id;
}

/** The version a form was rendered from; a post without one cannot be checked for a colleague's changes. */
export function versionOf(body: FormBody): number | undefined {
  const value = typeof body.version === 'string' ? Number(body.version) : NaN;
  return Number.isInteger(value) && value > 0 ? value : undefined;
}

export function bodyOf(request: FastifyRequest): FormBody {
  return (request.body ?? {}) as FormBody;
}

/** What the pages need about the referrer and the day: the Duty to Notify applies only to some organisations. */
export async function pageContextOf(services: Services, principal: Principal): Promise<PageContext> {
  const referrer = await services.referrals.referrerContext(principal);
  return { today: ukDate(services.clock.now()), mayNotify: referrer.mayNotify };
}

export function fromCheck(request: FastifyRequest, body?: FormBody): boolean {
  const query = request.query as Record<string, unknown> | undefined;
  return query?.change === '1' || body?.fromCheck === 'yes';
}

/** What every question page shows besides its own questions. */
export function pageFrame(draft: Draft, page: PageId, context: PageContext, changing: boolean) {
  const answers = draft.content.answers;
  const previous = previousPage(page, answers, context);
  return {
    draft: { id: draft.id, version: draft.version },
    back: changing ? draftUrl(draft.id, 'check-answers') : previous ? draftUrl(draft.id, previous) : '/referrals/new',
    fromCheck: changing,
    child: answers.under18 !== undefined && answers.under18 !== 'no',
    anonymous: answers.under18 === 'no' && answers.consent === false,
  };
}

// ---- Items for GOV.UK radios, checkboxes and selects ------------------------------------------

type Vocabulary = Record<string, { label: string }>;

export const asArray = (value: unknown): string[] => (Array.isArray(value) ? value : value === undefined || value === '' ? [] : [value]).map(String);

export function radioItems(vocabulary: Vocabulary, value: unknown) {
  return Object.entries(vocabulary).map(([code, { label }]) => ({ value: code, text: label, checked: value === code }));
}

export function checkboxItems(vocabulary: Vocabulary, values: unknown) {
  const chosen = asArray(values);
  return Object.entries(vocabulary).map(([code, { label }]) => ({ value: code, text: label, checked: chosen.includes(code) }));
}

/** The options of a select come from the reference list administrators keep, never from the template. */
export async function referenceOptions(services: Services, lists: readonly ReferenceList[], options: { includeInactive?: boolean } = {}) {
  const entries = await Promise.all(lists.map(async (list) => [list, await services.referenceData.items(list, options)] as const));
  return Object.fromEntries(entries) as Partial<Record<ReferenceList, { code: string; label: string }[]>>;
}

export function selectItems(items: { code: string; label: string }[] | undefined, value: unknown, placeholder: string) {
  return [{ value: '', text: placeholder }, ...(items ?? []).map((i) => ({ value: i.code, text: i.label, selected: i.code === value }))];
}

/** Labels of stored codes, for summaries: a code no longer in the list still shows as itself. */
export async function labelsOf(services: Services, lists: readonly ReferenceList[]): Promise<(list: ReferenceList, code: string | undefined) => string> {
  const options = await referenceOptions(services, lists, { includeInactive: true });
  const maps = new Map(lists.map((list) => [list, new Map((options[list] ?? []).map((i) => [i.code, i.label]))]));
  return (list, code) => (code === undefined ? '' : maps.get(list)?.get(code) ?? code);
}

export type { FormValues };
