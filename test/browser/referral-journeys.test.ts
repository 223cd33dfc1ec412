import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { browserSuiteSkip } from './support/browser.js';
import { startBrowserApp, type BrowserApp } from './support/browser-app.js';
import { assertAccessible } from './support/axe.js';
import { demoUser, signInAs } from './support/sign-in.js';
import { loadsPage } from './pages/base-page.js';
import { ReferralQuestionPage, ReferralStartPage } from './pages/referral-question-page.js';
import { ReferralCheckAnswersPage } from './pages/referral-check-answers-page.js';
import { ReferralConfirmationPage, ReferralStatusPage, ReferralsListPage } from './pages/referral-following-pages.js';

/**
 * One referral in one browser tab: checks each page it reaches (the page's place in the journey, its
 * heading and axe-core's WCAG 2.2 AA rules) and keeps the order the pages came in. With scripts off,
 * axe cannot run (its asynchronous checks never finish), so that walk checks the journey only.
 */
class Walk {
  readonly visited: string[] = [];
  readonly question: ReferralQuestionPage;

  constructor(readonly page: Page, readonly name: string, readonly scriptsOn: boolean) {
    this.question = new ReferralQuestionPage(page);
  }

  async accessible(what: string): Promise<void> {
    if (this.scriptsOn) await assertAccessible(this.page, `${this.name}: ${what}`);
  }

  /** Insists the journey has reached `pageId` with this heading, and checks the page. */
  async at(pageId: string, heading: string): Promise<ReferralQuestionPage> {
    assert.equal(this.question.pageId(), pageId, `${this.name}: expected the ${pageId} page`);
    assert.equal(await this.question.headingText(), heading);
    this.visited.push(pageId);
    await this.accessible(pageId);
    return this.question;
  }

  /**
   * Sends the current page as it is and expects the same page back with errors: the error summary,
   * the expected problems in it, and each of its links going to a field on the page.
   */
  async continueExpectingErrors(expected: Record<string, string>): Promise<void> {
    const pageId = this.question.pageId();
    const response = await this.question.continue();
    assert.equal(response.status(), 400, `${this.name}: ${pageId} sent empty`);
    assert.equal(this.question.pageId(), pageId, 'the same page comes back');
    assert.match(await this.page.title(), /^Error: /);
    assert.equal(await this.question.errorSummaryTitle(), 'There is a problem');
    const items = await this.question.errorSummaryItems();
    assert.ok(items.length > 0, 'the error summary lists the problems');
    for (const [href, text] of Object.entries(expected)) {
      assert.ok(items.some((item) => item.href === href && item.text === text), `${href} "${text}" is in the error summary: ${JSON.stringify(items)}`);
    }
    for (const item of items) {
      assert.equal(await this.page.locator(`[id="${item.href.slice(1)}"]`).count(), 1, `the error summary link ${item.href} goes to a field on the page`);
    }
    if (this.scriptsOn) {
      // GOV.UK Frontend moves focus to the summary, so a screen reader announces the problems first.
      assert.equal(await this.page.evaluate(() => document.activeElement?.classList.contains('govuk-error-summary')), true);
    }
    await this.accessible(`${pageId} with errors`);
  }
}

/** From the home page, through "Make a referral" and the start page, to the first question. */
async function startReferral(walk: Walk): Promise<void> {
  await signInAs(walk.page, demoUser('first_responder').email);
  await walk.accessible('home page');
  await loadsPage(walk.page, () => walk.page.getByRole('main').getByRole('button', { name: 'Make a referral' }).click());
  const start = new ReferralStartPage(walk.page);
  assert.equal(start.path(), ReferralStartPage.path);
  assert.equal(await start.headingText(), 'Make a referral');
  await walk.accessible('start page');
  await start.start();
}

