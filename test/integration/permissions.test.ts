import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { HttpAgent } from '../support/http-agent.js';
import { demoUsers } from '../../src/demo/demo-data.js';
import { roles, type Role } from '../../src/platform/auth/roles.js';
import { users } from '../../src/users/tables.js';
import { organisations } from '../../src/organisations/tables.js';

/**
 * For every route and every role (and for a visitor who is not signed in), the status the route must
 * answer. A route that is not in this table fails the first test: a new route needs a policy decision here.
 */
type Who = Role | 'anonymous';
type Expectation = (who: Who) => number;

const page = (...allowed: Role[]): Expectation => (who) => (who === 'anonymous' ? 302 : allowed.includes(who) ? 200 : 403);
/** A form posted empty: allowed roles get the validation page (400), others 403. */
const form = (...allowed: Role[]): Expectation => (who) => (who === 'anonymous' ? 302 : allowed.includes(who) ? 400 : 403);
const api = (...allowed: Role[]): Expectation => (who) => (who === 'anonymous' ? 401 : allowed.includes(who) ? 200 : 403);
const always = (status: number): Expectation => () => status;
const unknownCase = (...allowed: Role[]): Expectation => (who) => (who === 'anonymous' ? 302 : allowed.includes(who) ? 404 : 403);

/** The roles that may be involved with a referred person (missing-person episodes). */
const involvedRoles: Role[] = ['first_responder', 'ca_caseworker', 'ca_manager', 'support_worker', 'la_childrens_services'];

const planProposers: Role[] = ['first_responder', 'ca_caseworker', 'ca_manager', 'support_worker', 'la_childrens_services', 'policy_lead'];
const planReaders: Role[] = [...planProposers, 'analyst', 'auditor'];

