import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Services } from '../services.js';
import { requires } from '../platform/auth/route-policy.js';
import { auditContext } from '../platform/http/request-context.js';
import { referralSubmissionSchema } from './schema.js';
import type { Nation } from '../organisations/kinds.js';
import { IdempotencyConflictError, ReferralValidationError } from './service.js';
import { decisionOutcomes } from '../casework/outcomes.js';
import { negativeReasonCategories } from '../casework/reason-categories.js';
import { can } from '../platform/auth/policy.js';

const submitted = z.object({
  id: z.uuid(),
  reference: z.string(),
  route: z.enum(['nrm', 'duty_to_notify']),
  status: z.string(),
  receivedAt: z.date(),
  competentAuthority: z.object({ code: z.string(), name: z.string() }).nullable(),
  reasonableGroundsDueDate: z.string().nullable().describe('5 working days after receipt, by the bank holidays of the nation where the referral was made'),
});
/** A decision as the referral's reader may see it (issued decisions only, for the first responder). */
const decision = z.looseObject({
  id: z.uuid(),
  stage: z.string().describe('`reasonable_grounds` or `conclusive_grounds`'),
  outcome: z.string().describe(`One of ${decisionOutcomes.map((o) => `\`${o}\``).join(', ')}`),
  status: z.string().describe('`issued`; for Competent Authority staff also `awaiting_review` or `returned`'),
  decidedOn: z.string(),
  issuedAt: z.date().nullable(),
  moveOnEnd: z.string().nullable(),
  reasons: z.string().nullable().describe('As the decision letter gives them'),
  reasonCategory: z.string().nullable()
    .describe(`A negative decision's main reason: ${Object.entries(negativeReasonCategories).map(([code, c]) => `\`${code}\` (${c.label})`).join(', ')}. Null for a positive decision, and for a negative one recorded without one (imported from a legacy system, or made before categories were required).`),
  reconsideration: z.boolean().describe('Made on reconsideration of an earlier decision'),
});
const problem = z.object({ error: z.string(), message: z.string() });
const validationProblem = problem.extend({ fields: z.array(z.object({ field: z.string(), message: z.string() })).optional() });
const idempotencyKey = z.string().min(8).max(100).regex(/^[\x21-\x7e]+$/, 'Use printable characters only');

/** Referrals for agency systems: the same schema and rules as the pages. */
export async function referralApiRoutes(app: FastifyInstance, { services }: { services: Services }): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.post('/api/v1/referrals', {
    config: requires('referrals:create'),
    // The body is checked once, by the service, which reports every problem field by field as the
    // pages do; the schema below documents it. The headers are checked here.
    validatorCompiler: (route) => (route.httpPart === 'body' ? (data: unknown) => ({ value: data }) : validatorCompiler(route as unknown as Parameters<typeof validatorCompiler>[0])),
    schema: {
      tags: ['referrals'],
      summary: 'Refer a potential victim (NRM), or make a Duty to Notify report',
      description: 'Send an `Idempotency-Key` header: repeating a request with the same key and body returns the same referral; the same key with a different body is refused (409).',
      headers: z.object({ 'idempotency-key': idempotencyKey.optional() }),
      body: referralSubmissionSchema,
      response: { 201: submitted, 400: validationProblem, 409: problem },
    },
  }, async (request, reply) => {
    const key = idempotencyKey.safeParse(request.headers['idempotency-key']);
    if (!key.success) {
      return reply.code(400).send({ error: 'idempotency_key_required', message: 'Send an Idempotency-Key header (8–100 printable characters), the same on every retry of this referral.', fields: [] });
    }
    try {
      const result = await services.referrals.submit(request.principal!, request.body, key.data, auditContext(request));
      if (result.replayed) reply.header('idempotent-replayed', 'true');
      const { replayed: _replayed, ...body } = result;
      return reply.code(201).send(body);
    } catch (error) {
      if (error instanceof ReferralValidationError) return reply.code(400).send({ error: 'validation_failed', message: error.message, fields: error.problems });
      if (error instanceof IdempotencyConflictError) return reply.code(409).send({ error: 'idempotency_conflict', message: error.message });
      throw error;
    }
  });

  api.get('/api/v1/referrals', {
    config: requires('referrals:view'),
    schema: { tags: ['referrals'], summary: 'Referrals you may see, newest first', querystring: z.object({ page: z.coerce.number().int().min(1).max(10_000).default(1) }) },
  }, async (request) => {
    const page = request.query.page;
    return services.caseFiles.list(request.principal!, { limit: 50, offset: (page - 1) * 50 });
  });

  api.get('/api/v1/referrals/:reference', {
    config: requires('referrals:view'),
    schema: {
      tags: ['referrals'], summary: 'One referral, with the fields your role may see',
      params: z.object({ reference: z.string().regex(/^(NRM|DTN)-\d{4}-\d{6}$/, 'Not a referral reference') }),
      response: {
        200: z.looseObject({
          reference: z.string(), route: z.string(), status: z.string(),
          decisions: z.array(decision).optional().describe('NRM referrals only'),
          prosecutions: z.array(z.looseObject({ reference: z.string() })).optional()
            .describe('The prosecution outcomes linked to this case (court, dates, defendants by pseudonymous label, offences, results, sentences): Competent Authority staff only'),
        }),
        403: problem, 404: problem,
      },
    },
  }, async (request) => {
    const file = await services.caseFiles.open(request.principal!, request.params.reference, auditContext(request));
    if (file.route !== 'nrm') return file as typeof file & { reference: string; route: string; status: string };
    // The decisions and the recovery period as the reader's role may see them.
    const record = await services.casework.records.load(file.id!, file.nation as Nation, request.principal!.role);
    const prosecutions = can(request.principal!.role, 'prosecutions:view') ? await services.prosecutions.forCase(request.principal!, file.id!, auditContext(request)) : undefined;
    return {
      ...file, reference: file.reference!, route: file.route, status: file.status!,
      decisions: record.decisions.map((d) => ({ id: d.id, stage: d.stage === 'rg' ? 'reasonable_grounds' : 'conclusive_grounds', outcome: d.outcome, status: d.status, decidedOn: d.decidedOn, issuedAt: d.issuedAt, moveOnEnd: d.moveOnEnd, reasons: d.reasons, reasonCategory: d.reasonCategory, reconsideration: Boolean(d.reconsiderationOf) })),
      ...(prosecutions ? { prosecutions } : {}),
      recoveryPeriod: record.recoveryPeriod && {
        startedOn: record.recoveryPeriod.startedOn, endsOn: record.recoveryPeriod.currentEnd, earliestConclusiveGrounds: record.recoveryPeriod.earliestConclusiveGrounds, removalStayed: record.recoveryPeriod.removalStayed,
      },
    };
  });
}
