import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { browserSuiteSkip } from './support/browser.js';
import { startBrowserApp, type BrowserApp } from './support/browser-app.js';
import { assertAccessible } from './support/axe.js';
import { demoUser, signInAs } from './support/sign-in.js';
import { loadsPage } from './pages/base-page.js';
import { IntelligenceListPage, IntelligenceReportPage, PublicReportPage } from './pages/intelligence-pages.js';
import { FixedClock } from '../support/test-services.js';
import { intelligenceReports } from '../../src/intelligence/tables.js';

describe('intelligence in a browser', { skip: browserSuiteSkip }, () => {
  // The service's clock, moved on while the visitor writes: a form sent sooner than a person could is treated as automated.
  const clock = new FixedClock(new Date('2026-11-27T10:00:00Z'));
  let t: BrowserApp;
  let reference: string;

  before(async () => { t = await startBrowserApp({ clock }); });
  after(async () => { await t?.close(); });

  it('a member of the public reports anonymously from a phone, from the sign-in page (axe on the form, its errors and the thank-you page)', async () => {
    const page = await t.newPage({ viewport: { width: 375, height: 667 }, isMobile: true, hasTouch: true, userAgent: 'Mozilla/5.0 (iPhone; phone-marker-9931)' });
    await page.goto('/sign-in');
    await loadsPage(page, () => page.getByRole('link', { name: 'Report a suspicion anonymously' }).click());
    const report = new PublicReportPage(page);
    assert.equal(report.path(), PublicReportPage.path);
    assert.equal(await report.headingText(), 'Report a suspicion of slavery or trafficking');
    assert.equal(await report.scrollsSideways(), false, 'fits a phone screen');
    assert.equal(await report.navigation.count(), 0, 'no staff navigation');
    await assertAccessible(page, 'public report form on a phone');

    clock.advanceMinutes(1);
    const refused = await report.send();
    assert.equal(refused.status(), 400);
    assert.match(await report.errorSummary.innerText(), /Describe what you saw or know/);
    await assertAccessible(page, 'public report form with errors on a phone');

    await report.fill({
      what: 'Several men are dropped at the car wash at 6am and picked up late at night. They look exhausted.',
      places: 'Station Road, Doncaster',
      businesses: 'Shine Bright Car Wash',
      vehicles: 'Silver minibus',
      suspects: 'A man in a black jacket who pays them in cash',
      area: 'South Yorkshire Police',
      kinds: ['Labour exploitation'],
    });
    clock.advanceMinutes(3);
    const sent = await report.send();
    assert.equal(sent.status(), 200);
    assert.equal(await report.headingText(), 'Report sent');
    reference = (await report.reference.innerText()).trim();
    assert.match(reference, /^INT-[0-9A-Z]{5}-[0-9A-Z]{5}$/);
    assert.equal(await report.scrollsSideways(), false);
    await assertAccessible(page, 'public report received on a phone');

    const [row] = await t.ctx.database.db.select().from(intelligenceReports).where(eq(intelligenceReports.reference, reference));
    assert.equal(row?.source, 'public');
    assert.ok(!JSON.stringify(row).includes('phone-marker-9931'));
  });

  it('an analyst finds the report on the triage page, triages it and sees the areas (axe on each page)', async () => {
    const page = await t.newPage();
    const home = await signInAs(page, demoUser('analyst').email);
    assert.ok((await home.navigationItems()).includes('Intelligence'));
    await home.openFromNavigation('Intelligence');
    const list = new IntelligenceListPage(page);
    assert.equal(await list.headingText(), 'Intelligence triage');
    await assertAccessible(page, 'intelligence triage');

    await list.search('car wash doncaster');
    const rows = await list.rows();
    assert.deepEqual(rows.map((r) => r.Reference), [reference]);
    assert.equal(rows[0]!.Source, 'Public (anonymous)');
    assert.equal(rows[0]!.Status, 'New');
    await assertAccessible(page, 'intelligence triage with a search');

    await list.openReport(reference);
    const report = new IntelligenceReportPage(page);
    assert.equal(await report.headingText(), reference);
    await assertAccessible(page, 'intelligence report for an analyst');
    await report.triage('Actioned', { source: 'B', intelligence: '3', handling: 'P' });
    assert.match(await report.notificationBanner.innerText(), /Triage of .* saved/);
    assert.equal(await report.summaryValue('Triage status'), 'Actioned');
    assert.match(await report.summaryValue('Grading'), /^B3P/);

    await page.goto('/intelligence');
    await list.openAreas();
    assert.equal(await list.headingText(), 'Intelligence by police force area');
    assert.match(await page.getByTestId('areas').innerText(), /South Yorkshire Police/);
    await assertAccessible(page, 'intelligence by police force area');
  });

  it('a first responder sends intelligence from the home page (axe on the form)', async () => {
    const page = await t.newPage();
    await signInAs(page, demoUser('first_responder').email);
    await loadsPage(page, () => page.getByRole('link', { name: 'Send intelligence' }).first().click());
    assert.equal(new URL(page.url()).pathname, '/intelligence/new');
    await assertAccessible(page, 'send intelligence form');
    await page.getByLabel('What is the intelligence?').fill('A house on Elm Road has windows blacked out and a strong smell of cannabis.');
    await page.getByLabel('Addresses or places').fill('14 Elm Road, Northtown');
    await page.getByRole('group', { name: 'Source evaluation' }).getByLabel(/^\s*A:/).check();
    await page.getByRole('group', { name: 'Intelligence assessment' }).getByLabel(/^\s*1:/).check();
    await page.getByRole('group', { name: 'Handling code' }).getByLabel(/^\s*P:/).check();
    const sent = await loadsPage(page, () => page.getByRole('button', { name: 'Send intelligence' }).click());
    assert.equal(sent.status(), 200);
    assert.match(new URL(page.url()).pathname, /^\/intelligence\/INT-/);
    await assertAccessible(page, 'intelligence report for its sender');
  });

  it('a public report works without JavaScript', async () => {
    const page = await t.newPage({ javaScriptEnabled: false, viewport: { width: 375, height: 667 } });
    const report = new PublicReportPage(page);
    await report.open();
    await report.fill({ what: 'Young people selling flowers door to door late at night, collected by a van.', vehicles: 'White van', kinds: ['Criminal exploitation'] });
    clock.advanceMinutes(2);
    assert.equal((await report.send()).status(), 200);
    assert.match((await report.reference.innerText()).trim(), /^INT-/);
  });

  it('leaves no script errors or CSP violations', () => {
    assert.deepEqual(t.pageProblems, []);
  });
});
