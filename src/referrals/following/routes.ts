import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Services } from '../../services.js';
import { requires } from '../../platform/auth/route-policy.js';
import { auditContext } from '../../platform/http/request-context.js';
import { parseForm } from '../../platform/http/forms.js';
import { NotFoundError } from '../../platform/db/errors.js';
import { statusTag } from './status.js';
import { referenceParam, renderStatusPage } from './status-page.js';
import { caseworkResponseRoutes } from './casework-routes.js';
import { competentAuthorityCodes, competentAuthorityNames } from '../routing.js';
import { ReroutingRefusedError } from '../rerouting.js';
import { StaleVersionError } from '../../platform/db/errors.js';
import { toFormErrors } from '../../platform/http/forms.js';

const rerouteForm = z.object({
  to: z.enum(competentAuthorityCodes, { error: 'Select the Competent Authority to send the referral to' }),
  reason: z.string({ error: 'Enter why the referral should go there' }).trim().min(1, 'Enter why the referral should go there').max(2000, 'Reason must be 2,000 characters or fewer'),
  version: z.coerce.number().int().positive(),
});

const referenceParams = z.object({ reference: referenceParam });
const noteForm = z.object({
  text: z.string({ error: 'Enter the information to add' }).trim().min(1, 'Enter the information to add').max(10_000, 'Information must be 10,000 characters or fewer'),
});

/**
 * First responders follow their organisation's referrals: the list, a status page with decisions as
 * they come, and a way to add information afterwards, answer the Competent Authority's questions and
 * ask for a negative decision to be reconsidered. Competent Authority staff see the same pages for
 * referrals routed to them.
 */
export async function followingRoutes(app: FastifyInstance, { services }: { services: Services }): Promise<void> {
  const renderStatus = (reply: FastifyReply, request: FastifyRequest, reference: string, extra: Record<string, unknown> = {}) =>
    renderStatusPage(services, reply, request, reference, extra);

  app.get('/referrals', { config: requires('referrals:view') }, async (request, reply) => {
    const query = z.object({ page: z.coerce.number().int().min(1).max(10_000).default(1) }).safeParse(request.query);
    const page = query.success ? query.data.page : 1;
    const rows = await services.caseFiles.list(request.principal!, { limit: 51, offset: (page - 1) * 50 });
    return reply.render('referrals/following/views/list.njk', {
      referrals: rows.slice(0, 50).map((r) => ({ ...r, tag: statusTag(r.status) })),
      pagination: { previous: page > 1 ? { href: `/referrals?page=${page - 1}` } : undefined, next: rows.length > 50 ? { href: `/referrals?page=${page + 1}` } : undefined },
    });
  });

  app.get('/referrals/:reference', { config: requires('referrals:view') }, async (request, reply) => {
    const { reference } = parseReference(request.params);
    return renderStatus(reply, request, reference);
  });

  app.post('/referrals/:reference/notes', { config: requires('referrals:create') }, async (request, reply) => {
    const { reference } = parseReference(request.params);
    const form = parseForm(noteForm, request.body);
    if (!form.ok) return renderStatus(reply.code(400), request, reference, { errors: form.errors, noteText: (request.body as { text?: string })?.text });
    await services.caseFiles.addNote(request.principal!, reference, form.value.text, auditContext(request));
    request.session.flash = 'Information added to the referral';
    return reply.redirect(`/referrals/${reference}`, 303);
  });

  app.post('/referrals/:reference/competent-authority', { config: requires('referrals:reroute') }, async (request, reply) => {
    const { reference } = parseReference(request.params);
    const body = (request.body ?? {}) as Record<string, string>;
    const form = parseForm(rerouteForm, body);
    if (!form.ok) return renderStatus(reply.code(400), request, reference, { errors: form.errors, reroute: body });
    try {
      await services.rerouting.reroute(request.principal!, reference, form.value.to, form.value.reason, form.value.version, auditContext(request));
    } catch (error) {
      if (error instanceof ReroutingRefusedError || error instanceof StaleVersionError) {
        return renderStatus(reply.code(409), request, reference, { errors: toFormErrors([{ field: 'to', message: error.message }]), reroute: body });
      }
      throw error;
    }
    request.session.flash = `Referral sent to the ${competentAuthorityNames[form.value.to]}`;
    return reply.redirect('/referrals', 303);
  });

  await caseworkResponseRoutes(app, services);
}

function parseReference(params: unknown): { reference: string } {
  const parsed = referenceParams.safeParse(params);
  if (!parsed.success) throw new NotFoundError('No referral with this reference');
  return parsed.data;
}
