import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../../services.js';
import { requires } from '../../../platform/auth/route-policy.js';
import { auditContext } from '../../../platform/http/request-context.js';
import { toFormErrors, type FormErrors } from '../../../platform/http/forms.js';
import { StaleVersionError } from '../../../platform/db/errors.js';
import { CaseworkRefusedError } from '../../errors.js';
import { isPositive, outcomeLabels, stageLabels, type Stage } from '../../outcomes.js';
import { negativeReasonCategories } from '../../reason-categories.js';
import type { Nation } from '../../../organisations/kinds.js';
import * as forms from './forms.js';
import { parse } from './case-routes.js';

const stageOf = { 'reasonable-grounds': 'rg', 'conclusive-grounds': 'cg' } as const;

/**
 * The decision page: the outcomes in force for the case's nation today, the standard of proof the
 * decision maker applies, the reasons (required), under a negative outcome its main reason (a category,
 * for statistics), and for a positive CG the residence-permit consideration.
 */
export async function decisionRoutes(app: FastifyInstance, { services }: { services: Services }): Promise<void> {
  app.get('/casework/cases/:reference/:stage', { config: requires('casework:decide') }, async (request, reply) => {
    const p = parse(forms.stageParams, request.params);
    return renderDecision(request, reply, p.reference, stageOf[p.stage], p.stage);
  });

  app.post('/casework/cases/:reference/:stage', { config: requires('casework:decide') }, async (request, reply) => {
    const p = parse(forms.stageParams, request.params);
    const stage = stageOf[p.stage];
    const body = (request.body ?? {}) as Record<string, unknown>;
    const parsed = forms.parseDecisionForm(body);
    if (!parsed.ok) return renderDecision(request, reply.code(400), p.reference, stage, p.stage, { errors: toFormErrors(parsed.problems), values: body });
    const v = parsed.value;
    const positive = isPositive(v.outcome);
    const positiveCg = stage === 'cg' && positive;
    const problems = [];
    if (positiveCg && !v.permitRecommended) problems.push({ field: 'permitRecommended', message: 'Select whether a residence permit is recommended' });
    if (positiveCg && v.permitRecommended === 'yes' && v.permitBases.length === 0) problems.push({ field: 'permitBases', message: 'Select the basis for the recommendation' });
    if (problems.length > 0) return renderDecision(request, reply.code(400), p.reference, stage, p.stage, { errors: toFormErrors(problems), values: body });
    try {
      const decision = await services.casework.decisions.propose(request.principal!, p.reference, stage, {
        outcome: v.outcome, reasons: v.reasons, reasonCategory: v.reasonCategory, version: v.version,
        residencePermit: positiveCg ? { recommended: v.permitRecommended === 'yes', bases: v.permitBases, periodMonths: v.permitMonths, note: v.permitNote || undefined } : undefined,
      }, auditContext(request));
      request.session.flash = decision.status === 'issued'
        ? `${stageLabels[stage]} decision issued: the letters are on their way`
        : 'Decision saved: a second caseworker must review it before it is issued';
    } catch (error) {
      if (error instanceof CaseworkRefusedError || error instanceof StaleVersionError) {
        const field = error instanceof CaseworkRefusedError && error.field ? error.field : 'outcome';
        return renderDecision(request, reply.code(409), p.reference, stage, p.stage, { errors: toFormErrors([{ field, message: error.message }]), values: body });
      }
      throw error;
    }
    return reply.redirect(`/casework/cases/${p.reference}`, 303);
  });

  async function renderDecision(request: FastifyRequest, reply: FastifyReply, reference: string, stage: Stage, slug: string, extra: { errors?: FormErrors; values?: Record<string, unknown> } = {}) {
    const file = await services.caseFiles.open(request.principal!, reference, auditContext(request));
    const form = services.casework.decisions.formFor(stage, file.nation as Nation);
    const record = await services.casework.records.load(file.id!, file.nation as Nation, request.principal!.role);
    return reply.render('casework/pages/ca/views/decision.njk', {
      referral: file, stage, slug, stageLabel: stageLabels[stage], standardOfProof: form.standardOfProof, record,
      outcomeItems: form.outcomes.map((o) => ({ value: o, text: outcomeLabels[o], checked: extra.values?.outcome === o })),
      reasonCategoryItems: Object.entries(negativeReasonCategories).map(([code, c]) => ({ value: code, text: c.label, hint: { text: c.hint }, checked: extra.values?.reasonCategory === code })),
      values: extra.values ?? {}, errors: extra.errors,
    });
  }
}
