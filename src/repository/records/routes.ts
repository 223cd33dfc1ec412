import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Services } from '../../services.js';
import { requires } from '../../platform/auth/route-policy.js';
import { auditContext } from '../../platform/http/request-context.js';
import { parseForm, type FormErrors } from '../../platform/http/forms.js';
import { NotFoundError } from '../../platform/db/errors.js';
import { nationLabels, nations } from '../../organisations/kinds.js';
import { exploitationTypes } from '../../referrals/vocabulary.js';
import { ageGroupLabels, describeDecision, describeRecord, describeSituation, type ReferenceLabels } from './presentation.js';
import { ageGroups, filtersQuery, outcomeFilters, pseudonymSchema, recordFiltersSchema, type RecordFilters } from './schema.js';
import { PseudonymisedRecords } from './service.js';

export const PAGE_SIZE = 50;

const listTemplate = 'repository/records/views/list.njk';
const recordTemplate = 'repository/records/views/record.njk';

/**
 * The analysts' pseudonymised records: a filterable list, one record, and the list as CSV. No
 * reference, name, date of birth, contact, narrative or exact date is ever read for them.
 */
export async function recordRoutes(app: FastifyInstance, { services }: { services: Services }): Promise<void> {
  const records = new PseudonymisedRecords(services.database, services.audit);

  const referenceLabels = async (): Promise<ReferenceLabels> => {
    const [nationality, policeForce] = await Promise.all([
      services.referenceData.items('nationality', { includeInactive: true }),
      services.referenceData.items('police_force', { includeInactive: true }),
    ]);
    return { nationality: new Map(nationality.map((i) => [i.code, i.label])), policeForce: new Map(policeForce.map((i) => [i.code, i.label])) };
  };

  const refuseFilters = (reply: FastifyReply, query: Record<string, unknown>, errors: FormErrors) =>
    reply.code(400).render(listTemplate, { errors, values: query, choices: filterChoices(query) });

  app.get('/repository/records', { config: requires('repository:records') }, async (request, reply) => {
    const query = (request.query ?? {}) as Record<string, unknown>;
    const form = parseForm(recordFiltersSchema, query);
    if (!form.ok) return refuseFilters(reply, query, form.errors);
    const filters = form.value;
    const [{ rows, total }, labels] = await Promise.all([records.list(request.principal!, filters, PAGE_SIZE, auditContext(request)), referenceLabels()]);
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    const withQuery = (path: string, query: string) => (query ? `${path}?${query}` : path);
    const href = (page: number) => withQuery('/repository/records', filtersQuery(filters, page));
    return reply.render(listTemplate, {
      values: query, choices: filterChoices(filters), total, page: filters.page, pages,
      filtered: filtersQuery(filters) !== '', firstPageHref: href(1),
      csvHref: withQuery('/repository/records.csv', filtersQuery(filters)),
      records: rows.map((r) => ({ pseudonym: r.pseudonym, cells: describeRecord(r, labels) })),
      pagination: {
        previous: filters.page > 1 ? { href: href(filters.page - 1), labelText: `${filters.page - 1} of ${pages}` } : undefined,
        next: filters.page < pages ? { href: href(filters.page + 1), labelText: `${filters.page + 1} of ${pages}` } : undefined,
      },
    });
  });

  app.get('/repository/records.csv', { config: requires('repository:records') }, async (request, reply) => {
    const query = (request.query ?? {}) as Record<string, unknown>;
    const form = parseForm(recordFiltersSchema, query);
    if (!form.ok) return refuseFilters(reply, query, form.errors);
    const { from, to } = form.value;
    const csv = await records.csv(request.principal!, form.value, auditContext(request));
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="pseudonymised-records${from ? `-from-${from}` : ''}${to ? `-to-${to}` : ''}.csv"`)
      .send(csv);
  });

  app.get('/repository/records/:pseudonym', { config: requires('repository:records') }, async (request, reply) => {
    const params = pseudonymSchema.safeParse(request.params);
    const record = params.success ? await records.find(request.principal!, params.data.pseudonym, auditContext(request)) : undefined;
    if (!record) throw new NotFoundError('No record with this pseudonym');
    return reply.render(recordTemplate, {
      pseudonym: record.pseudonym,
      rows: describeRecord(record, await referenceLabels()).map(({ key, value }) => ({ key: { text: key }, value: { text: value } })),
      situations: record.situations?.map(describeSituation),
      decisions: record.decisions?.map(describeDecision),
    });
  });
}

/** The filters' select boxes, each with "Any" first and the chosen value selected. */
function filterChoices(chosen: Partial<Record<keyof RecordFilters, unknown>>) {
  const items = (options: [string, string][], selected: unknown, any: string) => [
    { value: '', text: any },
    ...options.map(([value, text]) => ({ value, text, selected: value === selected })),
  ];
  return {
    nation: items(nations.map((n) => [n, nationLabels[n]]), chosen.nation, 'All nations'),
    ageGroup: items(ageGroups.map((a) => [a, ageGroupLabels[a]!]), chosen.ageGroup, 'All ages'),
    exploitationType: items(Object.entries(exploitationTypes).map(([code, v]) => [code, v.label]), chosen.exploitationType, 'All types'),
    outcome: items(Object.entries(outcomeFilters), chosen.outcome, 'Any decision'),
  };
}
