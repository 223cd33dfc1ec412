import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { FixedClock } from '../support/test-services.js';
import { principalFor } from '../support/principals.js';
import type { Principal } from '../../src/platform/auth/principal.js';
import { actorOf } from '../../src/platform/auth/principal.js';
import { referrals } from '../../src/referrals/tables.js';
import { residencePermits } from '../../src/casework/tables.js';
import { outboxMessages } from '../../src/outbox/tables.js';
import { auditEvents } from '../../src/platform/audit/tables.js';
import { permitExpiringTopic } from '../../src/casework/residence-permits.js';

// Monday 2 March 2026, 10:00 UK time.
const clock = new FixedClock(new Date('2026-03-02T10:00:00Z'));
const at = (day: string) => clock.set(new Date(`${day}T10:00:00Z`));
let t: TestApp;
let fiona: Principal;
let kwame: Principal;
let token: string;
let n = 0;
const ctx = (p: Principal) => ({ actor: actorOf(p) });

type Json = Record<string, unknown>;
async function call(method: 'GET' | 'POST', url: string, payload?: Json) {
  const response = await t.app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(payload ? { payload } : {}) });
  return { status: response.statusCode, body: response.json() as Json };
}
async function version(reference: string): Promise<number> {
  const [row] = await t.ctx.database.db.select({ v: referrals.version }).from(referrals).where(eq(referrals.reference, reference));
  return row!.v;
}
async function refer(): Promise<string> {
  n++;
  const body = {
    under18: 'no', consent: true,
    person: { givenName: 'Mira', familyName: `Permit${n}`, dateOfBirth: '1994-06-01', gender: 'female', nationalities: ['AL'], languages: ['sq'], letterRecipient: 'first_responder', asylumClaim: 'yes', detention: 'none', immigrationStatus: 'asylum_seeker' },
    situations: [{ types: ['sexual'], startMonth: '2025-01', endMonth: '2026-01', ukPlaces: ['sheffield'] }],
  };
  return (await t.ctx.referrals.submit(fiona, body, `permit-${n}`, ctx(fiona))).reference;
}
/** A case with a positive CG decision, the clock left on the day of the decision (2 April 2026). */
async function positiveCase(): Promise<string> {
  at('2026-03-02');
  const ref = await refer();
  await t.ctx.casework.decisions.propose(kwame, ref, 'rg', { outcome: 'positive', reasons: 'Indicators of control.', version: await version(ref) }, ctx(kwame));
  at('2026-04-02');
  await t.ctx.casework.decisions.propose(kwame, ref, 'cg', {
    outcome: 'trafficking', reasons: 'On the balance of probabilities.', version: await version(ref),
    residencePermit: { recommended: true, bases: ['police_cooperation'], periodMonths: 12 },
  }, ctx(kwame));
  return ref;
}
async function reminders(permitId: string) {
  const rows = await t.ctx.database.db.select().from(outboxMessages).where(and(eq(outboxMessages.topic, permitExpiringTopic), eq(outboxMessages.subjectId, permitId)));
  return rows.map((r) => (r.payload as { daysBefore: number }).daysBefore);
}

before(async () => {
  t = await startTestApp({ clock });
  fiona = await principalFor(t.ctx, 'first.responder@palermo.example');
  kwame = await principalFor(t.ctx, 'caseworker@palermo.example');
  token = (await t.ctx.apiTokens.create('caseworker@palermo.example', 'permit test')).token;
});
after(async () => { await t.close(); });

