import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { FixedClock } from '../support/test-services.js';
import { principalFor } from '../support/principals.js';
import type { HttpAgent } from '../support/http-agent.js';
import type { Principal } from '../../src/platform/auth/principal.js';
import { actorOf } from '../../src/platform/auth/principal.js';
import { systemActor } from '../../src/platform/audit/audit-log.js';
import { referrals } from '../../src/referrals/tables.js';
import { organisations } from '../../src/organisations/tables.js';
import { informationRequests, reconsiderations } from '../../src/casework/tables.js';
import { auditEvents } from '../../src/platform/audit/tables.js';

// Monday 2 March 2026, 10:00 UK time.
const clock = new FixedClock(new Date('2026-03-02T10:00:00Z'));
const at = (iso: string) => clock.set(new Date(iso));
let t: TestApp;
let fiona: Principal; // first responder, Metropolitan Police
let kwame: Principal; // caseworker, Single Competent Authority
let grace: Principal; // second caseworker
let priya: Principal; // manager
const ctx = (p: Principal) => ({ actor: actorOf(p) });
let n = 0;

async function refer(): Promise<string> {
  n++;
  const submitted = await t.ctx.referrals.submit(fiona, {
    under18: 'no', consent: true,
    person: {
      givenName: 'Amina', familyName: `Responder${n}`, dateOfBirth: '1995-04-12', gender: 'female', nationalities: ['NG'], languages: ['en'],
      letterRecipient: 'first_responder', asylumClaim: 'yes', detention: 'none', immigrationStatus: 'asylum_seeker',
    },
    situations: [{ types: ['sexual'], startMonth: '2025-01', endMonth: '2026-01', ukPlaces: ['sheffield'] }],
  }, `first-responder-casework-${n}`, ctx(fiona));
  return submitted.reference;
}
async function caseRow(reference: string) {
  const [row] = await t.ctx.database.db.select().from(referrals).where(eq(referrals.reference, reference));
  return row!;
}
const version = async (reference: string) => (await caseRow(reference)).version;

/** A fresh sign-in: the fixed clock moves by weeks between steps, past any session's idle timeout. */
async function signedIn(email: string, password?: string): Promise<HttpAgent> {
  const agent = t.agent();
  assert.equal((await agent.signIn(email, password)).statusCode, 303, `${email} signs in`);
  return agent;
}

async function negativeRg(reference: string, reasons = 'No indicators of control.\n\nThe account is inconsistent.'): Promise<void> {
  const proposed = await t.ctx.casework.decisions.propose(kwame, reference, 'rg', { outcome: 'negative', reasonCategory: 'no_exploitation', reasons, version: await version(reference) }, ctx(kwame));
  await t.ctx.casework.decisions.review(grace, reference, proposed.id, { agree: true, version: await version(reference) }, ctx(grace));
}

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

before(async () => {
  t = await startTestApp({ clock });
  fiona = await principalFor(t.ctx, 'first.responder@palermo.example');
  kwame = await principalFor(t.ctx, 'caseworker@palermo.example');
  grace = await principalFor(t.ctx, 'second.caseworker@palermo.example');
  priya = await principalFor(t.ctx, 'ca.manager@palermo.example');
  const [syp] = await t.ctx.database.db.select().from(organisations).where(eq(organisations.name, 'South Yorkshire Police'));
  await t.ctx.users.create({ email: 'officer@syp.example', name: 'Sam Officer', organisationId: syp!.id, role: 'first_responder', password: 'a long enough password' }, { actor: systemActor });
});
after(async () => { await t.close(); });

