import type { FastifyInstance } from 'fastify';
import type { Services } from '../services.js';
import { requires } from '../platform/auth/route-policy.js';
import { homeFor } from './home-pages.js';

/** Each role's home page: what that role comes to do. */
export async function homeRoutes(app: FastifyInstance, { services }: { services: Services }): Promise<void> {
  app.get('/', { config: requires('home:view') }, async (request, reply) => {
    const principal = request.principal!;
    const home = homeFor(principal.role);
    const [drafts, awaitingAnswers, missingAlerts, childCounts] = await Promise.all([
      home.showsDrafts ? services.drafts.list(principal) : [],
      home.showsQuestions ? services.casework.information.openCount(services.database.db, principal.organisationId) : 0,
      home.showsMissingAlerts ? services.missing.unacknowledgedCount(principal.organisationId) : 0,
      home.showsChildren ? services.children.counts(principal) : null,
    ]);
    const supportSummary = home.showsSupport ? await services.support.allocations.homeSummary(principal) : null;
    return reply.render('home/views/home.njk', { supportSummary, home, drafts, awaitingAnswers, missingAlerts, childCounts });
  });
}
