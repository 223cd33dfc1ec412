import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { browserSuiteSkip } from './support/browser.js';
import { startBrowserApp, type BrowserApp } from './support/browser-app.js';
import { assertAccessible } from './support/axe.js';
import { demoUser, signInAs } from './support/sign-in.js';
import { principalFor } from '../support/principals.js';
import { FixedClock } from '../support/test-services.js';
import { actorOf } from '../../src/platform/auth/principal.js';
import { AnnualReportPage } from './pages/annual-report-page.js';

/** Fixture: 14 adults referred by the Metropolitan Police in March 2026 (9 women, 5 men); the report is drafted in November. */
describe("the rapporteur's annual report in a browser", { skip: browserSuiteSkip }, () => {
  const clock = new FixedClock(new Date('2026-03-02T10:00:00Z'));
  let t: BrowserApp;
  let page: Page;

  before(async () => {
    t = await startBrowserApp({ clock });
    const fiona = await principalFor(t.ctx, demoUser('first_responder').email);
    const genders = [...Array<string>(9).fill('female'), ...Array<string>(5).fill('male')];
    for (const [i, gender] of genders.entries()) {
      await t.ctx.referrals.submit(fiona, {
        under18: 'no', consent: true,
        person: {
          givenName: 'Person', familyName: `Report${i}`, dateOfBirth: '1988-01-01', gender, nationalities: ['VN'], letterRecipient: 'first_responder',
          asylumClaim: 'yes', detention: 'none', immigrationStatus: 'asylum_seeker',
        },
        situations: [{ types: ['labour'], startMonth: '2025-03', endMonth: '2026-01', ukPlaces: ['london'] }],
        policeForceCode: 'E23000001',
      }, `report-${i}`, { actor: actorOf(fiona) });
    }
    clock.set(new Date('2026-11-20T09:00:00Z'));
    page = await t.newPage();
    await signInAs(page, demoUser('policy_lead').email);
  });
  after(async () => { await t?.close(); });

  it('a policy lead opens the report from the navigation; a year that is not a year of the NRM is refused on the field', async () => {
    const report = new AnnualReportPage(page);
    await report.openFromNavigation('Annual report');
    assert.equal(await report.headingText(), 'Human trafficking: annual report 2025', 'the last full year until another is chosen');
    assert.equal(await report.yearInput.inputValue(), '2025');
    await assertAccessible(page, 'annual report');

    assert.equal((await report.draft('2007')).status(), 400);
    assert.deepEqual((await report.errorSummaryItems()).map((e) => e.text), ['The National Referral Mechanism began in 2009: enter 2009 or later']);
    assert.equal(await report.fieldError('year'), 'The National Referral Mechanism began in 2009: enter 2009 or later');
    await assertAccessible(page, 'annual report with an error');
  });

  it("drafts the chosen year's chapters from the published statistics, with their tables", async () => {
    const report = new AnnualReportPage(page);
    assert.equal((await report.draft('2026')).status(), 200);
    assert.equal(report.path(), '/reports/annual?year=2026');
    assert.equal(await report.headingText(), 'Human trafficking: annual report 2026');
    const contents = await report.contents();
    assert.deepEqual(contents.slice(0, 2), ['Referrals to the National Referral Mechanism', 'Decisions and timeliness']);
    const referrals = await report.chapter('1. Referrals to the National Referral Mechanism');
    assert.equal(referrals.paragraphs[0], 'In 2026, 14 potential victims were referred to the National Referral Mechanism.');
    assert.ok(referrals.tables.includes('Table 2: Referrals by age at exploitation and gender'));
    const decisions = await report.chapter('2. Decisions and timeliness');
    assert.ok(decisions.tables.includes('Table 10: days from referral to the first decision'));
    assert.equal(await report.main.getByText(/Report\d/).count(), 0, 'no one’s name in the report');
    await assertAccessible(page, 'annual report for 2026');
    assert.deepEqual(t.pageProblems, []);
  });

  it('links to the same report as a PDF', async () => {
    const report = new AnnualReportPage(page);
    assert.equal(await report.pdfLink.getAttribute('href'), '/reports/annual.pdf?year=2026');
    const response = await page.request.get('/reports/annual.pdf?year=2026');
    assert.equal(response.status(), 200);
    assert.equal(response.headers()['content-type'], 'application/pdf');
    assert.equal((await response.body()).subarray(0, 5).toString(), '%PDF-');
  });
});
