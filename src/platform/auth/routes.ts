import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Services } from '../../services.js';
import { publicRoute, requires } from './route-policy.js';
import { parseForm, toFormErrors } from '../http/forms.js';
import { signInInput } from '../../users/schema.js';
import { auditContext, safeReturnPath } from '../http/request-context.js';
import { roleLabels } from './roles.js';

/** Sign-in, sign-out and the API's "who am I". */
export async function authRoutes(app: FastifyInstance, { services }: { services: Services }): Promise<void> {
  app.get('/sign-in', { config: publicRoute }, async (request, reply) => {
    if (request.principal) return reply.redirect('/', 302);
    const query = request.query as { returnTo?: string };
    return reply.render('platform/views/sign-in.njk', { returnTo: safeReturnPath(query.returnTo) });
  });

  app.post('/sign-in', {
    config: { ...publicRoute, rateLimit: { max: services.config.signInRateLimit, timeWindow: '1 minute' } },
  }, async (request, reply) => {
    const body = request.body as Record<string, unknown> | undefined;
    const returnTo = safeReturnPath(body?.returnTo);
    const form = parseForm(signInInput, body);
    if (!form.ok) {
      return reply.code(400).render('platform/views/sign-in.njk', { errors: form.errors, email: body?.email, returnTo });
    }
    const result = await services.signIn.attempt(form.value.email, form.value.password, { requestId: request.id, sourceIp: request.ip });
    if (!result.ok) {
      const message = result.reason === 'locked'
        ? 'This account is locked after too many failed sign-in attempts. Try again later or ask your administrator to unlock it.'
        : 'Enter a correct email address and password';
      return reply.code(result.reason === 'locked' ? 423 : 401).render('platform/views/sign-in.njk', {
        errors: toFormErrors([{ field: 'email', message }]), email: form.value.email, returnTo,
      });
    }
    // A new session id at sign-in: a session id planted before sign-in is worthless afterwards.
    await request.session.regenerate();
    const now = services.clock.now().getTime();
    request.session.userId = result.principal.userId;
    request.session.signedInAt = now;
    request.session.lastSeenAt = now;
    return reply.redirect(returnTo, 303);
  });

  app.post('/sign-out', { config: publicRoute }, async (request, reply) => {
    if (request.principal) {
      await services.audit.recordAlone(auditContext(request), { action: 'sign_out', recordType: 'user', recordId: request.principal.userId });
    }
    await request.session.destroy();
    return reply.redirect('/sign-in', 303);
  });

  const whoAmI = z.object({
    id: z.uuid(),
    email: z.string(),
    name: z.string(),
    role: z.string(),
    roleLabel: z.string(),
    organisation: z.object({ id: z.uuid(), name: z.string() }),
  });
  app.withTypeProvider<ZodTypeProvider>().get('/api/v1/me', {
    config: requires('api:whoami'),
    schema: { tags: ['account'], summary: 'The user behind the bearer token', response: { 200: whoAmI } },
  }, async (request) => {
    const p = request.principal!;
    return { id: p.userId, email: p.email, name: p.name, role: p.role, roleLabel: roleLabels[p.role], organisation: { id: p.organisationId, name: p.organisationName } };
  });
}
