import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq, sql } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { FixedClock } from '../support/test-services.js';
import { principalFor } from '../support/principals.js';
import type { HttpAgent } from '../support/http-agent.js';
import type { Principal } from '../../src/platform/auth/principal.js';
import { actorOf } from '../../src/platform/auth/principal.js';
import { referrals } from '../../src/referrals/tables.js';
import { organisations } from '../../src/organisations/tables.js';
import { caseEvents, caseSuspensions } from '../../src/casework/tables.js';
import { outboxMessages } from '../../src/outbox/tables.js';
import { auditEvents } from '../../src/platform/audit/tables.js';
import { missingAlerts, missingEpisodes } from '../../src/missing/tables.js';
import { MissingRefusedError } from '../../src/missing/service.js';
import { ReferralForbiddenError } from '../../src/referrals/case-file.js';
import { workingDaysBetween } from '../../src/platform/working-days.js';
import { buildPublication } from '../../src/statistics/publication/publication.js';
import { SUPPRESSED, type SuppressionRule } from '../../src/statistics/disclosure/index.js';

// Monday 2 March 2026, 10:00 UK time.
const clock = new FixedClock(new Date('2026-03-02T10:00:00Z'));
let t: TestApp;
let fiona: Principal; // first responder, Metropolitan Police (the force for the referral's area)
let aisha: Principal; // children's services, London Borough of Hillingdon
let kwame: Principal; // caseworker, Single Competent Authority
let yorkshire: Principal; // first responder at another police force: not involved
const ctx = (p: Principal) => ({ actor: actorOf(p) });
let n = 0;

const childReferral = () => ({
  under18: 'yes', policeForceCode: 'E23000001',
  person: { givenName: 'Lan', familyName: `Missing${n}`, estimatedAge: 15, gender: 'male', nationalities: ['VN'], languages: ['vi'], letterRecipient: 'first_responder', asylumClaim: 'no', detention: 'none', immigrationStatus: 'asylum_seeker' },
  childLocalAuthority: { code: 'E09000017', contactName: 'Duty team', contactEmail: 'mash@hillingdon.example' },
  situations: [{ types: ['criminal'], startMonth: '2026-01', ongoing: true, ukPlaces: ['london'] }],
});

async function refer(): Promise<{ id: string; reference: string }> {
  n++;
  const submitted = await t.ctx.referrals.submit(fiona, childReferral(), `missing-${n}`, ctx(fiona));
  const [row] = await t.ctx.database.db.select({ id: referrals.id }).from(referrals).where(eq(referrals.reference, submitted.reference));
  return { id: row!.id, reference: submitted.reference };
}
const referral = async (id: string) => (await t.ctx.database.db.select().from(referrals).where(eq(referrals.id, id)))[0]!;
const alertsOf = (episodeId: string) => t.ctx.database.db.select().from(missingAlerts).where(eq(missingAlerts.episodeId, episodeId));
const alertMessages = (episodeId: string) => t.ctx.database.db.select().from(outboxMessages)
  .where(and(eq(outboxMessages.topic, 'missing.alert'), eq(outboxMessages.subjectId, episodeId)));
const orgId = async (name: string) => (await t.ctx.database.db.select().from(organisations).where(eq(organisations.name, name)))[0]!.id;
const at = (iso: string) => clock.set(new Date(iso));
const report = (who: Principal, reference: string, lastSeenAt = '2026-03-02T08:30:00Z') =>
  t.ctx.missing.report(who, reference, { lastSeenAt, circumstances: 'Left the foster home at 8am with an older man; red jacket.' }, ctx(who));

before(async () => {
  t = await startTestApp({ clock });
  fiona = await principalFor(t.ctx, 'first.responder@palermo.example');
  aisha = await principalFor(t.ctx, 'childrens.services@palermo.example');
  kwame = await principalFor(t.ctx, 'caseworker@palermo.example');
  await t.ctx.users.create({ email: 'officer@southyorks.example', name: 'Other Officer', organisationId: await orgId('South Yorkshire Police'), role: 'first_responder', password: 'a long enough password' }, ctx(fiona));
  yorkshire = await principalFor(t.ctx, 'officer@southyorks.example');
});
after(async () => { await t.close(); });

