import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Services } from '../services.js';
import { requires } from '../platform/auth/route-policy.js';
import { auditContext } from '../platform/http/request-context.js';
import { StaleVersionError } from '../platform/db/errors.js';
import { CaseworkRefusedError } from './errors.js';
import { permitBases, permitInput, type PermitBasis } from './residence-permits.js';

const problem = z.object({ error: z.string(), message: z.string(), field: z.string().optional() });
const reference = z.object({ reference: z.string().regex(/^NRM-\d{4}-\d{6}$/, 'Not an NRM referral reference') });
const body = permitInput.extend({ version: z.number().int().min(1).describe('The case version you read (GET /api/v1/referrals/{reference}); a stale version gets 409') });
const permitOut = z.object({
  id: z.uuid(), basis: z.enum(Object.keys(permitBases) as [PermitBasis, ...PermitBasis[]]), grantedOn: z.string(), expiresOn: z.string(),
  renewalOf: z.uuid().nullable(), current: z.boolean().describe('Not renewed'),
});

/** Residence permits for agency systems: read, record and renew, by the same service and rules as the pages. */
export async function permitApiRoutes(app: FastifyInstance, { services }: { services: Services }): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const permits = services.casework.permits;

  api.get('/api/v1/referrals/:reference/residence-permits', {
    config: requires('casework:view'),
    schema: { tags: ['casework'], summary: 'The case’s residence permits and renewals, oldest first', params: reference, response: { 200: z.object({ permits: z.array(permitOut) }), 403: problem, 404: problem } },
  }, async (request) => {
    const file = await services.caseFiles.open(request.principal!, request.params.reference, auditContext(request));
    const list = await permits.list(file.id!);
    return { permits: list.map((p) => ({ id: p.id, basis: p.basis as PermitBasis, grantedOn: p.grantedOn, expiresOn: p.expiresOn, renewalOf: p.renewalOf, current: p.current })) };
  });

  api.post('/api/v1/referrals/:reference/residence-permits', {
    config: requires('casework:residence-permit'),
    schema: {
      tags: ['casework'], summary: 'Record the residence permit granted after a positive conclusive grounds decision',
      params: reference, body, response: { 201: permitOut, 403: problem, 404: problem, 409: problem, 422: problem },
    },
  }, async (request, reply) => answer(reply, () => permits.record(request.principal!, request.params.reference, request.body, auditContext(request))));

  api.post('/api/v1/referrals/:reference/residence-permits/:id/renewals', {
    config: requires('casework:residence-permit'),
    schema: {
      tags: ['casework'], summary: 'Record a renewal: a new permit with new dates, linked to the current one',
      params: reference.extend({ id: z.uuid() }), body, response: { 201: permitOut, 403: problem, 404: problem, 409: problem, 422: problem },
    },
  }, async (request, reply) => answer(reply, () => permits.renew(request.principal!, request.params.reference, request.params.id, request.body, auditContext(request))));
}

function refuse(reply: FastifyReply, status: number, message: string, field?: string) {
  return reply.code(status).send({ error: status === 409 ? 'conflict' : 'refused', message, field });
}

async function answer(reply: FastifyReply, work: () => Promise<{ id: string; basis: string; grantedOn: string; expiresOn: string; renewalOf: string | null }>) {
  try {
    const p = await work();
    return reply.code(201).send({ id: p.id, basis: p.basis, grantedOn: p.grantedOn, expiresOn: p.expiresOn, renewalOf: p.renewalOf, current: true });
  } catch (error) {
    if (error instanceof StaleVersionError) return refuse(reply, 409, error.message, 'version');
    if (error instanceof CaseworkRefusedError) return refuse(reply, 422, error.message, error.field);
    throw error;
  }
}
