import '@fastify/session';
import '@fastify/cookie';
import '@fastify/csrf-protection';
import '@fastify/helmet';
import type { Principal } from '../auth/principal.js';
import type { RoutePolicy } from '../auth/route-policy.js';

// What Palermo adds to Fastify's request, reply, session and route config.
declare module 'fastify' {
  interface Session {
    userId?: string;
    /** Epoch milliseconds: for the absolute session limit. */
    signedInAt?: number;
    /** Epoch milliseconds: for the idle timeout. */
    lastSeenAt?: number;
    /** A one-off message for the next page (e.g. "You have been signed out"). */
    flash?: string;
  }
  interface FastifyContextConfig {
    policy?: RoutePolicy;
  }
  interface FastifyInstance {
    policyTable: import('./authorisation.js').PolicyEntry[];
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyReply {
    render(template: string, context?: Record<string, unknown>): FastifyReply;
  }
}
