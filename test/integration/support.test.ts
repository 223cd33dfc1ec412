import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { FixedClock } from '../support/test-services.js';
import { auditEvents } from '../../src/platform/audit/tables.js';
import { organisations } from '../../src/organisations/tables.js';
import { referrals } from '../../src/referrals/tables.js';
import { supportAllocations, supportEpisodes, supportServices } from '../../src/support/tables.js';
import { insertService, providersInvolved } from '../../src/support/store.js';
import { outboxMessages } from '../../src/outbox/tables.js';
import { actorOf } from '../../src/platform/auth/principal.js';
import { principalFor } from '../support/principals.js';

// Monday 2 March 2026, 10:00 UK time.
const clock = new FixedClock(new Date('2026-03-02T10:00:00Z'));
let t: TestApp;
const tokens: Record<string, string> = {};
let n = 0;

type Json = Record<string, unknown>;
async function call(method: 'GET' | 'POST', url: string, who: string, payload?: Json) {
  const response = await t.app.inject({ method, url, headers: { authorization: `Bearer ${tokens[who]}` }, ...(payload ? { payload } : {}) });
  return { status: response.statusCode, body: (response.body ? response.json() : {}) as Json };
}

const NARRATIVE = 'She was recruited with a false job offer and held in a flat in Croydon.';

/** An adult woman who consents, sexual exploitation, referred by the Metropolitan Police, with a positive RG decision. */
async function personWithPositiveRg(over: { child?: boolean; supportNeeds?: string[] } = {}): Promise<{ reference: string; id: string }> {
  n++;
  const age = over.child
    ? { under18: 'yes', childLocalAuthority: { code: 'E09000017', contactName: 'Duty social worker', contactEmail: 'duty@hillingdon.example' } }
    : { under18: 'no', consent: true };
  const payload = {
    ...age, policeForceCode: 'E23000001', supportNeeds: over.supportNeeds ?? ['accommodation'],
    person: { givenName: 'Elena', familyName: `Support${n}`, dateOfBirth: over.child ? '2010-05-01' : '1994-05-01', gender: 'female', nationalities: ['RO'], languages: ['ro'], phone: '07700 900123', letterRecipient: 'first_responder', asylumClaim: 'no', detention: 'none', immigrationStatus: 'settled' },
    situations: [{ types: ['sexual'], startMonth: '2025-06', endMonth: '2026-01', ukPlaces: ['london'], narrative: NARRATIVE }],
  };
  const submitted = await t.app.inject({ method: 'POST', url: '/api/v1/referrals', headers: { authorization: `Bearer ${tokens.responder}`, 'idempotency-key': `support-${n}` }, payload });
  assert.equal(submitted.statusCode, 201, submitted.body);
  const reference = (submitted.json() as { reference: string }).reference;
  const version = ((await call('GET', `/api/v1/referrals/${reference}`, 'caseworker')).body as { version: number }).version;
  const decided = await call('POST', `/api/v1/referrals/${reference}/decisions`, 'caseworker', { stage: 'reasonable_grounds', outcome: 'positive', reasons: 'Indicators of sexual exploitation.', version });
  assert.equal(decided.status, 201, JSON.stringify(decided.body));
  const [row] = await t.ctx.database.db.select({ id: referrals.id }).from(referrals).where(eq(referrals.reference, reference));
  return { reference, id: row!.id };
}

