import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Services } from '../services.js';
import { requires } from '../platform/auth/route-policy.js';
import { auditContext } from '../platform/http/request-context.js';
import { StaleVersionError } from '../platform/db/errors.js';
import { CaseworkRefusedError } from './errors.js';
import { decisionOutcomes, isPositive } from './outcomes.js';
import { negativeReasonCategoryCodes } from './reason-categories.js';
import { queueFilters, type QueueFilter } from './work-queue.js';
import type { DecisionRow } from './decisions.js';

const PAGE = 50;
const problem = z.object({ error: z.string(), message: z.string(), field: z.string().optional() });
const reference = z.object({ reference: z.string().regex(/^NRM-\d{4}-\d{6}$/, 'Not an NRM referral reference') });
const version = z.number().int().min(1).describe('The case version you read (GET /api/v1/referrals/{reference}); a stale version gets 409');

const decisionBody = z.object({
  stage: z.enum(['reasonable_grounds', 'conclusive_grounds']),
  outcome: z.enum(decisionOutcomes).describe('The outcomes in force for the case’s nation on the day: positive/negative, or for a CG in England and Wales trafficking / slavery_servitude_forced_labour / not_recognised'),
  reasons: z.string().trim().min(1, 'Enter the reasons for the decision').max(20_000),
  reasonCategory: z.enum(negativeReasonCategoryCodes).optional().describe('Required with a negative outcome: the main reason, for statistics'),
  residencePermit: z.object({
    recommended: z.boolean(),
    bases: z.array(z.enum(['police_cooperation', 'personal_circumstances'])).default([]),
    periodMonths: z.number().int().min(1).max(60).optional(),
    note: z.string().trim().max(5_000).optional(),
  }).optional().describe('Required with a positive conclusive grounds decision'),
  version,
});

const decisionOut = z.object({
  id: z.uuid(), stage: z.enum(['reasonable_grounds', 'conclusive_grounds']), outcome: z.string(),
  status: z.string().describe('issued, or awaiting_review: a negative decision is issued only after a second caseworker agrees'),
  decidedOn: z.string().nullable(),
});

const queueRow = z.object({
  reference: z.string(), status: z.string(), receivedAt: z.date(), child: z.boolean(), detained: z.boolean().nullable(),
  assignee: z.string().nullable(), nextStep: z.string(), dueOn: z.string().nullable(), marker: z.enum(['overdue', 'due_soon']).nullable(),
});

const stages = { reasonable_grounds: 'rg', conclusive_grounds: 'cg' } as const;
const stageNames = { rg: 'reasonable_grounds', cg: 'conclusive_grounds' } as const;

/** The Competent Authority's casework for agency systems: the work queue and decisions, by the same rules as the pages. */
export async function caseworkApiRoutes(app: FastifyInstance, { services }: { services: Services }): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get('/api/v1/casework/queue', {
    config: requires('casework:queue'),
    schema: {
      tags: ['casework'], summary: 'The work queue: open cases of your Competent Authority, what is due soonest first',
      querystring: z.object({
        filter: z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(z.enum(Object.keys(queueFilters) as [QueueFilter]))),
        page: z.coerce.number().int().min(1).max(10_000).default(1),
      }),
      response: { 200: z.object({ today: z.string(), cases: z.array(queueRow), nextPage: z.number().nullable() }) },
    },
  }, async (request) => {
    const { filter, page } = request.query;
    const { rows, today, more } = await services.casework.queue.list(request.principal!, filter, { limit: PAGE, offset: (page - 1) * PAGE });
    return {
      today,
      cases: rows.map((r) => ({
        reference: r.reference, status: r.status, receivedAt: r.receivedAt, child: r.treatedAsChild, detained: r.detained,
        assignee: r.assigneeName, nextStep: r.nextStep, dueOn: r.dueOn, marker: r.marker,
      })),
      nextPage: more ? page + 1 : null,
    };
  });

  api.post('/api/v1/referrals/:reference/decisions', {
    config: requires('casework:decide'),
    schema: {
      tags: ['casework'], summary: 'Make a reasonable or conclusive grounds decision',
      description: 'A positive decision is issued at once (letters sent, recovery period opened or move-on set); a negative one waits for a second caseworker’s review (POST …/decisions/{id}/review).',
      params: reference, body: decisionBody,
      response: { 201: decisionOut, 403: problem, 404: problem, 409: problem, 422: problem },
    },
  }, async (request, reply) => {
    const b = request.body;
    const stage = stages[b.stage];
    const positive = isPositive(b.outcome);
    if (!positive && !b.reasonCategory) return refuse(reply, 422, 'Give the main reason for a negative decision (reasonCategory)', 'reasonCategory');
    if (stage === 'cg' && positive && !b.residencePermit) return refuse(reply, 422, 'Say whether a residence permit is recommended (residencePermit)', 'residencePermit');
    return answer(reply, 201, () => services.casework.decisions.propose(request.principal!, request.params.reference, stage, {
      outcome: b.outcome, reasons: b.reasons, reasonCategory: positive ? undefined : b.reasonCategory, version: b.version,
      residencePermit: stage === 'cg' && positive ? b.residencePermit : undefined,
    }, auditContext(request)));
  });

  api.post('/api/v1/referrals/:reference/decisions/:id/review', {
    config: requires('casework:review'),
    schema: {
      tags: ['casework'], summary: 'Second review of a negative decision: agree (it is issued) or return it with a comment',
      params: reference.extend({ id: z.uuid() }),
      body: z.object({ agree: z.boolean(), comment: z.string().trim().max(10_000).optional(), version }),
      response: { 200: decisionOut, 403: problem, 404: problem, 409: problem, 422: problem },
    },
  }, async (request, reply) => {
    const b = request.body;
    return answer(reply, 200, () => services.casework.decisions.review(request.principal!, request.params.reference, request.params.id, { agree: b.agree, comment: b.comment || undefined, version: b.version }, auditContext(request)));
  });
}

function refuse(reply: FastifyReply, status: number, message: string, field?: string) {
  return reply.code(status).send({ error: status === 409 ? 'conflict' : 'refused', message, field });
}

/** The service's refusals as HTTP: another caseworker's change is a conflict (409), a rule's refusal is 422. */
async function answer(reply: FastifyReply, status: number, work: () => Promise<DecisionRow>) {
  try {
    const d = await work();
    return reply.code(status).send({ id: d.id, stage: stageNames[d.stage as 'rg' | 'cg'], outcome: d.outcome, status: d.status, decidedOn: d.decidedOn });
  } catch (error) {
    if (error instanceof StaleVersionError) return refuse(reply, 409, error.message, 'version');
    if (error instanceof CaseworkRefusedError) return refuse(reply, 422, error.message, error.field);
    throw error;
  }
}
