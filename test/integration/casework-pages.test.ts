import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { FixedClock } from '../support/test-services.js';
import { referrals } from '../../src/referrals/tables.js';
import { decisions } from '../../src/casework/tables.js';
import { notices } from '../../src/notices/tables.js';
import { auditEvents } from '../../src/platform/audit/tables.js';

// Monday 2 March 2026, 10:00 UK time.
const clock = new FixedClock(new Date('2026-03-02T10:00:00Z'));
let t: TestApp;
let token: string;
let n = 0;

async function refer(): Promise<string> {
  n++;
  const response = await t.app.inject({
    method: 'POST', url: '/api/v1/referrals', headers: { authorization: `Bearer ${token}`, 'idempotency-key': `casework-pages-${n}` },
    payload: {
      under18: 'no', consent: true,
      person: { givenName: 'Amina', familyName: `Pages${n}`, dateOfBirth: '1995-04-12', gender: 'female', nationalities: ['NG'], letterRecipient: 'first_responder', asylumClaim: 'yes', detention: 'none', immigrationStatus: 'asylum_seeker' },
      situations: [{ types: ['labour'], startMonth: '2025-03', endMonth: '2026-01', ukPlaces: ['sheffield'] }],
    },
  });
  assert.equal(response.statusCode, 201, response.body);
  return (response.json() as { reference: string }).reference;
}
async function caseRow(reference: string) {
  const [row] = await t.ctx.database.db.select().from(referrals).where(eq(referrals.reference, reference));
  return row!;
}

before(async () => {
  t = await startTestApp({ clock });
  token = (await t.ctx.apiTokens.create('first.responder@palermo.example', 'test')).token;
});
after(async () => { await t.close(); });

