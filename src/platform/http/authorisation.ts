import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services.js';
import { can } from '../auth/policy.js';
import type { RoutePolicy } from '../auth/route-policy.js';
import { staticPrefixes } from './static-assets.js';
import { auditContext, isApiRequest } from './request-context.js';

export class MissingPolicyError extends Error {}

/**
 * Every route must declare a policy (checked as routes are added, so a route without one stops the
 * service from starting), and every request is checked against it before its handler runs.
 */
/** Every route with its policy, as registered: for the permission tests and for review. */
export interface PolicyEntry {
  method: string;
  url: string;
  policy: RoutePolicy;
}

export function registerPolicyCheck(app: FastifyInstance): void {
  const table: PolicyEntry[] = [];
  app.decorate('policyTable', table);
  app.addHook('onRoute', (route) => {
    const url = route.url ?? route.path;
    if (staticPrefixes.some((prefix) => url.startsWith(prefix))) {
      route.config = { ...route.config, policy: { public: true } };
      return;
    }
    const policy = route.config?.policy;
    if (!policy) throw new MissingPolicyError(`Route ${String(route.method)} ${url} has no policy`);
    for (const method of [route.method].flat()) if (method !== 'HEAD') table.push({ method, url, policy });
  });
}

export function registerAuthorisation(app: FastifyInstance, services: Services): void {
  app.addHook('onRequest', async (request, reply) => {
    const policy: RoutePolicy | undefined = request.routeOptions.config.policy;
    if (!policy || 'public' in policy) return; // not-found handler, or a public route
    const principal = request.principal;
    if (!principal) {
      if (isApiRequest(request)) {
        return reply.code(401).header('www-authenticate', 'Bearer').send({ error: 'unauthorised', message: 'A valid API token is required (Authorization: Bearer …).' });
      }
      const returnTo = request.method === 'GET' ? `?returnTo=${encodeURIComponent(request.url)}` : '';
      return reply.redirect(`/sign-in${returnTo}`, 302);
    }
    if (can(principal.role, policy.action)) return;
    await services.audit.recordAlone(auditContext(request), {
      action: 'permission_denied', outcome: 'denied',
      details: { method: request.method, route: request.routeOptions.url, needed: policy.action },
    });
    if (isApiRequest(request)) return reply.code(403).send({ error: 'forbidden', message: 'Your role does not allow this.' });
    return reply.code(403).render('platform/views/errors/403.njk');
  });
}