async function orgId(name: string): Promise<string> {
  const [row] = await t.ctx.database.db.select({ id: organisations.id }).from(organisations).where(eq(organisations.name, name));
  return row!.id;
}
/** A small women's refuge of Poppy Project's, so tests control its places. */
async function refuge(places: number, placesTaken = 0): Promise<string> {
  const row = await insertService(t.ctx.database.db, {
    organisationId: await orgId('Poppy Project'), kind: 'accommodation', name: `Test refuge ${++n}`, regions: ['london'], clientGroup: 'women',
    exploitationTypes: ['sexual'], languages: ['en'], places, placesTaken,
  });
  return row.id;
}
async function service(id: string) {
  const [row] = await t.ctx.database.db.select().from(supportServices).where(eq(supportServices.id, id));
  return row!;
}
async function allocationsFor(referralId: string) {
  return t.ctx.database.db.select().from(supportAllocations).where(eq(supportAllocations.referralId, referralId));
}
const allocate = (reference: string, serviceId: string, narrativeShared = false) => call('POST', '/api/v1/support/allocations', 'allocator', { reference, serviceId, narrativeShared });
/** The UK day `days` after the clock's now, YYYY-MM-DD. */
const ukDay = (days = 0) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date(clock.now().getTime() + days * 86_400_000));
/** A person with a positive RG decision offered a place on a new refuge of four, which Poppy Project accepts. */
async function acceptedPlacement() {
  const place = await refuge(4);
  const person = await personWithPositiveRg();
  const offered = await allocate(person.reference, place);
  assert.equal((await call('POST', `/api/v1/support/allocations/${String(offered.body.id)}/accept`, 'poppy')).status, 200);
  return { place, person, allocationId: String(offered.body.id) };
}

before(async () => {
  t = await startTestApp({ clock });
  for (const [who, email] of Object.entries({
    responder: 'first.responder@palermo.example', caseworker: 'caseworker@palermo.example', allocator: 'support.worker@palermo.example',
    poppy: 'poppy.support@palermo.example', helpline: 'migrant.helpline@palermo.example',
  })) {
    tokens[who] = (await t.ctx.apiTokens.create(email, 'support test')).token;
  }
});
after(async () => { await t.close(); });

