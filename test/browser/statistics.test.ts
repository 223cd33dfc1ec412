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
import { tableDefinitions } from '../../src/statistics/publication/table-definitions.js';
import { ReleasePage, StatisticsPage } from './pages/statistics-pages.js';

/**
 * Fixture, all received on 10 February 2026 from the Metropolitan Police: 21 adults referred to the NRM
 * (Vietnamese, labour exploitation in London; 12 women, 7 men, 2 of another gender) and 12 Duty to
 * Notify reports. Table 2 is one row, Adult: 12 | [c] | [c], 21 — the 2 is small, and the 7 is hidden
 * with it, or 21 − 12 − 7 would give the 2 away. Table 1a: 12 reports and 21 referrals in 2026 Q1, 33.
 * The charts are of tables 1a, 2 and 3a, and draw only published figures.
 */
const analyst = demoUser('analyst').email;
const charted = [
  { id: '1a', legend: ['Duty to Notify', 'National Referral Mechanism'], bars: 2 },
  { id: '2', legend: ['Female', 'Male', 'Other'], bars: 1 }, // the hidden men and others are not drawn
  { id: '3a', legend: ['Adult (18 or over)'], bars: 1 },
];
const titleOf = (id: string) => tableDefinitions.find((d) => d.id === id)!.title;

