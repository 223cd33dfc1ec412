import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { eq, sql } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { FixedClock } from '../support/test-services.js';
import { referrals } from '../../src/referrals/tables.js';
import { reTraffickingRiskAssessments, voluntaryReturns } from '../../src/returns/tables.js';
import { auditEvents } from '../../src/platform/audit/tables.js';
import { caseEvents } from '../../src/casework/tables.js';
import { riskFactorCodes } from '../../src/returns/risk-assessment.js';
import { actorOf } from '../../src/platform/auth/principal.js';
import { principalFor } from '../support/principals.js';
import { supportAllocations, supportServices } from '../../src/support/tables.js';
import { users } from '../../src/users/tables.js';

// Monday 2 March 2026, 10:00 UK time.
const clock = new FixedClock(new Date('2026-03-02T10:00:00Z'));
let t: TestApp;
const tokens: Record<string, string> = {};
let n = 0;

type Json = Record<string, unknown>;
async function call(method: 'GET' | 'POST', url: string, who: string, payload?: Json, headers: Record<string, string> = {}) {
  const response = await t.app.inject({ method, url, headers: { authorization: `Bearer ${tokens[who]}`, ...headers }, ...(payload ? { payload } : {}) });
  return { status: response.statusCode, body: response.json() as Json };
}

async function refer(): Promise<string> {
  n++;
  const person = { givenName: 'Blessing', familyName: `Return${n}`, dateOfBirth: '1998-04-12', gender: 'female', nationalities: ['NG'], letterRecipient: 'first_responder', asylumClaim: 'yes', detention: 'none', immigrationStatus: 'asylum_seeker' };
  const payload = { under18: 'no', consent: true, person, situations: [{ types: ['sexual'], startMonth: '2025-03', endMonth: '2026-01', ukPlaces: ['sheffield'] }] };
  const response = await t.app.inject({ method: 'POST', url: '/api/v1/referrals', headers: { authorization: `Bearer ${tokens.responder}`, 'idempotency-key': `returns-${n}-${Date.now()}` }, payload });
  assert.equal(response.statusCode, 201, response.body);
  return (response.json() as { reference: string }).reference;
}

/** Every factor not present, with the given ones present (with evidence) or not known. */
function factors(present: string[] = [], unknown: string[] = []) {
  return {
    factors: Object.fromEntries(riskFactorCodes.map((f) => [f, present.includes(f)
      ? { answer: 'present', evidence: `Evidence for ${f}: named contact in Benin City` }
      : { answer: unknown.includes(f) ? 'not_known' : 'not_present' }])),
  };
}

async function idOf(reference: string): Promise<string> {
  const [row] = await t.ctx.database.db.select({ id: referrals.id }).from(referrals).where(eq(referrals.reference, reference));
  return row!.id;
}
async function counts(reference: string) {
  const id = await idOf(reference);
  const db = t.ctx.database.db;
  const [audit] = await db.select({ n: sql<number>`count(*)::int` }).from(auditEvents).where(eq(auditEvents.recordId, id));
  return {
    assessments: (await db.select().from(reTraffickingRiskAssessments).where(eq(reTraffickingRiskAssessments.referralId, id))).length,
    returns: (await db.select().from(voluntaryReturns).where(eq(voluntaryReturns.referralId, id))).map((r) => `${r.status}:${r.version}`),
    events: (await db.select().from(caseEvents).where(eq(caseEvents.referralId, id))).length,
    audit: audit!.n,
  };
}

async function request(reference: string): Promise<{ id: string; version: number }> {
  const requested = await call('POST', `/api/v1/referrals/${reference}/returns`, 'caseworker', { destinationCountry: 'NG', requestedOn: '2026-03-01' });
  assert.equal(requested.status, 201, JSON.stringify(requested.body));
  return requested.body as { id: string; version: number };
}

before(async () => {
  t = await startTestApp({ clock });
  const people = { responder: 'first.responder@palermo.example', caseworker: 'caseworker@palermo.example', manager: 'ca.manager@palermo.example', support: 'support.worker@palermo.example' };
  for (const [who, email] of Object.entries(people)) tokens[who] = (await t.ctx.apiTokens.create(email, 'returns test')).token;
  const [iecca] = (await t.ctx.database.db.execute(sql`select id from organisations where competent_authority_code = 'iecca'`) as unknown as { rows: { id: string }[] }).rows;
  const priya = await principalFor(t.ctx, 'ca.manager@palermo.example');
  await t.ctx.users.create({ email: 'manager@iecca.example', name: 'Other Manager', organisationId: iecca!.id, role: 'ca_manager', password: 'a long enough password' }, { actor: actorOf(priya) });
  tokens.other = (await t.ctx.apiTokens.create('manager@iecca.example', 'returns test')).token;
});
after(async () => { await t.close(); });