describe('residence permits', () => {
  it('is refused before a positive conclusive grounds decision, and nothing is written', async () => {
    at('2026-03-02');
    const ref = await refer();
    const refused = await call('POST', `/api/v1/referrals/${ref}/residence-permits`, { basis: 'police_cooperation', grantedOn: '2026-03-02', expiresOn: '2027-03-02', version: await version(ref) });
    assert.equal(refused.status, 422);
    assert.match(String(refused.body.message), /positive conclusive grounds/);
    const [row] = await t.ctx.database.db.select({ id: referrals.id, v: referrals.version }).from(referrals).where(eq(referrals.reference, ref));
    assert.equal((await t.ctx.database.db.select().from(residencePermits).where(eq(residencePermits.referralId, row!.id))).length, 0);
    assert.equal(row!.v, 1);
  });

  it('reminds the Competent Authority once at 60 and once at 30 days as the clock moves; a renewal starts afresh', async () => {
    const ref = await positiveCase();
    at('2026-04-10');
    const granted = await call('POST', `/api/v1/referrals/${ref}/residence-permits`, { basis: 'police_cooperation', grantedOn: '2026-04-10', expiresOn: '2027-04-10', version: await version(ref) });
    assert.equal(granted.status, 201, JSON.stringify(granted.body));
    const permitId = String(granted.body.id);
    const send = () => t.ctx.casework.permits.sendPermitReminders();

    at('2027-02-08'); // 61 days before
    await send();
    assert.deepEqual(await reminders(permitId), []);
    at('2027-02-09'); // 60 days before
    await send();
    assert.deepEqual(await reminders(permitId), [60]);
    await send();
    at('2027-03-01');
    await send();
    assert.deepEqual(await reminders(permitId), [60]);
    const [message] = await t.ctx.database.db.select().from(outboxMessages).where(eq(outboxMessages.subjectId, permitId));
    assert.deepEqual(message!.payload, { reference: ref, expiresOn: '2027-04-10', daysBefore: 60 });
    const [authority] = await t.ctx.database.db.select({ id: referrals.competentAuthorityId }).from(referrals).where(eq(referrals.reference, ref));
    assert.equal(message!.recipientOrganisationId, authority!.id);

    at('2027-03-10'); // 31 days before
    await send();
    assert.deepEqual(await reminders(permitId), [60]);
    at('2027-03-11'); // 30 days before
    await send();
    await send();
    assert.deepEqual((await reminders(permitId)).sort(), [30, 60]);

    // The caseworkers' list of permits expiring soon.
    const agent = t.agent();
    await agent.signIn('caseworker@palermo.example');
    const list = await agent.get('/casework/residence-permits');
    assert.equal(list.statusCode, 200);
    assert.match(list.body, new RegExp(`${ref}</a>`));
    assert.match(list.body, />30</);

    // A renewal: new dates, linked to the permit it renews; a stale case version is refused.
    at('2027-03-20');
    const stale = await call('POST', `/api/v1/referrals/${ref}/residence-permits/${permitId}/renewals`, { basis: 'personal_circumstances', grantedOn: '2027-03-20', expiresOn: '2028-03-20', version: (await version(ref)) - 1 });
    assert.equal(stale.status, 409);
    const renewed = await call('POST', `/api/v1/referrals/${ref}/residence-permits/${permitId}/renewals`, { basis: 'personal_circumstances', grantedOn: '2027-03-20', expiresOn: '2028-03-20', version: await version(ref) });
    assert.equal(renewed.status, 201, JSON.stringify(renewed.body));
    assert.equal(renewed.body.renewalOf, permitId);
    const again = await call('POST', `/api/v1/referrals/${ref}/residence-permits/${permitId}/renewals`, { basis: 'personal_circumstances', grantedOn: '2027-03-21', expiresOn: '2028-03-21', version: await version(ref) });
    assert.equal(again.status, 422);
    const read = await call('GET', `/api/v1/referrals/${ref}/residence-permits`);
    assert.deepEqual((read.body.permits as { current: boolean }[]).map((p) => p.current), [false, true]);

    // The renewed permit is no longer reminded of; the renewal is, from 60 days before its own expiry.
    at('2027-04-05');
    await send();
    assert.deepEqual((await reminders(permitId)).sort(), [30, 60]);
    at('2028-01-20');
    await send();
    assert.deepEqual(await reminders(String(renewed.body.id)), [60]);
    assert.ok((await t.ctx.database.db.select().from(auditEvents).where(eq(auditEvents.recordType, 'residence_permit_reminder'))).length >= 3);
  });

  it('the permit page under the case records a permit with the dates checked', async () => {
    const ref = await positiveCase();
    const agent = t.agent();
    await agent.signIn('caseworker@palermo.example');
    const page = await agent.get(`/casework/cases/${ref}/residence-permits`);
    assert.equal(page.statusCode, 200);
    assert.match((await agent.get(`/casework/cases/${ref}`)).body, new RegExp(`/casework/cases/${ref}/residence-permits`));
    await agent.get(`/casework/cases/${ref}/residence-permits`);
    const v = String(await version(ref));
    const backwards = await agent.post(`/casework/cases/${ref}/residence-permits`, {
      version: v, basis: 'police_cooperation', 'grantedOn-day': '10', 'grantedOn-month': '4', 'grantedOn-year': '2026', 'expiresOn-day': '1', 'expiresOn-month': '4', 'expiresOn-year': '2026',
    });
    assert.equal(backwards.statusCode, 409);
    assert.match(backwards.body, /expiry date must be after/);
    const ok = await agent.post(`/casework/cases/${ref}/residence-permits`, {
      version: v, basis: 'police_cooperation', 'grantedOn-day': '10', 'grantedOn-month': '4', 'grantedOn-year': '2026', 'expiresOn-day': '10', 'expiresOn-month': '4', 'expiresOn-year': '2027',
    });
    assert.equal(ok.statusCode, 303);
    const after = await agent.get(`/casework/cases/${ref}/residence-permits`);
    assert.match(after.body, /Record a renewal/);
    assert.match(after.body, /Cooperation with a police investigation/);
  });
});
