import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Services } from '../services.js';
import { requires } from '../platform/auth/route-policy.js';
import { auditContext } from '../platform/http/request-context.js';
import { NotFoundError } from '../platform/db/errors.js';
import { DRAFT_LIFETIME_DAYS } from './drafts.js';
import { openConfirmation } from './submitted.js';
import { draftUrl } from './pages/common.js';
import { questionPageRoutes } from './pages/question-pages.js';
import { situationPageRoutes } from './pages/situation-pages.js';
import { checkAnswersRoutes } from './pages/check-answers.js';

const referenceParams = z.object({ reference: z.string().regex(/^(NRM|DTN)-\d{4}-\d{6}$/) });

/**
 * The first responder's referral: a start page, the question pages (each saved to a draft the
 * organisation can continue for 28 days), check your answers, and the confirmation.
 */
export async function referralRoutes(app: FastifyInstance, { services }: { services: Services }): Promise<void> {
  const route = { config: requires('referrals:create') };

  app.get('/referrals/new', route, async (_request, reply) => reply.render('referrals/views/start.njk', { lifetimeDays: DRAFT_LIFETIME_DAYS }));

  app.post('/referrals/drafts', route, async (request, reply) => {
    const draft = await services.drafts.create(request.principal!, auditContext(request));
    return reply.redirect(draftUrl(draft.id, 'under-18'), 303);
  });

  app.get('/referrals/submitted/:reference', route, async (request, reply) => {
    const parsed = referenceParams.safeParse(request.params);
    if (!parsed.success) throw new NotFoundError('No referral with this reference');
    const confirmation = await openConfirmation(services.database, services.audit, request.principal!, parsed.data.reference, auditContext(request));
    const localAuthority = confirmation.localAuthorityCode ? await services.referenceData.label('local_authority', confirmation.localAuthorityCode) : undefined;
    return reply.render('referrals/views/submitted.njk', { confirmation, localAuthority });
  });

  await app.register(questionPageRoutes, { services });
  await app.register(situationPageRoutes, { services });
  await app.register(checkAnswersRoutes, { services });
}
