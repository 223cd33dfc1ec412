import type { FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import session from '@fastify/session';
import csrf from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import type { Services } from '../../services.js';
import { isApiRequest } from './request-context.js';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Cookies, database-backed sessions and CSRF protection. Session cookies are httpOnly and SameSite=Lax,
 * Secure in production (and whenever the request came over HTTPS). Anonymous visitors get no session
 * row; the CSRF secret for the sign-in form lives in its own signed cookie.
 */
export async function registerSessions(app: FastifyInstance, services: Services): Promise<void> {
  const secure = services.config.production ? true : 'auto';
  await app.register(cookie, { secret: services.secrets.sessionSecret });
  await app.register(formbody, { bodyLimit: 1_048_576 });
  await app.register(session, {
    secret: services.secrets.sessionSecret,
    cookieName: 'palermo_session',
    store: services.sessionStore,
    saveUninitialized: false,
    // Not rolling: a session is written when it changes (the idle clock is refreshed once a minute), not on every request.
    rolling: false,
    cookie: { httpOnly: true, sameSite: 'lax', secure, path: '/', maxAge: services.config.sessionMaxHours * 3_600_000 },
  });
  await app.register(csrf, {
    sessionPlugin: '@fastify/cookie',
    cookieKey: 'palermo_csrf',
    cookieOpts: { httpOnly: true, sameSite: 'strict', secure, path: '/', signed: true },
    getToken: (request) => (request.body as { _csrf?: string } | undefined)?._csrf,
  });
  // Every state-changing form post must carry the CSRF token. The JSON API is exempt: it authenticates
  // with bearer tokens, which a browser never sends on its own.
  app.addHook('preHandler', (request, reply, done) => {
    if (safeMethods.has(request.method) || isApiRequest(request)) return done();
    app.csrfProtection(request, reply, done);
  });
}
