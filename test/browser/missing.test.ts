import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { browserSuiteSkip } from './support/browser.js';
import { startBrowserApp, type BrowserApp } from './support/browser-app.js';
import { assertAccessible } from './support/axe.js';
import { demoUser, signInAs } from './support/sign-in.js';
import { loadsPage } from './pages/base-page.js';
import { MissingDashboardPage, MissingEpisodePage, ReportMissingPage } from './pages/missing-pages.js';
import { principalFor } from '../support/principals.js';
import { actorOf } from '../../src/platform/auth/principal.js';
import { referrals } from '../../src/referrals/tables.js';
import { ukDateAndTime } from '../../src/missing/rules.js';

/**
 * A child reported missing through the pages by children's services, and the alert acknowledged by the
 * local authority and by the police force for the area, with axe on every page they reach.
 */
describe('missing people in a browser', { skip: browserSuiteSkip }, () => {
  let t: BrowserApp;
  let reference: string;

  before(async () => {
    t = await startBrowserApp();
    const fiona = await principalFor(t.ctx, demoUser('first_responder').email);
    ({ reference } = await t.ctx.referrals.submit(fiona, {
      under18: 'yes', policeForceCode: 'E23000001',
      person: { givenName: 'Lan', familyName: 'Browser', estimatedAge: 15, gender: 'male', nationalities: ['VN'], languages: ['vi'], letterRecipient: 'first_responder', asylumClaim: 'no', detention: 'none', immigrationStatus: 'asylum_seeker' },
      childLocalAuthority: { code: 'E09000017', contactName: 'Duty team', contactEmail: 'mash@hillingdon.example' },
      situations: [{ types: ['criminal'], startMonth: '2026-01', ongoing: true, ukPlaces: ['london'] }],
    }, 'browser-missing-1', { actor: actorOf(fiona) }));
  });
  after(async () => { await t?.close(); });

  it('children’s services report a child missing and acknowledge; the police see the alert on their home page and acknowledge it', async () => {
    const page = await t.newPage();
    const home = await signInAs(page, demoUser('la_childrens_services').email);
    assert.ok((await home.navigationItems()).includes('Missing people'));
    await home.openFromNavigation('Missing people');
    const dashboard = new MissingDashboardPage(page);
    assert.equal(dashboard.path(), MissingDashboardPage.path);
    await assertAccessible(page, 'missing people dashboard, empty');

    await dashboard.startReport();
    const form = new ReportMissingPage(page);
    assert.equal(await form.headingText(), 'Report a person missing');
    await assertAccessible(page, 'report a person missing');
    const refused = await form.submit();
    assert.equal(refused.status(), 400);
    assert.deepEqual((await form.errorSummaryItems()).map((i) => i.href), ['#reference', '#lastSeen-day', '#circumstances']);
    await assertAccessible(page, 'report a person missing, with errors');

    const lastSeen = ukDateAndTime(new Date(Date.now() - 2 * 3_600_000));
    await form.fill({ reference, date: lastSeen.date, time: lastSeen.time, circumstances: 'Left the foster home with an older man; red jacket.' });
    await form.submit();
    const episode = new MissingEpisodePage(page);
    assert.match(episode.path(), /^\/missing\/episodes\/[0-9a-f-]{36}$/);
    assert.match(await episode.notificationBanner.innerText(), /the organisations concerned have been alerted/);
    const summary = await episode.summary();
    assert.equal(summary['Where, and the circumstances'], 'Left the foster home with an older man; red jacket.');
    assert.equal(summary['Reasonable grounds decision'], 'Suspended while missing');
    assert.match(summary['Missing for']!, /^(1 hour 5\d minutes|2 hours( 1 minute)?)$/);
    const alerted = (await episode.alerts()).map((a) => a.Organisation).sort();
    assert.deepEqual(alerted, [
      "London Borough of Hillingdon Child's local authority", 'Metropolitan Police Service Police force for the area', 'Single Competent Authority Competent Authority',
    ]);
    await assertAccessible(page, 'missing episode with an alert to acknowledge');

    await episode.acknowledge();
    assert.match(await episode.notificationBanner.innerText(), /Alert acknowledged/);
    assert.equal(await episode.ownAlert.count(), 0);
    const hillingdon = (await episode.alerts()).find((a) => a.Organisation.startsWith('London Borough of Hillingdon'))!;
    assert.match(hillingdon.Acknowledged, /by Aisha Khan$/);
    await assertAccessible(page, 'missing episode, acknowledged');

    // The police force for the area: a banner on the home page, the alert on the dashboard.
    const police = await t.newPage();
    const policeHome = await signInAs(police, demoUser('first_responder').email);
    const banner = police.getByTestId('missing-alerts-banner');
    assert.match((await banner.innerText()).replace(/\s+/g, ' '), /1 alert about a missing person is waiting for Metropolitan Police Service to acknowledge/);
    await assertAccessible(police, 'home page with a missing-person alert');
    await loadsPage(police, () => banner.getByRole('link', { name: 'See the alerts' }).click());
    const policeDashboard = new MissingDashboardPage(police);
    const [row] = await policeDashboard.alerts();
    assert.match(row!.Referral, new RegExp(`^${reference} Child$`));
    assert.equal(row!['Alerted as'], 'Police force for the area');
    assert.match(row!.Sent, /^1 time/);
    const [open] = await policeDashboard.episodes();
    assert.match(open!.Referral, new RegExp(reference));
    await assertAccessible(police, 'missing people dashboard with an alert');
    await policeDashboard.acknowledge(reference);
    assert.match(await policeDashboard.notificationBanner.innerText(), /Alert acknowledged/);
    assert.match((await policeDashboard.alerts())[0]!.Acknowledged, /by Fiona Reid$/);
    await loadsPage(police, () => police.goto('/'));
    assert.equal(await policeHome.page.getByTestId('missing-alerts-banner').count(), 0);

    // Found: the episode closes and the reasonable grounds decision resumes.
    await loadsPage(police, () => police.getByRole('link', { name: 'Missing people', exact: true }).first().click());
    await loadsPage(police, () => police.getByTestId('missing-episodes').getByRole('link', { name: reference }).click());
    const policeEpisode = new MissingEpisodePage(police);
    const now = ukDateAndTime(new Date());
    const closed = await policeEpisode.close('Found', now.date, now.time);
    assert.equal(closed.status(), 200);
    assert.match(await policeEpisode.notificationBanner.innerText(), /the reasonable grounds decision has resumed/);
    assert.match((await policeEpisode.summary()).Outcome!, /^Found, /);
    await assertAccessible(police, 'closed missing episode');
    const [row2] = await t.ctx.database.db.select({ status: referrals.status }).from(referrals).where(eq(referrals.reference, reference));
    assert.equal(row2!.status, 'awaiting_rg');
    assert.deepEqual(t.pageProblems, []);
  });
});