/** Check your answers, then submit; returns the confirmation, checked too. */
async function checkAndSubmit(walk: Walk, expected: Record<string, string>, notShown: string[], submitLabel: string): Promise<ReferralConfirmationPage> {
  const check = new ReferralCheckAnswersPage(walk.page);
  await walk.at('check-answers', 'Check your answers');
  assert.equal(await check.errorSummary.count(), 0, 'nothing left to answer');
  const answers = await check.answers();
  for (const [key, value] of Object.entries(expected)) assert.equal(answers[key], value, key);
  for (const key of notShown) assert.equal(answers[key], undefined, `${key} is not asked`);
  assert.equal((await check.submitButton.innerText()).trim(), submitLabel);

  const response = await check.submit();
  assert.equal(response.status(), 200);
  const confirmation = new ReferralConfirmationPage(walk.page);
  assert.match(confirmation.path(), /^\/referrals\/submitted\/(NRM|DTN)-\d{4}-\d{6}$/);
  await walk.accessible('confirmation');
  return confirmation;
}

/** The referral is on the organisation's list, and its link opens its status page. */
async function followReferral(walk: Walk, confirmation: ReferralConfirmationPage, reference: string) {
  await confirmation.follow('Your organisation’s referrals');
  const list = new ReferralsListPage(walk.page);
  assert.equal(list.path(), ReferralsListPage.path);
  assert.equal(await list.headingText(), 'Your organisation’s referrals');
  await walk.accessible('referrals list');
  const row = await list.row(reference);
  assert.ok(row, `${reference} is listed`);

  await list.openReferral(reference);
  const status = new ReferralStatusPage(walk.page);
  assert.equal(status.path(), `/referrals/${reference}`);
  assert.equal(await status.headingText(), reference);
  await walk.accessible('status page');
  return { row, status };
}

