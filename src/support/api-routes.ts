import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Services } from '../services.js';
import { requires } from '../platform/auth/route-policy.js';
import { auditContext } from '../platform/http/request-context.js';
import { StaleVersionError } from '../platform/db/errors.js';
import { SupportRefusedError } from './errors.js';
import { allocationSchema, declineSchema, endEpisodeSchema, startEpisodeSchema } from './schema.js';
import type { AllocationRow, EpisodeRow } from './store.js';

const problem = z.object({ error: z.string(), message: z.string(), field: z.string().optional() });
const idParams = z.object({ id: z.uuid() });

const allocationOut = z.object({
  id: z.uuid(), status: z.string().describe('offered, accepted, declined, expired or ended'), narrativeShared: z.boolean(),
  offeredAt: z.date(), respondBy: z.date().describe('An offer not answered by then expires and its place is released'), version: z.number(),
});
const allocationRow = allocationOut.extend({ reference: z.string(), serviceName: z.string(), serviceKind: z.string(), episodeId: z.uuid().nullable() });
const episodeOut = z.object({
  id: z.uuid(), allocationId: z.uuid(), startedOn: z.string(), plannedEnd: z.string().nullable().describe('By the support and move-on rules in force; null while support lasts until a CG decision'),
  plannedEndRule: z.string(), endedOn: z.string().nullable(), endReason: z.string().nullable(), moveOn: z.string().nullable(), version: z.number(),
});

const allocationJson = (a: AllocationRow) => ({ id: a.id, status: a.status, narrativeShared: a.narrativeShared, offeredAt: a.offeredAt, respondBy: a.respondBy, version: a.version });
const episodeJson = (e: EpisodeRow) => ({
  id: e.id, allocationId: e.allocationId, startedOn: e.startedOn, plannedEnd: e.plannedEnd, plannedEndRule: e.plannedEndRule, endedOn: e.endedOn, endReason: e.endReason, moveOn: e.moveOn, version: e.version,
});

/** Victim support for providers' systems: allocations and episodes, by the same services and rules as the pages. */
export async function supportApiRoutes(app: FastifyInstance, { services }: { services: Services }): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const support = services.support;

  api.get('/api/v1/support/allocations', {
    config: requires('support:respond'),
    schema: {
      tags: ['support'], summary: 'Your organisation’s offers waiting for an answer and its accepted placements, newest first',
      response: { 200: z.object({ allocations: z.array(allocationRow) }) },
    },
  }, async (request) => {
    const rows = await support.allocations.forProvider(request.principal!);
    return { allocations: rows.map((r) => ({ ...allocationJson(r.allocation), reference: r.reference, serviceName: r.serviceName, serviceKind: r.serviceKind, episodeId: r.episode?.id ?? null })) };
  });

  api.post('/api/v1/support/allocations', {
    config: requires('support:allocate'),
    schema: {
      tags: ['support'], summary: 'Offer a place on a service to a person (the prime contractor only)',
      description: 'The place is held from the offer. 409 with error "place_taken" when the service has no free place (another allocation took the last one); 409 when the person already has an offer or a place. One open offer per person, so a retry cannot duplicate it.',
      body: allocationSchema,
      response: { 201: allocationOut, 403: problem, 404: problem, 409: problem, 422: problem },
    },
  }, async (request, reply) => answer(reply, 201, async () => allocationJson(await support.allocations.allocate(request.principal!, request.body, auditContext(request)))));

  api.post('/api/v1/support/allocations/:id/accept', {
    config: requires('support:respond'),
    schema: { tags: ['support'], summary: 'Accept an offer made to your organisation, before it expires', params: idParams, response: { 200: allocationOut, 403: problem, 404: problem, 409: problem } },
  }, async (request, reply) => answer(reply, 200, async () => allocationJson(await support.allocations.respond(request.principal!, request.params.id, { accept: true }, auditContext(request)))));

  api.post('/api/v1/support/allocations/:id/decline', {
    config: requires('support:respond'),
    schema: {
      tags: ['support'], summary: 'Decline an offer made to your organisation, saying why; the place is released',
      params: idParams, body: declineSchema, response: { 200: allocationOut, 403: problem, 404: problem, 409: problem, 422: problem },
    },
  }, async (request, reply) => answer(reply, 200, async () => allocationJson(await support.allocations.respond(request.principal!, request.params.id, { accept: false, reason: request.body.reason }, auditContext(request)))));

  api.get('/api/v1/support/episodes', {
    config: requires('support:episodes'),
    schema: { tags: ['support'], summary: 'Your organisation’s support episodes, open ones first', response: { 200: z.object({ episodes: z.array(episodeOut.extend({ reference: z.string(), serviceName: z.string() })) }) } },
  }, async (request) => {
    const rows = await support.episodes.forProvider(request.principal!);
    return { episodes: rows.map((r) => ({ ...episodeJson(r.episode), reference: r.reference, serviceName: r.serviceName })) };
  });

  api.post('/api/v1/support/allocations/:id/episode', {
    config: requires('support:episodes'),
    schema: {
      tags: ['support'], summary: 'Start support under an accepted allocation',
      params: idParams, body: startEpisodeSchema, response: { 201: episodeOut, 403: problem, 404: problem, 409: problem, 422: problem },
    },
  }, async (request, reply) => answer(reply, 201, async () => episodeJson(await support.episodes.start(request.principal!, request.params.id, request.body, auditContext(request)))));

  api.post('/api/v1/support/episodes/:id/end', {
    config: requires('support:episodes'),
    schema: {
      tags: ['support'], summary: 'End support: refused before the episode has started or with an end before its start; the place is released',
      params: idParams, body: endEpisodeSchema, response: { 200: episodeOut, 403: problem, 404: problem, 409: problem, 422: problem },
    },
  }, async (request, reply) => answer(reply, 200, async () => episodeJson(await support.episodes.end(request.principal!, request.params.id, request.body, auditContext(request)))));
}

function refuse(reply: FastifyReply, status: number, error: string, message: string, field?: string) {
  return reply.code(status).send({ error, message, field });
}

/** The services' refusals as HTTP: a conflict 409, a rule's refusal 422 (another provider's record is the error pages' 403). */
async function answer(reply: FastifyReply, status: number, work: () => Promise<unknown>) {
  try {
    return reply.code(status).send(await work());
  } catch (error) {
    if (error instanceof StaleVersionError) return refuse(reply, 409, 'conflict', error.message, 'version');
    if (error instanceof SupportRefusedError) return refuse(reply, error.status, error.code, error.message, error.field);
    throw error;
  }
}
