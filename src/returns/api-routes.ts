import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Services } from '../services.js';
import { requires } from '../platform/auth/route-policy.js';
import { auditContext } from '../platform/http/request-context.js';
import { StaleVersionError } from '../platform/db/errors.js';
import { CaseworkRefusedError } from '../casework/errors.js';
import { factorAnswers, riskFactorCodes } from './risk-assessment.js';
import { assessmentInput, returnRecordInput, returnRequestInput } from './schema.js';
import type { AssessmentView } from './service.js';
import type { ReturnRow } from './store.js';

const problem = z.object({ error: z.string(), message: z.string(), field: z.string().optional() });
const reference = z.object({ reference: z.string().regex(/^NRM-\d{4}-\d{6}$/, 'Not an NRM referral reference') });
const withId = reference.extend({ id: z.uuid() });
const idempotencyKey = z.string().min(8).max(100).regex(/^[\x21-\x7e]+$/, 'Use printable characters only');

const assessmentOut = z.object({
  id: z.uuid(), version: z.number(), level: z.enum(['low', 'medium', 'high']),
  reasons: z.array(z.object({ factors: z.array(z.enum(riskFactorCodes)), text: z.string() })).describe('Why the level is what it is, the deciding reason first'),
  factors: z.array(z.object({ factor: z.enum(riskFactorCodes), answer: z.enum(factorAnswers), evidence: z.string().optional() })),
  assessedAt: z.date(), assessorName: z.string(), signedOffAt: z.date().nullable(), signerName: z.string().nullable(),
  needsSignOff: z.boolean().describe('A high level not yet signed off by a Competent Authority manager'),
});
const returnOut = z.object({
  id: z.uuid(), version: z.number(), destinationCountry: z.string(), requestedOn: z.string(), status: z.enum(['requested', 'returned', 'cancelled']),
  returnedOn: z.string().nullable(), reintegrationPartner: z.string().nullable(), assessmentId: z.uuid().nullable(),
});
const created = z.object({ id: z.uuid(), version: z.number(), level: z.string().optional(), status: z.string().optional() });

const returnJson = (r: ReturnRow) => ({
  id: r.id, version: r.version, destinationCountry: r.destinationCountry, requestedOn: r.requestedOn, status: r.status as 'requested',
  returnedOn: r.returnedOn, reintegrationPartner: r.reintegrationPartner, assessmentId: r.assessmentId,
});

