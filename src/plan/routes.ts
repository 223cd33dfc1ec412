import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Services } from '../services.js';
import { requires } from '../platform/auth/route-policy.js';
import { can } from '../platform/auth/policy.js';
import { parseForm, toFormErrors, withDate, type FormErrors } from '../platform/http/forms.js';
import { auditContext } from '../platform/http/request-context.js';
import { NotFoundError, StaleVersionError } from '../platform/db/errors.js';
import { actionDetailsInput, progressDecisionInput, progressProposalInput, sinceInput } from './schema.js';
import { progressStatusLabels, progressStatuses } from './progress-status.js';
import { NotResponsiblePartyError, ProgressConflictError, TransitionRefusedError } from './progress.js';
import { annexACsv, annexAOds, annexBCsv, annexBOds } from './annex-outputs.js';

const planParams = z.object({ planId: z.uuid() });
const actionParams = z.object({ actionId: z.uuid() });
const updateParams = z.object({ updateId: z.uuid() });
const formatParams = z.object({ planId: z.uuid(), format: z.enum(['csv', 'ods']) });

function params<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new NotFoundError('Not found');
  return parsed.data;
}

/** Action-plan monitoring pages: Annex A and B, an action's progress, approvals, the ministerial group's dashboard. */
export async function planRoutes(app: FastifyInstance, { services }: { services: Services }): Promise<void> {
  const plans = services.plans;
  const labels = { statusLabels: progressStatusLabels };

  app.get('/plans', { config: requires('plan:view') }, async (request, reply) => reply.render('plan/views/plans.njk', {
    plans: await plans.reader.list(), mayApprove: can(request.principal!.role, 'plan:approve-progress'),
  }));

  app.get('/plans/:planId', { config: requires('plan:view') }, async (request, reply) => {
    const { planId } = params(planParams, request.params);
    return reply.render('plan/views/annex-a.njk', { annex: await plans.reader.annexA(planId), mayMonitor: can(request.principal!.role, 'plan:monitor'), ...labels });
  });

  app.get('/plans/:planId/annex-a/:format', { config: requires('plan:view') }, async (request, reply) => {
    const { planId, format } = params(formatParams, request.params);
    const annex = await plans.reader.annexA(planId);
    return download(reply, `${annex.plan.slug}-annex-a`, format, () => annexACsv(annex), () => annexAOds(annex));
  });

  app.get('/plans/:planId/annex-b', { config: requires('plan:view') }, async (request, reply) => {
    const { planId } = params(planParams, request.params);
    return reply.render('plan/views/annex-b.njk', { annex: await plans.reader.annexB(planId) });
  });

  app.get('/plans/:planId/annex-b/:format', { config: requires('plan:view') }, async (request, reply) => {
    const { planId, format } = params(formatParams, request.params);
    const annex = await plans.reader.annexB(planId);
    return download(reply, `${annex.plan.slug}-annex-b`, format, () => annexBCsv(annex), () => annexBOds(annex));
  });

  app.get('/plans/:planId/dashboard', { config: requires('plan:monitor') }, async (request, reply) => {
    const { planId } = params(planParams, request.params);
    const query = withDate(request.query, 'since');
    const form = parseForm(sinceInput, query);
    const dashboard = await plans.reader.dashboard(planId, form.ok ? form.value.since : undefined);
    return reply.code(form.ok ? 200 : 400).render('plan/views/dashboard.njk', { dashboard, query, errors: form.ok ? undefined : form.errors, statuses: progressStatuses, ...labels });
  });

  const renderAction = async (request: FastifyRequest, reply: FastifyReply, actionId: string, extra: { errors?: FormErrors; values?: Record<string, unknown>; status?: number } = {}) => {
    const principal = request.principal!;
    const view = await plans.reader.action(principal, actionId);
    const mayPropose = can(principal.role, 'plan:propose-progress') && (principal.role === 'policy_lead' || view.responsible) && view.nextStatuses.length > 0;
    return reply.code(extra.status ?? 200).render('plan/views/action.njk', {
      ...view, ...labels, mayPropose, mayApprove: can(principal.role, 'plan:approve-progress'), mayManage: can(principal.role, 'plan:manage'),
      statusItems: view.nextStatuses.map((s) => ({ value: s, text: progressStatusLabels[s], checked: extra.values?.status === s })),
      values: extra.values ?? {}, errors: extra.errors,
    });
  };

  app.get('/plans/actions/:actionId', { config: requires('plan:view') }, async (request, reply) => {
    const { actionId } = params(actionParams, request.params);
    return renderAction(request, reply, actionId);
  });

  app.post('/plans/actions/:actionId/progress', { config: requires('plan:propose-progress') }, async (request, reply) => {
    const { actionId } = params(actionParams, request.params);
    const body = withDate(request.body, 'notedOn');
    const form = parseForm(progressProposalInput, body);
    if (!form.ok) return renderAction(request, reply, actionId, { errors: form.errors, values: body, status: 400 });
    try {
      await plans.progress.propose(request.principal!, actionId, form.value, auditContext(request));
    } catch (error) {
      if (error instanceof TransitionRefusedError) return renderAction(request, reply, actionId, { errors: toFormErrors([{ field: error.field, message: error.message }]), values: body, status: 422 });
      if (error instanceof NotResponsiblePartyError) return reply.code(403).render('platform/views/errors/403.njk', { message: error.message });
      throw error;
    }
    request.session.flash = 'Progress update sent to a policy lead for approval';
    return reply.redirect(`/plans/actions/${actionId}`, 303);
  });

  const renderEdit = async (reply: FastifyReply, actionId: string, values?: Record<string, unknown>, errors?: FormErrors, status = 200) => {
    const action = await plans.reader.actionDetails(actionId);
    const [year, month, day] = (action.dueOn ?? '').split('-');
    return reply.code(status).render('plan/views/action-edit.njk', {
      action, errors,
      values: values ?? { text: action.text, indicators: action.indicators.join('\n'), timetable: action.timetable, version: action.version, 'dueOn-day': day, 'dueOn-month': month, 'dueOn-year': year },
    });
  };

  app.get('/plans/actions/:actionId/edit', { config: requires('plan:manage') }, async (request, reply) => {
    const { actionId } = params(actionParams, request.params);
    return renderEdit(reply, actionId);
  });

  app.post('/plans/actions/:actionId', { config: requires('plan:manage') }, async (request, reply) => {
    const { actionId } = params(actionParams, request.params);
    const body = withDate(request.body, 'dueOn');
    const form = parseForm(actionDetailsInput, body);
    if (!form.ok) return renderEdit(reply, actionId, body, form.errors, 400);
    try {
      await plans.details.update(actionId, form.value, auditContext(request));
    } catch (error) {
      if (error instanceof StaleVersionError) return renderEdit(reply, actionId, undefined, toFormErrors([{ field: 'text', message: error.message }]), 409);
      throw error;
    }
    request.session.flash = 'Action updated';
    return reply.redirect(`/plans/actions/${actionId}`, 303);
  });

  app.get('/plans/progress', { config: requires('plan:approve-progress') }, async (_request, reply) =>
    reply.render('plan/views/pending.njk', { pending: await plans.reader.pending(), ...labels }));

  app.post('/plans/progress/:updateId', { config: requires('plan:approve-progress') }, async (request, reply) => {
    const { updateId } = params(updateParams, request.params);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const form = parseForm(progressDecisionInput, body);
    const pending = async (errors: FormErrors, status: number) =>
      reply.code(status).render('plan/views/pending.njk', { pending: await plans.reader.pending(), errors, errorFor: updateId, values: body, ...labels });
    if (!form.ok) return pending(form.errors, 400);
    try {
      const decided = await plans.progress.decide(request.principal!, updateId, form.value, auditContext(request));
      request.session.flash = decided.state === 'approved' ? 'Progress update approved' : 'Progress update returned';
    } catch (error) {
      if (error instanceof TransitionRefusedError) return pending(toFormErrors([{ field: 'decision', message: error.message }]), 422);
      if (error instanceof ProgressConflictError || error instanceof StaleVersionError) return pending(toFormErrors([{ field: 'decision', message: error.message }]), 409);
      throw error;
    }
    return reply.redirect('/plans/progress', 303);
  });
}

function download(reply: FastifyReply, name: string, format: 'csv' | 'ods', csv: () => string, ods: () => Buffer) {
  reply.header('content-disposition', `attachment; filename="${name}.${format}"`);
  if (format === 'csv') return reply.type('text/csv; charset=utf-8').send(csv());
  return reply.type('application/vnd.oasis.opendocument.spreadsheet').send(ods());
}
