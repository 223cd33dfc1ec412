import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Services } from '../services.js';
import { requires } from '../platform/auth/route-policy.js';
import { can } from '../platform/auth/policy.js';
import { auditContext } from '../platform/http/request-context.js';
import { parseForm, toFormErrors, withDate, type FormErrors } from '../platform/http/forms.js';
import { NotFoundError, StaleVersionError } from '../platform/db/errors.js';
import { CaseworkRefusedError } from '../casework/errors.js';
import {
  factorAnswerLabels, factorAnswers, highRiskPresentCount, mediumRiskUnknownCount, riskFactorCodes, riskFactors, riskLevelLabels,
} from './risk-assessment.js';
import { returnApiRoutes } from './api-routes.js';
import { notKnownCountry } from './service.js';
import { assessmentFieldId, assessmentFromForm, assessmentInput, returnRecordInput, returnRequestInput, signOffInput } from './schema.js';

const referenceParams = z.object({ reference: z.string().regex(/^NRM-\d{4}-\d{6}$/) });
const idParams = referenceParams.extend({ id: z.uuid() });
const statusLabels = { requested: 'Requested', returned: 'Returned', cancelled: 'Cancelled' };

interface Extra { errors?: FormErrors; form?: string; values?: Record<string, unknown> }

function params<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new NotFoundError('No case with this reference');
  return parsed.data;
}

/**
 * The voluntary return pages, reached from the Competent Authority's case page: the re-trafficking
 * risk assessment (its level and the reasons for it, earlier assessments, a manager's sign-off), the
 * request and the record of the return. A refusal or a stale version re-renders the page with the
 * reason, and nothing is changed.
 */
