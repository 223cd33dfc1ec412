import path from 'node:path';
import nunjucks from 'nunjucks';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { projectRoot, sourceRoot } from '../paths.js';
import { can, type Action } from '../auth/policy.js';
import { roleLabels } from '../auth/roles.js';
import type { Principal } from '../auth/principal.js';

const govukDist = path.join(projectRoot, 'node_modules', 'govuk-frontend', 'dist');

const dateTime = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', hour: 'numeric', minute: '2-digit', hour12: true, timeZone: 'Europe/London' });
const dateOnly = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' });

export function createViewEnvironment(options: { cache: boolean }): nunjucks.Environment {
  const env = new nunjucks.Environment(new nunjucks.FileSystemLoader([govukDist, sourceRoot], { noCache: !options.cache }), {
    autoescape: true,
    throwOnUndefined: false,
  });
  env.addGlobal('serviceName', 'Palermo');
  env.addFilter('dateTime', (value: Date | string | null | undefined) => (value ? dateTime.format(new Date(value)) : ''));
  env.addFilter('date', (value: Date | string | null | undefined) => (value ? dateOnly.format(new Date(value)) : ''));
  env.addFilter('roleLabel', (role: keyof typeof roleLabels) => roleLabels[role] ?? role);
  return env;
}

interface NavItem {
  href: string;
  text: string;
  action: Action;
}

/** Navigation shows only what the role may do; the server still checks every request. */
const navigation: NavItem[] = [
  { href: '/', text: 'Home', action: 'home:view' },
  { href: '/casework', text: 'Work queue', action: 'casework:queue' },
  { href: '/casework/timeliness', text: 'Timeliness', action: 'casework:timeliness' },
  { href: '/referrals', text: 'Referrals', action: 'referrals:view' },
  { href: '/missing', text: 'Missing people', action: 'missing:view' },
  { href: '/children', text: 'Children', action: 'children:list' },
  { href: '/statistics', text: 'Statistics', action: 'statistics:view' },
  { href: '/repository/records', text: 'Records', action: 'repository:records' },
  { href: '/plans', text: 'Action plans', action: 'plan:view' },
  { href: '/intelligence', text: 'Intelligence', action: 'intelligence:view' },
  { href: '/support/allocations', text: 'Allocations', action: 'support:respond' },
  { href: '/support/services', text: 'Support services', action: 'support:services' },
  { href: '/reports/annual', text: 'Annual report', action: 'reports:annual' },
  { href: '/admin/organisations', text: 'Organisations', action: 'organisations:list' },
  { href: '/admin/users', text: 'Users', action: 'users:list' },
  { href: '/admin/reference-data', text: 'Reference data', action: 'reference-data:list' },
  { href: '/audit', text: 'Audit log', action: 'audit:search' },
];

function navigationFor(principal: Principal | null, currentPath: string) {
  if (!principal) return [];
  return navigation
    .filter((item) => can(principal.role, item.action))
    .map((item) => ({
      href: item.href,
      text: item.text,
      // The most specific item is the current one: /casework/timeliness is not also the work queue.
      active: item.href === '/' ? currentPath === '/' : currentPath.startsWith(item.href) && !navigation.some((other) => other.href.length > item.href.length && other.href.startsWith(item.href) && currentPath.startsWith(other.href)),
    }));
}

/** `reply.render(template, context)`: the page with the layout's shared context (user, navigation, CSRF token, CSP nonce). */
export function registerViews(app: FastifyInstance, env: nunjucks.Environment): void {
  app.decorateReply('render', function render(this: FastifyReply, template: string, context: Record<string, unknown> = {}) {
    const request: FastifyRequest = this.request;
    const currentPath = request.url.split('?')[0] ?? '/';
    const flash = request.session?.flash;
    if (flash) request.session.flash = undefined;
    const html = env.render(template, {
      principal: request.principal,
      navigation: navigationFor(request.principal, currentPath),
      csrfToken: this.generateCsrf(),
      cspNonce: this.cspNonce?.script,
      currentPath,
      flash,
      requestId: request.id,
      ...context,
    });
    return this.type('text/html; charset=utf-8').send(html);
  });
}
