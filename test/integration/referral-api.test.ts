import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { eq, sql } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { FixedClock } from '../support/test-services.js';
import { outboxMessages } from '../../src/outbox/tables.js';
import { possibleDuplicates, referralPeople, referrals } from '../../src/referrals/tables.js';
import { auditEvents } from '../../src/platform/audit/tables.js';
import { organisations } from '../../src/organisations/tables.js';

// Friday 27 November 2026, 10:00 UK time: 5 working days later is Friday 4 December.
const clock = new FixedClock(new Date('2026-11-27T10:00:00Z'));
let t: TestApp;
const tokens: Record<string, string> = {};

before(async () => {
  t = await startTestApp({ clock });
  for (const email of ['first.responder@palermo.example', 'caseworker@palermo.example', 'analyst@palermo.example']) {
    tokens[email] = (await t.ctx.apiTokens.create(email, 'test')).token;
  }
  // A first responder in another organisation.
  const [syp] = await t.ctx.database.db.select().from(organisations).where(eq(organisations.name, 'South Yorkshire Police'));
  await t.ctx.users.create({ email: 'officer@syp.example', name: 'Sam Officer', organisationId: syp!.id, role: 'first_responder', password: 'a long enough password' }, { actor: { userId: null, email: 'test', organisationId: null, organisationName: null, role: null } });
  tokens['officer@syp.example'] = (await t.ctx.apiTokens.create('officer@syp.example', 'test')).token;
});
after(async () => { await t.close(); });

export const adultReferral = {
  under18: 'no',
  consent: true,
  person: {
    givenName: 'Amina', familyName: 'Yusuf', aliases: ['Mina'], dateOfBirth: '1995-04-12', gender: 'female', nationalities: ['NG'],
    languages: ['en'], letterRecipient: 'first_responder', asylumClaim: 'no', detention: 'none', immigrationStatus: 'leave_to_remain',
  },
  situations: [{ types: ['sexual'], startMonth: '2025-01', endMonth: '2026-10', ukPlaces: ['sheffield'], meansOfControl: ['debt_bondage'], narrative: 'Recruited with a job offer.' }],
  policeForceCode: 'E23000011',
  supportNeeds: ['accommodation'],
};

const childReferral = {
  under18: 'yes',
  person: {
    givenName: 'Lan', familyName: 'Nguyen', estimatedAge: 15, gender: 'male', nationalities: ['VN'], languages: ['vi'], interpreterNeeded: true,
    letterRecipient: 'first_responder', asylumClaim: 'intends_to', detention: 'none', immigrationStatus: 'no_leave',
  },
  childLocalAuthority: { code: 'E09000017', contactName: 'Duty team', contactEmail: 'mash@hillingdon.example' },
  situations: [{ types: ['criminal'], countyLines: false, startMonth: '2026-06', ongoing: true, ukPlaces: ['london'], indicators: ['found_in_cannabis_farm'] }],
};

const dutyToNotify = {
  under18: 'no',
  consent: false,
  person: { gender: 'male', nationalities: ['AL'] },
  situations: [{ types: ['labour'], startMonth: '2026-02', ongoing: true, locationUnknown: true }],
};

async function post(body: unknown, key: string, email = 'first.responder@palermo.example') {
  return t.app.inject({ method: 'POST', url: '/api/v1/referrals', payload: body as object, headers: { authorization: `Bearer ${tokens[email]}`, 'idempotency-key': key } });
}

