import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq, sql } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { FixedClock } from '../support/test-services.js';
import type { HttpAgent } from '../support/http-agent.js';
import { systemActor } from '../../src/platform/audit/audit-log.js';
import { auditEvents } from '../../src/platform/audit/tables.js';
import { organisations } from '../../src/organisations/tables.js';
import { outboxMessages } from '../../src/outbox/tables.js';
import { referralDrafts, referralPeople, referrals } from '../../src/referrals/tables.js';

// Friday 27 November 2026, 10:00 UK time: the reasonable grounds decision is due 5 working days later, on Friday 4 December.
const clock = new FixedClock(new Date('2026-11-27T10:00:00Z'));
let t: TestApp;
let fiona: HttpAgent;
const PASSWORD = 'a long enough password';

before(async () => {
  t = await startTestApp({ clock });
  const orgs = await t.ctx.database.db.select().from(organisations);
  const id = (name: string) => orgs.find((o) => o.name === name)!.id;
  const create = (email: string, name: string, organisation: string) =>
    t.ctx.users.create({ email, name, organisationId: id(organisation), role: 'first_responder', password: PASSWORD }, { actor: systemActor });
  await create('colleague@met.example', 'Chris Colleague', 'Metropolitan Police Service');
  await create('officer@syp.example', 'Sam Officer', 'South Yorkshire Police');
  await create('adviser@kalayaan.example', 'Kim Adviser', 'Kalayaan');
  fiona = t.agent();
  assert.equal((await fiona.signIn('first.responder@palermo.example')).statusCode, 303);
});
after(async () => { await t.close(); });

async function signedIn(email: string): Promise<HttpAgent> {
  const agent = t.agent();
  assert.equal((await agent.signIn(email, PASSWORD)).statusCode, 303);
  return agent;
}

const versionIn = (html: string) => /name="version" value="(\d+)"/.exec(html)?.[1];
const draftRow = async (id: string) => (await t.ctx.database.db.select().from(referralDrafts).where(eq(referralDrafts.id, id)))[0];

/** Starts a draft as a browser would and returns its id. */
async function startDraft(agent: HttpAgent): Promise<string> {
  const start = await agent.get('/referrals/new');
  assert.equal(start.statusCode, 200);
  assert.match(start.body, /saved as a draft/);
  const created = await agent.post('/referrals/drafts');
  assert.equal(created.statusCode, 303);
  const match = /^\/referrals\/drafts\/([0-9a-f-]{36})\/under-18$/.exec(String(created.headers.location));
  assert.ok(match, String(created.headers.location));
  return match[1]!;
}

/** Opens a page, then posts the form with the version it showed; returns where the answer leads. */
async function answer(agent: HttpAgent, id: string, page: string, form: Record<string, string | undefined>): Promise<string> {
  const shown = await agent.get(`/referrals/drafts/${id}/${page}`);
  assert.equal(shown.statusCode, 200, `GET ${page}`);
  const response = await agent.post(`/referrals/drafts/${id}/${page}`, { version: versionIn(shown.body), ...form });
  assert.equal(response.statusCode, 303, `POST ${page}: ${/govuk-error-summary__list[\s\S]*?<\/ul>/.exec(response.body)?.[0] ?? response.body.slice(0, 200)}`);
  return String(response.headers.location).replace(`/referrals/drafts/${id}/`, '');
}

async function addSituation(agent: HttpAgent, id: string, form: Record<string, string | undefined>): Promise<void> {
  const shown = await agent.get(`/referrals/drafts/${id}/situations`);
  if (shown.statusCode === 302) assert.equal(shown.headers.location, `/referrals/drafts/${id}/situations/new`);
  assert.equal(await answer(agent, id, 'situations/new', form), 'situations');
}

/** Submits from the check-your-answers page, as its form does. */
async function submit(agent: HttpAgent, id: string) {
  const check = await agent.get(`/referrals/drafts/${id}/check-answers`);
  assert.equal(check.statusCode, 200);
  assert.doesNotMatch(check.body, /govuk-error-summary/, 'no problems left');
  const form = { version: versionIn(check.body), idempotencyKey: /name="idempotencyKey" value="([^"]+)"/.exec(check.body)?.[1] };
  return { form, response: await agent.post(`/referrals/drafts/${id}/submit`, form) };
}

