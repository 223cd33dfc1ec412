import type { FastifyInstance, FastifyReply } from 'fastify';
import multipart from '@fastify/multipart';
import type { Services } from '../../services.js';
import { requires } from '../../platform/auth/route-policy.js';
import { auditContext } from '../../platform/http/request-context.js';
import { parseForm, toFormErrors } from '../../platform/http/forms.js';
import { nationLabels, nations } from '../../organisations/kinds.js';
import { exportScopeSchema } from './schema.js';
import { HtcdsExport } from './export.js';
import { HtcdsImport, type ImportOutcome } from './import.js';

/** A partner's file is read whole (every line is checked before any is kept), so it has a ceiling. */
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

const exportTemplate = 'repository/htcds/views/export.njk';
const importTemplate = 'repository/htcds/views/import.njk';

/**
 * HTCDS exchange: analysts download pseudonymised referrals as HTCDS CSV; administrators upload a
 * partner organisation's HTCDS file into the central repository.
 */
export async function htcdsRoutes(app: FastifyInstance, { services }: { services: Services }): Promise<void> {
  const exporter = new HtcdsExport(services.database, services.audit);
  const importer = new HtcdsImport(services.database, services.audit, services.clock, services.referenceData);
  // Multipart is parsed here only; its fields join the body so the CSRF check reads `_csrf` as for any form.
  await app.register(multipart, { attachFieldsToBody: 'keyValues', limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 5 } });

  const nationItems = (selected: unknown) => [{ value: '', text: 'All nations' }, ...nations.map((n) => ({ value: n, text: nationLabels[n], selected: selected === n }))];

  app.get('/repository/htcds.csv', { config: requires('htcds:export') }, async (request, reply) => {
    const query = (request.query ?? {}) as Record<string, unknown>;
    const form = parseForm(exportScopeSchema, query);
    if (!form.ok) return reply.code(400).render(exportTemplate, { errors: form.errors, values: query, nationItems: nationItems(query.nation) });
    const { from, to, nation } = form.value;
    const csv = await exporter.csv(form.value, auditContext(request));
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="htcds-${from}-to-${to}${nation ? `-${nation}` : ''}.csv"`)
      .send(csv);
  });

  const partnerItems = async (selected?: unknown) => [
    { value: '', text: 'Choose the partner organisation' },
    ...(await services.organisations.listAll()).filter((o) => o.active).map((o) => ({ value: o.id, text: o.name, selected: o.id === selected })),
  ];
  const renderImport = async (reply: FastifyReply, status: number, view: Record<string, unknown>) =>
    reply.code(status).render(importTemplate, { maxMegabytes: MAX_UPLOAD_BYTES / 1024 / 1024, ...view, partnerItems: await partnerItems(view.partner) });

  app.get('/repository/htcds/import', { config: requires('htcds:import') }, async (_request, reply) => renderImport(reply, 200, {}));

  app.post('/repository/htcds/import', { config: requires('htcds:import') }, async (request, reply) => {
    const body = (request.body ?? {}) as { partner?: unknown; file?: unknown };
    const partner = typeof body.partner === 'string' ? (await services.organisations.listAll()).find((o) => o.id === body.partner && o.active) : undefined;
    const file = Buffer.isBuffer(body.file) ? body.file.toString('utf8') : typeof body.file === 'string' ? body.file : '';
    const problems = [
      ...(partner ? [] : [{ field: 'partner', message: 'Choose the partner organisation the file came from' }]),
      ...(file.trim() !== '' ? [] : [{ field: 'file', message: 'Choose an HTCDS CSV file to upload' }]),
    ];
    if (problems.length > 0 || !partner) return renderImport(reply, 400, { errors: toFormErrors(problems), partner: body.partner });
    const outcome = await importer.importFile(request.principal!, { text: file, partner: { id: partner.id, name: partner.name } }, auditContext(request));
    return renderImport(reply, outcome.ok ? 200 : 400, { ...outcomeView(outcome), partner: partner.id, partnerName: partner.name });
  });

  app.setErrorHandler((error: Error & { code?: string }, request, reply) => {
    if (error.code === 'FST_REQ_FILE_TOO_LARGE' || error.code === 'FST_FILES_LIMIT' || error.code === 'FST_PARTS_LIMIT' || error.code === 'FST_FIELDS_LIMIT') {
      const message = error.code === 'FST_REQ_FILE_TOO_LARGE' ? `The file must be smaller than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB` : 'Upload one file at a time';
      return renderImport(reply.code(413), 413, { errors: toFormErrors([{ field: 'file', message }]) });
    }
    throw error; // every other error goes to the application's error pages
  });
}

/** A refused file: the error summary names the first lines, the table lists every one. */
function outcomeView(outcome: ImportOutcome) {
  if (outcome.ok) return { outcome };
  const shown = outcome.problems.slice(0, 10).map((p) => ({ text: `Line ${p.line}: ${p.reason}`, href: '#problems' }));
  const more = outcome.problems.length - shown.length;
  return {
    errors: { summary: more > 0 ? [...shown, { text: `and ${more} more lines: see the table`, href: '#problems' }] : shown, fields: {} },
    outcome: { ok: false, count: outcome.problems.length, rows: outcome.problems.map((p) => [{ text: String(p.line) }, { text: p.reason }]) },
  };
}
