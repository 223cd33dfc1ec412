import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import type { Services } from '../../services.js';
import { packageVersion } from '../paths.js';
import { publicRoute } from '../auth/route-policy.js';

/** For load balancers and orchestrators: 200 once migrations have run and the database answers. */
export function registerHealth(app: FastifyInstance, services: Services): void {
  app.get('/healthz', { config: publicRoute, logLevel: 'warn' }, async (_request, reply) => {
    try {
      await services.database.rows(sql`SELECT 1 FROM audit_chain_head LIMIT 1`);
      return { status: 'ok', database: services.database.engine, version: packageVersion };
    } catch {
      return reply.code(503).send({ status: 'unavailable', database: services.database.engine, version: packageVersion });
    }
  });
}