async function referralFrom(location: string) {
  const reference = location.replace('/referrals/submitted/', '');
  const [row] = await t.ctx.database.db.select().from(referrals).where(eq(referrals.reference, reference));
  assert.ok(row, reference);
  const messages = await t.ctx.database.db.select().from(outboxMessages).where(eq(outboxMessages.subjectId, row.id));
  return { reference, row, topics: messages.map((m) => m.topic).sort(), messages };
}

async function adultReferral(agent: HttpAgent): Promise<string> {
  const id = await startDraft(agent);
  assert.equal(await answer(agent, id, 'under-18', { under18: 'no' }), 'consent');
  assert.equal(await answer(agent, id, 'consent', { consent: 'yes' }), 'name');
  assert.equal(await answer(agent, id, 'name', { givenName: 'Amina', familyName: 'Yusuf', aliases: 'Mina\r\n\r\nAmi' }), 'date-of-birth');
  assert.equal(await answer(agent, id, 'date-of-birth', { 'dateOfBirth-day': '12', 'dateOfBirth-month': '4', 'dateOfBirth-year': '1995' }), 'about-the-person');
  assert.equal(await answer(agent, id, 'about-the-person', { gender: 'female', nationality1: 'NG', language1: 'en', language2: 'yo' }), 'safe-contact');
  assert.equal(await answer(agent, id, 'safe-contact', { phone: '07700 900123', letterRecipient: 'first_responder' }), 'immigration');
  assert.equal(await answer(agent, id, 'immigration', { immigrationStatus: 'leave_to_remain', asylumClaim: 'no', detention: 'none', currentPlace: 'sheffield' }), 'situations');
  await addSituation(agent, id, {
    types: 'sexual', 'startMonth-month': '1', 'startMonth-year': '2025', 'endMonth-month': '10', 'endMonth-year': '2026',
    ukPlace1: 'sheffield', meansOfControl: 'debt_bondage', narrative: 'Recruited with a job offer.',
  });
  assert.equal(await answer(agent, id, 'situations', {}), 'other-agencies');
  assert.equal(await answer(agent, id, 'other-agencies', { policeForceCode: 'E23000011', crimeReference: 'SYP-123' }), 'support-needs');
  assert.equal(await answer(agent, id, 'support-needs', { supportNeeds: 'accommodation' }), 'check-answers');
  return id;
}