describe('support allocation through the API', () => {
  it('two allocations racing for the last place: exactly one wins, the other is told the place went', async () => {
    const lastPlace = await refuge(3, 2);
    const [first, second] = await Promise.all([personWithPositiveRg(), personWithPositiveRg()]);
    const answers = await Promise.all([allocate(first.reference, lastPlace), allocate(second.reference, lastPlace)]);
    const statuses = answers.map((a) => a.status).sort();
    assert.deepEqual(statuses, [201, 409], JSON.stringify(answers));
    const loser = answers.find((a) => a.status === 409)!;
    assert.equal(loser.body.error, 'place_taken');
    assert.match(String(loser.body.message), /no free place .* the last place has just been taken/);
    assert.equal((await service(lastPlace)).placesTaken, 3);
    const offers = [...await allocationsFor(first.id), ...await allocationsFor(second.id)];
    assert.equal(offers.length, 1);
  });

  it('allocating to a full service is refused and nothing is written', async () => {
    const full = await refuge(2, 2);
    const person = await personWithPositiveRg();
    const eventsBefore = (await t.ctx.database.db.select({ seq: auditEvents.seq }).from(auditEvents).where(eq(auditEvents.recordType, 'support_allocation'))).length;
    const refused = await allocate(person.reference, full);
    assert.equal(refused.status, 409);
    assert.equal(refused.body.error, 'place_taken');
    assert.equal((await allocationsFor(person.id)).length, 0);
    assert.equal((await service(full)).placesTaken, 2);
    assert.equal((await t.ctx.database.db.select({ seq: auditEvents.seq }).from(auditEvents).where(eq(auditEvents.recordType, 'support_allocation'))).length, eventsBefore);
  });

  it('refuses support to a child, and a service that does not fit the person', async () => {
    const child = await personWithPositiveRg({ child: true });
    const forChild = await allocate(child.reference, await refuge(5));
    assert.equal(forChild.status, 422);
    assert.match(String(forChild.body.message), /adult who consented/);
    assert.equal((await allocationsFor(child.id)).length, 0);
    const person = await personWithPositiveRg();
    const mens = await t.ctx.database.db.select().from(supportServices).where(eq(supportServices.clientGroup, 'men'));
    const wrong = await allocate(person.reference, mens[0]!.id);
    assert.equal(wrong.status, 422);
    assert.equal(wrong.body.field, 'serviceId');
    assert.equal((await allocationsFor(person.id)).length, 0);
    // Only the prime contractor allocates.
    assert.equal((await call('POST', '/api/v1/support/allocations', 'poppy', { reference: person.reference, serviceId: await refuge(5), narrativeShared: false })).status, 403);
  });

  it('the provider accepts or declines with a reason; another provider cannot answer; a decline releases the place', async () => {
    const place = await refuge(5);
    const accepted = await personWithPositiveRg();
    const declined = await personWithPositiveRg();
    const a1 = await allocate(accepted.reference, place);
    const a2 = await allocate(declined.reference, place);
    assert.equal(a1.status, 201);
    assert.equal(a2.status, 201);
    assert.equal((await service(place)).placesTaken, 2);
    assert.deepEqual(await providersInvolved(t.ctx.database.db, accepted.id), [await orgId('Poppy Project')]);

    const mine = await call('GET', '/api/v1/support/allocations', 'poppy');
    assert.ok((mine.body.allocations as Json[]).some((x) => x.reference === accepted.reference && x.status === 'offered'));
    assert.ok(!((await call('GET', '/api/v1/support/allocations', 'helpline')).body.allocations as Json[]).some((x) => x.reference === accepted.reference));

    assert.equal((await call('POST', `/api/v1/support/allocations/${String(a1.body.id)}/accept`, 'helpline')).status, 403);
    const ok = await call('POST', `/api/v1/support/allocations/${String(a1.body.id)}/accept`, 'poppy');
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.equal(ok.body.status, 'accepted');
    assert.equal((await call('POST', `/api/v1/support/allocations/${String(a1.body.id)}/accept`, 'poppy')).status, 409);

    const noReason = await call('POST', `/api/v1/support/allocations/${String(a2.body.id)}/decline`, 'poppy', { reason: ' ' });
    assert.equal(noReason.status, 400);
    const no = await call('POST', `/api/v1/support/allocations/${String(a2.body.id)}/decline`, 'poppy', { reason: 'No bed suitable for her needs this week.' });
    assert.equal(no.status, 200);
    assert.equal(no.body.status, 'declined');
    assert.equal((await service(place)).placesTaken, 1);
    const [row] = await allocationsFor(declined.id);
    assert.ok(row!.declineReasonSealed && !row!.declineReasonSealed.includes('bed'), 'the reason is sealed');
    assert.deepEqual(await providersInvolved(t.ctx.database.db, declined.id), []);
  });

  it('an offer not answered within 24 hours expires and its place is released', async () => {
    const place = await refuge(4);
    const person = await personWithPositiveRg();
    const offered = await allocate(person.reference, place);
    assert.equal((await service(place)).placesTaken, 1);
    clock.advanceMinutes(24 * 60 + 1);
    const late = await call('POST', `/api/v1/support/allocations/${String(offered.body.id)}/accept`, 'poppy');
    assert.equal(late.status, 409);
    assert.match(String(late.body.message), /expired/);
    assert.equal((await service(place)).placesTaken, 0);
    assert.equal((await allocationsFor(person.id))[0]!.status, 'expired');
  });

  it('support episodes: started under an accepted allocation, never ended before they start, ended with move-on, place released', async () => {
    const { place, person, allocationId } = await acceptedPlacement();
    const today = ukDay();
    const inThreeDays = ukDay(3);
    const started = await call('POST', `/api/v1/support/allocations/${allocationId}/episode`, 'poppy', { startedOn: inThreeDays });
    assert.equal(started.status, 201, JSON.stringify(started.body));
    assert.equal(started.body.plannedEnd, null, 'in England support lasts until the CG decision');

    const early = await call('POST', `/api/v1/support/episodes/${String(started.body.id)}/end`, 'poppy', { endedOn: today, endReason: 'left', moveOn: 'not_known', version: 1 });
    assert.equal(early.status, 422);
    assert.match(String(early.body.message), /has not started/);
    const [episode] = await t.ctx.database.db.select().from(supportEpisodes).where(eq(supportEpisodes.id, String(started.body.id)));
    assert.equal(episode!.endedOn, null);
    assert.equal(episode!.version, 1);
    assert.equal((await service(place)).placesTaken, 1);

    clock.advanceMinutes(5 * 24 * 60);
    const beforeStart = await call('POST', `/api/v1/support/episodes/${String(started.body.id)}/end`, 'poppy', { endedOn: today, endReason: 'left', moveOn: 'not_known', version: 1 });
    assert.equal(beforeStart.status, 422);
    assert.equal(beforeStart.body.field, 'endedOn');
    assert.equal((await service(place)).placesTaken, 1);

    assert.equal((await call('POST', `/api/v1/support/episodes/${String(started.body.id)}/end`, 'helpline', { endedOn: inThreeDays, endReason: 'left', moveOn: 'not_known', version: 1 })).status, 403);
    const ended = await call('POST', `/api/v1/support/episodes/${String(started.body.id)}/end`, 'poppy', { endedOn: inThreeDays, endReason: 'moved_on', moveOn: 'family_or_friends', version: 1 });
    assert.equal(ended.status, 200, JSON.stringify(ended.body));
    assert.equal(ended.body.endedOn, inThreeDays);
    assert.equal((await service(place)).placesTaken, 0);
    assert.equal((await allocationsFor(person.id))[0]!.status, 'ended');
    const episodes = await call('GET', '/api/v1/support/episodes', 'poppy');
    assert.ok((episodes.body.episodes as Json[]).some((e) => e.id === started.body.id && e.moveOn === 'family_or_friends'));
  });
});

