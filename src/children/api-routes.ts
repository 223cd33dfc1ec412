import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Services } from '../services.js';
import { requires } from '../platform/auth/route-policy.js';
import { auditContext } from '../platform/http/request-context.js';
import { StaleVersionError } from '../platform/db/errors.js';
import { safeguardingUpdateSchema } from './schema.js';
import { SafeguardingValidationError } from './service.js';
import { placementTypeCodes, planStatusCodes } from './vocabulary.js';

const PAGE = 50;
const problem = z.object({ error: z.string(), message: z.string() });
const validationProblem = problem.extend({ fields: z.array(z.object({ field: z.string(), message: z.string() })) });
const reference = z.object({ reference: z.string().regex(/^NRM-\d{4}-\d{6}$/, 'Not an NRM referral reference') });

const safeguardingOut = z.object({
  version: z.number().int().describe('Send it back with a change; 0 when nothing was recorded yet'),
  updatedAt: z.date().nullable(),
  plan: z.object({ status: z.enum(planStatusCodes), agreedOn: z.string().nullable(), leadSocialWorker: z.string(), summary: z.string() }).nullable(),
  placement: z.object({ type: z.enum(placementTypeCodes), startedOn: z.string(), details: z.string().nullable() }).nullable(),
  guardian: z.object({ name: z.string(), organisation: z.string(), appointedOn: z.string() }).nullable(),
});

const childRow = z.object({
  reference: z.string(), status: z.string(), receivedAt: z.date(), reasonableGroundsDueDate: z.string().nullable(),
  safeguardingPlan: z.enum(planStatusCodes).nullable().describe('The plan’s status, or null when no plan is recorded'),
  placementType: z.enum(placementTypeCodes).nullable(), guardianAppointed: z.boolean(),
});

/** Children's services' systems: their area's children and each child's safeguarding record, by the same policy, rules and audit as the pages. */
export async function childrenApiRoutes(app: FastifyInstance, { services }: { services: Services }): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get('/api/v1/children', {
    config: requires('children:list'),
    schema: {
      tags: ['children'], summary: 'Children referred in your local authority’s area, newest referral first',
      querystring: z.object({ page: z.coerce.number().int().min(1).max(10_000).default(1) }),
      response: { 200: z.object({ children: z.array(childRow), nextPage: z.number().nullable() }) },
    },
  }, async (request) => {
    const page = request.query.page;
    const { children, more } = await services.children.list(request.principal!, { limit: PAGE, offset: (page - 1) * PAGE }, auditContext(request));
    return {
      children: children.map((c) => ({
        reference: c.reference, status: c.status, receivedAt: c.receivedAt, reasonableGroundsDueDate: c.reasonableGroundsDueDate,
        safeguardingPlan: c.planStatus as z.infer<typeof childRow>['safeguardingPlan'], placementType: c.placementType as z.infer<typeof childRow>['placementType'],
        guardianAppointed: c.guardianAppointedOn !== null,
      })),
      nextPage: more ? page + 1 : null,
    };
  });

  api.get('/api/v1/children/:reference', {
    config: requires('children:view'),
    schema: {
      tags: ['children'], summary: 'One child: what children’s services need, and the safeguarding record',
      params: reference,
      response: { 200: z.looseObject({ reference: z.string(), status: z.string(), safeguarding: safeguardingOut }), 403: problem, 404: problem },
    },
  }, async (request) => {
    const child = await services.children.open(request.principal!, request.params.reference, auditContext(request));
    return { ...child, reference: child.reference, status: String(child.status), safeguarding: child.safeguarding as z.infer<typeof safeguardingOut> };
  });

  api.put('/api/v1/children/:reference/safeguarding', {
    config: requires('children:safeguard'),
    // The body is checked here, so that every problem is reported with its field, as the pages do.
    validatorCompiler: (route) => (route.httpPart === 'body' ? (data: unknown) => ({ value: data }) : validatorCompiler(route as unknown as Parameters<typeof validatorCompiler>[0])),
    schema: {
      tags: ['children'], summary: 'Record the safeguarding plan, the placement or the guardian',
      description: 'Send the parts that changed with the version you read (GET /api/v1/children/{reference}); each part is replaced whole. A stale version gets 409 and changes nothing.',
      params: reference, body: safeguardingUpdateSchema,
      response: { 200: z.object({ version: z.number().int() }), 400: validationProblem, 403: problem, 404: problem, 409: problem },
    },
  }, async (request, reply) => {
    const parsed = safeguardingUpdateSchema.safeParse(request.body);
    if (!parsed.success) return invalid(reply, parsed.error.issues.map((i) => ({ field: i.path.join('.') || 'body', message: i.message })));
    try {
      return await services.children.record(request.principal!, request.params.reference, parsed.data, auditContext(request));
    } catch (error) {
      if (error instanceof SafeguardingValidationError) return invalid(reply, error.problems);
      if (error instanceof StaleVersionError) return reply.code(409).send({ error: 'conflict', message: error.message });
      throw error;
    }
  });
}

function invalid(reply: FastifyReply, fields: { field: string; message: string }[]) {
  return reply.code(400).send({ error: 'validation_failed', message: fields.map((f) => `${f.field}: ${f.message}`).join('; '), fields });
}
