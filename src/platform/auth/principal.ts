import type { Role } from './roles.js';
import type { Actor } from '../audit/audit-log.js';

/** The person behind a request, as established by a session or an API token. */
export interface Principal {
  userId: string;
  email: string;
  name: string;
  role: Role;
  organisationId: string;
  organisationName: string;
  via: 'session' | 'token';
}

export function actorOf(principal: Principal | null | undefined): Actor {
  if (!principal) return { userId: null, email: null, organisationId: null, organisationName: null, role: null };
  return {
    userId: principal.userId,
    email: principal.email,
    organisationId: principal.organisationId,
    organisationName: principal.organisationName,
    role: principal.role,
  };
}