describe('support that does not go ahead', () => {
  async function withdraw(reference: string) {
    const caseworker = await principalFor(t.ctx, 'caseworker@palermo.example');
    const [row] = await t.ctx.database.db.select({ version: referrals.version }).from(referrals).where(eq(referrals.reference, reference));
    await t.ctx.casework.status.withdraw(caseworker, reference, { reason: 'The person asked to leave the NRM.', version: row!.version }, { actor: actorOf(caseworker) });
  }
  const messagesAbout = (allocationId: string) => t.ctx.database.db.select().from(outboxMessages)
    .where(and(eq(outboxMessages.topic, 'support.case_withdrawn'), eq(outboxMessages.subjectId, allocationId)));

  it('withdraws an offer not yet answered, or accepted but not started, gives the place back and tells the provider', async () => {
    const place = await refuge(4);
    const waiting = await personWithPositiveRg();
    const accepted = await personWithPositiveRg();
    const offer = await allocate(waiting.reference, place);
    const placement = await allocate(accepted.reference, place);
    assert.equal((await call('POST', `/api/v1/support/allocations/${String(placement.body.id)}/accept`, 'poppy')).status, 200);
    assert.equal((await service(place)).placesTaken, 2);

    await withdraw(waiting.reference);
    await withdraw(accepted.reference);
    assert.equal((await allocationsFor(waiting.id))[0]!.status, 'withdrawn');
    assert.equal((await allocationsFor(accepted.id))[0]!.status, 'withdrawn');
    assert.equal((await service(place)).placesTaken, 0);
    assert.deepEqual(await providersInvolved(t.ctx.database.db, waiting.id), []);
    const [message] = await messagesAbout(String(offer.body.id));
    assert.equal(message!.recipientOrganisationId, await orgId('Poppy Project'));
    assert.deepEqual(message!.payload, { reference: waiting.reference, support: 'withdrawn' });
    const audited = await t.ctx.database.db.select().from(auditEvents).where(and(eq(auditEvents.recordType, 'support_allocation'), eq(auditEvents.recordId, String(offer.body.id))));
    assert.ok(audited.some((e) => (e.details as Json).outcome === 'withdrawn'), 'the withdrawal of the offer is audited');
    // The provider can no longer take up the withdrawn offer.
    const late = await call('POST', `/api/v1/support/allocations/${String(offer.body.id)}/accept`, 'poppy');
    assert.equal(late.status, 409);
    assert.match(String(late.body.message), /withdrawn with the referral/);
  });

  it('a person who does not arrive: the provider ends the support before its start day and the place goes back', async () => {
    const { place, person, allocationId } = await acceptedPlacement();
    const today = ukDay();
    const inTwoDays = ukDay(2);
    const started = await call('POST', `/api/v1/support/allocations/${allocationId}/episode`, 'poppy', { startedOn: inTwoDays });
    assert.equal(started.status, 201);
    const left = await call('POST', `/api/v1/support/episodes/${String(started.body.id)}/end`, 'poppy', { endedOn: today, endReason: 'left', moveOn: 'not_known', version: 1 });
    assert.equal(left.status, 422, 'any other reason waits for the start day');
    assert.match(String(left.body.message), /Did not arrive/);
    const noShow = await call('POST', `/api/v1/support/episodes/${String(started.body.id)}/end`, 'poppy', { endedOn: today, endReason: 'did_not_arrive', moveOn: 'not_known', version: 1 });
    assert.equal(noShow.status, 200, JSON.stringify(noShow.body));
    assert.equal(noShow.body.endedOn, inTwoDays, 'recorded as ending on the day it was to start: no support given');
    assert.equal((await service(place)).placesTaken, 0);
    assert.equal((await allocationsFor(person.id))[0]!.status, 'ended');
  });

  it('support already under way is not cut off: the provider is told and ends it with the move-on', async () => {
    const { place, person, allocationId } = await acceptedPlacement();
    assert.equal((await call('POST', `/api/v1/support/allocations/${allocationId}/episode`, 'poppy', { startedOn: ukDay() })).status, 201);

    await withdraw(person.reference);
    assert.equal((await allocationsFor(person.id))[0]!.status, 'accepted');
    assert.equal((await service(place)).placesTaken, 1);
    const [message] = await messagesAbout(allocationId);
    assert.deepEqual(message!.payload, { reference: person.reference, support: 'under_way' });
    assert.deepEqual(await providersInvolved(t.ctx.database.db, person.id), [await orgId('Poppy Project')]);
  });
});

