import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuiteSkip } from './support/browser.js';
import { startBrowserApp, type BrowserApp } from './support/browser-app.js';
import { assertAccessible } from './support/axe.js';
import { signInAs, signedInPage } from './support/sign-in.js';
import { principalFor } from '../support/principals.js';
import { FixedClock } from '../support/test-services.js';
import { actorOf } from '../../src/platform/auth/principal.js';
import { CasePage, DecisionPage, TimelinessPage, WorkQueuePage } from './pages/casework-pages.js';

const caseworker = 'caseworker@palermo.example';
const secondCaseworker = 'second.caseworker@palermo.example';
const manager = 'ca.manager@palermo.example';

/** An adult asylum seeker who consents: the referral goes to the Single Competent Authority. */
const adultAsylumSeeker = {
  under18: 'no', consent: true,
  person: {
    givenName: 'Amina', familyName: 'Okoro', dateOfBirth: '1995-04-12', gender: 'female', nationalities: ['NG'], languages: ['en'],
    letterRecipient: 'first_responder', asylumClaim: 'yes', detention: 'none', immigrationStatus: 'asylum_seeker',
  },
  situations: [{ types: ['sexual'], startMonth: '2025-01', endMonth: '2026-01', ukPlaces: ['sheffield'] }],
};

// The journeys run in order and build on each other: the caseworker's decision is the one the second
// caseworker reviews. Each user has a browser context of their own.
describe('Competent Authority casework in a browser', { skip: browserSuiteSkip }, () => {
  let t: BrowserApp;
  let reference: string;

  const signedIn = (email: string) => signedInPage(t, email);

  before(async () => {
    t = await startBrowserApp();
    // The referral is made through the service: the referral journey has browser tests of its own.
    const firstResponder = await principalFor(t.ctx, 'first.responder@palermo.example');
    const submitted = await t.ctx.referrals.submit(firstResponder, adultAsylumSeeker, 'casework-browser-referral', { actor: actorOf(firstResponder) });
    reference = submitted.reference;
    assert.match(reference, /^NRM-\d{4}-\d{6}$/);
  });
  after(async () => { await t?.close(); });

  it('a caseworker finds the unassigned case in the work queue, takes it and makes a negative reasonable grounds decision (axe on every page)', async () => {
    const page = await signedIn(caseworker);
    const queue = new WorkQueuePage(page);
    await queue.openFromNavigation('Work queue');
    assert.equal(queue.path(), WorkQueuePage.path);
    assert.equal(await queue.headingText(), 'Work queue');
    assert.equal(await queue.caption(), 'All open cases');
    await assertAccessible(page, 'work queue');

    await queue.filterBy('Unassigned');
    assert.equal(queue.path(), '/casework?filter=unassigned');
    assert.equal(await queue.caption(), 'Cases matching the filters');
    assert.equal(await queue.filters.getByRole('checkbox', { name: 'Unassigned', exact: true }).isChecked(), true, 'the filter stays ticked');
    const rows = await queue.rows();
    assert.ok(rows.every((row) => row.Caseworker === 'Unassigned'), `only unassigned cases: ${JSON.stringify(rows)}`);
    const row = await queue.row(reference);
    assert.ok(row, `${reference} is in the queue`);
    assert.equal(row['Next step'], 'Reasonable grounds decision');
    assert.equal(row.Status, 'Awaiting reasonable grounds decision');
    await assertAccessible(page, 'work queue filtered by unassigned');

    await queue.openCase(reference);
    const casePage = new CasePage(page);
    assert.equal(casePage.path(), CasePage.pathFor(reference));
    assert.equal(await casePage.headingText(), reference);
    assert.equal(await casePage.status(), 'Awaiting reasonable grounds decision');
    assert.equal((await casePage.due()).Caseworker, 'Unassigned');
    assert.equal(await casePage.decideReasonableGroundsLink.count(), 1);
    await assertAccessible(page, 'case page, unassigned');

    const taken = await casePage.take();
    assert.equal(taken.status(), 200);
    assert.equal(casePage.path(), CasePage.pathFor(reference));
    assert.match(await casePage.notificationBanner.innerText(), /You now hold this case/);
    // The case page names the caseworker only to those who may assign cases; a caseworker sees it is held.
    assert.equal((await casePage.due()).Caseworker, 'Kwame Mensah');
    assert.equal(await casePage.takeButton.count(), 0, 'a case held cannot be taken again');

    await casePage.decideReasonableGrounds();
    const decision = new DecisionPage(page);
    assert.equal(decision.path(), DecisionPage.pathFor(reference, 'reasonable-grounds'));
    assert.equal(await decision.headingText(), 'Reasonable grounds decision');
    assert.equal(await decision.caption.innerText(), reference);
    assert.deepEqual(await decision.outcomeLabels(), ['Positive', 'Negative']);
    await assertAccessible(page, 'reasonable grounds decision');

    // Nothing chosen: the same page comes back with the GOV.UK error summary, each problem linked to its field.
    const empty = await decision.save();
    assert.equal(empty.status(), 400);
    assert.equal(decision.path(), DecisionPage.pathFor(reference, 'reasonable-grounds'));
    assert.match(await page.title(), /^Error: /);
    assert.equal(await decision.errorSummaryTitle(), 'There is a problem');
    const items = await decision.errorSummaryItems();
    assert.deepEqual(items, [
      { text: 'Select the decision', href: '#outcome' },
      { text: 'Enter the reasons for the decision', href: '#reasons' },
    ]);
    for (const item of items) {
      assert.equal(await page.locator(`[id="${item.href.slice(1)}"]`).count(), 1, `the error summary link ${item.href} goes to a field on the page`);
    }
    assert.equal(await decision.fieldError('outcome'), 'Select the decision');
    assert.equal(await decision.fieldError('reasons'), 'Enter the reasons for the decision');
    // GOV.UK Frontend moves focus to the summary, so a screen reader announces the problems first.
    assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('govuk-error-summary')), true);
    await assertAccessible(page, 'reasonable grounds decision with errors');

    await decision.choose('Negative');
    await decision.chooseReason('Not enough information');
    await decision.fillReasons('No indicators of trafficking in the account given; the information requested was not provided.');
    const saved = await decision.save();
    assert.equal(saved.status(), 200);
    assert.equal(casePage.path(), CasePage.pathFor(reference));
    assert.match(await casePage.notificationBanner.innerText(), /Decision saved: a second caseworker must review it before it is issued/);
    assert.equal(await casePage.status(), 'Awaiting reasonable grounds decision', 'not issued yet');
    assert.deepEqual(await casePage.decisionTitles(), ['Reasonable grounds: Negative']);
    assert.equal(await casePage.reviewHeading.count(), 0, 'the maker cannot review their own decision');
    assert.equal(await casePage.lettersTable.count(), 0, 'no letter before the review');
    await assertAccessible(page, 'case page, decision waiting for review');
  });

  it('a second caseworker reviews the negative decision and issues it: the case is decided and a letter is written (axe on every page)', async () => {
    const page = await signedIn(secondCaseworker);
    const queue = new WorkQueuePage(page);
    await queue.openFromNavigation('Work queue');
    const row = await queue.row(reference);
    assert.ok(row, `${reference} is in the queue`);
    assert.equal(row['Next step'], 'Second review of a negative decision');
    assert.equal(row.Caseworker, 'Kwame Mensah');

    await queue.openCase(reference);
    const casePage = new CasePage(page);
    assert.equal(casePage.path(), CasePage.pathFor(reference));
    assert.equal(await casePage.reviewHeading.count(), 1, 'the second review is offered');
    assert.match(await casePage.decisionUnderReview(), /Reasonable grounds: Negative Main reason Not enough information/);
    await assertAccessible(page, 'case page, second review');

    const reviewed = await casePage.review('Yes, issue it');
    assert.equal(reviewed.status(), 200);
    assert.equal(casePage.path(), CasePage.pathFor(reference));
    assert.match(await casePage.notificationBanner.innerText(), /Decision issued: the letters are on their way/);
    assert.equal(await casePage.status(), 'Negative reasonable grounds');
    assert.equal(await casePage.reviewHeading.count(), 0, 'nothing left to review');
    assert.deepEqual(await casePage.decisionTitles(), ['Reasonable grounds: Negative']);
    const letters = await casePage.letters();
    assert.equal(letters.length, 1, `one letter: ${JSON.stringify(letters)}`);
    assert.equal(letters[0]!.To, 'First responder');
    const subject = `Reasonable grounds decision: ${reference}`;
    assert.equal(await casePage.lettersTable.getByRole('link', { name: subject, exact: true }).count(), 1, 'the letter opens from its subject');
    // The PDF link's hidden text says which letter it is, for a screen reader's list of links.
    assert.equal(await casePage.lettersTable.getByRole('link', { name: `PDF of ${subject} to First responder`, exact: true }).count(), 1);
    await assertAccessible(page, 'case page, decision issued');
  });

  it('the manager opens the timeliness figures (axe)', async () => {
    const page = await signedIn(manager);
    const timeliness = new TimelinessPage(page);
    assert.ok((await timeliness.navigationItems()).includes('Timeliness'));
    await timeliness.openFromNavigation('Timeliness');
    assert.equal(timeliness.path(), TimelinessPage.path);
    assert.equal(await timeliness.headingText(), 'Timeliness');
    assert.match(await timeliness.period(), /^Decisions on cases received from \d{1,2} \w+ \d{4} to \d{1,2} \w+ \d{4}/);
    await assertAccessible(page, 'timeliness');
  });

  it('with JavaScript turned off, a negative decision needs its main reason: the form says so, then takes it', async () => {
    const firstResponder = await principalFor(t.ctx, 'first.responder@palermo.example');
    const other = await t.ctx.referrals.submit(firstResponder, { ...adultAsylumSeeker, person: { ...adultAsylumSeeker.person, familyName: 'Mensah-Osei' } }, 'casework-browser-no-js', { actor: actorOf(firstResponder) });
    const page = await t.newPage({ javaScriptEnabled: false });
    await signInAs(page, caseworker);
    await page.goto(DecisionPage.pathFor(other.reference, 'reasonable-grounds'));
    assert.equal(await page.locator('body.govuk-frontend-supported').count(), 0, 'scripts are off');
    const decision = new DecisionPage(page);
    assert.equal(await decision.reasonCategories.isVisible(), true);
    await decision.choose('Negative');
    await decision.fillReasons('The account given does not meet the standard of proof.');
    const refused = await decision.save();
    assert.equal(refused.status(), 400);
    assert.deepEqual(await decision.errorSummaryItems(), [{ text: 'Select the main reason for the negative decision', href: '#reasonCategory' }]);
    assert.equal(await decision.fieldError('reasonCategory'), 'Select the main reason for the negative decision');
    await decision.chooseReason('Not enough information');
    const saved = await decision.save();
    assert.equal(saved.status(), 200);
    assert.equal(new CasePage(page).path(), CasePage.pathFor(other.reference));
  });

  it('ran every page without script errors or CSP violations', () => {
    assert.deepEqual(t.pageProblems, []);
  });
});

