import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { browserSuiteSkip } from './support/browser.js';
import { startBrowserApp, type BrowserApp } from './support/browser-app.js';
import { assertAccessible } from './support/axe.js';
import { demoUser, signInAs } from './support/sign-in.js';
import { loadsPage } from './pages/base-page.js';
import { ReferralsListPage } from './pages/referral-following-pages.js';
import { CaseworkStatusPage, ReconsiderationPage } from './pages/first-responder-casework-pages.js';
import { principalFor } from '../support/principals.js';
import { actorOf, type Principal } from '../../src/platform/auth/principal.js';
import { referrals } from '../../src/referrals/tables.js';

/**
 * The first responder's side of casework in a real browser: the Competent Authority asks a question
 * and makes a negative decision through the services; the first responder answers the question and
 * asks for the decision to be reconsidered through the pages, with axe on every page they reach.
 */
describe('first responder casework in a browser', { skip: browserSuiteSkip }, () => {
  let t: BrowserApp;
  let fiona: Principal;
  let kwame: Principal;
  let grace: Principal;
  let n = 0;
  const ctx = (p: Principal) => ({ actor: actorOf(p) });
  const version = async (reference: string) =>
    (await t.ctx.database.db.select({ v: referrals.version }).from(referrals).where(eq(referrals.reference, reference)))[0]!.v;

  async function refer(): Promise<string> {
    n++;
    const { reference } = await t.ctx.referrals.submit(fiona, {
      under18: 'no', consent: true,
      person: {
        givenName: 'Amina', familyName: `Browser${n}`, dateOfBirth: '1995-04-12', gender: 'female', nationalities: ['NG'], languages: ['en'],
        letterRecipient: 'first_responder', asylumClaim: 'yes', detention: 'none', immigrationStatus: 'asylum_seeker',
      },
      situations: [{ types: ['sexual'], startMonth: '2025-01', endMonth: '2026-01', ukPlaces: ['sheffield'] }],
    }, `browser-casework-${n}`, ctx(fiona));
    return reference;
  }

  async function openStatus(page: Page, reference: string): Promise<CaseworkStatusPage> {
    await loadsPage(page, () => page.goto(`/referrals/${reference}`));
    return new CaseworkStatusPage(page);
  }

  before(async () => {
    t = await startBrowserApp();
    fiona = await principalFor(t.ctx, demoUser('first_responder').email);
    kwame = await principalFor(t.ctx, 'caseworker@palermo.example');
    grace = await principalFor(t.ctx, 'second.caseworker@palermo.example');
  });
  after(async () => { await t?.close(); });

  it('answers the Competent Authority’s question and asks for a negative decision to be reconsidered (axe on every page)', async () => {
    const reference = await refer();
    const question = 'Where is the person staying now?';
    await t.ctx.casework.information.ask(kwame, reference, { question, version: await version(reference) }, ctx(kwame));

    const page = await t.newPage();
    await signInAs(page, fiona.email);
    const waiting = page.getByTestId('questions-waiting');
    assert.equal((await waiting.innerText()).trim(), '1 question from the Competent Authority is waiting for your answer');
    await assertAccessible(page, 'home page with a question waiting');
    await loadsPage(page, () => waiting.getByRole('link').click());
    const list = new ReferralsListPage(page);
    assert.equal(list.path(), ReferralsListPage.path);
    await list.openReferral(reference);

    const status = new CaseworkStatusPage(page);
    assert.equal(await status.headingText(), reference);
    const card = await status.informationRequestCard(question);
    assert.equal(card.rows.Question, question);
    assert.match(card.rows['Answer by']!, /Waiting for an answer$/);
    assert.match(await status.text(), /the reasonable grounds decision is still due by/);
    assert.deepEqual(await status.decisions(), []);
    await assertAccessible(page, 'status page with a question');

    // Sent empty: the same page with the error summary, which takes the focus.
    const blank = await status.answer(question, '');
    assert.equal(blank.status(), 400);
    assert.match(await page.title(), /^Error: /);
    const [problem] = await status.errorSummaryItems();
    assert.equal(problem!.text, 'Enter your answer');
    assert.equal(await status.fieldError(problem!.href.slice(1)), 'Enter your answer');
    assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('govuk-error-summary')), true);
    await assertAccessible(page, 'status page with an error');

    const sent = await status.answer(question, 'With a friend in Leeds. She has a phone now.');
    assert.equal(sent.status(), 200);
    assert.equal(status.path(), `/referrals/${reference}`);
    assert.match(await status.notificationBanner.innerText(), /Answer sent to the Competent Authority/);
    const answered = await status.informationRequestCard(question);
    assert.match(answered.rows.Answer!, /^With a friend in Leeds\. She has a phone now\. Sent /);
    assert.match(answered.rows['Answer by']!, /Answered$/);
    await assertAccessible(page, 'status page with the answer sent');

    // The Competent Authority makes a negative decision, and a second caseworker agrees.
    const proposed = await t.ctx.casework.decisions.propose(kwame, reference, 'rg', { outcome: 'negative', reasonCategory: 'no_exploitation', reasons: 'No indicators of control.', version: await version(reference) }, ctx(kwame));
    await t.ctx.casework.decisions.review(grace, reference, proposed.id, { agree: true, version: await version(reference) }, ctx(grace));
    await openStatus(page, reference);
    const [decision] = await status.decisions();
    assert.equal(decision!.title, 'Reasonable grounds decision');
    assert.equal(decision!.rows.Outcome, 'Negative');
    assert.equal(decision!.rows.Reasons, 'No indicators of control.');
    assert.match(await status.text(), /to be reconsidered until \d{1,2} \w+ \d{4}/);
    assert.equal(await page.getByTestId('letters').getByRole('link', { name: /^View/ }).count(), 1);
    await assertAccessible(page, 'status page with a negative decision');

    await status.askForReconsideration();
    const reconsideration = new ReconsiderationPage(page);
    assert.equal(reconsideration.path(), `/referrals/${reference}/reconsideration`);
    assert.equal(await reconsideration.headingText(), 'Ask for the decision to be reconsidered');
    assert.equal((await reconsideration.decision()).Outcome, 'Negative');
    await assertAccessible(page, 'reconsideration page');

    const empty = await reconsideration.send();
    assert.equal(empty.status(), 400);
    assert.deepEqual((await reconsideration.errorSummaryItems()).map((i) => i.href), ['#grounds', '#detail']);
    for (const item of await reconsideration.errorSummaryItems()) {
      assert.equal(await page.locator(`[id="${item.href.slice(1)}"]`).count(), 1, `${item.href} goes to a field on the page`);
    }
    await assertAccessible(page, 'reconsideration page with errors');

    await reconsideration.chooseGrounds('There is new evidence');
    await reconsideration.fillDetails('A medical report describes injuries consistent with her account.');
    const asked = await reconsideration.send();
    assert.equal(asked.status(), 200);
    assert.equal(status.path(), `/referrals/${reference}`);
    assert.match(await status.notificationBanner.innerText(), /Request for reconsideration sent to the Competent Authority/);
    const [request] = await status.reconsiderations();
    assert.equal(request!.rows.Status, 'Waiting for a decision');
    assert.equal(request!.rows.Grounds, 'There is new evidence');
    assert.equal(await status.askForReconsiderationButton.count(), 0, 'asked once');
    await assertAccessible(page, 'status page with the request for reconsideration');

    // A second request for the same decision is refused with the reason.
    const again = await loadsPage(page, () => page.goto(`/referrals/${reference}/reconsideration`));
    assert.equal(again.status(), 409);
    assert.match(await page.getByTestId('refusal').innerText(), /already been asked for/);
    await assertAccessible(page, 'refusal page');
    await page.context().close();
  });

  // Progressive enhancement: plain forms, so answering works with JavaScript off.
  it('answers a question with JavaScript turned off', async () => {
    const reference = await refer();
    const question = 'Is there a safe address for letters?';
    await t.ctx.casework.information.ask(kwame, reference, { question, version: await version(reference) }, ctx(kwame));
    const page = await t.newPage({ javaScriptEnabled: false });
    await signInAs(page, fiona.email);
    const status = await openStatus(page, reference);
    const sent = await status.answer(question, 'Yes: the refuge in Leeds.');
    assert.equal(sent.status(), 200);
    assert.match((await status.informationRequestCard(question)).rows.Answer!, /^Yes: the refuge in Leeds\./);
    assert.equal(await page.locator('body.govuk-frontend-supported').count(), 0);
    await page.context().close();
  });

  it('ran every page without script errors or CSP violations', () => {
    assert.deepEqual(t.pageProblems, []);
  });
});