describe('what a support worker sees', () => {
  let shared: { reference: string; id: string };
  let notShared: { reference: string; id: string };

  before(async () => {
    const place = await refuge(5);
    shared = await personWithPositiveRg();
    notShared = await personWithPositiveRg();
    assert.equal((await allocate(shared.reference, place, true)).status, 201);
    assert.equal((await allocate(notShared.reference, place, false)).status, 201);
  });

  async function narrativeEvents(referralId: string, outcome: string) {
    const rows = await t.ctx.database.db.select().from(auditEvents).where(and(eq(auditEvents.recordId, referralId), eq(auditEvents.outcome, outcome)));
    return rows.filter((r) => r.fields.includes('narratives'));
  }

  it('asking for the account without the person’s agreement: 403 and an audit event of the refusal', async () => {
    const agent = t.agent();
    await agent.signIn('poppy.support@palermo.example');
    const response = await agent.get(`/support/cases/${notShared.reference}/narrative`);
    assert.equal(response.statusCode, 403);
    assert.ok(!response.body.includes(NARRATIVE));
    const denied = await narrativeEvents(notShared.id, 'denied');
    assert.equal(denied.length, 1);
    assert.equal(denied[0]!.action, 'permission_denied');
    assert.equal(denied[0]!.actorEmail, 'poppy.support@palermo.example');
  });

  it('with agreement the account is shown and the reading audited', async () => {
    const agent = t.agent();
    await agent.signIn('poppy.support@palermo.example');
    const response = await agent.get(`/support/cases/${shared.reference}/narrative`);
    assert.equal(response.statusCode, 200);
    assert.ok(response.body.includes(NARRATIVE));
    const read = await narrativeEvents(shared.id, 'success');
    assert.equal(read.length, 1);
    assert.equal(read[0]!.action, 'view');
  });

  it('the case page shows name, contact, needs and key dates, never the account itself; every read is audited', async () => {
    const agent = t.agent();
    await agent.signIn('poppy.support@palermo.example');
    const response = await agent.get(`/support/cases/${notShared.reference}`);
    assert.equal(response.statusCode, 200);
    assert.match(response.body, /Elena Support/);
    assert.match(response.body, /07700 900123/);
    assert.match(response.body, /Positive reasonable grounds/);
    assert.ok(!response.body.includes(NARRATIVE));
    // A provider supporting the person records a voluntary return there (src/returns decides who may).
    assert.ok(response.body.includes(`href="/casework/cases/${notShared.reference}/returns"`));
    const views = await t.ctx.database.db.select().from(auditEvents).where(and(eq(auditEvents.recordId, notShared.id), eq(auditEvents.action, 'view'), eq(auditEvents.actorEmail, 'poppy.support@palermo.example')));
    assert.equal(views.length, 1);
    assert.ok(views[0]!.fields.includes('name') && views[0]!.fields.includes('contact'));
    assert.ok(!views[0]!.fields.includes('narratives'));
    const returns = await agent.get(`/casework/cases/${notShared.reference}/returns`);
    assert.equal(returns.statusCode, 200);
  });

  it('a provider without the allocation is refused the case, and the refusal audited', async () => {
    const agent = t.agent();
    await agent.signIn('migrant.helpline@palermo.example');
    assert.equal((await agent.get(`/support/cases/${shared.reference}`)).statusCode, 403);
    assert.equal((await agent.get(`/support/cases/${shared.reference}/narrative`)).statusCode, 403);
    const denied = await t.ctx.database.db.select().from(auditEvents).where(and(eq(auditEvents.recordId, shared.id), eq(auditEvents.actorEmail, 'migrant.helpline@palermo.example')));
    assert.equal(denied.length, 2);
    assert.ok(denied.every((e) => e.outcome === 'denied'));
  });
});