const expected: Record<string, Expectation> = {
  'GET /healthz': always(200),
  'GET /api/v1/openapi.json': always(200),
  'GET /sign-in': (who) => (who === 'anonymous' ? 200 : 302),
  'POST /sign-in': always(400),
  'POST /sign-out': always(303),
  'GET /': page(...roles),
  'GET /api/v1/me': api(...roles),
  'GET /admin/organisations': page('admin'),
  'GET /admin/organisations/new': page('admin'),
  'POST /admin/organisations': form('admin'),
  'GET /admin/organisations/:id': page('admin'),
  'POST /admin/organisations/:id': form('admin'),
  'GET /admin/users': page('admin'),
  'GET /admin/users/new': page('admin'),
  'POST /admin/users': form('admin'),
  'GET /admin/users/:id': page('admin'),
  'POST /admin/users/:id': form('admin'),
  'GET /admin/reference-data': page('admin'),
  'GET /admin/reference-data/:list': page('admin'),
  'GET /admin/reference-data/:list/new': page('admin'),
  'POST /admin/reference-data/:list': form('admin'),
  'GET /admin/reference-data/:list/:code': page('admin'),
  'POST /admin/reference-data/:list/:code': form('admin'),
  'GET /audit': page('auditor'),
  'GET /api/v1/organisations': api('admin'),
  'POST /api/v1/organisations': (who) => (who === 'anonymous' ? 401 : who === 'admin' ? 400 : 403),
  'POST /api/v1/referrals': (who) => (who === 'anonymous' ? 401 : who === 'first_responder' ? 400 : 403),
  'GET /api/v1/referrals': api('first_responder', 'ca_caseworker', 'ca_manager'),
  // An unknown reference: allowed roles learn it does not exist, others are refused before the lookup.
  'GET /referrals': page('first_responder', 'ca_caseworker', 'ca_manager'),
  'GET /referrals/:reference': (who) => (who === 'anonymous' ? 302 : ['first_responder', 'ca_caseworker', 'ca_manager'].includes(who) ? 404 : 403),
  'POST /referrals/:reference/competent-authority': (who) => (who === 'anonymous' ? 302 : who === 'ca_manager' ? 404 : 403),
  'POST /referrals/:reference/notes': (who) => (who === 'anonymous' ? 302 : who === 'first_responder' ? 404 : 403),
  // The first responder's answers and requests for reconsideration, on an unknown case.
  'POST /referrals/:reference/information-requests/:id': (who) => (who === 'anonymous' ? 302 : who === 'first_responder' ? 404 : 403),
  'GET /referrals/:reference/reconsideration': (who) => (who === 'anonymous' ? 302 : who === 'first_responder' ? 404 : 403),
  'POST /referrals/:reference/reconsideration': (who) => (who === 'anonymous' ? 302 : who === 'first_responder' ? 404 : 403),
  'GET /api/v1/referrals/:reference': (who) => (who === 'anonymous' ? 401 : ['first_responder', 'ca_caseworker', 'ca_manager'].includes(who) ? 404 : 403),
  // The referral journey, on a draft of the first responder's organisation whose first question is answered.
  'GET /referrals/new': page('first_responder'),
  'POST /referrals/drafts': (who) => (who === 'anonymous' ? 302 : who === 'first_responder' ? 303 : 403),
  'GET /referrals/drafts/:id': (who) => (who === 'anonymous' || who === 'first_responder' ? 302 : 403),
  'GET /referrals/drafts/:id/:page': page('first_responder'),
  'POST /referrals/drafts/:id/:page': form('first_responder'),
  'GET /referrals/drafts/:id/situations': (who) => (who === 'anonymous' || who === 'first_responder' ? 302 : 403),
  'POST /referrals/drafts/:id/situations': form('first_responder'),
  'GET /referrals/drafts/:id/situations/:n': page('first_responder'),
  'POST /referrals/drafts/:id/situations/:n': form('first_responder'),
  'GET /referrals/drafts/:id/situations/:n/remove': (who) => (who === 'anonymous' ? 302 : who === 'first_responder' ? 404 : 403),
  'POST /referrals/drafts/:id/situations/:n/remove': (who) => (who === 'anonymous' ? 302 : who === 'first_responder' ? 404 : 403),
  'GET /referrals/drafts/:id/check-answers': page('first_responder'),
  'POST /referrals/drafts/:id/submit': form('first_responder'),
  'GET /referrals/submitted/:reference': (who) => (who === 'anonymous' ? 302 : who === 'first_responder' ? 404 : 403),
  // Decision letters of an unknown referral: readers learn it does not exist; the development mailbox is for administrators.
  'GET /referrals/:reference/notices/:id': (who) => (who === 'anonymous' ? 302 : ['first_responder', 'ca_caseworker', 'ca_manager'].includes(who) ? 404 : 403),
  'GET /referrals/:reference/notices/:id/pdf': (who) => (who === 'anonymous' ? 302 : ['first_responder', 'ca_caseworker', 'ca_manager'].includes(who) ? 404 : 403),
  'GET /dev/mailbox': page('admin'),
  'GET /dev/mailbox/:id': (who) => (who === 'anonymous' ? 302 : who === 'admin' ? 404 : 403),
  'GET /casework/timeliness': page('ca_manager'),
  // Casework on an unknown case: Competent Authority staff allowed the step learn it does not exist.
  'GET /casework': page('ca_caseworker', 'ca_manager'),
  'GET /api/v1/casework/queue': api('ca_caseworker', 'ca_manager'),
  'POST /api/v1/referrals/:reference/decisions': (who) => (who === 'anonymous' ? 401 : ['ca_caseworker', 'ca_manager'].includes(who) ? 400 : 403),
  'POST /api/v1/referrals/:reference/decisions/:id/review': (who) => (who === 'anonymous' ? 401 : ['ca_caseworker', 'ca_manager'].includes(who) ? 400 : 403),
  'GET /casework/cases/:reference': unknownCase('ca_caseworker', 'ca_manager'),
  'GET /casework/cases/:reference/:stage': unknownCase('ca_caseworker', 'ca_manager'),
  'POST /casework/cases/:reference/:stage': unknownCase('ca_caseworker', 'ca_manager'),
  'POST /casework/cases/:reference/take': unknownCase('ca_caseworker', 'ca_manager'),
  'POST /casework/cases/:reference/assign': unknownCase('ca_manager'),
  'POST /casework/cases/:reference/decisions/:id/review': unknownCase('ca_caseworker', 'ca_manager'),
  'POST /casework/cases/:reference/suspend': unknownCase('ca_caseworker', 'ca_manager'),
  'POST /casework/cases/:reference/resume': unknownCase('ca_caseworker', 'ca_manager'),
  'POST /casework/cases/:reference/extensions': unknownCase('ca_caseworker', 'ca_manager'),
  'POST /casework/cases/:reference/extensions/:id': unknownCase('ca_manager'),
  'POST /casework/cases/:reference/case-review': unknownCase('ca_caseworker', 'ca_manager'),
  'POST /casework/cases/:reference/information-requests': unknownCase('ca_caseworker', 'ca_manager'),
  'POST /casework/cases/:reference/reconsiderations/:id': unknownCase('ca_caseworker', 'ca_manager'),
  'POST /casework/cases/:reference/withdraw': unknownCase('ca_caseworker', 'ca_manager'),
  // Voluntary returns and the re-trafficking risk assessment; residence permits (an unknown case; the API's empty bodies are refused first).
  'GET /casework/cases/:reference/returns': unknownCase('ca_caseworker', 'ca_manager', 'support_worker'),
  'GET /casework/cases/:reference/returns/risk-assessment': unknownCase('ca_caseworker', 'ca_manager', 'support_worker'),
  'POST /casework/cases/:reference/returns/risk-assessment': unknownCase('ca_caseworker', 'ca_manager', 'support_worker'),
  'POST /casework/cases/:reference/returns/risk-assessment/:id/sign-off': unknownCase('ca_manager'),
  'POST /casework/cases/:reference/returns/requests': unknownCase('ca_caseworker', 'ca_manager', 'support_worker'),
  'POST /casework/cases/:reference/returns/requests/:id': unknownCase('ca_caseworker', 'ca_manager', 'support_worker'),
  'POST /casework/cases/:reference/returns/requests/:id/cancel': unknownCase('ca_caseworker', 'ca_manager', 'support_worker'),
  'GET /api/v1/referrals/:reference/risk-assessments': (who) => (who === 'anonymous' ? 401 : ['ca_caseworker', 'ca_manager', 'support_worker'].includes(who) ? 404 : 403),
  'POST /api/v1/referrals/:reference/risk-assessments': (who) => (who === 'anonymous' ? 401 : ['ca_caseworker', 'ca_manager', 'support_worker'].includes(who) ? 400 : 403),
  'POST /api/v1/referrals/:reference/risk-assessments/:id/sign-off': (who) => (who === 'anonymous' ? 401 : who === 'ca_manager' ? 400 : 403),
  'GET /api/v1/referrals/:reference/returns': (who) => (who === 'anonymous' ? 401 : ['ca_caseworker', 'ca_manager', 'support_worker'].includes(who) ? 404 : 403),
  'POST /api/v1/referrals/:reference/returns': (who) => (who === 'anonymous' ? 401 : ['ca_caseworker', 'ca_manager', 'support_worker'].includes(who) ? 400 : 403),
  'POST /api/v1/referrals/:reference/returns/:id/record': (who) => (who === 'anonymous' ? 401 : ['ca_caseworker', 'ca_manager', 'support_worker'].includes(who) ? 400 : 403),
  'POST /api/v1/referrals/:reference/returns/:id/cancel': (who) => (who === 'anonymous' ? 401 : ['ca_caseworker', 'ca_manager', 'support_worker'].includes(who) ? 400 : 403),
  'GET /casework/residence-permits': page('ca_caseworker', 'ca_manager'),
  'GET /casework/cases/:reference/residence-permits': unknownCase('ca_caseworker', 'ca_manager'),
  'POST /casework/cases/:reference/residence-permits': unknownCase('ca_caseworker', 'ca_manager'),
  'POST /casework/cases/:reference/residence-permits/:id/renewal': unknownCase('ca_caseworker', 'ca_manager'),
  'GET /api/v1/referrals/:reference/residence-permits': (who) => (who === 'anonymous' ? 401 : ['ca_caseworker', 'ca_manager'].includes(who) ? 404 : 403),
  'POST /api/v1/referrals/:reference/residence-permits': (who) => (who === 'anonymous' ? 401 : ['ca_caseworker', 'ca_manager'].includes(who) ? 400 : 403),
  'POST /api/v1/referrals/:reference/residence-permits/:id/renewals': (who) => (who === 'anonymous' ? 401 : ['ca_caseworker', 'ca_manager'].includes(who) ? 400 : 403),
  // Statistics: analysts and policy leads read them; analysts publish. Unknown releases and formats are not found.
  'GET /statistics': page('analyst', 'policy_lead'),
  'GET /statistics/download/:format': unknownCase('analyst', 'policy_lead'),
  'POST /statistics/releases': form('analyst'),
  'GET /statistics/releases/:id': unknownCase('analyst', 'policy_lead'),
  'GET /statistics/releases/:id/:format': unknownCase('analyst', 'policy_lead'),
  // HTCDS exchange: the download without a period answers the form with its errors; the upload posted empty too.
  'GET /repository/htcds.csv': (who) => (who === 'anonymous' ? 302 : who === 'analyst' ? 400 : 403),
  'GET /repository/htcds/import': page('admin'),
  'POST /repository/htcds/import': form('admin'),
  // Pseudonymised records: analysts only; an unknown pseudonym is not found.
  'GET /repository/records': page('analyst'),
  'GET /reports/annual': page('policy_lead', 'analyst'),
  'GET /reports/annual.pdf': (who) => (who === 'anonymous' ? 302 : ['policy_lead', 'analyst'].includes(who) ? 200 : 403),
  'GET /repository/records.csv': page('analyst'),
  'GET /repository/records/:pseudonym': unknownCase('analyst'),
  // Intelligence: agencies send and read their organisation's reports, analysts triage every report; an unknown reference is not found.
  'GET /intelligence': page('first_responder', 'ca_caseworker', 'ca_manager', 'support_worker', 'la_childrens_services', 'analyst'),
  'GET /intelligence/areas': page('analyst'),
  'GET /intelligence/new': page('first_responder', 'ca_caseworker', 'ca_manager', 'support_worker', 'la_childrens_services'),
  'POST /intelligence': form('first_responder', 'ca_caseworker', 'ca_manager', 'support_worker', 'la_childrens_services'),
  'GET /intelligence/:reference': unknownCase('first_responder', 'ca_caseworker', 'ca_manager', 'support_worker', 'la_childrens_services', 'analyst'),
  'POST /intelligence/:reference/triage': unknownCase('analyst'),
  'POST /intelligence/:reference/referrals': unknownCase('analyst'),
  'POST /api/v1/intelligence': (who) => (who === 'anonymous' ? 401 : ['first_responder', 'ca_caseworker', 'ca_manager', 'support_worker', 'la_childrens_services'].includes(who) ? 400 : 403),
  'GET /api/v1/intelligence': api('first_responder', 'ca_caseworker', 'ca_manager', 'support_worker', 'la_childrens_services', 'analyst'),
  'GET /api/v1/intelligence/:reference': (who) => (who === 'anonymous' ? 401 : ['first_responder', 'ca_caseworker', 'ca_manager', 'support_worker', 'la_childrens_services', 'analyst'].includes(who) ? 404 : 403),
  // The anonymous public report: open to everyone; posted empty, the form comes back with its errors.
  'GET /report': always(200),
  'POST /report': always(400),
  // Missing persons: the organisations involved with a referred person; unknown episodes and alerts are not found.
  'GET /missing': page(...involvedRoles),
  'GET /missing/report': page(...involvedRoles),
  'POST /missing/report': form(...involvedRoles),
  'GET /missing/episodes/:id': unknownCase(...involvedRoles),
  'POST /missing/episodes/:id/close': unknownCase(...involvedRoles),
  'POST /missing/alerts/:id/acknowledge': unknownCase(...involvedRoles),
  'POST /api/v1/referrals/:reference/missing-episodes': (who) => (who === 'anonymous' ? 401 : involvedRoles.includes(who as Role) ? 400 : 403),
  'GET /api/v1/missing-episodes': api(...involvedRoles),
  'GET /api/v1/missing-alerts': api(...involvedRoles),
  'POST /api/v1/missing-alerts/:id/acknowledge': (who) => (who === 'anonymous' ? 401 : involvedRoles.includes(who as Role) ? 400 : 403),
  'POST /api/v1/missing-episodes/:id/close': (who) => (who === 'anonymous' ? 401 : involvedRoles.includes(who as Role) ? 400 : 403),
  // Prosecution outcomes: only the prosecution service posts them (an empty body is refused, 400); analysts and
  // policy leads read the convictions after disclosure control.
  'POST /api/v1/prosecutions': (who) => (who === 'anonymous' ? 401 : who === 'prosecution_service' ? 400 : 403),
  'GET /statistics/prosecutions': page('analyst', 'policy_lead'),
  'GET /statistics/prosecutions.csv': page('analyst', 'policy_lead'),
  // Victim support: services and occupancy for support workers and administrators; the prime contractor's support
  // worker (the demo support worker) allocates; providers answer allocations and record episodes. Unknown records are not found.
  'GET /support/services': page('support_worker', 'admin'),
  'GET /support/services/:id': unknownCase('support_worker', 'admin'),
  'POST /support/services/:id': unknownCase('support_worker', 'admin'),
  'GET /support/allocate': page('support_worker'),
  'GET /support/allocate/:reference': unknownCase('support_worker'),
  'POST /support/allocate/:reference': unknownCase('support_worker'),
  'GET /support/allocations': page('support_worker'),
  'GET /support/allocations/:id': unknownCase('support_worker'),
  'POST /support/allocations/:id/accept': unknownCase('support_worker'),
  'POST /support/allocations/:id/decline': unknownCase('support_worker'),
  'POST /support/allocations/:id/start': unknownCase('support_worker'),
  'POST /support/allocations/:id/end': unknownCase('support_worker'),
  'GET /support/cases/:reference': unknownCase('support_worker'),
  'GET /support/cases/:reference/narrative': unknownCase('support_worker'),
  'GET /api/v1/support/allocations': api('support_worker'),
  'POST /api/v1/support/allocations': (who) => (who === 'anonymous' ? 401 : who === 'support_worker' ? 400 : 403),
  'POST /api/v1/support/allocations/:id/accept': (who) => (who === 'anonymous' ? 401 : who === 'support_worker' ? 400 : 403),
  'POST /api/v1/support/allocations/:id/decline': (who) => (who === 'anonymous' ? 401 : who === 'support_worker' ? 400 : 403),
  'GET /api/v1/support/episodes': api('support_worker'),
  'POST /api/v1/support/allocations/:id/episode': (who) => (who === 'anonymous' ? 401 : who === 'support_worker' ? 400 : 403),
  'POST /api/v1/support/episodes/:id/end': (who) => (who === 'anonymous' ? 401 : who === 'support_worker' ? 400 : 403),
  // Children's safeguarding: children's services see their area's children and keep the safeguarding record; the
  // agencies that may be involved with a child share the multi-agency record. An unknown child is not found.
  'GET /children': page('la_childrens_services'),
  'GET /children/:reference': unknownCase('la_childrens_services'),
  'GET /children/:reference/plan': unknownCase('la_childrens_services'),
  'POST /children/:reference/plan': unknownCase('la_childrens_services'),
  'GET /children/:reference/placement': unknownCase('la_childrens_services'),
  'POST /children/:reference/placement': unknownCase('la_childrens_services'),
  'GET /children/:reference/guardian': unknownCase('la_childrens_services'),
  'POST /children/:reference/guardian': unknownCase('la_childrens_services'),
  'GET /children/:reference/multi-agency': unknownCase('first_responder', 'ca_caseworker', 'ca_manager', 'support_worker', 'la_childrens_services'),
  'POST /children/:reference/multi-agency': unknownCase('first_responder', 'ca_caseworker', 'ca_manager', 'support_worker', 'la_childrens_services'),
  'GET /api/v1/children': api('la_childrens_services'),
  'GET /api/v1/children/:reference': (who) => (who === 'anonymous' ? 401 : who === 'la_childrens_services' ? 404 : 403),
  'PUT /api/v1/children/:reference/safeguarding': (who) => (who === 'anonymous' ? 401 : who === 'la_childrens_services' ? 400 : 403),
  // Action plans: read by staff, analysts, policy leads and auditors; progress proposed by staff of a responsible
  // organisation (checked in the service) and approved by policy leads. An unknown plan, action or update is not found.
  'GET /plans': page(...planReaders),
  'GET /plans/:planId': unknownCase(...planReaders),
  'GET /plans/:planId/annex-a/:format': unknownCase(...planReaders),
  'GET /plans/:planId/annex-b': unknownCase(...planReaders),
  'GET /plans/:planId/annex-b/:format': unknownCase(...planReaders),
  'GET /plans/:planId/dashboard': unknownCase('policy_lead', 'analyst', 'auditor'),
  'GET /plans/actions/:actionId': unknownCase(...planReaders),
  'POST /plans/actions/:actionId/progress': unknownCase(...planProposers),
  'GET /plans/actions/:actionId/edit': unknownCase('policy_lead'),
  'POST /plans/actions/:actionId': unknownCase('policy_lead'),
  'GET /plans/progress': page('policy_lead'),
  'POST /plans/progress/:updateId': unknownCase('policy_lead'),
  'GET /api/v1/plans': api(...planReaders),
  'GET /api/v1/plans/:planId/actions': (who) => (who === 'anonymous' ? 401 : planReaders.includes(who as Role) ? 400 : 403),
  'POST /api/v1/plans/actions/:actionId/progress': (who) => (who === 'anonymous' ? 401 : planProposers.includes(who as Role) ? 400 : 403),
  'POST /api/v1/plans/progress/:updateId/decision': (who) => (who === 'anonymous' ? 401 : who === 'policy_lead' ? 400 : 403),
};

