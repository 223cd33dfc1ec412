import type { FastifyRequest } from 'fastify';
import type { AuditContext } from '../audit/audit-log.js';
import { actorOf } from '../auth/principal.js';

/** Who, and from where, for the audit log. */
export function auditContext(request: FastifyRequest): AuditContext {
  return { actor: actorOf(request.principal), requestId: request.id, sourceIp: request.ip };
}

export function isApiRequest(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/');
}

/** Only local paths may be returned to after sign-in: no open redirects. */
export function safeReturnPath(value: unknown): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
  return value;
}