// A positive RG opens the recovery period; the service's clock is then moved past its end, so the
// conclusive grounds decision can be made. Sessions expire by the same clock: each step signs in afresh.
describe('A positive reasonable grounds decision and, after the recovery period, the conclusive grounds decision in a browser', { skip: browserSuiteSkip }, () => {
  const clock = new FixedClock(new Date('2026-03-02T10:00:00Z')); // Monday 2 March 2026
  let t: BrowserApp;
  let reference: string;

  const signedIn = (email: string) => signedInPage(t, email);

  before(async () => {
    t = await startBrowserApp({ clock });
    const firstResponder = await principalFor(t.ctx, 'first.responder@palermo.example');
    const submitted = await t.ctx.referrals.submit(firstResponder, { ...adultAsylumSeeker, person: { ...adultAsylumSeeker.person, familyName: 'Adeyemi' } }, 'casework-browser-positive', { actor: actorOf(firstResponder) });
    reference = submitted.reference;
  });
  after(async () => { await t?.close(); });

  it('a caseworker records a positive reasonable grounds decision: it is issued at once and the recovery period begins', async () => {
    const page = await signedIn(caseworker);
    const casePage = new CasePage(page);
    await casePage.open(reference);
    await casePage.take();
    await casePage.decideReasonableGrounds();
    const decision = new DecisionPage(page);
    await decision.choose('Positive');
    await decision.fillReasons('A credible account with indicators of control and of sexual exploitation.');
    const saved = await decision.save();
    assert.equal(saved.status(), 200);
    assert.equal(casePage.path(), CasePage.pathFor(reference));
    assert.match(await casePage.notificationBanner.innerText(), /Reasonable grounds decision issued/);
    assert.equal(await casePage.status(), 'Positive reasonable grounds: recovery period');
    assert.deepEqual(await casePage.decisionTitles(), ['Reasonable grounds: Positive']);
    assert.equal((await casePage.decisionCard('Reasonable grounds: Positive')).Status, 'Issued');
  });

  it('after the recovery period, the caseworker makes the conclusive grounds decision (axe on the decision page)', async () => {
    clock.set(new Date('2026-04-02T10:00:00Z')); // the period ended on 1 April
    const page = await signedIn(caseworker);
    const casePage = new CasePage(page);
    await casePage.open(reference);
    assert.equal(await casePage.decideConclusiveGroundsLink.count(), 1);
    await casePage.decideConclusiveGrounds();
    const decision = new DecisionPage(page);
    assert.equal(decision.path(), DecisionPage.pathFor(reference, 'conclusive-grounds'));
    assert.equal(await decision.headingText(), 'Conclusive grounds decision');
    assert.deepEqual(await decision.outcomeLabels(), [
      'Recognised as a victim of human trafficking',
      'Recognised as a victim of slavery, servitude or forced or compulsory labour',
      'Not recognised as a victim',
    ]);
    await assertAccessible(page, 'conclusive grounds decision');

    await decision.choose('Recognised as a victim of human trafficking');
    await decision.fillReasons('On the balance of probabilities the person was recruited, moved and exploited.');
    await decision.answerResidencePermit('No');
    const saved = await decision.save();
    assert.equal(saved.status(), 200);
    assert.equal(casePage.path(), CasePage.pathFor(reference));
    assert.match(await casePage.notificationBanner.innerText(), /Conclusive grounds decision issued/);
    assert.equal(await casePage.status(), 'Positive conclusive grounds');
    assert.deepEqual((await casePage.decisionTitles()).sort(), ['Conclusive grounds: Recognised as a victim of human trafficking', 'Reasonable grounds: Positive']);
    const cg = await casePage.decisionCard('Conclusive grounds: Recognised as a victim of human trafficking');
    assert.equal(cg.Status, 'Issued');
    assert.equal(cg.Date, '2 April 2026');
    assert.equal(cg['Move-on support until'], '17 May 2026'); // 45 days after 2 April
    assert.equal(cg['Residence permit'], 'Not recommended');
    assert.equal(await casePage.decideConclusiveGroundsLink.count(), 0, 'a case has one conclusive grounds decision');
  });

  it('ran every page without script errors or CSP violations', () => {
    assert.deepEqual(t.pageProblems, []);
  });
});