describe('services, occupancy and the provider’s pages', () => {
  it('a provider edits its own services, version-checked, never below the places taken; an administrator edits any', async () => {
    const own = await refuge(6, 3);
    const [helpline] = await t.ctx.database.db.select().from(supportServices).where(eq(supportServices.organisationId, await orgId('Migrant Helpline')));
    const agent = t.agent();
    await agent.signIn('poppy.support@palermo.example');
    const list = await agent.get('/support/services');
    assert.equal(list.statusCode, 200);
    assert.ok(list.body.includes(`/support/services/${own}`));
    assert.ok(!list.body.includes(`/support/services/${helpline!.id}`), 'no change link for another provider');

    assert.equal((await agent.get(`/support/services/${helpline!.id}`)).statusCode, 403);
    assert.equal((await agent.post(`/support/services/${helpline!.id}`, { places: '1', languages: 'en', active: 'yes', version: '1' })).statusCode, 403);

    assert.equal((await agent.get(`/support/services/${own}`)).statusCode, 200);
    const tooFew = await agent.post(`/support/services/${own}`, { places: '2', languages: 'en', active: 'yes', version: '1' });
    assert.equal(tooFew.statusCode, 422);
    assert.match(tooFew.body, /3 places are taken now/);
    const bad = await agent.post(`/support/services/${own}`, { places: 'many', languages: 'English', active: 'yes', version: '1' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /govuk-error-summary/);
    assert.equal((await service(own)).places, 6);

    const saved = await agent.post(`/support/services/${own}`, { places: '8', languages: 'en, ro', active: 'yes', version: '1' });
    assert.equal(saved.statusCode, 303);
    assert.deepEqual([(await service(own)).places, (await service(own)).languages, (await service(own)).version], [8, ['en', 'ro'], 2]);
    const stale = await agent.post(`/support/services/${own}`, { places: '9', languages: 'en', active: 'yes', version: '1' });
    assert.equal(stale.statusCode, 409);
    assert.equal((await service(own)).places, 8);

    const admin = t.agent();
    await admin.signIn('admin@palermo.example');
    assert.equal((await admin.post(`/support/services/${helpline!.id}`, { places: String(helpline!.places + 1), languages: helpline!.languages.join(','), active: 'yes', version: String(helpline!.version) })).statusCode, 303);
    const events = await t.ctx.database.db.select().from(auditEvents).where(and(eq(auditEvents.recordId, own), eq(auditEvents.action, 'update')));
    assert.equal(events.length, 1);
  });

  it('the provider declines on the allocation page: a reason is required, and the place goes back', async () => {
    const place = await refuge(2);
    const person = await personWithPositiveRg();
    const offered = await allocate(person.reference, place);
    const agent = t.agent();
    await agent.signIn('poppy.support@palermo.example');
    const list = await agent.get('/support/allocations');
    assert.ok(list.body.includes(`/support/allocations/${String(offered.body.id)}`));
    assert.equal((await agent.get(`/support/allocations/${String(offered.body.id)}`)).statusCode, 200);
    const noReason = await agent.post(`/support/allocations/${String(offered.body.id)}/decline`, { reason: '' });
    assert.equal(noReason.statusCode, 400);
    assert.match(noReason.body, /Enter why you cannot take this person/);
    assert.equal((await service(place)).placesTaken, 1);
    const declined = await agent.post(`/support/allocations/${String(offered.body.id)}/decline`, { reason: 'Refuge closed for repairs.' });
    assert.equal(declined.statusCode, 303);
    assert.equal((await service(place)).placesTaken, 0);
    // Another provider cannot open it.
    const other = t.agent();
    await other.signIn('migrant.helpline@palermo.example');
    assert.equal((await other.get(`/support/allocations/${String(offered.body.id)}`)).statusCode, 403);
  });

  it('the provider starts and ends support on the allocation page; an end before the start is refused with nothing written', async () => {
    const place = await refuge(2);
    const person = await personWithPositiveRg();
    const offered = await allocate(person.reference, place);
    const id = String(offered.body.id);
    const agent = t.agent();
    await agent.signIn('poppy.support@palermo.example');
    await agent.get(`/support/allocations/${id}`);
    assert.equal((await agent.post(`/support/allocations/${id}/accept`)).statusCode, 303);
    const [y, m, d] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(clock.now()).split('-') as [string, string, string];
    const noDate = await agent.post(`/support/allocations/${id}/start`, {});
    assert.equal(noDate.statusCode, 400);
    assert.match(noDate.body, /href="#startedOn-day"/);
    assert.equal((await agent.post(`/support/allocations/${id}/start`, { 'startedOn-day': d, 'startedOn-month': m, 'startedOn-year': y })).statusCode, 303);
    const page = await agent.get(`/support/allocations/${id}`);
    assert.match(page.body, /End support/);
    const [episode] = await t.ctx.database.db.select().from(supportEpisodes).where(eq(supportEpisodes.allocationId, id));
    const before = await agent.post(`/support/allocations/${id}/end`, {
      episodeId: episode!.id, version: '1', 'endedOn-day': '1', 'endedOn-month': '1', 'endedOn-year': '2026', endReason: 'left', moveOn: 'not_known',
    });
    assert.equal(before.statusCode, 422);
    assert.match(before.body, /The end must be on or after the day support started/);
    const [unchanged] = await t.ctx.database.db.select().from(supportEpisodes).where(eq(supportEpisodes.id, episode!.id));
    assert.deepEqual([unchanged!.endedOn, unchanged!.version, (await service(place)).placesTaken], [null, 1, 1]);
    const ended = await agent.post(`/support/allocations/${id}/end`, {
      episodeId: episode!.id, version: '1', 'endedOn-day': d, 'endedOn-month': m, 'endedOn-year': y, endReason: 'returned_home', moveOn: 'returned_home',
    });
    assert.equal(ended.statusCode, 303);
    assert.equal((await service(place)).placesTaken, 0);
  });

  it('the prime contractor offers a place through the pages; a provider cannot reach the allocator’s pages', async () => {
    const person = await personWithPositiveRg();
    const agent = t.agent();
    await agent.signIn('support.worker@palermo.example');
    const home = await agent.get('/');
    assert.match(home.body, /waiting for an offer of support/);
    const waiting = await agent.get('/support/allocate');
    assert.equal(waiting.statusCode, 200);
    assert.ok(waiting.body.includes(person.reference));
    const proposals = await agent.get(`/support/allocate/${person.reference}`);
    assert.equal(proposals.statusCode, 200);
    assert.ok(!proposals.body.includes('house for men'));
    const [london] = await t.ctx.database.db.select().from(supportServices).where(eq(supportServices.name, 'Poppy Project refuge, London'));
    const missing = await agent.post(`/support/allocate/${person.reference}`, { serviceId: london!.id });
    assert.equal(missing.statusCode, 400);
    assert.equal((await allocationsFor(person.id)).length, 0);
    const made = await agent.post(`/support/allocate/${person.reference}`, { serviceId: london!.id, narrativeShared: 'yes' });
    assert.equal(made.statusCode, 303);
    const [allocation] = await allocationsFor(person.id);
    assert.equal(allocation!.narrativeShared, true);

    const provider = t.agent();
    await provider.signIn('poppy.support@palermo.example');
    assert.equal((await provider.get('/support/allocate')).statusCode, 403);
    assert.doesNotMatch((await provider.get('/')).body, /waiting for an offer of support/);
  });
});
