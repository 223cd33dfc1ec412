import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Services } from '../../services.js';
import { requires } from '../../platform/auth/route-policy.js';
import { auditContext } from '../../platform/http/request-context.js';
import { parseForm, toFormErrors, type FormErrors } from '../../platform/http/forms.js';
import { NotFoundError } from '../../platform/db/errors.js';
import { CaseworkRefusedError } from '../../casework/errors.js';
import { outcomeLabels } from '../../casework/outcomes.js';
import { reconsiderationGrounds, type ReconsiderationGround } from '../../casework/reconsideration.js';
import { caseworkFor, referenceParam, renderStatusPage } from './status-page.js';
import { decisionTitle } from './casework-view.js';

const requestParams = z.object({ reference: referenceParam, id: z.uuid() });
const referenceParams = z.object({ reference: referenceParam });

export const answerForm = z.object({
  answer: z.string({ error: 'Enter your answer' }).trim().min(1, 'Enter your answer').max(10_000, 'Your answer must be 10,000 characters or fewer'),
});

const groundCodes = Object.keys(reconsiderationGrounds) as [ReconsiderationGround, ...ReconsiderationGround[]];
export const reconsiderationForm = z.object({
  grounds: z.enum(groundCodes, { error: 'Select why the decision should be reconsidered' }),
  detail: z.string({ error: 'Enter the details of your request' }).trim().min(1, 'Enter the details of your request')
    .max(10_000, 'The details must be 10,000 characters or fewer'),
});

/**
 * The first responder's side of casework: answering the Competent Authority's questions and asking
 * for a negative decision to be reconsidered. The casework services check scope, state and deadlines
 * in the transaction that records the step; these routes validate the form and show the outcome.
 */
export async function caseworkResponseRoutes(app: FastifyInstance, services: Services): Promise<void> {
  app.post('/referrals/:reference/information-requests/:id', { config: requires('casework:answer-information') }, async (request, reply) => {
    const { reference, id } = parse(requestParams, request.params);
    const body = (request.body ?? {}) as Record<string, string | undefined>;
    const form = parseForm(answerForm, body);
    if (!form.ok) {
      // Each open request has its own answer box on the status page; the error points at this one.
      const errors = toFormErrors([{ field: `answer-${id}`, message: form.errors.fields.answer?.text ?? 'Enter your answer' }]);
      return renderStatusPage(services, reply.code(400), request, reference, { errors, answers: { [id]: body.answer } });
    }
    try {
      await services.casework.information.answer(request.principal!, reference, id, { answer: form.value.answer }, auditContext(request));
    } catch (error) {
      const refused = refusal(reply, error, reference, 'Your answer was not sent');
      if (refused) return refused;
      throw error;
    }
    request.session.flash = 'Answer sent to the Competent Authority';
    return reply.redirect(`/referrals/${reference}`, 303);
  });

  app.get('/referrals/:reference/reconsideration', { config: requires('casework:ask-reconsideration') }, async (request, reply) => {
    const { reference } = parse(referenceParams, request.params);
    return renderReconsideration(reply, request, reference);
  });

  app.post('/referrals/:reference/reconsideration', { config: requires('casework:ask-reconsideration') }, async (request, reply) => {
    const { reference } = parse(referenceParams, request.params);
    const body = (request.body ?? {}) as Record<string, string | undefined>;
    const form = parseForm(reconsiderationForm, body);
    if (!form.ok) return renderReconsideration(reply.code(400), request, reference, { errors: form.errors, values: body });
    try {
      await services.casework.reconsideration.ask(request.principal!, reference, form.value, auditContext(request));
    } catch (error) {
      const refused = refusal(reply, error, reference, 'Your request was not sent');
      if (refused) return refused;
      throw error;
    }
    request.session.flash = 'Request for reconsideration sent to the Competent Authority';
    return reply.redirect(`/referrals/${reference}`, 303);
  });

  /** The question page, for the latest negative decision while it may still be reconsidered. */
  async function renderReconsideration(reply: FastifyReply, request: FastifyRequest, reference: string, extra: { errors?: FormErrors; values?: Record<string, string | undefined> } = {}) {
    const principal = request.principal!;
    const file = await services.caseFiles.open(principal, reference, auditContext(request));
    const casework = await caseworkFor(services, principal, file);
    const window = casework?.view.reconsiderationWindow;
    const decision = casework?.record.decisions.find((d) => d.id === casework.record.reconsideration?.decisionId);
    if (!window || !decision) return refused(reply, reference, 'Your request cannot be sent', 'Only a negative decision can be reconsidered.');
    if (window.asked) return refused(reply, reference, 'Your request cannot be sent', 'Reconsideration of this decision has already been asked for.');
    if (!window.open) return refused(reply, reference, 'Your request cannot be sent', `The time to ask for reconsideration ended on ${longDate(window.deadline)}.`);
    const values = extra.values ?? {};
    return reply.render('referrals/following/views/reconsideration.njk', {
      reference,
      decision: { title: decisionTitle(decision), outcome: outcomeLabels[decision.outcome as keyof typeof outcomeLabels] ?? decision.outcome, decidedOn: decision.decidedOn },
      deadline: window.deadline,
      groundItems: groundCodes.map((code) => ({ value: code, text: reconsiderationGrounds[code], checked: values.grounds === code })),
      detail: values.detail,
      errors: extra.errors,
    });
  }
}

/** A step the casework rules refuse: 409, with their reason. */
function refusal(reply: FastifyReply, error: unknown, reference: string, title: string) {
  if (error instanceof CaseworkRefusedError) return refused(reply, reference, title, error.message);
  return undefined;
}

function refused(reply: FastifyReply, reference: string, title: string, message: string) {
  // The rules word their dates as 2026-04-01; people read 1 April 2026.
  const readable = message.replace(/\b\d{4}-\d{2}-\d{2}\b/g, longDate);
  return reply.code(409).render('referrals/following/views/refused.njk', { reference, title, message: readable });
}

function longDate(isoDate: string): string {
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${isoDate}T00:00:00Z`));
}

function parse<T>(schema: z.ZodType<T>, params: unknown): T {
  const parsed = schema.safeParse(params);
  if (!parsed.success) throw new NotFoundError('No such referral or request');
  return parsed.data;
}
