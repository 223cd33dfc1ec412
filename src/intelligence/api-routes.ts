import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Services } from '../services.js';
import { requires } from '../platform/auth/route-policy.js';
import { auditContext } from '../platform/http/request-context.js';
import { agencyReportSchema, intelligenceReferenceSchema, personSchema, reportFiltersSchema } from './schema.js';
import { IdempotencyConflictError, IntelligenceValidationError } from './service.js';
import { PAGE_SIZE } from './routes.js';

const problem = z.object({ error: z.string(), message: z.string() });
const validationProblem = problem.extend({ fields: z.array(z.object({ field: z.string(), message: z.string() })).optional() });
const idempotencyKey = z.string().min(8).max(100).regex(/^[\x21-\x7e]+$/, 'Use printable characters only');
const grading = z.object({ source: z.string(), intelligence: z.string(), handling: z.string() }).nullable()
  .describe('UK 3x5x2: source evaluation A (reliable), B (untested), C (not reliable); intelligence assessment 1–5; handling code P or C');

const summary = z.object({
  reference: z.string(), source: z.enum(['agency', 'public']), receivedAt: z.date(), organisation: z.string().nullable(),
  places: z.array(z.string()), businesses: z.array(z.string()), exploitationTypes: z.array(z.string()), policeForceCode: z.string().nullable(),
  grading, triageStatus: z.string(),
});
const report = z.object({
  reference: z.string(), version: z.number(), source: z.enum(['agency', 'public']), receivedAt: z.date(),
  organisation: z.object({ name: z.string() }).nullable().optional(),
  what: z.string().optional(),
  people: z.array(personSchema).optional().describe('People described, other than possible victims'),
  possibleVictims: z.array(personSchema).optional().describe('Only for the submitting organisation; never for analysts'),
  places: z.array(z.string()).optional(), businesses: z.array(z.string()).optional(), vehicles: z.array(z.string()).optional(),
  phoneNumbers: z.array(z.string()).optional(), exploitationTypes: z.array(z.string()).optional(), policeForceCode: z.string().nullable().optional(),
  grading: grading.optional(), triageStatus: z.string().optional(), triagedAt: z.date().nullable().optional(),
  linkedReferrals: z.array(z.object({ reference: z.string().optional(), pseudonym: z.string().optional() })).optional(),
});

/** Intelligence for agency systems and analysts: the same schemas and rules as the pages. */
export async function intelligenceApiRoutes(app: FastifyInstance, { services }: { services: Services }): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.post('/api/v1/intelligence', {
    config: requires('intelligence:submit'),
    // The service checks the body and reports every problem by field; the schema documents it.
    validatorCompiler: (route) => (route.httpPart === 'body' ? (data: unknown) => ({ value: data }) : validatorCompiler(route as unknown as Parameters<typeof validatorCompiler>[0])),
    schema: {
      tags: ['intelligence'],
      summary: 'Send an intelligence report to the central repository',
      description: 'Send an `Idempotency-Key` header: repeating a request with the same key and body returns the same report; the same key with a different body is refused (409). `what` and `people` are stored encrypted; places, businesses, vehicles and phone numbers are stored plain so that analysts can search them.',
      headers: z.object({ 'idempotency-key': idempotencyKey.optional() }),
      body: agencyReportSchema,
      response: { 201: z.object({ reference: z.string(), receivedAt: z.date() }), 400: validationProblem, 409: problem },
    },
  }, async (request, reply) => {
    const key = idempotencyKey.safeParse(request.headers['idempotency-key']);
    if (!key.success) {
      return reply.code(400).send({ error: 'idempotency_key_required', message: 'Send an Idempotency-Key header (8–100 printable characters), the same on every retry of this report.', fields: [] });
    }
    try {
      const result = await services.intelligence.submitFromAgency(request.principal!, request.body, `api:${key.data}`, auditContext(request));
      if (result.replayed) reply.header('idempotent-replayed', 'true');
      return reply.code(201).send({ reference: result.reference, receivedAt: result.receivedAt });
    } catch (error) {
      if (error instanceof IntelligenceValidationError) return reply.code(400).send({ error: 'validation_failed', message: error.message, fields: error.problems });
      if (error instanceof IdempotencyConflictError) return reply.code(409).send({ error: 'idempotency_conflict', message: error.message });
      throw error;
    }
  });

  api.get('/api/v1/intelligence', {
    config: requires('intelligence:view'),
    schema: {
      tags: ['intelligence'],
      summary: 'Intelligence reports you may see, newest first: your organisation\'s, or every report for analysts',
      description: '`q` searches places, businesses, vehicles, phone numbers, exploitation types and police force area (PostgreSQL full-text search). Every list is recorded in the audit log.',
      querystring: reportFiltersSchema,
      response: { 200: z.object({ total: z.number(), page: z.number(), reports: z.array(summary) }) },
    },
  }, async (request) => {
    const filters = request.query;
    const { rows, total } = await services.intelligence.list(request.principal!, filters, { limit: PAGE_SIZE, offset: (filters.page - 1) * PAGE_SIZE }, auditContext(request));
    return {
      total, page: filters.page,
      reports: rows.map((r) => ({
        reference: r.reference, source: r.source as 'agency' | 'public', receivedAt: r.receivedAt, organisation: r.organisationName,
        places: r.places, businesses: r.businesses, exploitationTypes: r.exploitationTypes, policeForceCode: r.policeForceCode,
        grading: r.sourceEvaluation && r.intelligenceAssessment && r.handlingCode ? { source: r.sourceEvaluation, intelligence: r.intelligenceAssessment, handling: r.handlingCode } : null,
        triageStatus: r.triageStatus,
      })),
    };
  });

  api.get('/api/v1/intelligence/:reference', {
    config: requires('intelligence:view'),
    schema: {
      tags: ['intelligence'], summary: 'One intelligence report, with the fields your role may see',
      params: z.object({ reference: z.string() }),
      response: { 200: report, 404: problem },
    },
  }, async (request, reply) => {
    const reference = intelligenceReferenceSchema.safeParse(request.params.reference);
    if (!reference.success) return reply.code(404).send({ error: 'not_found', message: 'No intelligence report with this reference' });
    const { id: _id, ...visible } = await services.intelligence.open(request.principal!, reference.data, auditContext(request));
    return visible;
  });
}