describe('missing-person episodes', () => {
  let child: { id: string; reference: string };
  let episodeId: string;
  let workingDaysLeft: number;

  it('a missing child alerts the police force, the Competent Authority and the local authority within a minute, and suspends the pending RG', async () => {
    at('2026-03-02T10:00:00Z');
    child = await refer();
    const before = await referral(child.id);
    assert.equal(before.status, 'awaiting_rg');
    workingDaysLeft = workingDaysBetween('2026-03-02', before.reasonableGroundsDueDate!, 'england');

    at('2026-03-02T10:05:00Z');
    const { episode } = await report(aisha, child.reference);
    episodeId = episode.id;
    assert.equal(episode.child, true);
    assert.equal(episode.suspendedCase, true);

    const alerts = await alertsOf(episodeId);
    const byConcern = Object.fromEntries(alerts.map((a) => [a.concern, a.organisationId]));
    assert.deepEqual(Object.keys(byConcern).sort(), ['competent_authority', 'local_authority', 'police']);
    assert.equal(byConcern.police, await orgId('Metropolitan Police Service'));
    assert.equal(byConcern.local_authority, await orgId('London Borough of Hillingdon'));
    assert.equal(byConcern.competent_authority, before.competentAuthorityId);

    // One outbox message per organisation, available at once (well within a minute), with nothing that identifies the child.
    const messages = await alertMessages(episodeId);
    assert.equal(messages.length, 3);
    for (const m of messages) {
      assert.ok(m.availableAt.getTime() - clock.now().getTime() < 60_000);
      assert.doesNotMatch(JSON.stringify(m.payload), /Lan|Missing|foster|jacket/);
    }
    assert.deepEqual(messages.map((m) => m.recipientOrganisationId).sort(), alerts.map((a) => a.organisationId).sort());

    // Each organisation sees the alert in Palermo, and its home page counts it.
    for (const who of [fiona, aisha, kwame]) {
      const mine = await t.ctx.missing.alerts(who, ctx(who));
      assert.equal(mine.filter((a) => a.episodeId === episodeId && !a.acknowledgedAt).length, 1, who.email);
      assert.ok((await t.ctx.missing.unacknowledgedCount(who.organisationId)) >= 1);
    }

    const after = await referral(child.id);
    assert.equal(after.status, 'suspended_missing');
    assert.equal(after.version, before.version + 1, 'the case version moves on, so a caseworker’s open page is stale');
    const [suspension] = await t.ctx.database.db.select().from(caseSuspensions).where(eq(caseSuspensions.referralId, child.id));
    assert.equal(suspension!.workingDaysLeft, workingDaysLeft);
    const history = await t.ctx.database.db.select().from(caseEvents).where(eq(caseEvents.referralId, child.id));
    assert.ok(history.some((h) => h.event === 'suspended_missing'));
    const [audit] = await t.ctx.database.db.select().from(auditEvents).where(and(eq(auditEvents.recordType, 'missing_episode'), eq(auditEvents.recordId, episodeId)));
    assert.equal(audit!.action, 'create');
    // The circumstances are sealed.
    const [stored] = await t.ctx.database.db.select().from(missingEpisodes).where(eq(missingEpisodes.id, episodeId));
    assert.doesNotMatch(stored!.circumstancesSealed, /foster/);
  });

  it('repeats unacknowledged alerts at the interval until someone at each organisation acknowledges', async () => {
    at('2026-03-02T10:14:00Z');
    assert.equal(await t.ctx.missing.repeatUnacknowledged(), 0, 'not yet 10 minutes');

    const [laAlert] = (await t.ctx.missing.alerts(aisha, ctx(aisha))).filter((a) => a.episodeId === episodeId);
    const acknowledged = await t.ctx.missing.acknowledge(aisha, laAlert!.id, ctx(aisha));
    assert.equal(acknowledged.acknowledgedBy, aisha.userId);
    assert.equal(acknowledged.acknowledgedAt?.toISOString(), '2026-03-02T10:14:00.000Z');
    // Someone at another organisation cannot acknowledge it for them.
    const [policeAlert] = (await t.ctx.missing.alerts(fiona, ctx(fiona))).filter((a) => a.episodeId === episodeId);
    await assert.rejects(t.ctx.missing.acknowledge(aisha, policeAlert!.id, ctx(aisha)));

    at('2026-03-02T10:15:00Z');
    assert.equal(await t.ctx.missing.repeatUnacknowledged(), 2, 'the police and the Competent Authority are alerted again');
    assert.equal(await t.ctx.missing.repeatUnacknowledged(), 0, 'once per interval');
    at('2026-03-02T10:24:59Z');
    assert.equal(await t.ctx.missing.repeatUnacknowledged(), 0);
    await t.ctx.missing.acknowledge(fiona, policeAlert!.id, ctx(fiona));
    at('2026-03-02T10:25:00Z');
    assert.equal(await t.ctx.missing.repeatUnacknowledged(), 1, 'only the Competent Authority is still waiting');

    const counts = Object.fromEntries((await alertsOf(episodeId)).map((a) => [a.concern, a.sentCount]));
    assert.deepEqual(counts, { police: 2, competent_authority: 3, local_authority: 1 });
    const messages = await alertMessages(episodeId);
    assert.equal(messages.length, 6);
    assert.equal(messages.filter((m) => m.recipientOrganisationId === aisha.organisationId).length, 1);
    assert.equal(await t.ctx.missing.unacknowledgedCount(aisha.organisationId), 0);
  });

  it('refuses a second open episode for the same person', async () => {
    await assert.rejects(report(fiona, child.reference), (e: unknown) => e instanceof MissingRefusedError && e.kind === 'conflict');
    const open = await t.ctx.database.db.select().from(missingEpisodes).where(eq(missingEpisodes.referralId, child.id));
    assert.equal(open.length, 1);
  });

  it('refuses a closing with a bad outcome or an end before the start, and writes nothing', async () => {
    const token = (await t.ctx.apiTokens.create(aisha.email, 'missing test')).token;
    const close = (body: object) => t.app.inject({ method: 'POST', url: `/api/v1/missing-episodes/${episodeId}/close`, headers: { authorization: `Bearer ${token}` }, payload: body });
    const outboxBefore = (await t.ctx.database.db.select({ n: sql<number>`count(*)::int` }).from(outboxMessages))[0]!.n;

    const bad = await close({ outcome: 'escaped', endedAt: '2026-03-03T09:00:00Z', version: 1 });
    assert.equal(bad.statusCode, 400);
    const early = await close({ outcome: 'found', endedAt: '2026-03-02T08:00:00Z', version: 1 });
    assert.equal(early.statusCode, 422);
    assert.equal(early.json().field, 'endedAt');
    const stale = await close({ outcome: 'found', endedAt: '2026-03-02T12:00:00Z', version: 7 });
    assert.equal(stale.statusCode, 409);

    const [stored] = await t.ctx.database.db.select().from(missingEpisodes).where(eq(missingEpisodes.id, episodeId));
    assert.equal(stored!.outcome, null);
    assert.equal(stored!.version, 1);
    assert.equal((await referral(child.id)).status, 'suspended_missing');
    assert.equal((await t.ctx.database.db.select({ n: sql<number>`count(*)::int` }).from(outboxMessages))[0]!.n, outboxBefore);
  });

  it('a user whose organisation is not involved cannot report, see or close the episode', async () => {
    await assert.rejects(report(yorkshire, child.reference), ReferralForbiddenError);
    const listed = await t.ctx.missing.listOpen(yorkshire, ctx(yorkshire));
    assert.equal(listed.episodes.length, 0);
    const agent: HttpAgent = t.agent();
    await agent.signIn('officer@southyorks.example', 'a long enough password');
    const refused = await agent.get(`/missing/episodes/${episodeId}`);
    assert.equal(refused.statusCode, 403);
    assert.match(refused.body, /You do not have permission to see this page/);
    const page = await agent.get('/missing');
    assert.equal(page.statusCode, 200);
    assert.doesNotMatch(page.body, new RegExp(child.reference));
    const refusal = await t.ctx.database.db.select().from(auditEvents)
      .where(and(eq(auditEvents.action, 'permission_denied'), eq(auditEvents.recordType, 'missing_episode'), eq(auditEvents.recordId, episodeId)));
    assert.equal(refusal.length, 1);
    // The involved organisations do see it, longest missing first.
    const forAisha = await t.ctx.missing.listOpen(aisha, ctx(aisha));
    assert.equal(forAisha.episodes[0]?.id, episodeId);
  });

  it('closing with the person found resumes the RG decision with the working days it had left', async () => {
    at('2026-03-09T11:00:00Z'); // the next Monday
    const { episode, resumed } = await t.ctx.missing.close(aisha, episodeId, { outcome: 'found', endedAt: '2026-03-06T18:00:00Z', version: 1 }, ctx(aisha));
    assert.equal(resumed, true);
    assert.equal(episode.outcome, 'found');
    assert.equal(episode.endedAt?.toISOString(), '2026-03-06T18:00:00.000Z');
    const after = await referral(child.id);
    assert.equal(after.status, 'awaiting_rg');
    assert.equal(workingDaysBetween('2026-03-09', after.reasonableGroundsDueDate!, 'england'), workingDaysLeft);
    assert.equal(after.queueStep, 'rg_decision');
    assert.equal(after.queueDueOn, after.reasonableGroundsDueDate);
    // Closed episodes no longer alert; a new report may now be made.
    at('2026-03-09T12:00:00Z');
    assert.equal(await t.ctx.missing.repeatUnacknowledged(), 0);
    await assert.rejects(t.ctx.missing.close(aisha, episodeId, { outcome: 'found', endedAt: '2026-03-06T18:00:00Z', version: 2 }, ctx(aisha)),
      (e: unknown) => e instanceof MissingRefusedError && e.kind === 'conflict');
  });

  it('through the API: reports with an Idempotency-Key, lists and acknowledges', async () => {
    at('2026-03-10T09:00:00Z');
    const other = await refer();
    const token = (await t.ctx.apiTokens.create(fiona.email, 'missing api')).token;
    const headers = { authorization: `Bearer ${token}`, 'idempotency-key': `missing-api-${other.id}` };
    const body = { lastSeenAt: '2026-03-10T07:00:00+00:00', circumstances: 'Did not return from school.' };
    const first = await t.app.inject({ method: 'POST', url: `/api/v1/referrals/${other.reference}/missing-episodes`, headers, payload: body });
    assert.equal(first.statusCode, 201, first.body);
    const retry = await t.app.inject({ method: 'POST', url: `/api/v1/referrals/${other.reference}/missing-episodes`, headers, payload: body });
    assert.equal(retry.statusCode, 201);
    assert.equal(retry.json().id, first.json().id);
    assert.equal((await t.ctx.database.db.select().from(missingEpisodes).where(eq(missingEpisodes.referralId, other.id))).length, 1);
    const future = await t.app.inject({ method: 'POST', url: `/api/v1/referrals/${child.reference}/missing-episodes`, headers: { ...headers, 'idempotency-key': 'missing-future-1' }, payload: { ...body, lastSeenAt: '2026-03-11T07:00:00Z' } });
    assert.equal(future.statusCode, 422);

    const list = await t.app.inject({ method: 'GET', url: '/api/v1/missing-alerts', headers: { authorization: `Bearer ${token}` } });
    const alert = list.json().alerts.find((a: { episodeId: string }) => a.episodeId === first.json().id);
    assert.equal(alert.concern, 'police');
    const ack = await t.app.inject({ method: 'POST', url: `/api/v1/missing-alerts/${alert.id}/acknowledge`, headers: { authorization: `Bearer ${token}` } });
    assert.equal(ack.statusCode, 200);
    assert.ok(ack.json().acknowledgedAt);
    const episodes = await t.app.inject({ method: 'GET', url: '/api/v1/missing-episodes', headers: { authorization: `Bearer ${token}` } });
    assert.deepEqual(episodes.json().episodes.map((e: { id: string }) => e.id), [first.json().id]);
  });

  it('counts the episodes started in the period by outcome and age group (table 15), under disclosure control', async () => {
    // An adult, missing and back home within the period.
    at('2026-03-12T09:00:00Z');
    n++;
    const adult = await t.ctx.referrals.submit(fiona, {
      under18: 'no', consent: true, policeForceCode: 'E23000001',
      person: { givenName: 'Amina', familyName: `Missing${n}`, dateOfBirth: '1995-04-12', gender: 'female', nationalities: ['NG'], languages: ['en'], letterRecipient: 'first_responder', asylumClaim: 'yes', detention: 'none', immigrationStatus: 'asylum_seeker' },
      situations: [{ types: ['sexual'], startMonth: '2025-01', endMonth: '2026-01', ukPlaces: ['sheffield'] }],
    }, `missing-${n}`, ctx(fiona));
    const { episode } = await report(fiona, adult.reference, '2026-03-12T06:00:00Z');
    at('2026-03-13T09:00:00Z');
    await t.ctx.missing.close(fiona, episode.id, { outcome: 'returned_home', endedAt: '2026-03-12T20:00:00Z', version: 1 }, ctx(fiona));

    const noDisclosureControl: SuppressionRule = { mode: 'suppression', threshold: 1, sparseThreshold: 1, minimumDenominator: 1, minimumCountForMedian: 1 };
    const march = { from: '2026-03-01', to: '2026-03-31' };
    const table15 = async (cutOff: Date, rule?: SuppressionRule) => (await buildPublication(t.ctx.database.db, { ...march, cutOff }, { rule })).tables.find((x) => x.id === '15')!;
    // The child found on 9 March, the child still missing since 10 March, the adult back home.
    const now = await table15(clock.now(), noDisclosureControl);
    assert.deepEqual({ rows: now.rows, columns: now.columns, cells: now.cells, grandTotal: now.grandTotal }, {
      rows: ['Found', 'Returned home', 'Still missing'], columns: ['Adult', 'Child'], cells: [[0, 1], [1, 0], [0, 1]], grandTotal: 3,
    });
    // As it stood before the first child was found (closed at 11:00 on 9 March) and before the others were reported.
    const earlier = await table15(new Date('2026-03-09T10:00:00Z'), noDisclosureControl);
    assert.deepEqual({ rows: earlier.rows, columns: earlier.columns, cells: earlier.cells }, { rows: ['Still missing'], columns: ['Child'], cells: [[1]] });
    // A period in which nobody went missing.
    const april = (await buildPublication(t.ctx.database.db, { from: '2026-04-01', to: '2026-04-30', cutOff: clock.now() }, { rule: noDisclosureControl })).tables.find((x) => x.id === '15')!;
    assert.equal(april.grandTotal, 0);
    // Under the published rule every count of 1 to 4 is hidden, and the release still verifies.
    const published = await table15(clock.now());
    assert.equal(published.grandTotal, SUPPRESSED);
    assert.ok(published.cells.flat().every((c) => c === SUPPRESSED || c === 0));
  });

  it('says so on the episode when no police force could be alerted', async () => {
    n++;
    const body = { ...childReferral(), policeForceCode: undefined };
    const { reference } = await t.ctx.referrals.submit(fiona, body, `missing-${n}`, ctx(fiona));
    const { episode, alerts } = await report(aisha, reference, '2026-03-13T07:00:00Z');
    assert.deepEqual(alerts.map((a) => a.concern).sort(), ['competent_authority', 'local_authority']);
    const view = await t.ctx.missing.view(aisha, episode.id, ctx(aisha));
    assert.equal(view.noPoliceForce, 'no_area');
    assert.equal(view.circumstances, 'Left the foster home at 8am with an older man; red jacket.');
    const page = await (async () => {
      const agent = t.agent();
      await agent.signIn(aisha.email);
      return agent.get(`/missing/episodes/${episode.id}`);
    })();
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /does not name a police force area: no police force was alerted/);
    // Who to look for: names and age (the child's date of birth is not known), never the contact details.
    assert.match(page.body, new RegExp(`Lan Missing${n}`));
    assert.match(page.body, /Not known; about 15 years old/);
    assert.match(page.body, /Vietnam/);
    const reads = await t.ctx.database.db.select().from(auditEvents).where(and(eq(auditEvents.recordId, episode.id), eq(auditEvents.action, 'view')));
    assert.ok(reads.length >= 2 && reads.every((r) => r.fields.includes('person')), 'a read of who is missing is audited as one');
  });
});
