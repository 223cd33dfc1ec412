import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Services } from '../../services.js';
import { requires } from '../../platform/auth/route-policy.js';
import { toFormErrors, type FormErrors } from '../../platform/http/forms.js';
import { auditContext } from '../../platform/http/request-context.js';
import { NotFoundError, StaleVersionError } from '../../platform/db/errors.js';
import type { FormValues, PageContext } from '../draft-answers.js';
import type { Draft, DraftChange } from '../drafts.js';
import { afterSaving, applies, nextPage, resumePage } from '../journey.js';
import { applySituation, situationFields, situationValues, MAX_SITUATIONS, PLACES_ON_PAGE } from '../situation-answers.js';
import { exploitationTypes, indicators, meansOfControl, recruitmentMethods } from '../vocabulary.js';
import { describeSituation } from './summaries.js';
import {
  bodyOf, checkboxItems, draftIdOf, draftUrl, fromCheck, labelsOf, outOfDateMessage, pageContextOf, pageFrame, referenceOptions,
  selectItems, staleMessage, versionOf,
} from './common.js';

const situationParams = z.object({ id: z.uuid(), n: z.union([z.literal('new'), z.coerce.number().int().min(1).max(MAX_SITUATIONS)]) });

/**
 * The situations of exploitation: a summary with "Add another situation", one page per situation, and a
 * confirmation before one is removed (links and forms only, so it all works without JavaScript).
 */
