import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Services } from '../../../services.js';
import { requires } from '../../../platform/auth/route-policy.js';
import type { Action } from '../../../platform/auth/policy.js';
import { auditContext } from '../../../platform/http/request-context.js';
import { parseForm, toFormErrors } from '../../../platform/http/forms.js';
import { NotFoundError, StaleVersionError } from '../../../platform/db/errors.js';
import { CaseworkRefusedError } from '../../errors.js';
import { renderCase } from './case-view.js';
import * as forms from './forms.js';

type Step<T> = (value: T, reference: string, request: FastifyRequest, params: Record<string, string>) => Promise<string | void>;

/**
 * The case page and the steps taken from it. Each step posts a small form carrying the case version it
 * was shown; a refusal by the rules, a stale version or a validation problem re-renders the case page
 * with the message by the form, and changes nothing.
 */
export async function caseRoutes(app: FastifyInstance, { services }: { services: Services }): Promise<void> {
  app.get('/casework/cases/:reference', { config: requires('casework:view') }, async (request, reply) => {
    const { reference } = parse(forms.referenceParams, request.params);
    return renderCase(services, request, reply, reference);
  });

  /** Registers a form posted from the case page. `run` returns the flash message. */
  function step<S extends z.ZodType>(path: string, action: Action, form: string, schema: S, run: Step<z.infer<S>>, params: z.ZodType = forms.referenceParams, prepare?: (body: unknown) => unknown) {
    app.post(`/casework/cases/:reference${path}`, { config: requires(action) }, async (request, reply) => {
      const p = parse(params, request.params) as Record<string, string> & { reference: string };
      const body = prepare ? prepare(request.body) : request.body;
      const parsed = parseForm(schema, body);
      if (!parsed.ok) return renderCase(services, request, reply.code(400), p.reference, { errors: parsed.errors, form, values: body as Record<string, unknown> });
      return perform(reply, request, p.reference, form, body, () => run(parsed.value, p.reference, request, p));
    });
  }

  async function perform(reply: FastifyReply, request: FastifyRequest, reference: string, form: string, body: unknown, run: () => Promise<string | void>) {
    let flash: string | void;
    try {
      flash = await run();
    } catch (error) {
      if (error instanceof CaseworkRefusedError || error instanceof StaleVersionError) {
        const field = error instanceof CaseworkRefusedError && error.field ? error.field : 'version';
        return renderCase(services, request, reply.code(409), reference, { errors: toFormErrors([{ field, message: error.message }]), form, values: body as Record<string, unknown> });
      }
      throw error;
    }
    if (flash) request.session.flash = flash;
    return reply.redirect(`/casework/cases/${reference}`, 303);
  }

  const cw = services.casework;
  const ctx = auditContext;

  step('/take', 'casework:take', 'take', forms.versionForm, async (v, ref, req) => {
    await cw.assignment.take(req.principal!, ref, v, ctx(req));
    return 'You now hold this case';
  });
  step('/assign', 'casework:assign', 'assign', forms.assignForm, async (v, ref, req) => {
    await cw.assignment.assign(req.principal!, ref, v, ctx(req));
    return 'Case assigned';
  });
  step('/decisions/:id/review', 'casework:review', 'review', forms.reviewForm, async (v, ref, req, p) => {
    if (v.agree === 'no' && !v.comment) throw new CaseworkRefusedError('Enter why you are returning the decision', 'comment');
    const reviewed = await cw.decisions.review(req.principal!, ref, p.id!, { agree: v.agree === 'yes', comment: v.comment || undefined, version: v.version }, ctx(req));
    return reviewed.status === 'issued' ? 'Decision issued: the letters are on their way' : 'Decision returned to the caseworker';
  }, forms.idParams);
  step('/suspend', 'casework:suspend', 'suspend', forms.versionForm, async (v, ref, req) => {
    await cw.status.suspend(req.principal!, ref, v, ctx(req));
    return 'Case suspended while the person is missing';
  });
  step('/resume', 'casework:suspend', 'resume', forms.versionForm, async (v, ref, req) => {
    await cw.status.resume(req.principal!, ref, v, ctx(req));
    return 'Case resumed';
  });
  step('/extensions', 'casework:recovery-period', 'extension', forms.extensionForm, async (v, ref, req) => {
    await cw.recovery.requestExtension(req.principal!, ref, v, ctx(req));
    return 'Extension sent to a manager for approval';
  }, forms.referenceParams, (body) => forms.withDate(body, 'newEnd'));
  step('/extensions/:id', 'casework:approve-extension', 'extensionDecision', forms.extensionDecisionForm, async (v, ref, req, p) => {
    await cw.recovery.decideExtension(req.principal!, ref, p.id!, { approve: v.approve === 'yes', version: v.version }, ctx(req));
    return v.approve === 'yes' ? 'Extension approved' : 'Extension refused';
  }, forms.idParams);
  step('/case-review', 'casework:recovery-period', 'caseReview', forms.caseReviewForm, async (v, ref, req) => {
    await cw.recovery.recordCaseReview(req.principal!, ref, v, ctx(req));
    return 'Case review recorded';
  });
  step('/information-requests', 'casework:request-information', 'ask', forms.questionForm, async (v, ref, req) => {
    await cw.information.ask(req.principal!, ref, v, ctx(req));
    return 'Question sent to the first responder';
  }, forms.referenceParams, (body) => forms.withDate(body, 'answerBy'));
  step('/reconsiderations/:id', 'casework:decide-reconsideration', 'reconsideration', forms.reconsiderationDecisionForm, async (v, ref, req, p) => {
    await cw.reconsideration.decide(req.principal!, ref, p.id!, { accept: v.accept === 'yes', reasons: v.reasons, version: v.version }, ctx(req));
    return v.accept === 'yes' ? 'Reconsideration accepted: the case is open for a new decision' : 'Reconsideration refused';
  }, forms.idParams);
  step('/withdraw', 'casework:withdraw', 'withdraw', forms.withdrawForm, async (v, ref, req) => {
    await cw.status.withdraw(req.principal!, ref, v, ctx(req));
    return 'Referral withdrawn';
  });
}

export function parse<S extends z.ZodType>(schema: S, params: unknown): z.infer<S> {
  const parsed = schema.safeParse(params);
  if (!parsed.success) throw new NotFoundError('No case with this reference');
  return parsed.data;
}
