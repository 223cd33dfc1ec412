import type { FastifyError, FastifyInstance } from 'fastify';
import { isApiRequest } from './request-context.js';
import { NotFoundError } from '../db/errors.js';
import { ForbiddenError } from '../auth/forbidden.js';

/** Accessible 403, 404 and 500 pages; JSON errors for the API. Internal details never reach the user. */
export function registerErrorPages(app: FastifyInstance): void {
  app.setNotFoundHandler((request, reply) => {
    if (isApiRequest(request)) return reply.code(404).send({ error: 'not_found', message: 'No such API route.' });
    return reply.code(404).render('platform/views/errors/404.njk');
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof NotFoundError) {
      if (isApiRequest(request)) return reply.code(404).send({ error: 'not_found', message: error.message });
      return reply.code(404).render('platform/views/errors/404.njk');
    }
    if (error instanceof ForbiddenError) {
      if (isApiRequest(request)) return reply.code(403).send({ error: 'forbidden', message: error.message });
      return reply.code(403).render('platform/views/errors/403.njk');
    }
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: error.code, statusCode: status }, 'request refused');

    const csrf = error.code?.startsWith('FST_CSRF');
    if (isApiRequest(request) || (!csrf && request.headers['content-type']?.includes('application/json'))) {
      const message = status === 500 ? 'Something went wrong. Quote this request id if you contact support.' : error.message;
      return reply.code(status).send({ error: status === 500 ? 'internal_error' : (error.code ?? 'bad_request'), message, requestId: request.id });
    }
    if (csrf) return reply.code(403).render('platform/views/errors/csrf.njk');
    if (status === 429) return reply.code(429).render('platform/views/errors/429.njk');
    if (status !== 500) return reply.code(status).render('platform/views/errors/400.njk', { message: error.message });
    return reply.code(500).render('platform/views/errors/500.njk');
  });
}