describe('referral API', () => {
  it('takes an adult NRM referral: routed, dated, stored with its audit event and outbox message', async () => {
    const response = await post(adultReferral, 'adult-referral-0001');
    assert.equal(response.statusCode, 201, response.body);
    const body = response.json() as Record<string, unknown>;
    assert.match(String(body.reference), /^NRM-2026-\d{6}$/);
    assert.equal(body.route, 'nrm');
    assert.equal(body.status, 'awaiting_rg');
    assert.deepEqual(body.competentAuthority, { code: 'sca', name: 'Single Competent Authority' });
    assert.equal(body.reasonableGroundsDueDate, '2026-12-04');

    const [row] = await t.ctx.database.db.select().from(referrals).where(eq(referrals.id, String(body.id)));
    assert.equal(row!.routingRule, 'sca-iecca-2021/general');
    assert.equal(row!.ageGroup, 'adult');
    const [person] = await t.ctx.database.db.select().from(referralPeople).where(eq(referralPeople.referralId, row!.id));
    assert.equal(person!.sealed.includes('Amina'), false, 'identity is encrypted at rest');
    const messages = await t.ctx.database.db.select().from(outboxMessages).where(eq(outboxMessages.subjectId, row!.id));
    assert.deepEqual(messages.map((m) => m.topic), ['referral.received']);
    const events = await t.ctx.database.db.select().from(auditEvents).where(eq(auditEvents.recordId, row!.id));
    assert.equal(events[0]!.action, 'create');
    assert.equal(JSON.stringify(events).includes('Amina'), false, 'no identity in the audit log');
  });

  it('takes a child referral without consent and tells the local authority at once', async () => {
    const response = await post(childReferral, 'child-referral-0001');
    assert.equal(response.statusCode, 201, response.body);
    const { id } = response.json() as { id: string };
    const topics = (await t.ctx.database.db.select().from(outboxMessages).where(eq(outboxMessages.subjectId, id))).map((m) => m.topic).sort();
    assert.deepEqual(topics, ['child.referred', 'referral.received']);
    const [row] = await t.ctx.database.db.select().from(referrals).where(eq(referrals.id, id));
    assert.equal(row!.treatedAsChild, true);
    assert.equal(row!.consent, null);
    assert.equal(row!.ageGroup, 'child');
  });

  it('takes a Duty to Notify report that stores no identity', async () => {
    const response = await post(dutyToNotify, 'dtn-report-0001');
    assert.equal(response.statusCode, 201, response.body);
    const body = response.json() as { id: string; reference: string; route: string; competentAuthority: unknown; reasonableGroundsDueDate: unknown };
    assert.match(body.reference, /^DTN-2026-\d{6}$/);
    assert.equal(body.route, 'duty_to_notify');
    assert.equal(body.competentAuthority, null);
    assert.equal(body.reasonableGroundsDueDate, null);
    assert.equal((await t.ctx.database.db.select().from(referralPeople).where(eq(referralPeople.referralId, body.id))).length, 0);
    const named = await post({ ...dutyToNotify, person: { ...dutyToNotify.person, givenName: 'Arben' } }, 'dtn-report-0002');
    assert.equal(named.statusCode, 400);
  });

  it('answers bad input with 400 and field-level errors, writing nothing', async () => {
    const count = async () => (await t.ctx.database.db.select({ n: sql<number>`count(*)::int` }).from(referrals))[0]!.n;
    const before = await count();
    const response = await post({ ...adultReferral, person: { ...adultReferral.person, dateOfBirth: '2012-01-01', nationalities: ['ZZ'] } }, 'bad-input-0001');
    assert.equal(response.statusCode, 400);
    const body = response.json() as { error: string; fields: { field: string; message: string }[] };
    assert.equal(body.error, 'validation_failed');
    const fields = body.fields.map((f) => f.field).sort();
    assert.deepEqual(fields, ['person.nationalities.0', 'under18']);
    const malformed = await t.app.inject({ method: 'POST', url: '/api/v1/referrals', payload: '{"under18":', headers: { authorization: `Bearer ${tokens['first.responder@palermo.example']}`, 'content-type': 'application/json', 'idempotency-key': 'bad-input-0002' } });
    assert.equal(malformed.statusCode, 400);
    const noKey = await t.app.inject({ method: 'POST', url: '/api/v1/referrals', payload: adultReferral, headers: { authorization: `Bearer ${tokens['first.responder@palermo.example']}` } });
    assert.equal(noKey.statusCode, 400);
    assert.equal(await count(), before);
  });

  it('makes exactly one referral per idempotency key, even from concurrent submissions', async () => {
    const first = await post(adultReferral, 'retry-key-0001');
    const again = await post(adultReferral, 'retry-key-0001');
    assert.equal(again.statusCode, 201);
    assert.equal(again.headers['idempotent-replayed'], 'true');
    assert.equal((again.json() as { reference: string }).reference, (first.json() as { reference: string }).reference);
    const different = await post({ ...adultReferral, supportNeeds: ['outreach'] }, 'retry-key-0001');
    assert.equal(different.statusCode, 409);

    const racers = await Promise.all(Array.from({ length: 5 }, () => post(childReferral, 'concurrent-key-0001')));
    assert.deepEqual(racers.map((r) => r.statusCode), [201, 201, 201, 201, 201]);
    assert.equal(new Set(racers.map((r) => (r.json() as { reference: string }).reference)).size, 1);
    const [row] = await t.ctx.database.db.select({ n: sql<number>`count(*)::int` }).from(referrals).where(eq(referrals.idempotencyKey, 'concurrent-key-0001'));
    assert.equal(row!.n, 1);
  });

  it('records a possible duplicate for the Competent Authority without showing it to the first responder', async () => {
    const other = await post({ ...adultReferral, person: { ...adultReferral.person, givenName: 'AMINA', familyName: 'Yusuf ', aliases: [] } }, 'duplicate-0001', 'officer@syp.example');
    assert.equal(other.statusCode, 201, other.body);
    const { id, reference } = other.json() as { id: string; reference: string };
    const matches = await t.ctx.database.db.select().from(possibleDuplicates).where(eq(possibleDuplicates.referralId, id));
    assert.ok(matches.length >= 1, 'matched the earlier referral from another organisation');
    assert.deepEqual([...matches[0]!.reasons].sort(), ['date_of_birth', 'name', 'nationality']);

    const asResponder = await t.app.inject({ method: 'GET', url: `/api/v1/referrals/${reference}`, headers: { authorization: `Bearer ${tokens['officer@syp.example']}` } });
    assert.equal(asResponder.statusCode, 200);
    assert.equal('possibleDuplicates' in (asResponder.json() as object), false);
    const asCaseworker = await t.app.inject({ method: 'GET', url: `/api/v1/referrals/${reference}`, headers: { authorization: `Bearer ${tokens['caseworker@palermo.example']}` } });
    assert.equal(asCaseworker.statusCode, 200);
    assert.ok(((asCaseworker.json() as { possibleDuplicates: unknown[] }).possibleDuplicates).length >= 1);
  });

  it('needs two of name, date of birth and nationality to record a possible duplicate', async () => {
    const matchesOf = async (response: { statusCode: number; body: string; json(): unknown }) => {
      assert.equal(response.statusCode, 201, response.body);
      const { id } = response.json() as { id: string };
      return (await t.ctx.database.db.select().from(possibleDuplicates).where(eq(possibleDuplicates.referralId, id))).map((m) => [...m.reasons].sort());
    };
    // The same name only (another date of birth and nationality): names alone are too common.
    const nameOnly = await post({ ...adultReferral, person: { ...adultReferral.person, aliases: [], dateOfBirth: '1971-09-30', nationalities: ['VN'] } }, 'duplicate-name-only', 'officer@syp.example');
    assert.deepEqual(await matchesOf(nameOnly), []);
    // The same date of birth and nationality under another name: two reasons.
    const twoReasons = await post({ ...adultReferral, person: { ...adultReferral.person, givenName: 'Blessing', familyName: 'Okafor', aliases: [] } }, 'duplicate-dob-nation', 'officer@syp.example');
    const found = await matchesOf(twoReasons);
    assert.ok(found.length >= 1);
    assert.ok(found.every((reasons) => reasons.length >= 2));
    assert.ok(found.some((reasons) => reasons.join() === 'date_of_birth,nationality'));
  });

  it('lets a first responder read only their own organisation’s referrals, auditing reads and refusals', async () => {
    const mine = await post(adultReferral, 'own-org-0001');
    const { reference, id } = mine.json() as { reference: string; id: string };
    const read = await t.app.inject({ method: 'GET', url: `/api/v1/referrals/${reference}`, headers: { authorization: `Bearer ${tokens['first.responder@palermo.example']}` } });
    assert.equal(read.statusCode, 200);
    assert.equal((read.json() as { person: { givenName: string } }).person.givenName, 'Amina');
    const refused = await t.app.inject({ method: 'GET', url: `/api/v1/referrals/${reference}`, headers: { authorization: `Bearer ${tokens['officer@syp.example']}` } });
    assert.equal(refused.statusCode, 403);
    assert.deepEqual(refused.json(), { error: 'forbidden', message: 'You may not see this referral' });
    const events = await t.ctx.database.db.select().from(auditEvents).where(sql`${auditEvents.recordId} = ${id} OR ${auditEvents.details}->>'reference' = ${reference}`);
    const actions = events.map((e) => `${e.action}:${e.actorEmail}`);
    assert.ok(actions.includes('view:first.responder@palermo.example'));
    assert.ok(actions.includes('permission_denied:officer@syp.example'));
    const analyst = await t.app.inject({ method: 'GET', url: `/api/v1/referrals/${reference}`, headers: { authorization: `Bearer ${tokens['analyst@palermo.example']}` } });
    assert.equal(analyst.statusCode, 403, 'analysts never see identities');
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/referrals', headers: { authorization: `Bearer ${tokens['officer@syp.example']}` } });
    assert.ok((list.json() as { reference: string }[]).every((r) => r.reference !== reference));
  });

  it('refuses referrals from roles other than first responders', async () => {
    const response = await post(adultReferral, 'caseworker-0001', 'caseworker@palermo.example');
    assert.equal(response.statusCode, 403);
  });
});
