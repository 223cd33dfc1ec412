import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Services } from '../services.js';
import { requires } from '../platform/auth/route-policy.js';
import { auditContext } from '../platform/http/request-context.js';
import { visibleFields } from '../platform/auth/policy.js';
import { nations, organisationTypes } from './kinds.js';
import { DuplicateOrganisationError } from './service.js';
import { competentAuthorityCodes } from '../referrals/routing.js';

const organisationOut = z.object({
  id: z.uuid(),
  name: z.string(),
  type: z.enum(organisationTypes),
  nation: z.enum(nations),
  areaCode: z.string().nullable(),
  designatedFirstResponder: z.boolean(),
  providesSupport: z.boolean(),
  primeContractorId: z.uuid().nullable(),
  active: z.boolean(),
  competentAuthorityCode: z.enum(competentAuthorityCodes).nullable(),
  version: z.number().int(),
});

// The API takes JSON booleans, not form checkboxes; the rules are otherwise the form's.
const organisationIn = z.object({
  name: z.string().trim().min(1).max(200),
  type: z.enum(organisationTypes),
  nation: z.enum(nations),
  areaCode: z.string().trim().max(20).optional(),
  designatedFirstResponder: z.boolean().default(false),
  providesSupport: z.boolean().default(false),
  primeContractorId: z.uuid().optional(),
  active: z.boolean().default(true),
  competentAuthorityCode: z.enum(competentAuthorityCodes).optional(),
});

const problem = z.object({ error: z.string(), message: z.string() });

/** Organisations for agency systems (provisioning); administrators only. */
export async function organisationApiRoutes(app: FastifyInstance, { services }: { services: Services }): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get('/api/v1/organisations', {
    config: requires('organisations:list'),
    schema: { tags: ['organisations'], summary: 'List organisations', response: { 200: z.array(organisationOut) } },
  }, async (request) => {
    const principal = request.principal!;
    const list = await services.organisations.list(principal);
    return list.map((o) => visibleFields(principal.role, 'organisation', o)) as z.infer<typeof organisationOut>[];
  });

  api.post('/api/v1/organisations', {
    config: requires('organisations:manage'),
    schema: {
      tags: ['organisations'], summary: 'Add an organisation', body: organisationIn,
      response: { 201: z.object({ id: z.uuid() }), 409: problem },
    },
  }, async (request, reply) => {
    try {
      const id = await services.organisations.create(request.body, auditContext(request));
      return reply.code(201).send({ id });
    } catch (error) {
      if (error instanceof DuplicateOrganisationError) return reply.code(409).send({ error: 'duplicate', message: error.message });
      throw error;
    }
  });
}