let t: TestApp;
const agents = new Map<Who, HttpAgent>();
const tokens = new Map<Who, string>();
let params: Record<string, string>;

before(async () => {
  t = await startTestApp();
  for (const user of demoUsers) {
    const agent = t.agent();
    const response = await agent.signIn(user.email);
    assert.equal(response.statusCode, 303, `${user.role} signs in`);
    agents.set(user.role, agent);
    tokens.set(user.role, (await t.ctx.apiTokens.create(user.email, 'permission test')).token);
  }
  const anonymous = t.agent();
  await anonymous.get('/sign-in');
  agents.set('anonymous', anonymous);
  const [anyUser] = await t.ctx.database.db.select().from(users).where(eq(users.email, 'first.responder@palermo.example'));
  const [anyOrg] = await t.ctx.database.db.select().from(organisations).where(eq(organisations.name, 'Kalayaan'));
  params = { id: '' };
  params.userId = anyUser!.id;
  params.orgId = anyOrg!.id;
  const responder = agents.get('first_responder')!;
  params.draftId = String((await responder.post('/referrals/drafts')).headers.location).split('/')[3]!;
  await responder.get(`/referrals/drafts/${params.draftId}/under-18`);
  assert.equal((await responder.post(`/referrals/drafts/${params.draftId}/under-18`, { version: '1', under18: 'yes' })).statusCode, 303);
});
after(async () => { await t.close(); });