describe('statistics in a browser', { skip: browserSuiteSkip }, () => {
  const clock = new FixedClock(new Date('2026-02-10T10:00:00Z'));
  let t: BrowserApp;
  let page: Page;

  before(async () => {
    t = await startBrowserApp({ clock });
    // The referrals are made through the service: the referral journey has browser tests of its own.
    const fiona = await principalFor(t.ctx, demoUser('first_responder').email);
    const genders = [...Array<string>(12).fill('female'), ...Array<string>(7).fill('male'), 'other', 'other'];
    for (const [i, gender] of genders.entries()) {
      await t.ctx.referrals.submit(fiona, {
        under18: 'no', consent: true,
        person: {
          givenName: 'Person', familyName: `Chart${i}`, dateOfBirth: '1990-05-05', gender, nationalities: ['VN'], letterRecipient: 'first_responder',
          asylumClaim: 'yes', detention: 'none', immigrationStatus: 'asylum_seeker',
        },
        situations: [{ types: ['labour'], startMonth: '2025-03', endMonth: '2026-01', ukPlaces: ['london'] }],
        policeForceCode: 'E23000001',
      }, `chart-${i}`, { actor: actorOf(fiona) });
    }
    for (let i = 0; i < 12; i++) {
      await t.ctx.referrals.submit(fiona, {
        under18: 'no', consent: false, person: { gender: 'male', nationalities: ['RO'] },
        situations: [{ types: ['labour'], startMonth: '2025-06', ongoing: true, locationUnknown: true }], policeForceCode: 'E23000001',
      }, `chart-dtn-${i}`, { actor: actorOf(fiona) });
    }
    page = await t.newPage();
    await signInAs(page, analyst);
  });
  after(async () => { await t?.close(); });

  it('an analyst opens the statistics from the navigation and chooses a period with the date inputs', async () => {
    const statistics = new StatisticsPage(page);
    await statistics.openFromNavigation('Statistics');
    assert.equal(statistics.path(), StatisticsPage.path);
    assert.equal(await statistics.headingText(), 'National Referral Mechanism statistics');
    assert.equal(await statistics.main.getByText('No release has been published yet.').count(), 1);
    await assertAccessible(page, 'statistics page');

    // The end before the start: the form says so, on the field.
    assert.equal((await statistics.choosePeriod(['31', '3', '2026'], ['1', '1', '2026'])).status(), 400);
    assert.deepEqual((await statistics.errorSummaryItems()).map((e) => e.text), ['The start of the period must be on or before its end']);
    assert.equal(await statistics.dateInput('From', 'Day').inputValue(), '31', 'the answers are kept');
    await assertAccessible(page, 'statistics page with an error');

    const response = await statistics.choosePeriod(['1', '1', '2026'], ['31', '3', '2026']);
    assert.equal(response.status(), 200);
    assert.equal(statistics.path(), '/statistics?from-day=1&from-month=1&from-year=2026&to-day=31&to-month=3&to-year=2026&nation=uk');
  });

  it('shows every table with its figures, and the rule', async () => {
    const release = new ReleasePage(page);
    assert.equal(await release.headingText(), 'NRM statistics, 1 January 2026 to 31 March 2026');
    assert.equal(await release.caption(), 'Preview: not published');
    const summary = await release.summary();
    assert.equal(summary.Area, 'United Kingdom');
    assert.equal(summary.Published, 'Not yet');
    assert.equal(summary['Compared with'], 'No earlier release for this period');
    assert.match(await release.main.locator('.govuk-inset-text').innerText(), /Counts of 1 to 4 are shown as \[c\]/);

    // A table per definition (the historic ones only for 2009–2011 periods), then table 10.
    const published = tableDefinitions.filter((d) => !d.id.startsWith('h'));
    assert.deepEqual(await release.tableCaptions(), [
      ...published.map((d) => `Table ${d.id}: ${d.title}`), 'Table 10: days from referral to the first decision',
    ]);
    assert.deepEqual(await release.figureTable(`Table 2: ${titleOf('2')}`), {
      columns: ['Female', 'Male', 'Other', 'Total'],
      rows: { 'Adult (18 or over)': ['12', '[c]', '[c]', '21'], Total: ['12', '[c]', '[c]', '21'] },
    });
    assert.deepEqual(await release.figureTable(`Table 1a: ${titleOf('1a')}`), {
      columns: ['Duty to Notify', 'National Referral Mechanism', 'Total'],
      rows: { '2026 Q1': ['12', '21', '33'], Total: ['12', '21', '33'] },
    });
    assert.equal(await release.main.getByText('This is the first release for this period.').count(), 1);
    assert.equal(await release.main.getByText(/Chart\d/).count(), 0, 'no one’s name on a statistics page');
  });

  it('draws a chart of tables 1a, 2 and 3a, each an image with a text alternative, a legend, and its table after it', async () => {
    const release = new ReleasePage(page);
    assert.equal(await release.charts.count(), charted.length);
    for (const [i, expected] of charted.entries()) {
      const chart = release.charts.nth(i);
      const title = titleOf(expected.id);
      // role="img" with an accessible name that says what it shows and where its figures are.
      assert.equal(await release.chartImage(chart).count(), 1, `chart ${expected.id} is one image`);
      const image = chart.getByRole('img', { name: `${title}: bar chart. The figures are in table ${expected.id}, which follows.`, exact: true });
      assert.equal(await image.count(), 1, `chart ${expected.id} is named`);
      assert.equal(await image.evaluate((svg) => svg.tagName.toLowerCase()), 'svg');
      assert.deepEqual(await release.legend(chart), expected.legend, `chart ${expected.id}: the colours are named`);
      assert.equal(await chart.locator('[aria-hidden="true"]').filter({ hasText: expected.legend[0]! }).count(), 1, 'the legend is not read out twice');
      assert.equal(await release.bars(chart).count(), expected.bars, `chart ${expected.id}: a bar per published figure`);
      assert.match(await chart.locator('figcaption').innerText(), new RegExp(`^Chart of table ${expected.id}\\. Figures shown as \\[c\\] are not drawn\\.$`));
      assert.equal(await release.tableAfter(chart), `Table ${expected.id}: ${title}`);
    }
    await assertAccessible(page, 'statistics preview with charts and tables');
    assert.deepEqual(t.pageProblems, [], 'no script errors or CSP violations (the charts’ styles carry the nonce)');
  });

  it('links to the CSV, spreadsheet and JSON of the preview, which download', async () => {
    const release = new ReleasePage(page);
    const query = 'from-day=1&from-month=1&from-year=2026&to-day=31&to-month=3&to-year=2026&nation=uk';
    const links = await release.downloadLinks();
    assert.deepEqual(links, [
      { text: 'CSV (every table, one figure per line)', href: `/statistics/download/csv?${query}` },
      { text: 'OpenDocument spreadsheet (a sheet per table, cover and notes)', href: `/statistics/download/ods?${query}` },
      { text: 'JSON', href: `/statistics/download/json?${query}` },
    ]);
    const types = ['text/csv; charset=utf-8', 'application/vnd.oasis.opendocument.spreadsheet', 'application/json; charset=utf-8'];
    for (const [i, link] of links.entries()) {
      const response = await page.request.get(link.href); // with the page's session cookie
      assert.equal(response.status(), 200, link.href);
      assert.equal(response.headers()['content-type'], types[i]);
      assert.match(response.headers()['content-disposition'] ?? '', /^attachment; filename="nrm-statistics-2026-01-01-to-2026-03-31-uk-preview\./);
    }
  });

  it('publishes the release: the release page has the same charts and tables, downloads of its own, and is accessible', async () => {
    const release = new ReleasePage(page);
    const response = await release.publish();
    assert.equal(response.status(), 200);
    assert.match(release.path(), /^\/statistics\/releases\/[0-9a-f-]{36}$/);
    const id = release.path().split('/').pop()!;
    assert.match(await release.notificationBanner.innerText(), /Release published/);
    assert.equal(await release.caption(), 'Published release');
    assert.equal((await release.summary()).Published, '10 February 2026 at 10:00 am');
    assert.equal(await release.charts.count(), charted.length);
    assert.equal(await release.main.getByRole('button', { name: 'Publish this release' }).count(), 0, 'a published release is not published again');
    assert.deepEqual((await release.downloadLinks()).map((l) => l.href), ['csv', 'ods', 'json'].map((f) => `/statistics/releases/${id}/${f}`));
    assert.equal((await page.request.get(`/statistics/releases/${id}/ods`)).status(), 200);
    assert.deepEqual(await release.figureTable(`Table 2: ${titleOf('2')}`), {
      columns: ['Female', 'Male', 'Other', 'Total'],
      rows: { 'Adult (18 or over)': ['12', '[c]', '[c]', '21'], Total: ['12', '[c]', '[c]', '21'] },
    });
    await assertAccessible(page, 'published release page');

    const statistics = new StatisticsPage(page);
    await statistics.open();
    assert.deepEqual(await statistics.releases(), [{ Period: '1 January 2026 to 31 March 2026', Area: 'United Kingdom', 'Data as at': '10 February 2026 at 10:00 am', Published: '10 February 2026 at 10:00 am' }]);
    await assertAccessible(page, 'statistics page with a published release');
    assert.deepEqual(t.pageProblems, []);
  });
});