describe('voluntary returns', () => {
  it('refuses to record a return without a completed risk assessment, and writes nothing', async () => {
    const ref = await refer();
    const requested = await request(ref);
    const before = await counts(ref);
    const refused = await call('POST', `/api/v1/referrals/${ref}/returns/${requested.id}/record`, 'caseworker', { returnedOn: '2026-03-02', version: requested.version });
    assert.equal(refused.status, 422);
    assert.equal(refused.body.field, 'assessment');
    assert.match(String(refused.body.message), /risk assessment/);
    assert.deepEqual(await counts(ref), before);
    assert.deepEqual(before.returns, ['requested:1']);
  });

  it('refuses an incomplete assessment: a factor unanswered, or present without evidence', async () => {
    const ref = await refer();
    const missing = factors() as { factors: Record<string, unknown> };
    delete missing.factors.health_needs;
    const first = await call('POST', `/api/v1/referrals/${ref}/risk-assessments`, 'caseworker', missing);
    assert.equal(first.status, 400);
    const noEvidence = factors() as { factors: Record<string, unknown> };
    noEvidence.factors.debt_to_traffickers = { answer: 'present' };
    const second = await call('POST', `/api/v1/referrals/${ref}/risk-assessments`, 'caseworker', noEvidence);
    assert.equal(second.status, 400);
    assert.match(JSON.stringify(second.body), /evidence/);
    assert.equal((await counts(ref)).assessments, 0);
  });

  it('a high risk needs a manager’s sign-off and a reintegration partner; then the return is recorded', async () => {
    const ref = await refer();
    const requested = await request(ref);
    const assessed = await call('POST', `/api/v1/referrals/${ref}/risk-assessments`, 'caseworker', factors(['debt_to_traffickers'], ['health_needs']), { 'idempotency-key': 'assessment-high-1' });
    assert.equal(assessed.status, 201);
    assert.equal(assessed.body.level, 'high');
    // A retry with the same key returns the same assessment.
    const retried = await call('POST', `/api/v1/referrals/${ref}/risk-assessments`, 'caseworker', factors(['debt_to_traffickers'], ['health_needs']), { 'idempotency-key': 'assessment-high-1' });
    assert.equal(retried.body.id, assessed.body.id);
    assert.equal((await counts(ref)).assessments, 1);

    // The evidence is sealed at rest and read back for the Competent Authority.
    const [raw] = await t.ctx.database.db.select().from(reTraffickingRiskAssessments).where(eq(reTraffickingRiskAssessments.id, String(assessed.body.id)));
    assert.doesNotMatch(raw!.evidenceSealed, /Benin City/);
    const read = await call('GET', `/api/v1/referrals/${ref}/risk-assessments`, 'caseworker');
    const latest = read.body.latest as { level: string; needsSignOff: boolean; reasons: { factors: string[] }[]; factors: { factor: string; evidence?: string }[] };
    assert.equal(latest.needsSignOff, true);
    assert.deepEqual(latest.reasons[0]!.factors, ['debt_to_traffickers']);
    assert.match(latest.factors.find((f) => f.factor === 'debt_to_traffickers')!.evidence!, /Benin City/);

    const record = (version: number, partner?: string) => call('POST', `/api/v1/referrals/${ref}/returns/${requested.id}/record`, 'caseworker',
      { returnedOn: '2026-03-02', version, ...(partner ? { reintegrationPartner: partner } : {}) });
    const before = await counts(ref);
    const unsigned = await record(1, 'Pathfinders Justice Initiative');
    assert.equal(unsigned.status, 422);
    assert.match(String(unsigned.body.message), /manager must sign off/);
    assert.deepEqual(await counts(ref), before);

    // Only a manager signs off: a caseworker is refused before the service.
    assert.equal((await call('POST', `/api/v1/referrals/${ref}/risk-assessments/${assessed.body.id}/sign-off`, 'caseworker', { version: 1 })).status, 403);
    // A manager of another Competent Authority may not touch the case.
    assert.equal((await call('POST', `/api/v1/referrals/${ref}/risk-assessments/${assessed.body.id}/sign-off`, 'other', { version: 1 })).status, 403);
    const signed = await call('POST', `/api/v1/referrals/${ref}/risk-assessments/${assessed.body.id}/sign-off`, 'manager', { version: 1 });
    assert.equal(signed.status, 200);
    assert.equal(signed.body.version, 2);
    assert.equal((await call('POST', `/api/v1/referrals/${ref}/risk-assessments/${assessed.body.id}/sign-off`, 'manager', { version: 1 })).status, 409);

    const noPartner = await record(1);
    assert.equal(noPartner.status, 422);
    assert.equal(noPartner.body.field, 'reintegrationPartner');
    const recorded = await record(1, 'Pathfinders Justice Initiative');
    assert.equal(recorded.status, 200, JSON.stringify(recorded.body));
    assert.equal(recorded.body.status, 'returned');
    const [row] = await t.ctx.database.db.select().from(voluntaryReturns).where(eq(voluntaryReturns.id, requested.id));
    assert.equal(row!.assessmentId, assessed.body.id);
    assert.equal(row!.reintegrationPartner, 'Pathfinders Justice Initiative');
    assert.equal(row!.version, 2);
  });

  it('a stale version is refused with 409; a new assessment replaces the latest and needs its own sign-off', async () => {
    const ref = await refer();
    const requested = await request(ref);
    const first = await call('POST', `/api/v1/referrals/${ref}/risk-assessments`, 'caseworker', factors(['traffickers_in_home_country']));
    await call('POST', `/api/v1/referrals/${ref}/risk-assessments/${first.body.id}/sign-off`, 'manager', { version: 1 });
    clock.set(new Date('2026-03-02T11:00:00Z'));
    const second = await call('POST', `/api/v1/referrals/${ref}/risk-assessments`, 'caseworker', factors(['previous_trafficking', 'stigma_on_return', 'health_needs']));
    assert.equal(second.body.level, 'high');
    // The sign-off of the earlier assessment does not carry over, and it cannot be signed again.
    assert.equal((await call('POST', `/api/v1/referrals/${ref}/returns/${requested.id}/record`, 'caseworker', { returnedOn: '2026-03-02', version: 1, reintegrationPartner: 'Partner' })).status, 422);
    assert.equal((await call('POST', `/api/v1/referrals/${ref}/risk-assessments/${first.body.id}/sign-off`, 'manager', { version: 2 })).status, 409);
    const history = await call('GET', `/api/v1/referrals/${ref}/risk-assessments`, 'caseworker');
    assert.equal((history.body.assessments as unknown[]).length, 2);
    assert.equal((history.body.latest as { id: string }).id, second.body.id);

    const low = await call('POST', `/api/v1/referrals/${ref}/risk-assessments`, 'caseworker', factors([], ['health_needs']));
    assert.equal(low.body.level, 'low');
    const stale = await call('POST', `/api/v1/referrals/${ref}/returns/${requested.id}/record`, 'caseworker', { returnedOn: '2026-03-02', version: 7 });
    assert.equal(stale.status, 409);
    assert.equal(stale.body.field, 'version');
    assert.equal((await call('POST', `/api/v1/referrals/${ref}/returns/${requested.id}/record`, 'caseworker', { returnedOn: '2026-03-02', version: 1 })).status, 200);
    assert.equal((await call('POST', `/api/v1/referrals/${ref}/returns/${requested.id}/record`, 'caseworker', { returnedOn: '2026-03-02', version: 1 })).status, 409);
  });

  it('one open request at a time; the country must be on the nationality list; another authority and support workers are refused', async () => {
    const ref = await refer();
    await request(ref);
    const again = await call('POST', `/api/v1/referrals/${ref}/returns`, 'caseworker', { destinationCountry: 'NG', requestedOn: '2026-03-01' });
    assert.equal(again.status, 422);
    // Cancelled (with the version read), the request no longer blocks a new one.
    const open = (await call('GET', `/api/v1/referrals/${ref}/returns`, 'caseworker')).body.returns as { id: string; version: number }[];
    assert.equal((await call('POST', `/api/v1/referrals/${ref}/returns/${open[0]!.id}/cancel`, 'caseworker', { version: 2 })).status, 409);
    const cancelled = await call('POST', `/api/v1/referrals/${ref}/returns/${open[0]!.id}/cancel`, 'caseworker', { version: 1 });
    assert.equal(cancelled.body.status, 'cancelled');
    assert.equal((await call('POST', `/api/v1/referrals/${ref}/returns/${open[0]!.id}/record`, 'caseworker', { returnedOn: '2026-03-02', version: 2 })).status, 422);
    assert.equal((await call('POST', `/api/v1/referrals/${ref}/returns`, 'caseworker', { destinationCountry: 'GH', requestedOn: '2026-03-02' })).status, 201);
    const other = await refer();
    const unknown = await call('POST', `/api/v1/referrals/${other}/returns`, 'caseworker', { destinationCountry: 'QQ', requestedOn: '2026-03-01' });
    assert.equal(unknown.status, 422);
    assert.equal((await call('POST', `/api/v1/referrals/${other}/returns`, 'caseworker', { destinationCountry: 'XX', requestedOn: '2026-03-01' })).status, 422);
    assert.equal(unknown.body.field, 'destinationCountry');
    assert.equal((await call('GET', `/api/v1/referrals/${ref}/returns`, 'other')).status, 403);
    assert.equal((await call('GET', `/api/v1/referrals/${ref}/returns`, 'support')).status, 403);
    assert.equal((await call('GET', `/api/v1/referrals/${ref}/returns`, 'caseworker')).status, 200);
    const denied = await t.ctx.database.db.select().from(auditEvents).where(eq(auditEvents.recordId, await idOf(ref)));
    assert.ok(denied.some((e) => e.action === 'permission_denied' && e.actorEmail === 'manager@iecca.example'));
    assert.ok(denied.some((e) => e.action === 'view' && (e.fields as string[]).includes('reTraffickingRiskAssessments')));
  });

  it('a support worker works on the return of a person their provider supports, and on no other', async () => {
    const ref = await refer();
    assert.equal((await call('GET', `/api/v1/referrals/${ref}/returns`, 'support')).status, 403);
    const db = t.ctx.database.db;
    const [worker] = await db.select().from(users).where(eq(users.email, 'support.worker@palermo.example'));
    const [service] = await db.select().from(supportServices).where(eq(supportServices.organisationId, worker!.organisationId)).limit(1);
    assert.ok(service, 'the demo provider has a service');
    await db.insert(supportAllocations).values({
      referralId: await idOf(ref), serviceId: service.id, organisationId: worker!.organisationId, status: 'accepted', narrativeShared: false,
      offeredBy: worker!.id, offeredAt: clock.now(), respondBy: clock.now(),
    });
    const assessed = await call('POST', `/api/v1/referrals/${ref}/risk-assessments`, 'support', factors(['health_needs']));
    assert.equal(assessed.status, 201);
    assert.equal(assessed.body.level, 'medium');
    const requested = await call('POST', `/api/v1/referrals/${ref}/returns`, 'support', { destinationCountry: 'NG', requestedOn: '2026-03-01' });
    assert.equal(requested.status, 201);
    // A manager's sign-off is the Competent Authority's alone.
    assert.equal((await call('POST', `/api/v1/referrals/${ref}/risk-assessments/${assessed.body.id}/sign-off`, 'support', { version: 1 })).status, 403);
    const recorded = await call('POST', `/api/v1/referrals/${ref}/returns/${requested.body.id}/record`, 'support', { returnedOn: '2026-03-02', version: 1 });
    assert.equal(recorded.status, 200);
  });

  it('pages: the case page links to the return; a caseworker completes an assessment and sees the level and its reasons', async () => {
    const ref = await refer();
    const agent = t.agent();
    await agent.signIn('caseworker@palermo.example');
    const casePage = await agent.get(`/casework/cases/${ref}`);
    assert.match(casePage.body, new RegExp(`/casework/cases/${ref}/returns`));
    const form = await agent.get(`/casework/cases/${ref}/returns/risk-assessment`);
    assert.equal(form.statusCode, 200);
    const bad = await agent.post(`/casework/cases/${ref}/returns/risk-assessment`, { debt_to_traffickers: 'present' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /There is a problem/);
    assert.match(bad.body, /href="#debt_to_traffickers-evidence"/);
    assert.match(bad.body, /href="#health_needs"/);
    const answers: Record<string, string> = Object.fromEntries(riskFactorCodes.map((f) => [f, 'not_present']));
    const done = await agent.post(`/casework/cases/${ref}/returns/risk-assessment`, { ...answers, young_age: 'present', 'young_age-evidence': '22 years old', stigma_on_return: 'not_known' });
    assert.equal(done.statusCode, 303);
    const page = await agent.get(`/casework/cases/${ref}/returns`);
    assert.match(page.body, /Medium risk/);
    assert.match(page.body, /1 factor present: a child or young adult/);
    const requested = await agent.post(`/casework/cases/${ref}/returns/requests`, { destinationCountry: 'NG', 'requestedOn-day': '1', 'requestedOn-month': '3', 'requestedOn-year': '2026' });
    assert.equal(requested.statusCode, 303);
    const [row] = await t.ctx.database.db.select().from(voluntaryReturns).where(eq(voluntaryReturns.referralId, await idOf(ref)));
    await agent.get(`/casework/cases/${ref}/returns`);
    const future = await agent.post(`/casework/cases/${ref}/returns/requests/${row!.id}`, { version: '1', 'returnedOn-day': '9', 'returnedOn-month': '3', 'returnedOn-year': '2026' });
    assert.equal(future.statusCode, 409);
    assert.match(future.body, /today or in the past/);
    const recorded = await agent.post(`/casework/cases/${ref}/returns/requests/${row!.id}`, { version: '1', 'returnedOn-day': '2', 'returnedOn-month': '3', 'returnedOn-year': '2026' });
    assert.equal(recorded.statusCode, 303);
    assert.match((await agent.get(`/casework/cases/${ref}/returns`)).body, /Returned on/);
  });
});