export async function returnRoutes(app: FastifyInstance, { services }: { services: Services }): Promise<void> {
  const base = (reference: string) => `/casework/cases/${reference}/returns`;

  app.get('/casework/cases/:reference/returns', { config: requires('returns:view') }, async (request, reply) => {
    const { reference } = params(referenceParams, request.params);
    return renderReturns(request, reply, reference);
  });

  app.get('/casework/cases/:reference/returns/risk-assessment', { config: requires('returns:assess') }, async (request, reply) => {
    const { reference } = params(referenceParams, request.params);
    return renderAssessment(request, reply, reference);
  });

  app.post('/casework/cases/:reference/returns/risk-assessment', { config: requires('returns:assess') }, async (request, reply) => {
    const { reference } = params(referenceParams, request.params);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const parsed = assessmentInput.safeParse(assessmentFromForm(body));
    if (!parsed.success) {
      const order = riskFactorCodes.flatMap((f) => [f, `${f}-evidence`]);
      const problems = parsed.error.issues.map((i) => ({ field: assessmentFieldId(i.path), message: i.message })).sort((a, b) => order.indexOf(a.field) - order.indexOf(b.field));
      return renderAssessment(request, reply.code(400), reference, { errors: toFormErrors(problems), values: body });
    }
    const row = await services.returns.assess(request.principal!, reference, parsed.data, auditContext(request));
    request.session.flash = `Risk assessment completed: ${riskLevelLabels[row.level as keyof typeof riskLevelLabels].toLowerCase()} risk`;
    return reply.redirect(base(reference), 303);
  });

  /** A form posted from the returns page; `run` returns the flash message. */
  function step<S extends z.ZodType>(path: string, action: Parameters<typeof requires>[0], form: string, schema: S, p: z.ZodType,
    run: (value: z.infer<S>, request: FastifyRequest, p: Record<string, string>) => Promise<string>, prepare: (body: unknown) => unknown = (b) => b) {
    app.post(`/casework/cases/:reference/returns${path}`, { config: requires(action) }, async (request, reply) => {
      const ps = params(p, request.params) as Record<string, string> & { reference: string };
      const body = prepare(request.body) as Record<string, unknown>;
      const parsed = parseForm(schema, body);
      if (!parsed.ok) return renderReturns(request, reply.code(400), ps.reference, { errors: parsed.errors, form, values: body });
      try {
        request.session.flash = await run(parsed.value, request, ps);
      } catch (error) {
        if (error instanceof CaseworkRefusedError || error instanceof StaleVersionError) {
          const field = error instanceof CaseworkRefusedError && error.field ? error.field : 'version';
          return renderReturns(request, reply.code(409), ps.reference, { errors: toFormErrors([{ field, message: error.message }]), form, values: body });
        }
        throw error;
      }
      return reply.redirect(base(ps.reference), 303);
    });
  }

  const r = services.returns;
  step('/risk-assessment/:id/sign-off', 'returns:sign-off', 'signOff', signOffInput, idParams, async (v, req, p) => {
    await r.signOff(req.principal!, p.reference!, p.id!, v, auditContext(req));
    return 'Risk assessment signed off';
  });
  step('/requests', 'returns:request', 'request', returnRequestInput, referenceParams, async (v, req, p) => {
    await r.requestReturn(req.principal!, p.reference!, v, auditContext(req));
    return 'Voluntary return requested';
  }, (body) => withDate(body, 'requestedOn'));
  step('/requests/:id', 'returns:record', 'record', returnRecordInput, idParams, async (v, req, p) => {
    await r.recordReturn(req.principal!, p.reference!, p.id!, v, auditContext(req));
    return 'Return recorded';
  }, (body) => withDate(body, 'returnedOn'));
  step('/requests/:id/cancel', 'returns:request', 'cancel', signOffInput, idParams, async (v, req, p) => {
    await r.cancelReturn(req.principal!, p.reference!, p.id!, v, auditContext(req));
    return 'Return request cancelled';
  });

  async function renderReturns(request: FastifyRequest, reply: FastifyReply, reference: string, extra: Extra = {}) {
    const principal = request.principal!;
    const view = await services.returns.view(principal, reference, auditContext(request));
    const countries = await services.referenceData.items('nationality', { includeInactive: true });
    const values = extra.values ?? {};
    const chosen = extra.form === 'request' ? values.destinationCountry : undefined;
    return reply.render('returns/views/returns.njk', {
      // A support worker's way back is their own view of the case; the Competent Authority's is its case page.
      caseHref: can(principal.role, 'casework:view') ? `/casework/cases/${reference}` : `/support/cases/${reference}`,
      reference, latest: view.latest, assessments: view.assessments, returns: view.returns, openReturn: view.openReturn,
      levelLabels: riskLevelLabels, answerLabels: factorAnswerLabels, statusLabels, highRiskPresentCount, mediumRiskUnknownCount,
      factorLabels: Object.fromEntries(riskFactorCodes.map((f) => [f, riskFactors[f].label])),
      countryLabel: (code: string) => countries.find((c) => c.code === code)?.label ?? code,
      countryItems: [{ value: '', text: 'Select a country' }, ...countries.filter((c) => c.active && c.code !== notKnownCountry).map((c) => ({ value: c.code, text: c.label, selected: c.code === chosen }))],
      dateItems: (prefix: string) => (['day', 'month', 'year'] as const).map((part) => ({
        name: part, classes: part === 'year' ? 'govuk-input--width-4' : 'govuk-input--width-2', value: extra.values?.[`${prefix}-${part}`],
      })),
      mayAssess: can(principal.role, 'returns:assess'),
      maySignOff: can(principal.role, 'returns:sign-off'),
      mayRequest: can(principal.role, 'returns:request'),
      mayRecord: can(principal.role, 'returns:record'),
      values, form: extra.form, errors: extra.errors,
    });
  }

  async function renderAssessment(request: FastifyRequest, reply: FastifyReply, reference: string, extra: Extra = {}) {
    await services.returns.view(request.principal!, reference, auditContext(request)); // who may act, checked and audited as a read
    const values = extra.values ?? {};
    return reply.render('returns/views/risk-assessment.njk', {
      reference, highRiskPresentCount, mediumRiskUnknownCount,
      factors: riskFactorCodes.map((code) => ({ code, label: riskFactors[code].label, hint: riskFactors[code].hint })),
      answerItems: (code: string) => factorAnswers.map((a) => ({ value: a, text: factorAnswerLabels[a], checked: values[code] === a })),
      values, errors: extra.errors,
    });
  }
}

/** The voluntary return pages and API, as one plugin. */
export async function returnsRoutes(app: FastifyInstance, options: { services: Services }): Promise<void> {
  await app.register(returnRoutes, options);
  await app.register(returnApiRoutes, options);
}
