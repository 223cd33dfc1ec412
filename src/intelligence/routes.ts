import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../services.js';
import { requires } from '../platform/auth/route-policy.js';
import { can } from '../platform/auth/policy.js';
import { auditContext } from '../platform/http/request-context.js';
import { parseForm, toFormErrors, type FormErrors } from '../platform/http/forms.js';
import { NotFoundError, StaleVersionError } from '../platform/db/errors.js';
import { exploitationTypes } from '../referrals/vocabulary.js';
import { describeGrading, triageStatuses } from './grading.js';
import { agencyReportFromForm, reportFormErrors } from './forms.js';
import { describeSummary, exploitationLabels, filterChoices, forceLabel, gradingChoices, personRoleLabel, sourceLabels, statusLabel } from './presentation.js';
import { filtersQuery, intelligenceReferenceSchema, linkByPseudonymSchema, reportFiltersSchema, triageSchema } from './schema.js';
import { IdempotencyConflictError, IntelligenceValidationError } from './service.js';

export const PAGE_SIZE = 50;
const formKeyPattern = /^[0-9a-f-]{36}$/;

/**
 * Intelligence pages: agency users submit and read their organisation's reports; analysts list, search,
 * triage, grade and link every report, and see them grouped by police force area.
 */
export async function intelligenceRoutes(app: FastifyInstance, { services }: { services: Services }): Promise<void> {
  const forces = async () => services.referenceData.items('police_force', { includeInactive: true });
  const forceLabels = async () => new Map((await forces()).map((f) => [f.code, f.label]));

  const showNewForm = async (reply: FastifyReply, status: number, values: Record<string, unknown>, errors?: FormErrors) => {
    const active = await services.referenceData.items('police_force');
    const chosen = new Set([values.exploitationTypes].flat());
    return reply.code(status).render('intelligence/views/new.njk', {
      values, errors, formKey: typeof values.formKey === 'string' && formKeyPattern.test(values.formKey) ? values.formKey : randomUUID(),
      policeForces: [{ value: '', text: 'Not known' }, ...active.map((i) => ({ value: i.code, text: i.label, selected: i.code === values.policeForceCode }))],
      exploitationChoices: Object.entries(exploitationTypes).map(([code, v]) => ({ value: code, text: v.label, checked: chosen.has(code) })),
      grading: gradingChoices({ source: values.sourceEvaluation, intelligence: values.intelligenceAssessment, handling: values.handlingCode } as never),
      mayLink: can(reply.request.principal!.role, 'referrals:view'),
    });
  };

  app.get('/intelligence', { config: requires('intelligence:view') }, async (request, reply) => {
    const query = (request.query ?? {}) as Record<string, unknown>;
    const all = await forces();
    const form = parseForm(reportFiltersSchema, query);
    const triager = can(request.principal!.role, 'intelligence:triage');
    if (!form.ok) return reply.code(400).render('intelligence/views/list.njk', { errors: form.errors, values: query, choices: filterChoices(query, all), triager });
    const filters = form.value;
    const { rows, total } = await services.intelligence.list(request.principal!, filters, { limit: PAGE_SIZE, offset: (filters.page - 1) * PAGE_SIZE }, auditContext(request));
    const labels = new Map(all.map((f) => [f.code, f.label]));
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    const href = (page: number) => { const q = filtersQuery(filters, page); return q ? `/intelligence?${q}` : '/intelligence'; };
    return reply.render('intelligence/views/list.njk', {
      values: query, choices: filterChoices(filters, all), triager, total, page: filters.page, pages,
      filtered: filtersQuery(filters) !== '',
      reports: rows.map((r) => describeSummary(r, labels)),
      mayReport: can(request.principal!.role, 'intelligence:submit'),
      pagination: {
        previous: filters.page > 1 ? { href: href(filters.page - 1), labelText: `${filters.page - 1} of ${pages}` } : undefined,
        next: filters.page < pages ? { href: href(filters.page + 1), labelText: `${filters.page + 1} of ${pages}` } : undefined,
      },
    });
  });

  app.get('/intelligence/areas', { config: requires('intelligence:triage') }, async (request, reply) => {
    const query = (request.query ?? {}) as Record<string, unknown>;
    const all = await forces();
    const form = parseForm(reportFiltersSchema, query);
    if (!form.ok) return reply.code(400).render('intelligence/views/areas.njk', { errors: form.errors, values: query, choices: filterChoices(query, all) });
    const counts = await services.intelligence.byArea(request.principal!, form.value, auditContext(request));
    const labels = new Map(all.map((f) => [f.code, f.label]));
    const areas = new Map<string, { code: string; name: string; total: number; byStatus: Record<string, number> }>();
    for (const c of counts) {
      const code = c.policeForceCode ?? 'none';
      const area = areas.get(code) ?? { code, name: forceLabel(c.policeForceCode, labels), total: 0, byStatus: {} };
      area.total += c.count;
      area.byStatus[c.triageStatus] = (area.byStatus[c.triageStatus] ?? 0) + c.count;
      areas.set(code, area);
    }
    const { policeForceCode: _ignored, page: _page, ...rest } = form.value;
    const listHref = (code: string) => `/intelligence?${filtersQuery({ ...rest, policeForceCode: code })}`;
    return reply.render('intelligence/views/areas.njk', {
      values: query, choices: filterChoices(form.value, all), statuses: Object.entries(triageStatuses),
      areas: [...areas.values()].sort((a, b) => b.total - a.total || a.name.localeCompare(b.name)).map((a) => ({ ...a, href: listHref(a.code) })),
      total: [...areas.values()].reduce((sum, a) => sum + a.total, 0),
    });
  });

  app.get('/intelligence/new', { config: requires('intelligence:submit') }, async (_request, reply) => showNewForm(reply, 200, {}));

  app.post('/intelligence', { config: requires('intelligence:submit') }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const { input, peopleFields } = agencyReportFromForm(body);
    // The form's key, fixed when the form was shown, makes a double click one report.
    const key = typeof body.formKey === 'string' && formKeyPattern.test(body.formKey) ? body.formKey : randomUUID();
    try {
      const result = await services.intelligence.submitFromAgency(request.principal!, input, `form:${key}`, auditContext(request));
      request.session.flash = `Intelligence report ${result.reference} sent to the central repository`;
      return reply.redirect(`/intelligence/${result.reference}`, 303);
    } catch (error) {
      if (error instanceof IntelligenceValidationError) return showNewForm(reply, 400, body, reportFormErrors(error.problems, peopleFields));
      if (error instanceof IdempotencyConflictError) return showNewForm(reply, 409, { ...body, formKey: undefined }, toFormErrors([{ field: 'what', message: 'This form was already sent with different answers. Check your answers and send again' }]));
      throw error;
    }
  });

  const showReport = async (request: FastifyRequest, reply: FastifyReply, status = 200, triageErrors?: FormErrors, linkErrors?: FormErrors) => {
    const params = intelligenceReferenceSchema.safeParse((request.params as { reference: string }).reference);
    if (!params.success) throw new NotFoundError('No intelligence report with this reference');
    const report = await services.intelligence.open(request.principal!, params.data, auditContext(request));
    const labels = await forceLabels();
    const triager = can(request.principal!.role, 'intelligence:triage');
    const body = (status !== 200 ? request.body ?? {} : {}) as Record<string, unknown>;
    return reply.code(status).render('intelligence/views/report.njk', {
      report,
      errors: triageErrors ?? linkErrors,
      triageErrors, linkErrors,
      sourceLabel: report.source === 'public' ? sourceLabels.public : report.organisation?.name ?? sourceLabels.agency,
      force: forceLabel(report.policeForceCode, labels),
      exploitation: exploitationLabels(report.exploitationTypes ?? []),
      grading: report.grading ? describeGrading(report.grading) : 'Not graded',
      status: statusLabel(report.triageStatus ?? 'new'),
      people: [...(report.people ?? []), ...(report.possibleVictims ?? [])].map((p) => ({ role: personRoleLabel(p.role), description: p.description })),
      triager,
      triage: triager ? {
        statuses: Object.entries(triageStatuses).map(([value, text]) => ({ value, text, checked: value === (body.status ?? report.triageStatus) })),
        grading: gradingChoices((body.sourceEvaluation ? { source: body.sourceEvaluation, intelligence: body.intelligenceAssessment, handling: body.handlingCode } : report.grading) as never),
      } : undefined,
      pseudonym: body.pseudonym,
    });
  };

  app.get('/intelligence/:reference', { config: requires('intelligence:view') }, async (request, reply) => showReport(request, reply));

  app.post('/intelligence/:reference/triage', { config: requires('intelligence:triage') }, async (request, reply) => {
    const { reference } = request.params as { reference: string };
    if (!intelligenceReferenceSchema.safeParse(reference).success) throw new NotFoundError('No intelligence report with this reference');
    const body = (request.body ?? {}) as Record<string, unknown>;
    const form = triageSchema.safeParse({
      version: body.version, status: body.status,
      grading: { source: body.sourceEvaluation || undefined, intelligence: body.intelligenceAssessment || undefined, handling: body.handlingCode || undefined },
    });
    if (!form.success) {
      return showReport(request, reply, 400, reportFormErrors(form.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })), []));
    }
    try {
      await services.intelligence.triage(request.principal!, reference, form.data, auditContext(request));
    } catch (error) {
      if (error instanceof StaleVersionError) return showReport(request, reply, 409, toFormErrors([{ field: 'status', message: error.message }]));
      throw error;
    }
    request.session.flash = `Triage of ${reference} saved`;
    return reply.redirect(`/intelligence/${reference}`, 303);
  });

  app.post('/intelligence/:reference/referrals', { config: requires('intelligence:triage') }, async (request, reply) => {
    const { reference } = request.params as { reference: string };
    if (!intelligenceReferenceSchema.safeParse(reference).success) throw new NotFoundError('No intelligence report with this reference');
    const form = parseForm(linkByPseudonymSchema, request.body);
    if (!form.ok) return showReport(request, reply, 400, undefined, form.errors);
    try {
      await services.intelligence.linkByPseudonym(request.principal!, reference, form.value.pseudonym, auditContext(request));
    } catch (error) {
      if (error instanceof IntelligenceValidationError) return showReport(request, reply, 400, undefined, toFormErrors(error.problems));
      throw error;
    }
    request.session.flash = `${reference} linked to record ${form.value.pseudonym}`;
    return reply.redirect(`/intelligence/${reference}`, 303);
  });
}
