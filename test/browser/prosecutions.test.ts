import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuiteSkip } from './support/browser.js';
import { startBrowserApp, type BrowserApp } from './support/browser-app.js';
import { assertAccessible } from './support/axe.js';
import { demoUser, signInAs } from './support/sign-in.js';
import { principalFor } from '../support/principals.js';
import { actorOf } from '../../src/platform/auth/principal.js';
import { loadsPage } from './pages/base-page.js';
import { CasePage } from './pages/casework-pages.js';
import { CaseProsecutionsSection, ProsecutionStatisticsPage } from './pages/prosecution-pages.js';

const adult = {
  under18: 'no', consent: true,
  person: {
    givenName: 'Elena', familyName: 'Prosecution-Browser', dateOfBirth: '1994-02-03', gender: 'female', nationalities: ['PL'], languages: ['pl'],
    letterRecipient: 'first_responder', asylumClaim: 'yes', detention: 'none', immigrationStatus: 'asylum_seeker',
  },
  situations: [{ types: ['sexual'], startMonth: '2024-01', endMonth: '2024-09', ukPlaces: ['sheffield'] }],
};

describe('prosecution outcomes in a browser', { skip: browserSuiteSkip }, () => {
  let t: BrowserApp;
  let reference: string;

  before(async () => {
    t = await startBrowserApp();
    // The referral and the outcome come through the services: the API has integration tests of its own.
    const fiona = await principalFor(t.ctx, 'first.responder@palermo.example');
    const cps = await principalFor(t.ctx, demoUser('prosecution_service').email);
    ({ reference } = await t.ctx.referrals.submit(fiona, adult, 'prosecutions-browser', { actor: actorOf(fiona) }));
    const defendants = Array.from({ length: 6 }, (_, i) => ({
      label: `D${i + 1}`, role: i === 0 ? 'principal' : 'secondary_party',
      offences: [{ offence: 'msa2015_s2', result: 'convicted', sentence: { kind: 'custody', months: 36 + i } }, ...(i === 0 ? [{ offence: 'soa2003_s59a', result: 'acquitted' }] : [])],
    }));
    await t.ctx.prosecutions.submit(cps, {
      reference: 'CPS-BROWSER-1', updatedAt: '2025-10-02T12:00:00Z', court: { name: 'Sheffield Crown Court', type: 'crown' },
      chargedOn: '2024-11-04', concludedOn: '2025-10-01', defendants, victims: [reference],
    }, 'prosecutions-browser-1', { actor: actorOf(cps) });
  });
  after(async () => { await t?.close(); });

  it('a caseworker sees the prosecution on the case (axe on the case page)', async () => {
    const page = await t.newPage();
    await signInAs(page, demoUser('ca_caseworker').email);
    const casePage = new CasePage(page);
    await loadsPage(page, () => casePage.open(reference));
    const section = new CaseProsecutionsSection(page);
    assert.equal((await section.section.innerText()).trim(), 'Prosecutions');
    assert.deepEqual(await section.cardTitles(), ['Prosecution CPS-BROWSER-1']);
    const [first, second] = await section.offences('CPS-BROWSER-1');
    assert.deepEqual(first, { Defendant: 'D1 (Principal)', Offence: 'Modern Slavery Act 2015 s2 (human trafficking)', Result: 'Convicted', Sentence: 'Immediate custody, 36 months' });
    assert.deepEqual(second, { Defendant: '', Offence: 'Sexual Offences Act 2003 s59A (trafficking people for sexual exploitation)', Result: 'Acquitted', Sentence: '—' });
    await assertAccessible(page, 'case page with a prosecution');
  });

  it('an analyst reads the prosecution statistics from the home page (axe on the page)', async () => {
    const page = await t.newPage();
    const home = await signInAs(page, demoUser('analyst').email);
    assert.ok((await home.taskNames()).includes('Prosecution statistics'));
    await loadsPage(page, () => page.getByRole('link', { name: 'Prosecution statistics' }).click());
    const statistics = new ProsecutionStatisticsPage(page);
    assert.equal(statistics.path(), ProsecutionStatisticsPage.path);
    await statistics.show('2024', '2025');
    assert.equal(statistics.path(), '/statistics/prosecutions?fromYear=2024&toYear=2025');
    const byYear = await statistics.figures(/by offence and year concluded/);
    assert.deepEqual(byYear['Modern Slavery Act 2015 s2 (human trafficking)'], { 2024: '0', 2025: '6', Total: '6' });
    await assertAccessible(page, 'prosecution statistics');

    await statistics.show('2025', '2019');
    assert.equal((await statistics.errorSummary.innerText()).includes('The last year must be the same as or after the first year'), true);
    await assertAccessible(page, 'prosecution statistics with an error');
  });
});