export async function situationPageRoutes(app: FastifyInstance, { services }: { services: Services }): Promise<void> {
  const route = { config: requires('referrals:create') };

  /** Reads the draft for a situations page, or answers with where to go instead. */
  async function open(request: FastifyRequest, fields: string[]) {
    const id = draftIdOf(request.params);
    const principal = request.principal!;
    const context = await pageContextOf(services, principal);
    const draft = await services.drafts.read(principal, id, fields, auditContext(request));
    const elsewhere = applies('situations', draft.content.answers, context) ? undefined : draftUrl(id, resumePage(draft.content, context));
    return { id, principal, context, draft, elsewhere };
  }

  /** Saves a change, or renders the page again: 400 with the problems, 409 when a colleague saved first. */
  async function save(request: FastifyRequest, field: string, change: DraftChange, onProblem: (draft: Draft, errors: FormErrors, status: number) => Promise<FastifyReply>): Promise<{ reply: FastifyReply; draft?: undefined } | { reply?: undefined; draft: Draft }> {
    const id = draftIdOf(request.params);
    const principal = request.principal!;
    const version = versionOf(bodyOf(request));
    const reread = () => services.drafts.read(principal, id, situationFields, auditContext(request));
    if (version === undefined) return { reply: await onProblem(await reread(), toFormErrors([{ field, message: outOfDateMessage }]), 400) };
    try {
      const saved = await services.drafts.save(principal, id, version, situationFields, change, auditContext(request));
      if (!saved.ok) return { reply: await onProblem(saved.draft, toFormErrors(saved.problems), 400) };
      return { draft: saved.draft };
    } catch (error) {
      if (!(error instanceof StaleVersionError)) throw error;
      return { reply: await onProblem(await reread(), toFormErrors([{ field, message: staleMessage }]), 409) };
    }
  }

  async function renderSummary(reply: FastifyReply, draft: Draft, context: PageContext, changing: boolean, errors?: FormErrors, status = 200) {
    const label = await labelsOf(services, ['uk_place', 'nationality']);
    const situations = (draft.content.answers.situations ?? []).map((s, i) => ({ n: i + 1, ...describeSituation(s, label) }));
    return reply.code(status).render('referrals/views/situations.njk', {
      ...pageFrame(draft, 'situations', context, changing), situations, canAddMore: situations.length < MAX_SITUATIONS, errors,
    });
  }

  async function renderSituation(reply: FastifyReply, draft: Draft, context: PageContext, n: number | 'new', values: FormValues, changing: boolean, errors?: FormErrors, status = 200) {
    const options = await referenceOptions(services, ['uk_place', 'nationality']);
    const places = (prefix: string, items: typeof options.uk_place, placeholder: string) =>
      Array.from({ length: PLACES_ON_PAGE }, (_, i) => ({ id: `${prefix}${i + 1}`, n: i + 1, items: selectItems(items, values[`${prefix}${i + 1}`], placeholder) }));
    return reply.code(status).render('referrals/views/situation.njk', {
      ...pageFrame(draft, 'situations', context, changing),
      back: draftUrl(draft.id, changing ? 'check-answers' : 'situations'),
      n, action: draftUrl(draft.id, `situations/${n}`), values, errors,
      typeItems: checkboxItems(exploitationTypes, values.types),
      ukPlaceSelects: places('ukPlace', options.uk_place, 'Select a town or city'),
      countrySelects: places('country', options.nationality, 'Select a country'),
      recruitmentItems: checkboxItems(recruitmentMethods, values.recruitment),
      meansOfControlItems: checkboxItems(meansOfControl, values.meansOfControl),
      indicatorItems: checkboxItems(indicators, values.indicators),
    });
  }

  const positionOf = (params: unknown, count: number): number | 'new' => {
    const parsed = situationParams.safeParse(params);
    if (!parsed.success || (parsed.data.n !== 'new' && parsed.data.n > count)) throw new NotFoundError('No such situation');
    return parsed.data.n === 'new' ? 'new' : parsed.data.n - 1;
  };

  app.get('/referrals/drafts/:id/situations', route, async (request, reply) => {
    const { id, context, draft, elsewhere } = await open(request, ['situations']);
    if (elsewhere) return reply.redirect(elsewhere);
    // With nothing to list yet, the first situation's questions come straight away.
    if ((draft.content.answers.situations ?? []).length === 0) return reply.redirect(draftUrl(id, 'situations/new'));
    return renderSummary(reply, draft, context, fromCheck(request));
  });

  app.post('/referrals/drafts/:id/situations', route, async (request, reply) => {
    const id = draftIdOf(request.params);
    const context = await pageContextOf(services, request.principal!);
    const changing = fromCheck(request, bodyOf(request));
    const result = await save(request, 'situations', (content) => {
      if ((content.answers.situations ?? []).length === 0) return { ok: false, problems: [{ field: 'situations', message: 'Describe at least one situation of exploitation' }] };
      return { ok: true, content: afterSaving(content, 'situations', content.answers, context) };
    }, (draft, errors, status) => renderSummary(reply, draft, context, changing, errors, status));
    if (result.reply) return result.reply;
    return reply.redirect(draftUrl(id, nextPage('situations', result.draft.content, context, { fromCheck: changing })), 303);
  });

  app.get('/referrals/drafts/:id/situations/:n', route, async (request, reply) => {
    const { context, draft, elsewhere } = await open(request, situationFields);
    if (elsewhere) return reply.redirect(elsewhere);
    const n = positionOf(request.params, draft.content.answers.situations?.length ?? 0);
    const values = situationValues(n === 'new' ? undefined : draft.content.answers.situations?.[n]);
    return renderSituation(reply, draft, context, n === 'new' ? 'new' : n + 1, values, fromCheck(request));
  });

  app.post('/referrals/drafts/:id/situations/:n', route, async (request, reply) => {
    const id = draftIdOf(request.params);
    const context = await pageContextOf(services, request.principal!);
    const body = bodyOf(request);
    const changing = fromCheck(request, body);
    const requested = situationParams.safeParse(request.params);
    if (!requested.success) throw new NotFoundError('No such situation');
    const shown = requested.data.n;
    const result = await save(request, 'types', (content) => {
      const n = positionOf(request.params, content.answers.situations?.length ?? 0);
      const applied = applySituation(body, content.answers, n, context);
      return applied.ok ? { ok: true, content: afterSaving(content, 'situations', applied.answers, context) } : applied;
    }, async (draft, errors, status) => {
      const values = status === 409 ? situationValues(shown === 'new' ? undefined : draft.content.answers.situations?.[shown - 1]) : (body as FormValues);
      return renderSituation(reply, draft, context, shown, values, changing, errors, status);
    });
    if (result.reply) return result.reply;
    // Adding situations is a loop back to the summary; the summary's own "Continue" moves on.
    const saved = result.draft.content;
    const next = changing && saved.done.includes('situations') ? 'check-answers' : 'situations';
    return reply.redirect(draftUrl(id, next), 303);
  });

  app.get('/referrals/drafts/:id/situations/:n/remove', route, async (request, reply) => {
    const { context, draft, elsewhere } = await open(request, ['situations']);
    if (elsewhere) return reply.redirect(elsewhere);
    const n = positionOf(request.params, draft.content.answers.situations?.length ?? 0);
    if (n === 'new') throw new NotFoundError('No such situation');
    return renderRemove(reply, draft, context, n + 1);
  });

  async function renderRemove(reply: FastifyReply, draft: Draft, context: PageContext, n: number, errors?: FormErrors, status = 200) {
    const label = await labelsOf(services, ['uk_place', 'nationality']);
    const situation = draft.content.answers.situations?.[n - 1];
    return reply.code(status).render('referrals/views/remove-situation.njk', {
      ...pageFrame(draft, 'situations', context, false), back: draftUrl(draft.id, 'situations'),
      n, situation: situation ? describeSituation(situation, label) : undefined, errors,
    });
  }

  app.post('/referrals/drafts/:id/situations/:n/remove', route, async (request, reply) => {
    const id = draftIdOf(request.params);
    const context = await pageContextOf(services, request.principal!);
    const body = bodyOf(request);
    const requested = situationParams.safeParse(request.params);
    if (!requested.success || requested.data.n === 'new') throw new NotFoundError('No such situation');
    const n = requested.data.n;
    if (body.remove === 'no') return reply.redirect(draftUrl(id, 'situations'), 303);
    const result = await save(request, 'remove', (content) => {
      if (body.remove !== 'yes') return { ok: false, problems: [{ field: 'remove', message: 'Select yes if you want to remove this situation' }] };
      positionOf(request.params, content.answers.situations?.length ?? 0);
      const situations = (content.answers.situations ?? []).filter((_, i) => i !== n - 1);
      // With none left, the situations are no longer answered: the journey comes back to them.
      const done = situations.length > 0 ? content.done : content.done.filter((p) => p !== 'situations');
      return { ok: true, content: { done, answers: { ...content.answers, situations } } };
    }, (draft, errors, status) => renderRemove(reply, draft, context, n, errors, status));
    if (result.reply) return result.reply;
    return reply.redirect(draftUrl(id, 'situations'), 303);
  });
}
