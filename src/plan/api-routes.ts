import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Services } from '../services.js';
import { requires } from '../platform/auth/route-policy.js';
import { auditContext } from '../platform/http/request-context.js';
import { StaleVersionError } from '../platform/db/errors.js';
import { progressStatuses } from './progress-status.js';
import { progressProposalInput } from './schema.js';
import { NotResponsiblePartyError, ProgressConflictError, TransitionRefusedError } from './progress.js';
import type { ProgressUpdate } from './store.js';

const problem = z.object({ error: z.string(), message: z.string(), field: z.string().optional() });
const idempotencyKey = z.string().min(8).max(100).regex(/^[\x21-\x7e]+$/, 'Use printable characters only');

const planOut = z.object({
  id: z.uuid(), slug: z.string(), title: z.string(), publishedOn: z.string().nullable(), predecessorId: z.uuid().nullable(), actionCount: z.number().int(),
});
const actionOut = z.object({
  id: z.uuid(), number: z.number().int(), chapter: z.string(), objective: z.number().int(), text: z.string(), indicators: z.array(z.string()),
  timetable: z.string(), dueOn: z.string().nullable(), responsible: z.string(),
  parties: z.array(z.object({ name: z.string(), organisationId: z.uuid().nullable(), organisationName: z.string().nullable() })),
  status: z.enum(progressStatuses), statusNote: z.string(), statusOn: z.string(), withdrawalReason: z.string().nullable(), version: z.number().int(),
});
const updateOut = z.object({
  id: z.uuid(), actionId: z.uuid(), fromStatus: z.enum(progressStatuses), status: z.enum(progressStatuses), note: z.string(), notedOn: z.string(),
  withdrawalReason: z.string().nullable(), state: z.enum(['proposed', 'approved', 'returned']).describe('proposed until a policy lead approves or returns it'),
  returnReason: z.string().nullable(), version: z.number().int().describe('Send it with the decision; a stale one gets 409'),
});
const decisionBody = z.object({
  decision: z.enum(['approve', 'return']),
  version: z.number().int().min(1),
  returnReason: z.string().trim().min(1).max(2000).optional().describe('Required to return an update'),
});

const toUpdateOut = (u: ProgressUpdate): z.infer<typeof updateOut> => ({
  id: u.id, actionId: u.actionId, fromStatus: u.fromStatus as z.infer<typeof updateOut>['status'], status: u.status as z.infer<typeof updateOut>['status'],
  note: u.note, notedOn: u.notedOn, withdrawalReason: u.withdrawalReason, state: u.state as z.infer<typeof updateOut>['state'], returnReason: u.returnReason, version: u.version,
});

/** Action plans for agency systems: read the plans and actions, propose progress, and (policy leads) decide on it. */
export async function planApiRoutes(app: FastifyInstance, { services }: { services: Services }): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const plans = services.plans;

  api.get('/api/v1/plans', {
    config: requires('plan:view'),
    schema: { tags: ['action plans'], summary: 'List action plans', response: { 200: z.array(planOut) } },
  }, async () => (await plans.reader.list()).map((p) => ({
    id: p.id, slug: p.slug, title: p.title, publishedOn: p.publishedOn, predecessorId: p.predecessorId, actionCount: p.actionCount,
  })));

  api.get('/api/v1/plans/:planId/actions', {
    config: requires('plan:view'),
    schema: { tags: ['action plans'], summary: "A plan's actions (Annex A) with their current progress", params: z.object({ planId: z.uuid() }), response: { 200: z.array(actionOut), 404: problem } },
  }, async (request) => {
    const annex = await plans.reader.annexA(request.params.planId);
    return annex.actions.map((a) => ({
      id: a.id, number: a.number, chapter: a.chapterCode, objective: a.objectiveNumber, text: a.text, indicators: a.indicators, timetable: a.timetable,
      dueOn: a.dueOn, responsible: a.responsibleText, parties: a.parties.map(({ name, organisationId, organisationName }) => ({ name, organisationId, organisationName })),
      status: a.status as z.infer<typeof actionOut>['status'], statusNote: a.statusNote, statusOn: a.statusOn, withdrawalReason: a.withdrawalReason, version: a.version,
    }));
  });

  api.post('/api/v1/plans/actions/:actionId/progress', {
    config: requires('plan:propose-progress'),
    schema: {
      tags: ['action plans'], summary: "Propose a progress update on one of your organisation's actions",
      description: 'Send an Idempotency-Key header: a retry with the same key answers with the first update.',
      params: z.object({ actionId: z.uuid() }), body: progressProposalInput, headers: z.object({ 'idempotency-key': idempotencyKey.optional() }),
      response: { 201: updateOut, 200: updateOut, 403: problem, 404: problem, 409: problem, 422: problem },
    },
  }, async (request, reply) => {
    try {
      const { update, repeated } = await plans.progress.propose(request.principal!, request.params.actionId, request.body, auditContext(request), request.headers['idempotency-key']);
      return reply.code(repeated ? 200 : 201).send(toUpdateOut(update));
    } catch (error) {
      return refusal(reply, error);
    }
  });

  api.post('/api/v1/plans/progress/:updateId/decision', {
    config: requires('plan:approve-progress'),
    schema: {
      tags: ['action plans'], summary: 'Approve or return a proposed progress update', params: z.object({ updateId: z.uuid() }), body: decisionBody,
      response: { 200: updateOut, 404: problem, 409: problem, 422: problem },
    },
  }, async (request, reply) => {
    if (request.body.decision === 'return' && !request.body.returnReason) {
      return reply.code(422).send({ error: 'refused', message: 'Say why the update is returned', field: 'returnReason' });
    }
    try {
      return reply.send(toUpdateOut(await plans.progress.decide(request.principal!, request.params.updateId, request.body, auditContext(request))));
    } catch (error) {
      return refusal(reply, error);
    }
  });
}

/** The service's refusals as HTTP: not a responsible party 403, a conflict 409, the transition rule 422. */
function refusal(reply: FastifyReply, error: unknown) {
  if (error instanceof NotResponsiblePartyError) return reply.code(403).send({ error: 'forbidden', message: error.message });
  if (error instanceof ProgressConflictError || error instanceof StaleVersionError) return reply.code(409).send({ error: 'conflict', message: error.message });
  if (error instanceof TransitionRefusedError) return reply.code(422).send({ error: 'refused', message: error.message, field: error.field });
  throw error;
}
