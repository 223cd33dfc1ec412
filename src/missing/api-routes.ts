import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Services } from '../services.js';
import { requires } from '../platform/auth/route-policy.js';
import { auditContext } from '../platform/http/request-context.js';
import { NotFoundError, StaleVersionError } from '../platform/db/errors.js';
import { concerns, missingOutcomes } from './rules.js';
import { closeSchema, reportSchema } from './schema.js';
import { MissingRefusedError } from './service.js';
import type { AlertRow, EpisodeRow } from './store.js';

const problem = z.object({ error: z.string(), message: z.string(), field: z.string().optional() });
const idempotencyKey = z.string().min(8).max(100).regex(/^[\x21-\x7e]+$/, 'Use printable characters only');

const alertOut = z.object({
  id: z.uuid(), episodeId: z.uuid(), organisationId: z.uuid(), concern: z.enum(concerns), sentCount: z.number().int(),
  lastSentAt: z.date(), acknowledgedAt: z.date().nullable(),
});
const episodeOut = z.object({
  id: z.uuid(), reference: z.string(), child: z.boolean(), lastSeenAt: z.date(), reportedAt: z.date(),
  outcome: z.enum(missingOutcomes).nullable(), endedAt: z.date().nullable(), version: z.number().int(),
  suspendedCase: z.boolean().describe('Whether the report suspended a pending reasonable grounds decision'),
});
const openEpisode = z.object({
  id: z.uuid(), reference: z.string(), child: z.boolean(), ageGroup: z.string(), lastSeenAt: z.date(), reportedAt: z.date(),
  reportedByOrganisation: z.string(), unacknowledgedAlerts: z.number().int(),
});
const myAlert = z.object({
  id: z.uuid(), episodeId: z.uuid(), reference: z.string(), child: z.boolean(), lastSeenAt: z.date(), concern: z.enum(concerns),
  sentCount: z.number().int(), lastSentAt: z.date(), acknowledgedAt: z.date().nullable(), acknowledgedBy: z.string().nullable(),
});

function episodeBody(e: EpisodeRow, reference: string) {
  return {
    id: e.id, reference, child: e.child, lastSeenAt: e.lastSeenAt, reportedAt: e.reportedAt, outcome: e.outcome as (typeof missingOutcomes)[number] | null,
    endedAt: e.endedAt, version: e.version, suspendedCase: e.suspendedCase,
  };
}
const alertBody = (a: AlertRow) => ({
  id: a.id, episodeId: a.episodeId, organisationId: a.organisationId, concern: a.concern as (typeof concerns)[number], sentCount: a.sentCount,
  lastSentAt: a.lastSentAt, acknowledgedAt: a.acknowledgedAt,
});

/** Missing-person episodes for agency systems: the same schemas, rules, scopes and audit as the pages. */
export async function missingApiRoutes(app: FastifyInstance, { services }: { services: Services }): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.post('/api/v1/referrals/:reference/missing-episodes', {
    config: requires('missing:report'),
    schema: {
      tags: ['missing'], summary: 'Report a referred person missing: alerts the organisations concerned and suspends a pending RG decision',
      description: 'Send an `Idempotency-Key` header: a retry with the same key returns the episode first recorded. One open episode per referral: another report while one is open gets 409.',
      params: z.object({ reference: z.string().regex(/^NRM-\d{4}-\d{6}$/, 'Not an NRM referral reference') }),
      headers: z.object({ 'idempotency-key': idempotencyKey.optional() }),
      body: reportSchema,
      response: { 201: episodeOut.extend({ alerts: z.array(alertOut) }), 400: problem, 403: problem, 404: problem, 409: problem, 422: problem },
    },
  }, async (request, reply) => {
    const key = idempotencyKey.safeParse(request.headers['idempotency-key']);
    if (!key.success) return refuse(reply, 400, 'Send an Idempotency-Key header (8–100 printable characters), the same on every retry of this report.', 'Idempotency-Key');
    return answer(reply, async () => {
      const result = await services.missing.report(request.principal!, request.params.reference, request.body, auditContext(request), key.data);
      if (result.repeated) reply.header('idempotent-replayed', 'true');
      return reply.code(201).send({ ...episodeBody(result.episode, request.params.reference), alerts: result.alerts.map(alertBody) });
    });
  });

  api.get('/api/v1/missing-episodes', {
    config: requires('missing:view'),
    schema: {
      tags: ['missing'], summary: 'Open missing episodes your organisation is involved with, the longest missing first',
      response: { 200: z.object({ episodes: z.array(openEpisode) }) },
    },
  }, async (request) => {
    const { episodes } = await services.missing.listOpen(request.principal!, auditContext(request));
    return {
      episodes: episodes.map((e) => ({
        id: e.id, reference: e.reference, child: e.child, ageGroup: e.ageGroup, lastSeenAt: e.lastSeenAt, reportedAt: e.reportedAt,
        reportedByOrganisation: e.reportedByOrganisation, unacknowledgedAlerts: e.unacknowledged,
      })),
    };
  });

  api.get('/api/v1/missing-alerts', {
    config: requires('missing:view'),
    schema: {
      tags: ['missing'], summary: 'Your organisation’s alerts about people still missing, unacknowledged first',
      response: { 200: z.object({ alerts: z.array(myAlert) }) },
    },
  }, async (request) => {
    const alerts = await services.missing.alerts(request.principal!, auditContext(request));
    return { alerts: alerts.map(({ acknowledgedByName, ...a }) => ({ ...a, acknowledgedBy: acknowledgedByName })) };
  });

  api.post('/api/v1/missing-alerts/:id/acknowledge', {
    config: requires('missing:acknowledge'),
    schema: {
      tags: ['missing'], summary: 'Acknowledge an alert to your organisation: it stops repeating (acknowledging again changes nothing)',
      params: z.object({ id: z.uuid() }),
      response: { 200: alertOut, 403: problem, 404: problem },
    },
  }, async (request, reply) => answer(reply, async () => {
    const alert = await services.missing.acknowledge(request.principal!, request.params.id, auditContext(request));
    return reply.code(200).send(alertBody(alert));
  }));

  api.post('/api/v1/missing-episodes/:id/close', {
    config: requires('missing:close'),
    schema: {
      tags: ['missing'], summary: 'Close a missing episode with its outcome and time; found resumes a suspended RG decision',
      params: z.object({ id: z.uuid() }),
      body: closeSchema.extend({ version: z.number().int().min(1).describe('The episode version you read; a stale version gets 409') }),
      response: { 200: episodeOut, 403: problem, 404: problem, 409: problem, 422: problem },
    },
  }, async (request, reply) => answer(reply, async () => {
    const { episode, reference } = await services.missing.close(request.principal!, request.params.id, request.body, auditContext(request));
    return reply.code(200).send(episodeBody(episode, reference));
  }));
}

function refuse(reply: FastifyReply, status: number, message: string, field?: string) {
  return reply.code(status).send({ error: status === 409 ? 'conflict' : status === 404 ? 'not_found' : 'refused', message, field });
}

/** The service's refusals as HTTP (a refusal of scope is the error pages' 403): unknown 404, state or a stale version 409, a rule on the input 422. */
async function answer(reply: FastifyReply, work: () => Promise<FastifyReply>) {
  try {
    return await work();
  } catch (error) {
    if (error instanceof NotFoundError) return refuse(reply, 404, error.message);
    if (error instanceof StaleVersionError) return refuse(reply, 409, error.message, 'version');
    if (error instanceof MissingRefusedError) return refuse(reply, error.kind === 'conflict' ? 409 : 422, error.message, error.field);
    throw error;
  }
}
