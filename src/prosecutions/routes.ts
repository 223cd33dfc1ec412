import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { stringify } from 'csv-stringify/sync';
import { validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Services } from '../services.js';
import { requires } from '../platform/auth/route-policy.js';
import { auditContext } from '../platform/http/request-context.js';
import { parseForm } from '../platform/http/forms.js';
import { ukDate } from '../platform/working-days.js';
import { prosecutionSubmissionSchema } from './schema.js';
import { IdempotencyConflictError, ProsecutionValidationError, StaleRevisionError } from './service.js';
import { countingUnit, type ProsecutionStatistics } from './statistics.js';

const problem = z.object({ error: z.string(), message: z.string() });
const validationProblem = problem.extend({ fields: z.array(z.object({ field: z.string(), message: z.string() })).optional() });
const idempotencyKey = z.string().min(8).max(100).regex(/^[\x21-\x7e]+$/, 'Use printable characters only');
const submitted = z.object({
  id: z.uuid(), reference: z.string(), version: z.number().int(),
  outcome: z.enum(['created', 'revised', 'unchanged']).describe('`created` (201), `revised` in place (200), or `unchanged`: this revision was already stored (200)'),
});

const FIRST_YEAR = 2004; // the earliest offence in the vocabulary came into force in 2004
const yearsSchema = z.object({
  fromYear: z.coerce.number({ error: 'Enter the first year as a number' }).int('Enter a whole year').min(FIRST_YEAR, `The first year must be ${FIRST_YEAR} or later`).max(2100),
  toYear: z.coerce.number({ error: 'Enter the last year as a number' }).int('Enter a whole year').min(FIRST_YEAR, `The last year must be ${FIRST_YEAR} or later`).max(2100),
}).refine((y) => y.toYear >= y.fromYear, { path: ['toYear'], message: 'The last year must be the same as or after the first year' })
  .refine((y) => y.toYear - y.fromYear < 20, { path: ['toYear'], message: 'Choose at most 20 years' });

/**
 * Prosecution outcomes: the prosecution service's case-management system posts them; analysts and
 * policy leads read convictions by offence and year after disclosure control (page and CSV).
 */
export async function prosecutionRoutes(app: FastifyInstance, { services }: { services: Services }): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.post('/api/v1/prosecutions', {
    config: requires('prosecutions:submit'),
    // The body is checked once, by the service, which names every problem field; the schema documents it.
    validatorCompiler: (route) => (route.httpPart === 'body' ? (data: unknown) => ({ value: data }) : validatorCompiler(route as unknown as Parameters<typeof validatorCompiler>[0])),
    schema: {
      tags: ['prosecutions'],
      summary: 'Create or revise a prosecution outcome, linked to the victims’ referrals',
      description: 'One prosecution by its reference: a post whose `updatedAt` is later than the stored one revises it in place (the version moves on); '
        + 'an earlier one, or the same `updatedAt` with other content, is refused (409). Send an `Idempotency-Key` header: a retry with the same key and body '
        + 'is answered as the first time (`idempotent-replayed: true`); the same key with another body is refused (409). An offence charged before it came into '
        + 'force, or a referral reference that does not exist, is refused (422) with the field named, and nothing is written.',
      headers: z.object({ 'idempotency-key': idempotencyKey.optional() }),
      body: prosecutionSubmissionSchema,
      response: { 200: submitted, 201: submitted, 400: validationProblem, 403: problem, 409: problem, 422: validationProblem },
    },
  }, async (request, reply) => {
    const key = idempotencyKey.safeParse(request.headers['idempotency-key']);
    if (!key.success) {
      return reply.code(400).send({ error: 'idempotency_key_required', message: 'Send an Idempotency-Key header (8–100 printable characters), the same on every retry of this post.', fields: [] });
    }
    try {
      const result = await services.prosecutions.submit(request.principal!, request.body, key.data, auditContext(request));
      if (result.replayed) reply.header('idempotent-replayed', 'true');
      return reply.code(result.outcome === 'created' ? 201 : 200).send({ id: result.id, reference: result.reference, version: result.version, outcome: result.outcome });
    } catch (error) {
      if (error instanceof ProsecutionValidationError) {
        return reply.code(error.status).send({ error: error.status === 400 ? 'validation_failed' : 'rule_failed', message: error.message, fields: error.problems });
      }
      if (error instanceof IdempotencyConflictError) return reply.code(409).send({ error: 'idempotency_conflict', message: error.message });
      if (error instanceof StaleRevisionError) return reply.code(409).send({ error: 'stale_revision', message: error.message });
      throw error;
    }
  });

  app.get('/statistics/prosecutions', { config: requires('prosecutions:statistics') }, async (request, reply) => {
    const query = (request.query ?? {}) as Record<string, unknown>;
    const asked = 'fromYear' in query || 'toYear' in query;
    const parsed = parseForm(yearsSchema, asked ? query : defaultYears());
    if (!parsed.ok) return reply.code(400).render('prosecutions/views/statistics.njk', { values: query, errors: parsed.errors });
    const statistics = await services.prosecutions.statistics(parsed.value.fromYear, parsed.value.toYear, 'view', auditContext(request));
    return reply.render('prosecutions/views/statistics.njk', { values: parsed.value, statistics, countingUnit });
  });

  app.get('/statistics/prosecutions.csv', { config: requires('prosecutions:statistics') }, async (request, reply) => {
    const query = (request.query ?? {}) as Record<string, unknown>;
    const parsed = parseForm(yearsSchema, 'fromYear' in query || 'toYear' in query ? query : defaultYears());
    if (!parsed.ok) return reply.code(400).render('prosecutions/views/statistics.njk', { values: query, errors: parsed.errors });
    const { fromYear, toYear } = parsed.value;
    const statistics = await services.prosecutions.statistics(fromYear, toYear, 'download', auditContext(request));
    return reply.header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="prosecution-convictions-${fromYear}-to-${toYear}.csv"`)
      .send(statisticsCsv(statistics));
  });

  /** The last five years, this one included. */
  function defaultYears() {
    const year = Number(ukDate(services.clock.now()).slice(0, 4));
    return { fromYear: year - 4, toYear: year };
  }
}

/** One figure per line, as the statistics CSV: table, row, column, value; totals named "Total", hidden figures "[c]". */
export function statisticsCsv(statistics: ProsecutionStatistics): string {
  const lines: (string | number)[][] = [['table', 'title', 'row_variable', 'row', 'column_variable', 'column', 'value']];
  for (const t of statistics.tables) {
    t.rows.forEach((row, r) => {
      t.columns.forEach((column, c) => lines.push([t.id, t.title, t.rowVariable, row, t.columnVariable, column, t.cells[r]![c]!]));
      lines.push([t.id, t.title, t.rowVariable, row, t.columnVariable, 'Total', t.rowTotals[r]!]);
    });
    t.columns.forEach((column, c) => lines.push([t.id, t.title, t.rowVariable, 'Total', t.columnVariable, column, t.columnTotals[c]!]));
    lines.push([t.id, t.title, t.rowVariable, 'Total', t.columnVariable, 'Total', t.grandTotal]);
  }
  return stringify(lines);
}
