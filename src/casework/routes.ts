import type { FastifyInstance } from 'fastify';
import type { Services } from '../services.js';
import { queueRoutes } from './pages/ca/queue-routes.js';
import { caseRoutes } from './pages/ca/case-routes.js';
import { decisionRoutes } from './pages/ca/decision-routes.js';
import { caseworkApiRoutes } from './api-routes.js';
import { permitRoutes } from './pages/ca/permit-routes.js';
import { permitApiRoutes } from './permit-api-routes.js';

/** The Competent Authority's casework pages and API. */
export async function caseworkRoutes(app: FastifyInstance, options: { services: Services }): Promise<void> {
  await app.register(queueRoutes, options);
  await app.register(caseRoutes, options);
  await app.register(decisionRoutes, options);
  await app.register(caseworkApiRoutes, options);
  await app.register(permitRoutes, options);
  await app.register(permitApiRoutes, options);
}
