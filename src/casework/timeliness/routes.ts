import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services.js';
import { requires } from '../../platform/auth/route-policy.js';
import { ukDate } from '../../platform/working-days.js';
import { nations, nationLabels } from '../../organisations/kinds.js';
import { parseFilters } from './schema.js';
import { TimelinessReports } from './timeliness.js';
import { dashboardView } from './dashboard.js';

const template = 'casework/timeliness/views/dashboard.njk';

/**
 * Competent Authority managers' timeliness dashboard: their own authority's figures only. Aggregates
 * name no person referred, so viewing them is not audited as a read of a record.
 */
export async function timelinessRoutes(app: FastifyInstance, { services }: { services: Services }): Promise<void> {
  const reports = new TimelinessReports(services.database);

  app.get('/casework/timeliness', { config: requires('casework:timeliness') }, async (request, reply) => {
    const today = ukDate(services.clock.now());
    const values = (request.query ?? {}) as Record<string, unknown>;
    const nationItems = [{ value: '', text: 'All nations' }, ...nations.map((n) => ({ value: n, text: nationLabels[n], selected: values.nation === n }))];
    const filters = parseFilters(values, today);
    if (!filters.ok) return reply.code(400).render(template, { errors: filters.errors, values, nationItems, today });
    const report = await reports.report(request.principal!, filters.value, today);
    return reply.render(template, { values: formValues(values, report.period), nationItems, report, view: dashboardView(report) });
  });
}

/** The form shows the period the figures are for, also when it was left to the default. */
function formValues(query: Record<string, unknown>, period: { from: string; to: string }): Record<string, unknown> {
  const parts = (prefix: string, iso: string) => {
    const [year, month, day] = iso.split('-') as [string, string, string];
    return { [`${prefix}-day`]: String(Number(day)), [`${prefix}-month`]: String(Number(month)), [`${prefix}-year`]: year };
  };
  return { ...query, ...parts('from', period.from), ...parts('to', period.to) };
}
