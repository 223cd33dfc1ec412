import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Services } from '../services.js';
import { requires } from '../platform/auth/route-policy.js';
import { can } from '../platform/auth/policy.js';
import { auditContext, safeReturnPath } from '../platform/http/request-context.js';
import { toFormErrors, type FormErrors } from '../platform/http/forms.js';
import { NotFoundError, StaleVersionError } from '../platform/db/errors.js';
import { concernLabels, durationText, missingOutcomes, outcomeLabels } from './rules.js';
import { readCloseForm, readReportForm } from './schema.js';
import { MissingRefusedError } from './service.js';
import { missingApiRoutes } from './api-routes.js';

const idParams = z.object({ id: z.uuid() });
type Body = Record<string, string | undefined>;

/** Where a problem the service finds with an instant is shown on the page: the day box of that date. */
const pageField: Record<string, string> = { lastSeenAt: 'lastSeen-day', endedAt: 'ended-day' };

/**
 * Missing-person pages: the dashboard of open episodes and the organisation's alerts, the report form,
 * and an episode (acknowledge the alert, close with the outcome). Every page works without JavaScript.
 */
export async function missingRoutes(app: FastifyInstance, options: { services: Services }): Promise<void> {
  const { services } = options;
  await app.register(missingApiRoutes, options);

  app.get('/missing', { config: requires('missing:view') }, async (request, reply) => {
    const principal = request.principal!;
    // One after the other: each audits its list view in a transaction of its own.
    const alerts = await services.missing.alerts(principal, auditContext(request));
    const { now, episodes } = await services.missing.listOpen(principal, auditContext(request));
    return reply.render('missing/views/dashboard.njk', {
      episodes: episodes.map((e) => ({ ...e, missingFor: durationText(e.lastSeenAt, now) })),
      alerts: alerts.map((a) => ({ ...a, concernLabel: concernLabels[a.concern], missingFor: durationText(a.lastSeenAt, now) })),
      canReport: can(principal.role, 'missing:report'),
    });
  });

  app.get('/missing/report', { config: requires('missing:report') }, async (request, reply) => {
    const query = (request.query ?? {}) as Body;
    return renderReport(reply, { values: { reference: typeof query.reference === 'string' ? query.reference : '' } });
  });

  app.post('/missing/report', { config: requires('missing:report') }, async (request, reply) => {
    const body = (request.body ?? {}) as Body;
    const form = readReportForm(body);
    if (!form.ok) return renderReport(reply.code(400), { values: body, errors: toFormErrors(form.problems) });
    const formKey = typeof body.formKey === 'string' && /^[0-9a-f-]{36}$/.test(body.formKey) ? `page-${body.formKey}` : undefined;
    try {
      const { episode } = await services.missing.report(request.principal!, form.value.reference, form.value, auditContext(request), formKey);
      request.session.flash = 'Missing person reported: the organisations concerned have been alerted';
      return reply.redirect(`/missing/episodes/${episode.id}`, 303);
    } catch (error) {
      if (error instanceof NotFoundError) return renderReport(reply.code(400), { values: body, errors: toFormErrors([{ field: 'reference', message: 'No NRM referral has this reference' }]) });
      if (error instanceof MissingRefusedError) {
        const field = error.field ? (pageField[error.field] ?? error.field) : 'reference';
        return renderReport(reply.code(error.kind === 'conflict' ? 409 : 400), { values: body, errors: toFormErrors([{ field, message: error.message }]) });
      }
      throw error;
    }
  });

  app.get('/missing/episodes/:id', { config: requires('missing:view') }, async (request, reply) => {
    const id = parseId(request);
    return renderEpisode(request, reply, id);
  });

  app.post('/missing/alerts/:id/acknowledge', { config: requires('missing:acknowledge') }, async (request, reply) => {
    const id = parseId(request);
    const body = (request.body ?? {}) as Body;
    await services.missing.acknowledge(request.principal!, id, auditContext(request));
    request.session.flash = 'Alert acknowledged: it will not be sent again';
    return reply.redirect(safeReturnPath(body.returnTo) === '/' ? '/missing' : safeReturnPath(body.returnTo), 303);
  });

  app.post('/missing/episodes/:id/close', { config: requires('missing:close') }, async (request, reply) => {
    const id = parseId(request);
    const body = (request.body ?? {}) as Body;
    const form = readCloseForm(body);
    if (!form.ok) return renderEpisode(request, reply.code(400), id, { values: body, errors: toFormErrors(form.problems) });
    try {
      const { resumed } = await services.missing.close(request.principal!, id, form.value, auditContext(request));
      request.session.flash = resumed ? 'Episode closed: the reasonable grounds decision has resumed' : 'Episode closed';
      return reply.redirect(`/missing/episodes/${id}`, 303);
    } catch (error) {
      if (error instanceof MissingRefusedError || error instanceof StaleVersionError) {
        const field = error instanceof MissingRefusedError && error.field ? (pageField[error.field] ?? error.field) : 'outcome';
        const status = error instanceof MissingRefusedError && error.kind === 'invalid' ? 400 : 409;
        return renderEpisode(request, reply.code(status), id, { values: body, errors: toFormErrors([{ field, message: error.message }]) });
      }
      throw error;
    }
  });

  function renderReport(reply: FastifyReply, context: { values: Body; errors?: FormErrors }) {
    return reply.render('missing/views/report.njk', { ...context, formKey: context.values.formKey ?? randomUUID() });
  }

  async function renderEpisode(request: FastifyRequest, reply: FastifyReply, id: string, extra: { values?: Body; errors?: FormErrors } = {}) {
    const principal = request.principal!;
    const episode = await services.missing.view(principal, id, auditContext(request));
    const now = services.clock.now();
    const nationalityNames = await Promise.all(episode.nationalities.map(async (code) => (await services.referenceData.label('nationality', code)) ?? code));
    return reply.render('missing/views/episode.njk', {
      episode,
      nationalityNames,
      duration: durationText(episode.lastSeenAt, episode.endedAt ?? now),
      outcomeLabel: episode.outcome ? outcomeLabels[episode.outcome] : null,
      alerts: episode.alerts.map((a) => ({ ...a, concernLabel: concernLabels[a.concern] })),
      ownAlert: episode.alerts.find((a) => a.own && !a.acknowledgedAt),
      canClose: !episode.outcome && can(principal.role, 'missing:close'),
      canAcknowledge: can(principal.role, 'missing:acknowledge'),
      outcomeItems: missingOutcomes.map((value) => ({ value, text: outcomeLabels[value], checked: extra.values?.outcome === value })),
      values: extra.values ?? {},
      errors: extra.errors,
    });
  }
}

function parseId(request: FastifyRequest): string {
  const parsed = idParams.safeParse(request.params);
  if (!parsed.success) throw new NotFoundError('No missing episode with this id');
  return parsed.data.id;
}