/** Re-trafficking risk assessments and voluntary returns for agency systems, by the same services and rules as the pages. */
export async function returnApiRoutes(app: FastifyInstance, { services }: { services: Services }): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const r = services.returns;

  api.get('/api/v1/referrals/:reference/risk-assessments', {
    config: requires('returns:view'),
    schema: {
      tags: ['returns'], summary: 'The case’s re-trafficking risk assessments, latest (the one that counts) first', params: reference,
      response: { 200: z.object({ latest: assessmentOut.nullable(), assessments: z.array(assessmentOut) }), 403: problem, 404: problem },
    },
  }, async (request, reply) => answer(reply, 200, async () => {
    const view = await r.view(request.principal!, request.params.reference, auditContext(request));
    const out = (a: AssessmentView) => ({ ...a, factors: a.factors.map((f) => ({ ...f, evidence: f.evidence ?? undefined })) });
    return { latest: view.latest ? out(view.latest) : null, assessments: view.assessments.map(out) };
  }));

  api.post('/api/v1/referrals/:reference/risk-assessments', {
    config: requires('returns:assess'),
    schema: {
      tags: ['returns'], summary: 'Complete a re-trafficking risk assessment',
      description: 'Every factor answered present, not_present or not_known; evidence required for each factor present. The level (low, medium, high) and its reasons follow from the rule in src/returns/risk-assessment.ts. An `Idempotency-Key` header makes a retry return the assessment already made.',
      params: reference, body: assessmentInput, headers: z.object({ 'idempotency-key': idempotencyKey.optional() }),
      response: { 201: created, 403: problem, 404: problem },
    },
  }, async (request, reply) => answer(reply, 201, async () => {
    const row = await r.assess(request.principal!, request.params.reference, request.body, auditContext(request), request.headers['idempotency-key']);
    return { id: row.id, version: row.version, level: row.level };
  }));

  api.post('/api/v1/referrals/:reference/risk-assessments/:id/sign-off', {
    config: requires('returns:sign-off'),
    schema: {
      tags: ['returns'], summary: 'A Competent Authority manager signs off the latest assessment when its level is high',
      params: withId, body: z.object({ version: z.number().int().min(1).describe('The assessment version you read; a stale one gets 409') }),
      response: { 200: created, 403: problem, 404: problem, 409: problem, 422: problem },
    },
  }, async (request, reply) => answer(reply, 200, async () => {
    const row = await r.signOff(request.principal!, request.params.reference, request.params.id, request.body, auditContext(request));
    return { id: row.id, version: row.version, level: row.level };
  }));

  api.get('/api/v1/referrals/:reference/returns', {
    config: requires('returns:view'),
    schema: { tags: ['returns'], summary: 'The case’s voluntary returns, newest first', params: reference, response: { 200: z.object({ returns: z.array(returnOut) }), 403: problem, 404: problem } },
  }, async (request, reply) => answer(reply, 200, async () => {
    const view = await r.view(request.principal!, request.params.reference, auditContext(request));
    return { returns: view.returns.map(returnJson) };
  }));

  api.post('/api/v1/referrals/:reference/returns', {
    config: requires('returns:request'),
    schema: {
      tags: ['returns'], summary: 'Request a voluntary return',
      description: 'The country of return is a code from the nationality reference list; one request is open on a case at a time (a second is refused, so a retry cannot duplicate it).',
      params: reference, body: returnRequestInput, response: { 201: created, 403: problem, 404: problem, 422: problem },
    },
  }, async (request, reply) => answer(reply, 201, async () => {
    const row = await r.requestReturn(request.principal!, request.params.reference, request.body, auditContext(request));
    return { id: row.id, version: row.version, status: row.status };
  }));

  api.post('/api/v1/referrals/:reference/returns/:id/record', {
    config: requires('returns:record'),
    schema: {
      tags: ['returns'], summary: 'Record that the return took place',
      description: 'Refused (422, nothing written) without a completed risk assessment; when the latest is high, also without a manager’s sign-off or a reintegrationPartner. A stale version gets 409.',
      params: withId, body: returnRecordInput.extend({ version: z.number().int().min(1) }), response: { 200: created, 403: problem, 404: problem, 409: problem, 422: problem },
    },
  }, async (request, reply) => answer(reply, 200, async () => {
    const row = await r.recordReturn(request.principal!, request.params.reference, request.params.id, request.body, auditContext(request));
    return { id: row.id, version: row.version, status: row.status };
  }));

  api.post('/api/v1/referrals/:reference/returns/:id/cancel', {
    config: requires('returns:request'),
    schema: {
      tags: ['returns'], summary: 'Cancel a requested return: the person no longer wishes to return',
      params: withId, body: z.object({ version: z.number().int().min(1) }), response: { 200: created, 403: problem, 404: problem, 409: problem, 422: problem },
    },
  }, async (request, reply) => answer(reply, 200, async () => {
    const row = await r.cancelReturn(request.principal!, request.params.reference, request.params.id, request.body, auditContext(request));
    return { id: row.id, version: row.version, status: row.status };
  }));
}

function refuse(reply: FastifyReply, status: number, message: string, field?: string) {
  return reply.code(status).send({ error: status === 409 ? 'conflict' : 'refused', message, field });
}

/** The services' refusals as HTTP: a stale version is a conflict (409), a rule's refusal 422. */
async function answer(reply: FastifyReply, status: number, work: () => Promise<unknown>) {
  try {
    return reply.code(status).send(await work());
  } catch (error) {
    if (error instanceof StaleVersionError) return refuse(reply, 409, error.message, 'version');
    if (error instanceof CaseworkRefusedError) return refuse(reply, 422, error.message, error.field);
    throw error;
  }
}
