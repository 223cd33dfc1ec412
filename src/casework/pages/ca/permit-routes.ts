import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../../services.js';
import { requires } from '../../../platform/auth/route-policy.js';
import { can } from '../../../platform/auth/policy.js';
import { auditContext } from '../../../platform/http/request-context.js';
import { parseForm, toFormErrors, withDate, type FormErrors } from '../../../platform/http/forms.js';
import { StaleVersionError } from '../../../platform/db/errors.js';
import { CaseworkRefusedError } from '../../errors.js';
import { permitBases, permitInput, permitReminderThresholds } from '../../residence-permits.js';
import * as forms from './forms.js';
import { parse } from './case-routes.js';

interface Extra { errors?: FormErrors; form?: string; values?: Record<string, unknown> }

/**
 * Residence permits under the case page: the permit granted after a positive CG decision, its renewals,
 * and the list of permits of the Competent Authority expiring soon.
 */
export async function permitRoutes(app: FastifyInstance, { services }: { services: Services }): Promise<void> {
  const permits = services.casework.permits;

  app.get('/casework/residence-permits', { config: requires('casework:view') }, async (request, reply) => {
    const { today, rows } = await permits.expiringSoon(request.principal!);
    return reply.render('casework/pages/ca/views/expiring-permits.njk', { today, rows, permitBases, within: permitReminderThresholds[0] });
  });

  app.get('/casework/cases/:reference/residence-permits', { config: requires('casework:view') }, async (request, reply) => {
    const { reference } = parse(forms.referenceParams, request.params);
    return renderPermits(request, reply, reference);
  });

  const prepare = (body: unknown) => withDate(withDate(body, 'grantedOn'), 'expiresOn');
  async function submit(request: FastifyRequest, reply: FastifyReply, reference: string, form: string, run: (v: ReturnType<typeof permitInput.parse>) => Promise<unknown>, flash: string) {
    const body = prepare(request.body);
    const parsed = parseForm(permitInput, body);
    if (!parsed.ok) return renderPermits(request, reply.code(400), reference, { errors: parsed.errors, form, values: body });
    try {
      await run(parsed.value);
    } catch (error) {
      if (error instanceof CaseworkRefusedError || error instanceof StaleVersionError) {
        const field = error instanceof CaseworkRefusedError && error.field ? error.field : 'version';
        return renderPermits(request, reply.code(409), reference, { errors: toFormErrors([{ field, message: error.message }]), form, values: body });
      }
      throw error;
    }
    request.session.flash = flash;
    return reply.redirect(`/casework/cases/${reference}/residence-permits`, 303);
  }

  app.post('/casework/cases/:reference/residence-permits', { config: requires('casework:residence-permit') }, async (request, reply) => {
    const { reference } = parse(forms.referenceParams, request.params);
    return submit(request, reply, reference, 'grant', (v) => permits.record(request.principal!, reference, v, auditContext(request)), 'Residence permit recorded');
  });

  app.post('/casework/cases/:reference/residence-permits/:id/renewal', { config: requires('casework:residence-permit') }, async (request, reply) => {
    const { reference, id } = parse(forms.idParams, request.params);
    return submit(request, reply, reference, 'renew', (v) => permits.renew(request.principal!, reference, id, v, auditContext(request)), 'Renewal recorded');
  });

  async function renderPermits(request: FastifyRequest, reply: FastifyReply, reference: string, extra: Extra = {}) {
    const file = await services.caseFiles.open(request.principal!, reference, auditContext(request));
    const list = await permits.list(file.id!);
    const current = list.find((p) => p.current);
    const values = extra.values ?? {};
    return reply.render('casework/pages/ca/views/residence-permits.njk', {
      referral: file, permits: [...list].reverse(), current, permitBases,
      status: String(file.status),
      mayRecord: can(request.principal!.role, 'casework:residence-permit'),
      basisItems: Object.entries(permitBases).map(([value, text]) => ({ value, text, checked: values.basis === value })),
      dateItems: (prefix: string) => (['day', 'month', 'year'] as const).map((part) => ({
        name: part, classes: part === 'year' ? 'govuk-input--width-4' : 'govuk-input--width-2', value: values[`${prefix}-${part}`],
      })),
      values, form: extra.form, errors: extra.errors,
    });
  }
}