describe('the first responder’s side of casework', () => {
  it('stops counting a question on the home page once its referral is withdrawn', async () => {
    at('2026-03-02T10:00:00Z');
    const responder = await signedIn(fiona.email);
    const waiting = () => responder.get('/').then((home) => /(\d+) questions? from the Competent Authority (is|are) waiting/.exec(text(home.body))?.[1] ?? '0');
    const before = Number(await waiting());
    const ref = await refer();
    await t.ctx.casework.information.ask(kwame, ref, { question: 'Is the person still at the same address?', version: await version(ref) }, ctx(kwame));
    assert.equal(Number(await waiting()), before + 1);
    await t.ctx.casework.status.withdraw(kwame, ref, { reason: 'The person asked not to go on.', version: await version(ref) }, ctx(kwame));
    assert.equal(Number(await waiting()), before);
  });

  it('answers an information request; a blank answer changes nothing; the Competent Authority reads the answer', async () => {
    at('2026-03-02T10:00:00Z');
    const ref = await refer();
    await t.ctx.casework.information.ask(kwame, ref, { question: 'Where is the person staying now?', version: await version(ref) }, ctx(kwame));
    const [request] = await t.ctx.database.db.select().from(informationRequests).where(eq(informationRequests.referralId, (await caseRow(ref)).id));

    const responder = await signedIn(fiona.email);
    const home = await responder.get('/');
    assert.match(text(home.body), /1 question from the Competent Authority is waiting for your answer/);
    const page = await responder.get(`/referrals/${ref}`);
    assert.equal(page.statusCode, 200);
    const shown = text(page.body);
    assert.match(shown, /Questions from the Competent Authority/);
    assert.match(shown, /Where is the person staying now\?/);
    assert.match(shown, /Answer by 4 March 2026 Waiting for an answer/);
    assert.match(shown, /still due by 9 March 2026/, 'the RG due date stays in view');
    assert.ok(page.body.includes(`action="/referrals/${ref}/information-requests/${request!.id}"`), 'an answer form for the open request');

    const blank = await responder.post(`/referrals/${ref}/information-requests/${request!.id}`, { answer: '   ' });
    assert.equal(blank.statusCode, 400);
    assert.match(blank.body, /govuk-error-summary/);
    assert.ok(blank.body.includes(`href="#answer-${request!.id}"`), 'the error summary links to this request’s answer box');
    assert.match(blank.body, /Enter your answer/);
    assert.match(blank.body, /<title>Error: /, 'the page title says there is an error');
    const tooLong = await responder.post(`/referrals/${ref}/information-requests/${request!.id}`, { answer: 'x'.repeat(10_001) });
    assert.equal(tooLong.statusCode, 400);
    assert.match(tooLong.body, /10,000 characters or fewer/);
    const [unchanged] = await t.ctx.database.db.select().from(informationRequests).where(eq(informationRequests.id, request!.id));
    assert.equal(unchanged!.answeredAt, null, 'nothing changed');

    const versionBefore = await version(ref);
    const answered = await responder.post(`/referrals/${ref}/information-requests/${request!.id}`, { answer: 'With a friend in Leeds.\n\nShe has a phone now.' });
    assert.equal(answered.statusCode, 303);
    assert.equal(answered.headers.location, `/referrals/${ref}`);
    const after = await responder.get(`/referrals/${ref}`);
    assert.match(after.body, /Answer sent to the Competent Authority/);
    assert.match(text(after.body), /With a friend in Leeds\. She has a phone now\. Sent 2 March 2026/);
    assert.match(text(after.body), /Answered/);
    assert.ok(!after.body.includes(`action="/referrals/${ref}/information-requests/${request!.id}"`), 'no form once answered');
    assert.match(text(after.body), /Reasonable grounds decision due 9 March 2026/, 'answering does not move the RG due date');
    assert.equal((await caseRow(ref)).reasonableGroundsDueDate, '2026-03-09');
    assert.equal(await version(ref), versionBefore + 1);
    assert.doesNotMatch(text((await responder.get('/')).body), /waiting for your answer/);

    const record = await t.ctx.casework.records.load((await caseRow(ref)).id, 'england', 'ca_caseworker');
    assert.equal(record.informationRequests[0]!.answer, 'With a friend in Leeds.\n\nShe has a phone now.');
    const caseworker = await signedIn(kwame.email);
    const seen = await caseworker.get(`/referrals/${ref}`);
    assert.match(text(seen.body), /With a friend in Leeds\./);
    assert.doesNotMatch(seen.body, /name="answer"/, 'the Competent Authority is not offered the answer form');
    const [event] = await t.ctx.database.db.select().from(auditEvents)
      .where(and(eq(auditEvents.recordId, (await caseRow(ref)).id), eq(auditEvents.actorEmail, fiona.email), eq(auditEvents.action, 'update')));
    assert.deepEqual(event!.fields, ['informationRequests']);

    const twice = await responder.post(`/referrals/${ref}/information-requests/${request!.id}`, { answer: 'Again.' });
    assert.equal(twice.statusCode, 409);
    assert.match(twice.body, /This request has already been answered\./);
    assert.match(twice.body, /Nothing was changed/);
    assert.equal(t.ctx.cipher.decrypt((await t.ctx.database.db.select().from(informationRequests).where(eq(informationRequests.id, request!.id)))[0]!.answerSealed!), 'With a friend in Leeds.\n\nShe has a phone now.');
  });

  it('marks an unanswered request overdue once its answer-by date has passed', async () => {
    at('2026-03-02T10:00:00Z');
    const ref = await refer();
    await t.ctx.casework.information.ask(kwame, ref, { question: 'Is there a safe address for letters?', version: await version(ref) }, ctx(kwame));
    at('2026-03-05T10:00:00Z');
    const page = await (await signedIn(fiona.email)).get(`/referrals/${ref}`);
    assert.match(text(page.body), /Answer by 4 March 2026 Overdue/);
    assert.match(page.body, /govuk-tag--red">\s*Overdue/);
  });

  it('refuses another organisation’s first responder (403, audited), other roles (403), and unknown cases and requests (404)', async () => {
    at('2026-03-02T10:00:00Z');
    const ref = await refer();
    await t.ctx.casework.information.ask(kwame, ref, { question: 'Who else was there?', version: await version(ref) }, ctx(kwame));
    const [request] = await t.ctx.database.db.select().from(informationRequests).where(eq(informationRequests.referralId, (await caseRow(ref)).id));
    const officer = await signedIn('officer@syp.example', 'a long enough password');
    const refused = await officer.post(`/referrals/${ref}/information-requests/${request!.id}`, { answer: 'Not my case.' });
    assert.equal(refused.statusCode, 403);
    assert.equal((await officer.get(`/referrals/${ref}/reconsideration`)).statusCode, 403);
    assert.equal((await officer.post(`/referrals/${ref}/reconsideration`, { grounds: 'new_evidence', detail: 'x' })).statusCode, 403);
    const denied = await t.ctx.database.db.select().from(auditEvents)
      .where(and(eq(auditEvents.action, 'permission_denied'), eq(auditEvents.actorEmail, 'officer@syp.example'), eq(auditEvents.recordId, (await caseRow(ref)).id)));
    assert.ok(denied.length >= 1, 'the refusal is audited against the case');
    const [stillOpen] = await t.ctx.database.db.select().from(informationRequests).where(eq(informationRequests.id, request!.id));
    assert.equal(stillOpen!.answeredAt, null);

    const caseworker = await signedIn(kwame.email);
    assert.equal((await caseworker.post(`/referrals/${ref}/information-requests/${request!.id}`, { answer: 'x' })).statusCode, 403);
    assert.equal((await caseworker.get(`/referrals/${ref}/reconsideration`)).statusCode, 403);

    const responder = await signedIn(fiona.email);
    assert.equal((await responder.post(`/referrals/NRM-2009-000001/information-requests/${request!.id}`, { answer: 'x' })).statusCode, 404);
    assert.equal((await responder.post(`/referrals/${ref}/information-requests/00000000-0000-4000-8000-000000000000`, { answer: 'x' })).statusCode, 404);
    assert.equal((await responder.post(`/referrals/${ref}/information-requests/not-an-id`, { answer: 'x' })).statusCode, 404);
  });

  it('shows issued decisions with their reasons, the recovery period and the letters, and opens the letters', async () => {
    at('2026-03-02T10:00:00Z');
    const ref = await refer();
    await t.ctx.casework.decisions.propose(kwame, ref, 'rg', { outcome: 'positive', reasons: 'Credible account.\n\nIndicators of control.', version: await version(ref) }, ctx(kwame));
    let responder = await signedIn(fiona.email);
    let page = await responder.get(`/referrals/${ref}`);
    let shown = text(page.body);
    assert.match(shown, /Reasonable grounds decision Outcome Positive Decided on 2 March 2026 Reasons Credible account\. Indicators of control\./);
    assert.match(shown, /Recovery period Started 2 March 2026 Ends 1 April 2026 Earliest conclusive grounds decision 2 April 2026 Removal action stayed No/);
    assert.match(shown, /Decision letters/);
    assert.match(shown, /Reasonable grounds decision, 2 March 2026 First responder Waiting to be sent Not sent/);
    assert.doesNotMatch(shown, /Ask for this decision to be reconsidered/, 'a positive decision is not reconsidered');
    const letter = /href="(\/referrals\/[^"]+\/notices\/[0-9a-f-]+)"/.exec(page.body)?.[1];
    assert.ok(letter, 'a link to the letter');
    const html = await responder.get(letter);
    assert.equal(html.statusCode, 200);
    assert.match(html.body, /Credible account/);
    const pdf = await responder.get(`${letter}/pdf`);
    assert.equal(pdf.statusCode, 200);
    assert.equal(pdf.headers['content-type'], 'application/pdf');

    at('2026-04-02T10:00:00Z');
    await t.ctx.casework.decisions.propose(kwame, ref, 'cg', {
      outcome: 'trafficking', reasons: 'On the balance of probabilities.', version: await version(ref),
      residencePermit: { recommended: true, bases: ['police_cooperation'], periodMonths: 12 },
    }, ctx(kwame));
    responder = await signedIn(fiona.email);
    page = await responder.get(`/referrals/${ref}`);
    shown = text(page.body);
    assert.match(shown, /Conclusive grounds decision Outcome Recognised as a victim of human trafficking Decided on 2 April 2026/);
    assert.match(shown, /Move-on support ends 17 May 2026/);
    assert.match(shown, /Residence permit Recommended for 12 months: to help with a police investigation or criminal proceedings/);
    assert.ok(shown.indexOf('Conclusive grounds decision Outcome') < shown.indexOf('Reasonable grounds decision Outcome'), 'newest decision first');
    assert.match(shown, /Ends 1 April 2026 Ended/);

    // A negative decision waiting for its second review is not issued: nobody following the referral sees it.
    const other = await refer();
    await t.ctx.casework.decisions.propose(kwame, other, 'rg', { outcome: 'negative', reasonCategory: 'no_exploitation', reasons: 'Not yet reviewed.', version: await version(other) }, ctx(kwame));
    for (const who of [fiona.email, kwame.email]) {
      const pending = await (await signedIn(who)).get(`/referrals/${other}`);
      assert.doesNotMatch(pending.body, /Not yet reviewed/);
      assert.match(pending.body, /No decision has been made yet/);
    }
  });

  it('shows when the person is missing', async () => {
    at('2026-03-02T10:00:00Z');
    const ref = await refer();
    await t.ctx.casework.status.suspend(kwame, ref, { version: await version(ref) }, ctx(kwame));
    const page = await (await signedIn(fiona.email)).get(`/referrals/${ref}`);
    assert.match(text(page.body), /Person missing The case is suspended while the person is missing\..* Missing from 2 March 2026 Still missing/);
  });

  it('asks for reconsideration of a negative decision within the window; the Competent Authority’s answer is shown', async () => {
    at('2026-03-02T10:00:00Z');
    const ref = await refer();
    await negativeRg(ref);
    at('2026-03-20T10:00:00Z');
    const responder = await signedIn(fiona.email);
    const page = await responder.get(`/referrals/${ref}`);
    const shown = text(page.body);
    assert.match(shown, /Outcome Negative Decided on 2 March 2026 Reasons No indicators of control\. The account is inconsistent\./);
    assert.match(shown, /to be reconsidered until 1 April 2026/);
    assert.ok(page.body.includes(`href="/referrals/${ref}/reconsideration"`));
    const caseworkerPage = await (await signedIn(kwame.email)).get(`/referrals/${ref}`);
    assert.doesNotMatch(caseworkerPage.body, /Ask for this decision to be reconsidered/);
    assert.match(text(caseworkerPage.body), /The first responder may ask for the negative reasonable grounds decision to be reconsidered until 1 April 2026/);

    const form = await responder.get(`/referrals/${ref}/reconsideration`);
    assert.equal(form.statusCode, 200);
    assert.match(text(form.body), /Ask for the decision to be reconsidered/);
    assert.match(text(form.body), /Ask by 1 April 2026/);
    assert.match(form.body, /There is new evidence/);
    assert.match(form.body, /The decision was not made in line with the guidance/);

    const empty = await responder.post(`/referrals/${ref}/reconsideration`, {});
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /href="#grounds"[^>]*>Select why the decision should be reconsidered/);
    assert.match(empty.body, /href="#detail"[^>]*>Enter the details of your request/);
    const noDetail = await responder.post(`/referrals/${ref}/reconsideration`, { grounds: 'new_evidence', detail: ' ' });
    assert.equal(noDetail.statusCode, 400);
    assert.match(noDetail.body, /value="new_evidence" checked/, 'the choice is kept');
    assert.equal((await t.ctx.database.db.select().from(reconsiderations).where(eq(reconsiderations.referralId, (await caseRow(ref)).id))).length, 0);

    const sent = await responder.post(`/referrals/${ref}/reconsideration`, { grounds: 'new_evidence', detail: 'A medical report dated 15 March.' });
    assert.equal(sent.statusCode, 303);
    assert.equal(sent.headers.location, `/referrals/${ref}`);
    const after = await responder.get(`/referrals/${ref}`);
    assert.match(after.body, /Request for reconsideration sent to the Competent Authority/);
    assert.match(text(after.body), /Reconsideration of the reasonable grounds decision of 2 March 2026 Status Waiting for a decision Asked on 20 March 2026 .* Grounds There is new evidence Details A medical report dated 15 March\. Competent Authority’s response Not decided yet/);
    assert.doesNotMatch(after.body, /Ask for this decision to be reconsidered/);

    const again = await responder.get(`/referrals/${ref}/reconsideration`);
    assert.equal(again.statusCode, 409);
    assert.match(again.body, /already been asked for/);
    const twice = await responder.post(`/referrals/${ref}/reconsideration`, { grounds: 'new_evidence', detail: 'Again.' });
    assert.equal(twice.statusCode, 409);

    const record = await t.ctx.casework.records.load((await caseRow(ref)).id, 'england', 'ca_caseworker');
    assert.equal(record.reconsiderations[0]!.detail, 'A medical report dated 15 March.');
    await t.ctx.casework.reconsideration.decide(priya, ref, record.reconsiderations[0]!.id, { accept: false, reasons: 'The report does not describe exploitation.', version: await version(ref) }, ctx(priya));
    const decided = text((await responder.get(`/referrals/${ref}`)).body);
    assert.match(decided, /Status Refused/);
    assert.match(decided, /Competent Authority’s response The report does not describe exploitation\. Given 20 March 2026/);
  });

  it('refuses reconsideration after the window, and says when it closed', async () => {
    at('2026-03-02T10:00:00Z');
    const ref = await refer();
    await negativeRg(ref);
    at('2026-04-02T10:00:00Z'); // 31 days later
    const responder = await signedIn(fiona.email);
    const page = await responder.get(`/referrals/${ref}`);
    assert.doesNotMatch(page.body, /Ask for this decision to be reconsidered/);
    assert.match(text(page.body), /The time to ask for reconsideration of the negative reasonable grounds decision ended on 1 April 2026/);
    const form = await responder.get(`/referrals/${ref}/reconsideration`);
    assert.equal(form.statusCode, 409);
    assert.match(form.body, /ended on 1 April 2026/);
    const late = await responder.post(`/referrals/${ref}/reconsideration`, { grounds: 'not_in_line_with_guidance', detail: 'The guidance on debt bondage was not applied.' });
    assert.equal(late.statusCode, 409);
    assert.match(late.body, /The time to ask for reconsideration ended on 1 April 2026\./);
    assert.equal((await t.ctx.database.db.select().from(reconsiderations).where(eq(reconsiderations.referralId, (await caseRow(ref)).id))).length, 0);

    // A case with no negative decision has nothing to reconsider.
    const fresh = await refer();
    assert.equal((await responder.get(`/referrals/${fresh}/reconsideration`)).statusCode, 409);
  });
});