/** An adult who consents: every page of an NRM referral, then the referral followed. */
async function adultWhoConsents(walk: Walk): Promise<void> {
  await startReferral(walk);

  let q = await walk.at('under-18', 'Is the person under 18?');
  await walk.continueExpectingErrors({ '#under18': 'Select whether the person is under 18' });
  await q.answerRadio('No');
  await q.continue();

  q = await walk.at('consent', 'Consent to a referral');
  await q.answerRadio('Yes, they consent to being referred');
  await q.continue();

  q = await walk.at('name', 'What is the person’s name?');
  await walk.continueExpectingErrors({ '#givenName': 'Enter the person’s name, or a name they are known by' });
  await q.fill('Given name or names', 'Amina');
  await q.fill('Family name', 'Yusuf');
  await q.fill('Other names they use or are known by (optional)', 'Mina\n\nAmi');
  await q.continue();

  q = await walk.at('date-of-birth', 'What is their date of birth?');
  await q.fill('Day', '12');
  await q.fill('Month', '4');
  await q.fill('Year', '1995');
  await q.continue();

  q = await walk.at('about-the-person', 'About the person');
  await q.answerRadio('Female', 'Gender');
  await q.select('Nationality', 'Nigeria');
  await q.select('Main language (optional)', 'English');
  await q.continue();

  q = await walk.at('safe-contact', 'Safe contact and decision letters');
  await q.fill('Phone number', '07700 900123');
  await q.answerRadio('The first responder only');
  await q.continue();

  q = await walk.at('immigration', 'Immigration and where they are now');
  await q.answerRadio('Other leave to remain (for example a visa)');
  await q.answerRadio('No', 'Have they claimed asylum?');
  await q.answerRadio('Not detained');
  await q.select('Town or city where they are now', 'Sheffield');
  await q.continue();

  // With no situation yet, the situations page goes straight to the first one's questions.
  q = await walk.at('situations/new', 'Add a situation of exploitation');
  await q.check('Sexual exploitation');
  await q.fill('Month', '1', 'When did it start?');
  await q.fill('Year', '2025', 'When did it start?');
  await q.fill('Month', '10', 'When did it end?');
  await q.fill('Year', '2026', 'When did it end?');
  await q.select('Town or city in the UK 1', 'Sheffield');
  await q.check('Debt bondage');
  await q.fill('What happened (optional)', 'Recruited with a job offer.');
  await q.continue();

  q = await walk.at('situations', 'Situations of exploitation');
  assert.match(await q.main.innerText(), /You have described 1 situation\./);
  await q.continue();

  q = await walk.at('other-agencies', 'Other agencies');
  await q.select('Police force area (optional)', 'South Yorkshire Police');
  await q.fill('Police crime reference (optional)', 'SYP-123');
  await q.continue();

  q = await walk.at('support-needs', 'What support does the person need?');
  await q.check('Safe accommodation');
  await q.continue();

  const confirmation = await checkAndSubmit(walk, {
    'Under 18': 'No',
    'Consents to an NRM referral': 'Yes',
    Name: 'Amina Yusuf',
    'Other names': 'Mina / Ami',
    'Date of birth or age': '12 April 1995',
    Nationalities: 'Nigeria',
    Languages: 'English',
    'Who may receive decision letters': 'The first responder only',
    'Where they are now': 'Sheffield',
    'Types of exploitation (situation 1)': 'Sexual exploitation',
    'When (situation 1)': 'January 2025 to October 2026',
    'Police force': 'South Yorkshire Police',
    'Support needed': 'Safe accommodation',
  }, [], 'Submit referral');

  assert.deepEqual(walk.visited, [
    'under-18', 'consent', 'name', 'date-of-birth', 'about-the-person', 'safe-contact', 'immigration',
    'situations/new', 'situations', 'other-agencies', 'support-needs', 'check-answers',
  ]);
  assert.equal(await confirmation.panelTitle(), 'Referral submitted');
  const reference = await confirmation.reference();
  assert.match(reference, /^NRM-\d{4}-\d{6}$/);
  assert.equal(confirmation.path(), `/referrals/submitted/${reference}`);
  const next = await confirmation.whatHappensNext();
  assert.match(next, /The referral has gone to the Single Competent Authority\./);
  assert.match(next, /The reasonable grounds decision is due by \d{1,2} \w+ \d{4} \(5 working days\)/);
  assert.doesNotMatch(next, /children’s services/);

  const { row, status } = await followReferral(walk, confirmation, reference);
  assert.equal(row['Competent Authority'], 'Single Competent Authority');
  assert.equal(row.Status, 'Awaiting reasonable grounds decision');
  assert.equal(await status.caption.innerText(), 'National Referral Mechanism');
  assert.equal(await status.status(), 'Awaiting reasonable grounds decision');
  const details = await status.details();
  assert.equal(details['Competent Authority'], 'Single Competent Authority');
  assert.equal(details.Name, 'Amina Yusuf');
  assert.equal(details['Date of birth'], '12 April 1995');
  assert.equal(details.Gender, 'Female');
  assert.equal(details.Nationality, 'Nigeria');
  assert.equal(details.Types, 'Sexual exploitation');
  assert.equal(details['Police force'], 'South Yorkshire Police');
}

