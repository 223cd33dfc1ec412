import type { FastifyInstance } from 'fastify';
import type { Services } from '../../../services.js';
import { requires } from '../../../platform/auth/route-policy.js';
import { statusTag } from '../../../referrals/following/status.js';
import { queueFilters } from '../../work-queue.js';
import { markerTags, nextStepLabels } from './labels.js';
import * as forms from './forms.js';

const PAGE = 50;

/** The work queue: open cases of the user's Competent Authority, what is due soonest first, with filters. */
export async function queueRoutes(app: FastifyInstance, { services }: { services: Services }): Promise<void> {
  app.get('/casework', { config: requires('casework:queue') }, async (request, reply) => {
    const query = forms.queueQuery.parse(request.query ?? {});
    const { rows, today, more } = await services.casework.queue.list(request.principal!, query.filter, { limit: PAGE, offset: (query.page - 1) * PAGE });
    const filterQuery = query.filter.map((f) => `filter=${f}`).join('&');
    const href = (page: number) => `/casework?${filterQuery ? `${filterQuery}&` : ''}page=${page}`;
    return reply.render('casework/pages/ca/views/queue.njk', {
      today,
      cases: rows.map((r) => ({ ...r, tag: statusTag(r.status), marker: r.marker ? markerTags[r.marker] : undefined, nextStepLabel: nextStepLabels[r.nextStep] ?? r.nextStep })),
      filterItems: Object.entries(queueFilters).map(([value, text]) => ({ value, text, checked: query.filter.includes(value as keyof typeof queueFilters) })),
      filtered: query.filter.length > 0,
      pagination: { previous: query.page > 1 ? { href: href(query.page - 1) } : undefined, next: more ? { href: href(query.page + 1) } : undefined },
    });
  });
}
