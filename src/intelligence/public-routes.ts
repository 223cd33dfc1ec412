import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Services } from '../services.js';
import { publicRoute } from '../platform/auth/route-policy.js';
import type { FormErrors } from '../platform/http/forms.js';
import { toFormErrors } from '../platform/http/forms.js';
import { exploitationTypes } from '../referrals/vocabulary.js';
import { FormTimer } from './form-timer.js';
import { reportContentFromForm, reportFormErrors } from './forms.js';
import { newIntelligenceReference } from './reference.js';
import { IntelligenceValidationError } from './service.js';

const formTemplate = 'intelligence/views/public-report.njk';
const receivedTemplate = 'intelligence/views/public-received.njk';

/** Longest public report accepted: the text limits with room for the form's encoding, and no more. */
export const PUBLIC_REPORT_BODY_LIMIT = 64 * 1024;
/** The field people never see and automated senders fill in. */
export const HONEYPOT_FIELD = 'website';

/**
 * The anonymous public report (`/report`): no sign-in, nothing about the sender kept — no address, user
 * agent or audit event — and nothing given back but a reference that opens nothing. Automated posts are
 * answered exactly as people are (a honeypot field, a signed minimum time on the form) but not stored.
 */
export async function publicReportRoutes(app: FastifyInstance, { services }: { services: Services }): Promise<void> {
  const timer = new FormTimer(services.secrets.sessionSecret, services.clock);

  const policeForces = async (selected?: unknown) => [
    { value: '', text: 'I do not know' },
    ...(await services.referenceData.items('police_force')).map((i) => ({ value: i.code, text: i.label, selected: i.code === selected })),
  ];
  const exploitationChoices = (checked: unknown) => {
    const chosen = new Set(Array.isArray(checked) ? checked : [checked]);
    return Object.entries(exploitationTypes).filter(([code]) => code !== 'not_specified')
      .map(([code, v]) => ({ value: code, text: v.label, checked: chosen.has(code) }));
  };
  const showForm = async (reply: FastifyReply, status: number, values: Record<string, unknown> = {}, errors?: FormErrors) =>
    reply.code(status).render(formTemplate, {
      values, errors, formStarted: timer.issue(), honeypot: HONEYPOT_FIELD,
      policeForces: await policeForces(values.policeForceCode), exploitationChoices: exploitationChoices(values.exploitationTypes),
    });
  // The same page for a stored report and a discarded automated one, so a sender cannot tell them apart.
  const received = (reply: FastifyReply, reference: string) => reply.code(200).render(receivedTemplate, { reference });

  app.get('/report', { config: publicRoute }, async (_request, reply) => showForm(reply, 200));

  app.post('/report', {
    bodyLimit: PUBLIC_REPORT_BODY_LIMIT,
    // Counted in the rate limiter's memory by address for the window only; never logged or stored.
    config: { ...publicRoute, rateLimit: { max: services.config.publicReportRateLimit, timeWindow: '10 minutes' } },
  }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    if (typeof body[HONEYPOT_FIELD] === 'string' && body[HONEYPOT_FIELD] !== '') return received(reply, newIntelligenceReference());
    const timing = timer.check(body.formStarted);
    if (timing === 'invalid' || timing === 'expired') {
      const errors = toFormErrors([{ field: 'what', message: 'This form has expired. Check your report and send it again' }]);
      return showForm(reply, 400, body, errors);
    }
    if (timing === 'too_fast') return received(reply, newIntelligenceReference());
    const { input, peopleFields } = reportContentFromForm(body);
    try {
      const { reference } = await services.intelligence.submitFromPublic(input);
      return received(reply, reference);
    } catch (error) {
      if (error instanceof IntelligenceValidationError) return showForm(reply, 400, body, reportFormErrors(error.problems, peopleFields));
      throw error;
    }
  });
}