describe('the referral journey', () => {
  it('makes an adult NRM referral: routed to the Competent Authority, the draft removed with it', async () => {
    const id = await adultReferral(fiona);
    const stored = await draftRow(id);
    assert.equal(stored!.sealed.includes('Amina'), false, 'the draft is encrypted');

    const check = await fiona.get(`/referrals/drafts/${id}/check-answers`);
    for (const text of ['Amina Yusuf', '12 April 1995', 'Nigeria', 'Sexual exploitation', 'January 2025 to October 2026', 'Sheffield', 'Safe accommodation', 'Submit referral']) {
      assert.ok(check.body.includes(text), text);
    }
    const { form, response } = await submit(fiona, id);
    assert.equal(response.statusCode, 303);
    const { reference, row, topics, messages } = await referralFrom(String(response.headers.location));
    assert.match(reference, /^NRM-2026-\d{6}$/);
    assert.equal(row.route, 'nrm');
    assert.equal(row.status, 'awaiting_rg');
    const [sca] = await t.ctx.database.db.select().from(organisations).where(eq(organisations.name, 'Single Competent Authority'));
    assert.equal(row.competentAuthorityId, sca!.id);
    assert.deepEqual(topics, ['referral.received']);
    assert.equal(messages[0]!.recipientOrganisationId, sca!.id);
    assert.equal(await draftRow(id), undefined, 'the draft went with the referral');
    const [removal] = await t.ctx.database.db.select().from(auditEvents)
      .where(and(eq(auditEvents.recordType, 'referral_draft'), eq(auditEvents.recordId, id), sql`${auditEvents.details}->>'removed' is not null`));
    assert.ok(removal, 'the removal is audited');

    const confirmation = await fiona.get(String(response.headers.location));
    assert.equal(confirmation.statusCode, 200);
    for (const text of [reference, 'Single Competent Authority', '4 December 2026', 'govuk-panel']) assert.ok(confirmation.body.includes(text), text);

    // Submitting again (a retry, the back button) shows the same referral and makes no other.
    const again = await fiona.post(`/referrals/drafts/${id}/submit`, form);
    assert.equal(again.statusCode, 303);
    assert.equal(again.headers.location, `/referrals/submitted/${reference}`);
    const [{ n }] = await t.ctx.database.db.select({ n: sql<number>`count(*)::int` }).from(referrals).where(eq(referrals.idempotencyKey, row.idempotencyKey)) as [{ n: number }];
    assert.equal(n, 1);
  });

  it('makes a child’s referral without consent, telling children’s services at once', async () => {
    const id = await startDraft(fiona);
    assert.equal(await answer(fiona, id, 'under-18', { under18: 'yes' }), 'child-local-authority');
    assert.equal((await fiona.get(`/referrals/drafts/${id}/consent`)).statusCode, 302, 'a child is never asked for consent');
    assert.equal(await answer(fiona, id, 'child-local-authority', { code: 'E09000017', contactName: 'Duty team', contactEmail: 'mash@hillingdon.example' }), 'name');
    assert.equal(await answer(fiona, id, 'name', { givenName: 'Lan', familyName: 'Nguyen' }), 'date-of-birth');
    assert.equal(await answer(fiona, id, 'date-of-birth', { estimatedAge: '15' }), 'about-the-person');
    assert.equal(await answer(fiona, id, 'about-the-person', { gender: 'male', nationality1: 'VN', language1: 'vi', interpreterNeeded: 'yes' }), 'safe-contact');
    assert.equal(await answer(fiona, id, 'safe-contact', { letterRecipient: 'first_responder' }), 'immigration');
    assert.equal(await answer(fiona, id, 'immigration', { immigrationStatus: 'no_leave', asylumClaim: 'intends_to', detention: 'none' }), 'situations');
    await addSituation(fiona, id, { types: 'criminal', 'startMonth-month': '6', 'startMonth-year': '2026', ongoing: 'yes', ukPlace1: 'london', indicators: 'found_in_cannabis_farm' });
    assert.equal(await answer(fiona, id, 'situations', {}), 'other-agencies');
    assert.equal(await answer(fiona, id, 'other-agencies', {}), 'check-answers', 'no support needs page for a child');

    const { response } = await submit(fiona, id);
    assert.equal(response.statusCode, 303);
    const { row, topics, messages } = await referralFrom(String(response.headers.location));
    assert.equal(row.route, 'nrm');
    assert.equal(row.treatedAsChild, true);
    assert.equal(row.consent, null);
    assert.deepEqual(topics, ['child.referred', 'referral.received']);
    const [hillingdon] = await t.ctx.database.db.select().from(organisations).where(eq(organisations.name, 'London Borough of Hillingdon'));
    assert.equal(messages.find((m) => m.topic === 'child.referred')!.recipientOrganisationId, hillingdon!.id);
    assert.equal(await draftRow(id), undefined);
    const confirmation = await fiona.get(String(response.headers.location));
    assert.match(confirmation.body, /children’s services at Hillingdon have been told/);
  });

  it('makes an anonymous Duty to Notify report when an adult does not consent', async () => {
    const id = await startDraft(fiona);
    assert.equal(await answer(fiona, id, 'under-18', { under18: 'no' }), 'consent');
    assert.equal(await answer(fiona, id, 'consent', { consent: 'no' }), 'duty-to-notify');
    const explained = await fiona.get(`/referrals/drafts/${id}/duty-to-notify`);
    assert.equal(explained.statusCode, 200);
    assert.match(explained.body, /Duty to Notify/);
    assert.match(explained.body, new RegExp(`href="/referrals/drafts/${id}/about-the-person"`));
    assert.equal((await fiona.get(`/referrals/drafts/${id}/name`)).statusCode, 302, 'no name is asked for');
    const about = await fiona.get(`/referrals/drafts/${id}/about-the-person`);
    assert.doesNotMatch(about.body, /name="language1"/, 'nor languages');
    assert.equal(await answer(fiona, id, 'about-the-person', { gender: 'male', nationality1: 'AL' }), 'situations');
    const situation = await fiona.get(`/referrals/drafts/${id}/situations/new`);
    assert.doesNotMatch(situation.body, /name="narrative"/, 'nor an account of events');
    await addSituation(fiona, id, { types: 'labour', 'startMonth-month': '2', 'startMonth-year': '2026', ongoing: 'yes', locationUnknown: 'yes', narrative: 'ignored' });
    assert.equal(await answer(fiona, id, 'situations', {}), 'other-agencies');
    assert.equal(await answer(fiona, id, 'other-agencies', { policeForceCode: 'E23000001', crimeReference: 'ignored' }), 'check-answers');

    const { response } = await submit(fiona, id);
    assert.equal(response.statusCode, 303);
    const { reference, row, topics } = await referralFrom(String(response.headers.location));
    assert.match(reference, /^DTN-2026-\d{6}$/);
    assert.equal(row.route, 'duty_to_notify');
    assert.equal(row.status, 'notified');
    assert.equal(row.competentAuthorityId, null);
    assert.deepEqual(topics, []);
    assert.equal((await t.ctx.database.db.select().from(referralPeople).where(eq(referralPeople.referralId, row.id))).length, 0, 'no identity stored');
    assert.equal(await draftRow(id), undefined);
  });

  it('tells a referrer without the Duty to Notify that an adult cannot be referred without consent', async () => {
    const adviser = await signedIn('adviser@kalayaan.example');
    const id = await startDraft(adviser);
    await answer(adviser, id, 'under-18', { under18: 'no' });
    assert.equal(await answer(adviser, id, 'consent', { consent: 'no' }), 'cannot-refer');
    const page = await adviser.get(`/referrals/drafts/${id}/cannot-refer`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /cannot refer this person without their consent/);
    assert.match(page.body, /Modern Slavery and Exploitation Helpline/);
    assert.equal((await adviser.get(`/referrals/drafts/${id}/name`)).headers.location, `/referrals/drafts/${id}/cannot-refer`);
  });

  it('makes one referral from a double click on "Submit"', async () => {
    const id = await adultReferral(fiona);
    const check = await fiona.get(`/referrals/drafts/${id}/check-answers`);
    const form = { version: versionIn(check.body), idempotencyKey: /name="idempotencyKey" value="([^"]+)"/.exec(check.body)?.[1] };
    const [first, second] = await Promise.all([fiona.post(`/referrals/drafts/${id}/submit`, form), fiona.post(`/referrals/drafts/${id}/submit`, form)]);
    assert.equal(first.statusCode, 303);
    assert.equal(second.statusCode, 303);
    assert.equal(first.headers.location, second.headers.location);
    const made = await t.ctx.database.db.select().from(referrals).where(eq(referrals.idempotencyKey, form.idempotencyKey!));
    assert.equal(made.length, 1);
  });

  it('keeps the draft when the submission fails', async () => {
    const id = await adultReferral(fiona);
    // With no Competent Authority set up, the referral cannot be stored: nothing of it, and the draft stays.
    await t.ctx.database.db.update(organisations).set({ active: false }).where(eq(organisations.name, 'Single Competent Authority'));
    try {
      const { response } = await submit(fiona, id);
      assert.equal(response.statusCode, 500);
    } finally {
      await t.ctx.database.db.update(organisations).set({ active: true }).where(eq(organisations.name, 'Single Competent Authority'));
    }
    assert.ok(await draftRow(id), 'the draft is still there');
    const { response } = await submit(fiona, id);
    assert.equal(response.statusCode, 303);
  });
});

