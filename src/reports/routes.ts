import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Services } from '../services.js';
import { requires } from '../platform/auth/route-policy.js';
import { auditContext } from '../platform/http/request-context.js';
import { toFormErrors } from '../platform/http/forms.js';
import { annualReportPdf } from './annual-report-pdf.js';

/** Years the report can be drafted for: from the first year of the NRM to the current one. */
function yearSchema(currentYear: number) {
  return z.coerce.number({ error: 'Enter a year as a number, like 2025' }).int('Enter a whole year, like 2025')
    .min(2009, 'The National Referral Mechanism began in 2009: enter 2009 or later')
    .max(currentYear, `Enter ${currentYear} or earlier`);
}

/**
 * The rapporteur's annual report: a draft for a chosen calendar year, as a page and as a PDF. The
 * figures are published figures only: the statistics' disclosure control applies to every chapter.
 */
export async function reportRoutes(app: FastifyInstance, { services }: { services: Services }): Promise<void> {
  const currentYear = () => Number(services.clock.now().toISOString().slice(0, 4));

  function parseYear(request: FastifyRequest) {
    const query = (request.query ?? {}) as Record<string, unknown>;
    // Until a year is chosen, the last full year.
    const raw = query.year === undefined || query.year === '' ? String(currentYear() - 1) : query.year;
    return { raw, parsed: yearSchema(currentYear()).safeParse(raw) };
  }

  app.get('/reports/annual', { config: requires('reports:annual') }, async (request, reply) => {
    const { raw, parsed } = parseYear(request);
    if (!parsed.success) {
      const errors = toFormErrors([{ field: 'year', message: parsed.error.issues[0]?.message ?? 'Enter a year' }]);
      return reply.code(400).render('reports/views/annual-report.njk', { year: raw, errors });
    }
    const report = await services.annualReports.draft(parsed.data, auditContext(request));
    return reply.render('reports/views/annual-report.njk', { year: parsed.data, report });
  });

  app.get('/reports/annual.pdf', { config: requires('reports:annual') }, async (request, reply) => {
    const { parsed } = parseYear(request);
    if (!parsed.success) return reply.code(400).type('text/plain; charset=utf-8').send(parsed.error.issues[0]?.message ?? 'Enter a year');
    const report = await services.annualReports.draft(parsed.data, auditContext(request));
    const pdf = await annualReportPdf(report, { createdAt: services.clock.now() });
    reply.header('content-disposition', `attachment; filename="annual-report-${parsed.data}-draft.pdf"`);
    return reply.type('application/pdf').send(pdf);
  });
}
