import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Services } from '../services.js';
import { requires } from '../platform/auth/route-policy.js';
import { can } from '../platform/auth/policy.js';
import { auditContext } from '../platform/http/request-context.js';
import { parseForm, type FormErrors } from '../platform/http/forms.js';
import { NotFoundError } from '../platform/db/errors.js';
import { nationLabels, nations } from '../organisations/kinds.js';
import type { Release } from './releases.js';
import { releaseRequestFrom, releaseRequestSchema } from './request-schema.js';
import { releaseCsv } from './outputs/csv.js';
import { releaseJson } from './outputs/json.js';
import { releaseOds } from './outputs/ods.js';
import { barChart } from './outputs/charts.js';
import { areaLabel } from './outputs/presentation.js';

const formats = z.enum(['csv', 'ods', 'json']);
/** The tables drawn as charts on the page (each with its table beneath). */
const charted = ['1a', '2', '3a'];

/**
 * The statistics pages for analysts and policy leads: a preview of the release for any period and
 * area, its downloads, and published releases with their revisions. Only published figures (after
 * disclosure control) ever reach a page or a file.
 */
export async function statisticsRoutes(app: FastifyInstance, { services }: { services: Services }): Promise<void> {
  app.get('/statistics', { config: requires('statistics:view') }, async (request, reply) => {
    const query = (request.query ?? {}) as Record<string, unknown>;
    const releases = await services.statistics.list();
    if (!('from-year' in query)) return reply.render('statistics/views/statistics.njk', { releases, values: {}, nationItems: nationItems(undefined) });
    const parsed = parseForm(releaseRequestSchema, releaseRequestFrom(query));
    if (!parsed.ok) return reply.code(400).render('statistics/views/statistics.njk', { releases, values: query, errors: parsed.errors, nationItems: nationItems(query.nation) });
    const release = await services.statistics.preview(parsed.value, auditContext(request));
    return renderRelease(request, reply, release, { releases, values: query, nationItems: nationItems(parsed.value.nation), query: new URLSearchParams(query as Record<string, string>).toString() });
  });

  app.get('/statistics/download/:format', { config: requires('statistics:view') }, async (request, reply) => {
    const format = parseFormat(request.params);
    const parsed = parseForm(releaseRequestSchema, releaseRequestFrom(request.query));
    if (!parsed.ok) return reply.code(400).render('statistics/views/statistics.njk', { releases: [], values: request.query, errors: parsed.errors, nationItems: nationItems(undefined) });
    return download(reply, await services.statistics.preview(parsed.value, auditContext(request)), format, `nrm-statistics-${parsed.value.from}-to-${parsed.value.to}-${parsed.value.nation ?? 'uk'}-preview`);
  });

  app.post('/statistics/releases', { config: requires('statistics:publish') }, async (request, reply) => {
    const parsed = parseForm(releaseRequestSchema, releaseRequestFrom(request.body));
    if (!parsed.ok) return reply.code(400).render('statistics/views/statistics.njk', { releases: await services.statistics.list(), values: request.body, errors: parsed.errors, nationItems: nationItems(undefined) });
    const release = await services.statistics.publish(parsed.value, request.principal!.userId, auditContext(request));
    request.session.flash = 'Release published';
    return reply.redirect(`/statistics/releases/${release.id}`, 303);
  });

  app.get('/statistics/releases/:id', { config: requires('statistics:view') }, async (request, reply) => {
    const release = await stored(request);
    return renderRelease(request, reply, release, {});
  });

  app.get('/statistics/releases/:id/:format', { config: requires('statistics:view') }, async (request, reply) => {
    const format = parseFormat(request.params);
    const release = await stored(request);
    return download(reply, release, format, `nrm-statistics-${release.from}-to-${release.to}-${release.area}-${release.publishedAt!.toISOString().slice(0, 10)}`);
  });

  async function stored(request: FastifyRequest): Promise<Release> {
    const id = z.object({ id: z.uuid() }).safeParse(request.params);
    const release = id.success ? await services.statistics.get(id.data.id, auditContext(request)) : undefined;
    if (!release) throw new NotFoundError('No such release');
    return release;
  }

  function renderRelease(request: FastifyRequest, reply: FastifyReply, release: Release, extra: Record<string, unknown> & { errors?: FormErrors }) {
    const nonce = reply.cspNonce?.style ?? '';
    return reply.render('statistics/views/release.njk', {
      release, areaName: areaLabel(release.area), charts: Object.fromEntries(release.tables.filter((t) => charted.includes(t.id)).map((t) => [t.id, barChart(t, nonce)])),
      mayPublish: can(request.principal!.role, 'statistics:publish') && !release.id, ...extra,
    });
  }
}

function parseFormat(params: unknown): z.infer<typeof formats> {
  const parsed = z.object({ format: formats }).safeParse(params);
  if (!parsed.success) throw new NotFoundError('No such format');
  return parsed.data.format;
}

function download(reply: FastifyReply, release: Release, format: z.infer<typeof formats>, name: string) {
  reply.header('content-disposition', `attachment; filename="${name}.${format}"`);
  if (format === 'csv') return reply.type('text/csv; charset=utf-8').send(releaseCsv(release));
  if (format === 'json') return reply.type('application/json; charset=utf-8').send(releaseJson(release));
  return reply.type('application/vnd.oasis.opendocument.spreadsheet').send(releaseOds(release));
}

function nationItems(selected: unknown) {
  return [{ value: 'uk', text: 'United Kingdom' }, ...nations.map((n) => ({ value: n, text: nationLabels[n], selected: selected === n }))];
}