describe('referral journeys in a browser', { skip: browserSuiteSkip }, () => {
  let t: BrowserApp;
  before(async () => { t = await startBrowserApp(); });
  after(async () => { await t?.close(); });

  it('makes an adult’s NRM referral with their consent, through every page, and follows it (axe on every page)', async () => {
    const page = await t.newPage();
    await adultWhoConsents(new Walk(page, 'Adult who consents', true));
    await page.context().close();
  });

  it('makes a child’s referral: no consent asked, their local authority told (axe on every page)', async () => {
    const page = await t.newPage();
    const walk = new Walk(page, 'Child', true);
    await startReferral(walk);

    let q = await walk.at('under-18', 'Is the person under 18?');
    await q.answerRadio('Yes');
    await q.continue();

    q = await walk.at('child-local-authority', 'The child’s local authority');
    const draftUrl = page.url().replace(/\/child-local-authority$/, '');
    await walk.continueExpectingErrors({ '#code': 'Select the child’s local authority', '#contactEmail': 'Enter the contact’s email address in the correct format' });
    await q.select('Local authority', 'Hillingdon');
    await q.fill('Name of your contact at children’s services', 'Duty team');
    await q.fill('Their email address', 'mash@hillingdon.example');
    await q.continue();

    q = await walk.at('name', 'What is the person’s name?');
    await q.fill('Given name or names', 'Lan');
    await q.fill('Family name', 'Nguyen');
    await q.continue();

    q = await walk.at('date-of-birth', 'What is their date of birth?');
    await q.fill('If you do not know their date of birth: their estimated age', '15');
    await q.continue();

    q = await walk.at('about-the-person', 'About the person');
    await q.answerRadio('Male', 'Gender');
    await q.select('Nationality', 'Vietnam');
    await q.select('Main language (optional)', 'Vietnamese');
    await q.check('They need an interpreter');
    await q.continue();

    q = await walk.at('safe-contact', 'Safe contact and decision letters');
    await q.answerRadio('The first responder only');
    await q.continue();

    q = await walk.at('immigration', 'Immigration and where they are now');
    await q.answerRadio('No leave to remain');
    await q.answerRadio('Intends to claim');
    await q.answerRadio('Not detained');
    await q.continue();

    q = await walk.at('situations/new', 'Add a situation of exploitation');
    await walk.continueExpectingErrors({ '#startMonth-month': 'Enter the month and year the exploitation started' });
    await q.check('Criminal exploitation');
    await q.fill('Month', '6', 'When did it start?');
    await q.fill('Year', '2026', 'When did it start?');
    await q.check('It is still happening');
    await q.select('Town or city in the UK 1', 'London');
    await q.check('Found in a cannabis farm or other criminal setting');
    await q.continue();

    q = await walk.at('situations', 'Situations of exploitation');
    await q.continue();

    q = await walk.at('other-agencies', 'Other agencies');
    await q.continue();

    const confirmation = await checkAndSubmit(walk, {
      'Under 18': 'Yes',
      'Local authority': 'Hillingdon',
      Contact: 'Duty team / mash@hillingdon.example',
      Name: 'Lan Nguyen',
      'Date of birth or age': 'About 15 years old (estimated)',
      'Needs an interpreter': 'Yes',
      'When (situation 1)': 'June 2026 to now (still happening)',
    }, ['Consents to an NRM referral', 'Support needed'], 'Submit referral');

    assert.deepEqual(walk.visited, [
      'under-18', 'child-local-authority', 'name', 'date-of-birth', 'about-the-person', 'safe-contact', 'immigration',
      'situations/new', 'situations', 'other-agencies', 'check-answers',
    ], 'no consent page and no support needs page for a child');

    assert.equal(await confirmation.panelTitle(), 'Referral submitted');
    const reference = await confirmation.reference();
    assert.match(reference, /^NRM-\d{4}-\d{6}$/);
    assert.match(await confirmation.whatHappensNext(), /Because the person is treated as a child, children’s services at Hillingdon have been told about them now\./);

    const { row, status } = await followReferral(walk, confirmation, reference);
    assert.match(row.Reference, /Child$/, 'tagged as a child on the list');
    assert.match(await status.text(), /Treated as a child: the child’s local authority children’s services were told/);
    assert.equal((await status.details()).Name, 'Lan Nguyen');

    // The draft went with the referral: its pages, consent included, are not there any more.
    assert.equal((await page.goto(`${draftUrl}/consent`))?.status(), 404);
    await page.context().close();
  });

  it('makes an anonymous Duty to Notify report for an adult who does not consent (axe on every page)', async () => {
    const page = await t.newPage();
    const walk = new Walk(page, 'Duty to Notify', true);
    await startReferral(walk);

    let q = await walk.at('under-18', 'Is the person under 18?');
    await q.answerRadio('No');
    await q.continue();

    q = await walk.at('consent', 'Consent to a referral');
    await walk.continueExpectingErrors({ '#consent': 'Select whether the person consents to being referred' });
    assert.match(await q.main.innerText(), /You will make an anonymous Duty to Notify report instead\./, 'the Met carries the Duty to Notify');
    await q.answerRadio('No, they do not consent');
    await q.continue();

    q = await walk.at('duty-to-notify', 'Make a Duty to Notify report instead');
    await q.continue();

    q = await walk.at('about-the-person', 'About the person');
    assert.equal(await q.caption.innerText(), 'Duty to Notify report');
    assert.equal(await q.main.getByRole('group', { name: 'Languages' }).count(), 0, 'no languages asked');
    await walk.continueExpectingErrors({ '#gender': 'Select the person’s gender' });
    await q.answerRadio('Male', 'Gender');
    await q.select('Nationality', 'Albania');
    await q.continue();

    q = await walk.at('situations/new', 'Add a situation of exploitation');
    assert.equal(await q.field('What happened (optional)').count(), 0, 'no account of events');
    await q.check('Labour exploitation');
    await q.fill('Month', '2', 'When did it start?');
    await q.fill('Year', '2026', 'When did it start?');
    await q.check('It is still happening');
    await q.check('Where it happened is not known');
    await q.continue();

    q = await walk.at('situations', 'Situations of exploitation');
    await q.continue();

    q = await walk.at('other-agencies', 'Other agencies');
    assert.equal(await q.field('Police crime reference (optional)').count(), 0, 'no crime reference');
    await q.select('Police force area (optional)', 'Metropolitan Police Service');
    await q.continue();

    const confirmation = await checkAndSubmit(walk, {
      'Under 18': 'No',
      'Consents to an NRM referral': 'No',
      'What you are making': 'An anonymous Duty to Notify report',
      Gender: 'Male',
      Nationalities: 'Albania',
      'Types of exploitation (situation 1)': 'Labour exploitation',
      'Where (situation 1)': 'Not known',
      'Police force': 'Metropolitan Police Service',
    }, ['Name', 'Date of birth or age', 'Languages', 'Phone', 'Immigration status', 'What happened (situation 1)', 'Crime reference', 'Support needed'],
    'Submit Duty to Notify report');

    assert.deepEqual(walk.visited, [
      'under-18', 'consent', 'duty-to-notify', 'about-the-person', 'situations/new', 'situations', 'other-agencies', 'check-answers',
    ], 'no name, date of birth, contact or immigration pages');

    assert.equal(await confirmation.panelTitle(), 'Duty to Notify report made');
    const reference = await confirmation.reference();
    assert.match(reference, /^DTN-\d{4}-\d{6}$/);
    assert.match(await confirmation.whatHappensNext(), /The Home Office records this report anonymously\./);

    const { row, status } = await followReferral(walk, confirmation, reference);
    assert.equal(row['Competent Authority'], 'Not applicable');
    assert.equal(row.Status, 'Duty to Notify report received');
    assert.equal(await status.caption.innerText(), 'Duty to Notify report');
    const details = await status.details();
    assert.equal(details.Name, undefined, 'no identity is stored');
    assert.equal(details.Nationality, 'Albania');
    await page.context().close();
  });

  // Progressive enhancement: the referral must work with JavaScript off (GOV.UK Service Manual).
  it('makes the adult’s referral with JavaScript turned off', async () => {
    const page = await t.newPage({ javaScriptEnabled: false });
    const walk = new Walk(page, 'Adult who consents, without JavaScript', false);
    await adultWhoConsents(walk);
    // GOV.UK's template adds this class from a script: its absence shows scripts really were off.
    assert.equal(await page.locator('body.govuk-frontend-supported').count(), 0);
    await page.context().close();
  });

  it('ran every page without script errors or CSP violations', () => {
    assert.deepEqual(t.pageProblems, []);
  });
});