describe('drafts', () => {
  it('lets a colleague in the same organisation continue a draft, and no other organisation see it', async () => {
    const id = await startDraft(fiona);
    await answer(fiona, id, 'under-18', { under18: 'no' });

    const colleague = await signedIn('colleague@met.example');
    const home = await colleague.get('/');
    assert.match(home.body, /Make a referral/);
    assert.ok(home.body.includes(`/referrals/drafts/${id}`), 'listed on the colleague’s home page');
    assert.match(home.body, /Fiona Reid/);
    assert.match(home.body, /expires on 25 December 2026/);
    const resume = await colleague.get(`/referrals/drafts/${id}`);
    assert.equal(resume.headers.location, `/referrals/drafts/${id}/consent`, 'continues where it was left');
    assert.equal(await answer(colleague, id, 'consent', { consent: 'yes' }), 'name');
    const stored = await draftRow(id);
    assert.equal(stored!.version, 3);

    const officer = await signedIn('officer@syp.example');
    assert.equal((await officer.get('/')).body.includes(id), false);
    assert.equal((await officer.get(`/referrals/drafts/${id}`)).statusCode, 404);
    assert.equal((await officer.get(`/referrals/drafts/${id}/name`)).statusCode, 404);
    await officer.get('/referrals/new');
    assert.equal((await officer.post(`/referrals/drafts/${id}/name`, { version: '3', givenName: 'Someone' })).statusCode, 404);
    assert.equal((await officer.post(`/referrals/drafts/${id}/submit`, { version: '3' })).statusCode, 404);
    assert.equal((await draftRow(id))!.version, 3, 'unchanged');
  });

  it('refuses a page with invalid answers, saving nothing', async () => {
    const id = await startDraft(fiona);
    await answer(fiona, id, 'under-18', { under18: 'no' });
    await answer(fiona, id, 'consent', { consent: 'yes' });
    const before = await draftRow(id);
    const events = await t.ctx.database.db.select({ n: sql<number>`count(*)::int` }).from(auditEvents).where(and(eq(auditEvents.recordId, id), eq(auditEvents.action, 'update')));
    const response = await fiona.post(`/referrals/drafts/${id}/name`, { version: String(before!.version), givenName: '', familyName: '' });
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /govuk-error-summary/);
    assert.match(response.body, /href="#givenName">Enter the person’s name, or a name they are known by/);
    const dob = await fiona.post(`/referrals/drafts/${id}/date-of-birth`, { version: String(before!.version), 'dateOfBirth-day': '31', 'dateOfBirth-month': '2', 'dateOfBirth-year': '1990' });
    assert.equal(dob.statusCode, 400);
    assert.match(dob.body, /Date of birth must be a real date/);
    const after = await draftRow(id);
    assert.equal(after!.version, before!.version);
    assert.equal(after!.sealed, before!.sealed);
    const eventsAfter = await t.ctx.database.db.select({ n: sql<number>`count(*)::int` }).from(auditEvents).where(and(eq(auditEvents.recordId, id), eq(auditEvents.action, 'update')));
    assert.deepEqual(eventsAfter, events);
  });

  it('refuses a stale save: a colleague’s change is not overwritten', async () => {
    const id = await startDraft(fiona);
    const page = await fiona.get(`/referrals/drafts/${id}/under-18`);
    const version = versionIn(page.body)!;
    assert.equal((await fiona.post(`/referrals/drafts/${id}/under-18`, { version, under18: 'yes' })).statusCode, 303);
    const stale = await fiona.post(`/referrals/drafts/${id}/under-18`, { version, under18: 'no' });
    assert.equal(stale.statusCode, 409);
    assert.match(stale.body, /changed by someone else/);
    assert.match(stale.body, /value="yes" checked/, 'shows the stored answer');
    const row = await draftRow(id);
    assert.equal(row!.version, Number(version) + 1);
    assert.equal((await fiona.get(`/referrals/drafts/${id}`)).headers.location, `/referrals/drafts/${id}/child-local-authority`);
  });

  it('audits every read and write of a draft by the names of its questions, never their values', async () => {
    const id = await startDraft(fiona);
    await answer(fiona, id, 'under-18', { under18: 'no' });
    await answer(fiona, id, 'consent', { consent: 'yes' });
    await answer(fiona, id, 'name', { givenName: 'Zainab', familyName: 'Okoro' });
    const events = await t.ctx.database.db.select().from(auditEvents).where(eq(auditEvents.recordId, id));
    const nameSaved = events.find((e) => e.action === 'update' && e.fields.includes('person.givenName'));
    assert.deepEqual(nameSaved!.fields, ['person.givenName', 'person.familyName', 'person.aliases']);
    assert.ok(events.some((e) => e.action === 'view' && e.fields.includes('person.givenName')));
    assert.ok(events.some((e) => e.action === 'create'));
    assert.equal(JSON.stringify(events).includes('Zainab'), false);
  });

  it('links each remaining problem on "Check your answers" to the page and field to fix', async () => {
    const id = await startDraft(fiona);
    await answer(fiona, id, 'under-18', { under18: 'no' });
    const check = await fiona.get(`/referrals/drafts/${id}/check-answers`);
    assert.equal(check.statusCode, 200);
    assert.ok(check.body.includes(`href="/referrals/drafts/${id}/consent?change=1#consent"`), 'consent');
    assert.ok(check.body.includes(`href="/referrals/drafts/${id}/about-the-person?change=1#gender"`), 'gender');
    assert.ok(check.body.includes(`href="/referrals/drafts/${id}/about-the-person?change=1#nationality1"`), 'nationality');
    assert.doesNotMatch(check.body, /Submit referral/);
    const refused = await fiona.post(`/referrals/drafts/${id}/submit`, { version: versionIn(check.body) ?? '2' });
    assert.equal(refused.statusCode, 400);
    assert.ok(await draftRow(id));
  });

  it('changes an answer from "Check your answers", asking only the questions the change opens', async () => {
    const id = await adultReferral(fiona);
    const check = await fiona.get(`/referrals/drafts/${id}/check-answers`);
    assert.ok(check.body.includes(`href="/referrals/drafts/${id}/under-18?change=1"`));
    const page = await fiona.get(`/referrals/drafts/${id}/under-18?change=1`);
    assert.match(page.body, /name="fromCheck" value="yes"/);
    assert.ok(page.body.includes(`<a href="/referrals/drafts/${id}/check-answers" class="govuk-back-link">`), 'back to check your answers');
    const change = await fiona.post(`/referrals/drafts/${id}/under-18`, { version: versionIn(page.body), under18: 'not_sure', fromCheck: 'yes' });
    assert.equal(change.headers.location, `/referrals/drafts/${id}/child-local-authority`, 'a child’s local authority is now needed');
    assert.equal(await answer(fiona, id, 'child-local-authority', { code: 'E09000017', contactName: 'Duty team', contactEmail: 'mash@hillingdon.example', fromCheck: 'yes' }), 'check-answers');
    const after = await fiona.get(`/referrals/drafts/${id}/check-answers`);
    assert.doesNotMatch(after.body, /Consents to an NRM referral/);
    assert.doesNotMatch(after.body, /Support needed/);
    assert.match(after.body, /Hillingdon/);
  });

  it('adds and removes situations', async () => {
    const id = await adultReferral(fiona);
    await addSituation(fiona, id, { types: 'labour', 'startMonth-month': '2', 'startMonth-year': '2024', 'endMonth-month': '12', 'endMonth-year': '2024', locationUnknown: 'yes' });
    const summary = await fiona.get(`/referrals/drafts/${id}/situations`);
    assert.match(summary.body, /Situation 2/);
    assert.match(summary.body, /February 2024 to December 2024/);
    const confirm = await fiona.get(`/referrals/drafts/${id}/situations/1/remove`);
    assert.equal(confirm.statusCode, 200);
    assert.equal((await fiona.post(`/referrals/drafts/${id}/situations/1/remove`, { version: versionIn(confirm.body) })).statusCode, 400, 'yes or no');
    assert.equal((await fiona.post(`/referrals/drafts/${id}/situations/1/remove`, { version: versionIn(confirm.body), remove: 'yes' })).statusCode, 303);
    const after = await fiona.get(`/referrals/drafts/${id}/situations`);
    assert.doesNotMatch(after.body, /Situation 2/);
    assert.match(after.body, /Labour exploitation/);
    assert.doesNotMatch(after.body, /Sexual exploitation/);
    assert.equal((await fiona.get(`/referrals/drafts/${id}/situations/2`)).statusCode, 404);
  });

  it('warns of drafts about to expire, and stops offering expired ones', async () => {
    const id = await startDraft(fiona);
    await answer(fiona, id, 'under-18', { under18: 'yes' });
    // Time passing, without moving the clock the sessions run on.
    const expireIn = (ms: number) => t.ctx.database.db.update(referralDrafts).set({ expiresAt: new Date(clock.now().getTime() + ms) }).where(eq(referralDrafts.id, id));
    const colleague = await signedIn('colleague@met.example');
    assert.doesNotMatch((await colleague.get('/')).body, /Expires soon/);
    await expireIn(3 * 86_400_000);
    const home = await colleague.get('/');
    assert.ok(home.body.includes(`/referrals/drafts/${id}`));
    assert.match(home.body, /Expires soon/);
    await expireIn(-60_000);
    assert.equal((await colleague.get('/')).body.includes(`/referrals/drafts/${id}`), false);
    assert.equal((await colleague.get(`/referrals/drafts/${id}`)).statusCode, 404);
    assert.ok((await t.ctx.drafts.purgeExpired()) >= 1);
    assert.equal(await draftRow(id), undefined);
  });
});
