import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { FixedClock } from '../support/test-services.js';
import { decisions } from '../../src/casework/tables.js';
import { referrals } from '../../src/referrals/tables.js';

// Monday 2 March 2026, 10:00 UK time.
const clock = new FixedClock(new Date('2026-03-02T10:00:00Z'));
let t: TestApp;
const tokens: Record<string, string> = {};
let n = 0;

type Json = Record<string, unknown>;
async function call(method: 'GET' | 'POST', url: string, who: string, payload?: Json) {
  const response = await t.app.inject({ method, url, headers: { authorization: `Bearer ${tokens[who]}` }, ...(payload ? { payload } : {}) });
  return { status: response.statusCode, body: response.json() as Json };
}

async function refer(child = false): Promise<string> {
  n++;
  const person = { givenName: 'Tomasz', familyName: `Api${n}`, dateOfBirth: child ? '2010-04-12' : '1990-04-12', gender: 'male', nationalities: ['PL'], letterRecipient: 'first_responder', asylumClaim: 'yes', detention: 'none', immigrationStatus: 'asylum_seeker' };
  const payload = child
    ? { under18: 'yes', childLocalAuthority: { code: 'E08000019', contactName: 'Duty social worker', contactEmail: 'duty@sheffield.example' }, person, situations: [{ types: ['criminal'], countyLines: true, startMonth: '2025-09', endMonth: '2026-02', ukPlaces: ['sheffield'] }] }
    : { under18: 'no', consent: true, person, situations: [{ types: ['labour'], startMonth: '2025-03', endMonth: '2026-01', ukPlaces: ['sheffield'] }] };
  const response = await t.app.inject({ method: 'POST', url: '/api/v1/referrals', headers: { authorization: `Bearer ${tokens.responder}`, 'idempotency-key': `casework-api-${n}` }, payload });
  assert.equal(response.statusCode, 201, response.body);
  return (response.json() as { reference: string }).reference;
}
async function versionOf(reference: string): Promise<number> {
  return ((await call('GET', `/api/v1/referrals/${reference}`, 'caseworker')).body as { version: number }).version;
}
async function decisionCount(reference: string): Promise<number> {
  const [row] = await t.ctx.database.db.select({ id: referrals.id }).from(referrals).where(eq(referrals.reference, reference));
  return (await t.ctx.database.db.select().from(decisions).where(eq(decisions.referralId, row!.id))).length;
}

before(async () => {
  t = await startTestApp({ clock });
  for (const [who, email] of Object.entries({ responder: 'first.responder@palermo.example', caseworker: 'caseworker@palermo.example', second: 'second.caseworker@palermo.example' })) {
    tokens[who] = (await t.ctx.apiTokens.create(email, 'casework api test')).token;
  }
});
after(async () => { await t.close(); });

describe('casework API', () => {
  it('lists the work queue, what is due soonest first, with filters and the same markers as the page', async () => {
    const adult = await refer();
    const child = await refer(true);
    const all = await call('GET', '/api/v1/casework/queue', 'caseworker');
    assert.equal(all.status, 200);
    const cases = all.body.cases as { reference: string; nextStep: string; dueOn: string; child: boolean }[];
    const mine = cases.filter((c) => c.reference === adult || c.reference === child);
    assert.equal(mine.length, 2);
    assert.ok(mine.every((c) => c.nextStep === 'rg_decision' && c.dueOn === '2026-03-09')); // 5 working days after Monday 2 March
    assert.equal(all.body.today, '2026-03-02');
    const children = await call('GET', '/api/v1/casework/queue?filter=child', 'caseworker');
    const refs = (children.body.cases as { reference: string; child: boolean }[]);
    assert.ok(refs.some((c) => c.reference === child));
    assert.ok(refs.every((c) => c.child) && !refs.some((c) => c.reference === adult));
    assert.equal((await call('GET', '/api/v1/casework/queue?filter=nonsense', 'caseworker')).status, 400);
    // A first responder has no work queue.
    assert.equal((await call('GET', '/api/v1/casework/queue', 'responder')).status, 403);
  });

  it('issues a positive RG decision with the case version; a stale version gets 409 and changes nothing', async () => {
    const reference = await refer();
    const version = await versionOf(reference);
    const body = { stage: 'reasonable_grounds', outcome: 'positive', reasons: 'Withheld passport and debt bondage.', version: version + 1 };
    const stale = await call('POST', `/api/v1/referrals/${reference}/decisions`, 'caseworker', body);
    assert.equal(stale.status, 409);
    assert.equal(stale.body.field, 'version');
    assert.equal(await decisionCount(reference), 0);
    const made = await call('POST', `/api/v1/referrals/${reference}/decisions`, 'caseworker', { ...body, version });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    assert.equal(made.body.status, 'issued');
    assert.equal(made.body.decidedOn, '2026-03-02');
    const file = await call('GET', `/api/v1/referrals/${reference}`, 'caseworker');
    assert.deepEqual((file.body.decisions as Json[]).map((d) => [d.stage, d.outcome, d.status]), [['reasonable_grounds', 'positive', 'issued']]);
    assert.equal((file.body.recoveryPeriod as Json).endsOn, '2026-04-01'); // 30 days, the rule since 13 December 2022
    // The referring agency cannot decide; a CG decision before the period ends is refused with the reason.
    assert.equal((await call('POST', `/api/v1/referrals/${reference}/decisions`, 'responder', { ...body, version: await versionOf(reference) })).status, 403);
    const early = await call('POST', `/api/v1/referrals/${reference}/decisions`, 'caseworker', {
      stage: 'conclusive_grounds', outcome: 'trafficking', reasons: 'x', residencePermit: { recommended: false }, version: await versionOf(reference),
    });
    assert.equal(early.status, 422);
    assert.match(String(early.body.message), /cannot be made before the recovery period ends on 2026-04-01/);
    assert.equal(await decisionCount(reference), 1);
  });

  it('a negative decision needs its main reason and a second caseworker before it is issued', async () => {
    const reference = await refer();
    const base = { stage: 'reasonable_grounds', outcome: 'negative', reasons: 'The account does not show means.' };
    const noCategory = await call('POST', `/api/v1/referrals/${reference}/decisions`, 'caseworker', { ...base, version: await versionOf(reference) });
    assert.equal(noCategory.status, 422);
    assert.equal(noCategory.body.field, 'reasonCategory');
    assert.equal(await decisionCount(reference), 0);
    const unknownCategory = await call('POST', `/api/v1/referrals/${reference}/decisions`, 'caseworker', { ...base, reasonCategory: 'because', version: await versionOf(reference) });
    assert.equal(unknownCategory.status, 400);

    const made = await call('POST', `/api/v1/referrals/${reference}/decisions`, 'caseworker', { ...base, reasonCategory: 'no_means', version: await versionOf(reference) });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    assert.equal(made.body.status, 'awaiting_review');
    const review = `/api/v1/referrals/${reference}/decisions/${String(made.body.id)}/review`;
    const byMaker = await call('POST', review, 'caseworker', { agree: true, version: await versionOf(reference) });
    assert.equal(byMaker.status, 422);
    assert.match(String(byMaker.body.message), /second caseworker/);
    const reviewed = await call('POST', review, 'second', { agree: true, version: await versionOf(reference) });
    assert.equal(reviewed.status, 200, JSON.stringify(reviewed.body));
    assert.equal(reviewed.body.status, 'issued');
    const file = await call('GET', `/api/v1/referrals/${reference}`, 'second');
    assert.equal(file.body.status, 'rg_negative');
  });
});
