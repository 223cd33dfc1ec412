import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Services } from '../../services.js';
import { findActivePrincipal } from '../../users/store.js';
import { isApiRequest } from './request-context.js';
import type { Principal } from '../auth/principal.js';

/**
 * Establishes `request.principal`: from a bearer token for the JSON API, from the session for pages.
 * Sessions end after the idle timeout or the absolute limit, and as soon as the user or their
 * organisation is deactivated (the user is re-read on every request).
 */
export function registerAuthentication(app: FastifyInstance, services: Services): void {
  const idleMs = services.config.sessionIdleMinutes * 60_000;
  const maxMs = services.config.sessionMaxHours * 3_600_000;

  app.decorateRequest('principal', null);

  app.addHook('onRequest', async (request) => {
    if (isApiRequest(request)) {
      request.principal = await fromBearer(request, services);
      return;
    }
    const session = request.session;
    if (!session?.userId) return;
    const now = services.clock.now().getTime();
    const idle = now - (session.lastSeenAt ?? 0) > idleMs;
    const tooOld = now - (session.signedInAt ?? 0) > maxMs;
    const user = idle || tooOld ? undefined : await findActivePrincipal(services.database.db, session.userId);
    if (!user) {
      await session.regenerate(); // replaces request.session
      if (idle || tooOld) request.session.flash = 'You were signed out because you were inactive. Sign in again to continue.';
      return;
    }
    // Saved at most once a minute: idle timing to the minute without a database write per request.
    if (now - (session.lastSeenAt ?? 0) > 60_000) session.lastSeenAt = now;
    request.principal = {
      userId: user.id, email: user.email, name: user.name, role: user.role,
      organisationId: user.organisationId, organisationName: user.organisationName, via: 'session',
    };
  });
}

async function fromBearer(request: FastifyRequest, services: Services): Promise<Principal | null> {
  const header = request.headers.authorization;
  if (!header?.startsWith('Bearer ')) return null;
  return (await services.apiTokens.authenticate(header.slice('Bearer '.length).trim())) ?? null;
}
