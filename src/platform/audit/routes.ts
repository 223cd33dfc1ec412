import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Services } from '../../services.js';
import { requires } from '../auth/route-policy.js';
import { parseForm } from '../http/forms.js';
import { auditContext } from '../http/request-context.js';
import { visibleFields } from '../auth/policy.js';
import { auditActions } from './audit-log.js';

const PAGE_SIZE = 50;
const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const day = z.preprocess(blankToUndefined, z.iso.date({ error: 'Enter a date in the format YYYY-MM-DD' }).optional());

const filterSchema = z.object({
  actorEmail: z.preprocess(blankToUndefined, z.string().trim().max(254).optional()),
  action: z.preprocess(blankToUndefined, z.enum(auditActions, { error: 'Select an action from the list' }).optional()),
  recordType: z.preprocess(blankToUndefined, z.string().trim().max(50).optional()),
  recordId: z.preprocess(blankToUndefined, z.string().trim().max(100).optional()),
  from: day,
  to: day,
  page: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(100_000).default(1)),
});

/** Auditors search the log. Searching it is itself audited. */
export async function auditRoutes(app: FastifyInstance, { services }: { services: Services }): Promise<void> {
  app.get('/audit', { config: requires('audit:search') }, async (request, reply) => {
    const query = (request.query ?? {}) as Record<string, unknown>;
    const form = parseForm(filterSchema, query);
    const actionItems = [{ value: '', text: 'Any action' }, ...auditActions.map((a) => ({ value: a, text: a.replaceAll('_', ' '), selected: query.action === a }))];
    if (!form.ok) return reply.code(400).render('platform/audit/views/search.njk', { errors: form.errors, values: query, actionItems, events: [], total: 0 });
    const { page, from, to, ...rest } = form.value;
    const filter = {
      ...rest,
      from: from ? new Date(`${from}T00:00:00Z`) : undefined,
      to: to ? new Date(`${to}T23:59:59.999Z`) : undefined,
    };
    const result = await services.audit.search(filter, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
    await services.audit.recordAlone(auditContext(request), { action: 'view', recordType: 'audit_log', details: { filter: form.value } });
    const principal = request.principal!;
    const pages = Math.max(1, Math.ceil(result.total / PAGE_SIZE));
    const link = (n: number) => `/audit?${new URLSearchParams({ ...stringify(query), page: String(n) }).toString()}`;
    return reply.render('platform/audit/views/search.njk', {
      values: query,
      actionItems,
      events: result.rows.map((row) => visibleFields(principal.role, 'audit_event', row)),
      total: result.total,
      pagination: {
        previous: page > 1 ? { href: link(page - 1) } : undefined,
        next: page < pages ? { href: link(page + 1) } : undefined,
        items: pageItems(page, pages).map((n) => (n === 0 ? { ellipsis: true } : { number: n, href: link(n), current: n === page })),
      },
    });
  });
}

function stringify(query: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(query).filter(([k, v]) => typeof v === 'string' && v !== '' && k !== 'page')) as Record<string, string>;
}

/** Page numbers around the current one; 0 marks a gap. */
function pageItems(current: number, total: number): number[] {
  const wanted = new Set([1, total, current - 1, current, current + 1].filter((n) => n >= 1 && n <= total));
  const sorted = [...wanted].sort((a, b) => a - b);
  return sorted.flatMap((n, i) => (i > 0 && n - sorted[i - 1]! > 1 ? [0, n] : [n]));
}