describe('casework pages', () => {
  it('a caseworker takes a case from the queue, makes a positive RG decision, and later the CG decision with a residence-permit consideration', async () => {
    clock.set(new Date('2026-03-02T10:00:00Z'));
    const reference = await refer();
    const kwame = t.agent();
    await kwame.signIn('caseworker@palermo.example');
    const queue = await kwame.get('/casework');
    assert.equal(queue.statusCode, 200);
    assert.ok(queue.body.includes(reference));
    assert.match(queue.body, /Reasonable grounds decision/);

    let page = await kwame.get(`/casework/cases/${reference}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Amina Pages/);
    const row = await caseRow(reference);
    assert.equal((await kwame.post(`/casework/cases/${reference}/take`, { version: String(row.version) })).statusCode, 303);
    // The same page submitted again carries an old version: refused, nothing changed.
    const stale = await kwame.post(`/casework/cases/${reference}/take`, { version: String(row.version) });
    assert.equal(stale.statusCode, 409);
    assert.match(stale.body, /changed by someone else/);

    const form = await kwame.get(`/casework/cases/${reference}/reasonable-grounds`);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /reasonable grounds to believe, based on objective factors/);
    const version = String((await caseRow(reference)).version);
    const blank = await kwame.post(`/casework/cases/${reference}/reasonable-grounds`, { version, reasons: ' ' });
    assert.equal(blank.statusCode, 400);
    assert.match(blank.body, /Select the decision/);
    assert.match(blank.body, /Enter the reasons for the decision/);
    assert.equal((await caseRow(reference)).status, 'awaiting_rg');
    const decided = await kwame.post(`/casework/cases/${reference}/reasonable-grounds`, { version, outcome: 'positive', reasons: 'Debt bondage and withheld documents.' });
    assert.equal(decided.statusCode, 303);
    page = await kwame.get(`/casework/cases/${reference}`);
    assert.match(page.body, /Reasonable grounds decision issued/);
    assert.match(page.body, /Recovery period/);
    assert.match(page.body, /1 April 2026/);
    assert.equal((await caseRow(reference)).status, 'rg_positive');
    const letters = await t.ctx.database.db.select().from(notices).where(eq(notices.referralId, row.id));
    assert.equal(letters.length, 1);
    // The referring agency's system reads the decision and the recovery period through the API.
    const api = await t.app.inject({ method: 'GET', url: `/api/v1/referrals/${reference}`, headers: { authorization: `Bearer ${token}` } });
    assert.equal(api.statusCode, 200);
    const body = api.json() as { decisions: { stage: string; outcome: string }[]; recoveryPeriod: { endsOn: string; removalStayed: boolean } };
    assert.deepEqual(body.decisions.map((d) => [d.stage, d.outcome]), [['reasonable_grounds', 'positive']]);
    assert.equal(body.recoveryPeriod.endsOn, '2026-04-01');

    // Too early for CG: the form says why and nothing is stored.
    const early = await kwame.post(`/casework/cases/${reference}/conclusive-grounds`, { version: String((await caseRow(reference)).version), outcome: 'trafficking', reasons: 'x', permitRecommended: 'no' });
    assert.equal(early.statusCode, 409);
    assert.match(early.body, /cannot be made before the recovery period ends/);

    clock.set(new Date('2026-04-02T10:00:00Z'));
    await kwame.signIn('caseworker@palermo.example'); // a month later: a new session
    const noPermit = await kwame.post(`/casework/cases/${reference}/conclusive-grounds`, { version: String((await caseRow(reference)).version), outcome: 'trafficking', reasons: 'Balance of probabilities.' });
    assert.equal(noPermit.statusCode, 400);
    assert.match(noPermit.body, /Select whether a residence permit is recommended/);
    const cg = await kwame.post(`/casework/cases/${reference}/conclusive-grounds`, {
      version: String((await caseRow(reference)).version), outcome: 'slavery_servitude_forced_labour', reasons: 'Balance of probabilities.',
      permitRecommended: 'yes', permitBases: 'police_cooperation', permitMonths: '12',
    });
    assert.equal(cg.statusCode, 303);
    assert.equal((await caseRow(reference)).status, 'cg_positive');
    page = await kwame.get(`/casework/cases/${reference}`);
    assert.match(page.body, /Recommended for 12 months/);
    assert.match(page.body, /Move-on support until/);
  });

  it('a negative RG goes to a second caseworker, who issues it; the maker is not offered the review', async () => {
    clock.set(new Date('2026-03-02T10:00:00Z'));
    const reference = await refer();
    const kwame = t.agent();
    await kwame.signIn('caseworker@palermo.example');
    const made = await kwame.post(`/casework/cases/${reference}/reasonable-grounds`, { version: String((await caseRow(reference)).version), outcome: 'negative', reasonCategory: 'no_act', reasons: 'No indicators.' });
    assert.equal(made.statusCode, 303);
    const own = await kwame.get(`/casework/cases/${reference}`);
    assert.doesNotMatch(own.body, /Do you agree with this decision/);
    assert.match(own.body, /Waiting for second review/);
    const [pending] = await t.ctx.database.db.select().from(decisions).where(eq(decisions.referralId, (await caseRow(reference)).id));
    const selfReview = await kwame.post(`/casework/cases/${reference}/decisions/${pending!.id}/review`, { version: String((await caseRow(reference)).version), agree: 'yes' });
    assert.equal(selfReview.statusCode, 409);
    assert.match(selfReview.body, /you made it/);

    const grace = t.agent();
    await grace.signIn('second.caseworker@palermo.example');
    const queue = await grace.get('/casework?filter=review');
    assert.ok(queue.body.includes(reference));
    const page = await grace.get(`/casework/cases/${reference}`);
    assert.match(page.body, /Do you agree with this decision/);
    const noComment = await grace.post(`/casework/cases/${reference}/decisions/${pending!.id}/review`, { version: String((await caseRow(reference)).version), agree: 'no' });
    assert.equal(noComment.statusCode, 409);
    assert.match(noComment.body, /Enter why you are returning the decision/);
    const issued = await grace.post(`/casework/cases/${reference}/decisions/${pending!.id}/review`, { version: String((await caseRow(reference)).version), agree: 'yes' });
    assert.equal(issued.statusCode, 303);
    assert.equal((await caseRow(reference)).status, 'rg_negative');
  });

  it('managers assign, approve extensions and see the timeliness dashboard; others are refused and the refusal audited', async () => {
    clock.set(new Date('2026-03-02T10:00:00Z'));
    const reference = await refer();
    const priya = t.agent();
    await priya.signIn('ca.manager@palermo.example');
    const page = await priya.get(`/casework/cases/${reference}`);
    const grace = /<option value="([0-9a-f-]{36})">Daniel Evans<\/option>/.exec(page.body);
    assert.ok(grace, 'the manager is offered the caseworkers');
    assert.equal((await priya.post(`/casework/cases/${reference}/assign`, { version: String((await caseRow(reference)).version), userId: grace[1] })).statusCode, 303);
    assert.equal((await caseRow(reference)).assignedTo, grace[1]);
    assert.match((await priya.get('/casework?filter=unassigned')).body, /There are no open cases|No open cases match/);

    const responder = t.agent();
    await responder.signIn('first.responder@palermo.example');
    assert.equal((await responder.get('/casework')).statusCode, 403);
    assert.equal((await responder.get(`/casework/cases/${reference}`)).statusCode, 403);
    const denied = await t.ctx.database.db.select().from(auditEvents).where(eq(auditEvents.action, 'permission_denied'));
    assert.ok(denied.some((e) => e.actorEmail === 'first.responder@palermo.example'));
  });
});