function concrete(url: string): string {
  if (url.startsWith('/admin/users/:id')) return url.replace(':id', params.userId!);
  if (url.startsWith('/admin/organisations/:id')) return url.replace(':id', params.orgId!);
  if (url.startsWith('/referrals/drafts/:id')) return url.replace(':id', params.draftId!).replace(':page', 'under-18').replace(':n', 'new');
  if (url.includes(':reference')) return url.replace(':reference', 'NRM-2009-000001');
  if (url.includes(':pseudonym')) return url.replace(':pseudonym', '00000000-0000-4000-8000-000000000000');
  if (url.startsWith('/admin/reference-data/:list')) return url.replace(':list', 'nationality').replace(':code', 'GB');
  return url;
}

describe('permissions', () => {
  it('has a decision for every route, and no decision for a route that does not exist', () => {
    const registered = t.app.policyTable.map((r) => `${r.method} ${r.url}`).sort();
    assert.deepEqual(registered, Object.keys(expected).sort());
  });

  for (const who of ['anonymous', ...roles] as Who[]) {
    it(`answers every route as expected for ${who}`, async () => {
      const failures: string[] = [];
      for (const [route, expect] of Object.entries(expected)) {
        const [method, url] = route.split(' ') as [string, string];
        let agent = agents.get(who)!;
        if (route === 'POST /sign-out' && who !== 'anonymous') {
          agent = t.agent(); // signing out must not end the session the other checks use
          await agent.signIn(demoUsers.find((u) => u.role === who)!.email);
        }
        const target = concrete(url);
        let status: number;
        if (url.startsWith('/api/v1/')) {
          const token = tokens.get(who);
          const response = await t.app.inject({
            method: method as 'GET', url: target, headers: token ? { authorization: `Bearer ${token}` } : {},
            ...(method === 'POST' ? { payload: {} } : {}),
          });
          status = response.statusCode;
        } else {
          status = (method === 'GET' ? await agent.get(target) : await agent.post(target, {})).statusCode;
        }
        if (status !== expect(who)) failures.push(`${route}: expected ${expect(who)}, got ${status}`);
      }
      assert.deepEqual(failures, []);
    });
  }
});
