import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { browserSuiteSkip } from './support/browser.js';
import { startBrowserApp, type BrowserApp } from './support/browser-app.js';
import { assertAccessible } from './support/axe.js';
import { demoUser, signInAs } from './support/sign-in.js';
import { principalFor } from '../support/principals.js';
import { actorOf } from '../../src/platform/auth/principal.js';
import { referrals } from '../../src/referrals/tables.js';
import { PseudonymisedRecordPage, RecordsListPage } from './pages/repository-records-pages.js';

const adult = (familyName: string, types: string[], extra: Record<string, unknown> = {}) => ({
  under18: 'no', consent: true,
  person: {
    givenName: 'Amina', familyName, dateOfBirth: '1995-04-12', gender: 'female', nationalities: ['NG'], languages: ['en'],
    letterRecipient: 'first_responder', asylumClaim: 'yes', detention: 'none', immigrationStatus: 'asylum_seeker',
  },
  situations: [{ types, startMonth: '2025-01', endMonth: '2025-06', ukPlaces: ['sheffield'], narrative: 'Driven to the cannabis farm on Marlowe Lane every night.' }],
  ...extra,
});

describe('pseudonymised records in a browser', { skip: browserSuiteSkip }, () => {
  let t: BrowserApp;
  const made: { reference: string; pseudonym: string }[] = [];

  before(async () => {
    t = await startBrowserApp();
    // The referrals and the decision are made through the services: their pages have browser tests of their own.
    const fiona = await principalFor(t.ctx, 'first.responder@palermo.example');
    const kwame = await principalFor(t.ctx, 'caseworker@palermo.example');
    for (const [i, body] of [adult('Okonkwo-Records', ['sexual']), adult('Adeyemi-Records', ['criminal'], { policeForceCode: 'E23000011' })].entries()) {
      const { reference } = await t.ctx.referrals.submit(fiona, body, `records-browser-${i}`, { actor: actorOf(fiona) });
      const [row] = await t.ctx.database.db.select().from(referrals).where(eq(referrals.reference, reference));
      made.push({ reference, pseudonym: row!.pseudonym });
    }
    const criminal = made[1]!.reference;
    const version = async () => (await t.ctx.database.db.select().from(referrals).where(eq(referrals.reference, criminal)))[0]!.version;
    await t.ctx.casework.assignment.take(kwame, criminal, { version: await version() }, { actor: actorOf(kwame) });
    await t.ctx.casework.decisions.propose(kwame, criminal, 'rg', { outcome: 'positive', reasons: 'Indicators of control.', version: await version() }, { actor: actorOf(kwame) });
  });
  after(async () => { await t?.close(); });

  it('an analyst opens the records from the menu, filters them and opens one (axe on both pages)', async () => {
    const page = await t.newPage();
    const home = await signInAs(page, demoUser('analyst').email);
    assert.ok((await home.navigationItems()).includes('Records'));
    await home.openFromNavigation('Records');
    const list = new RecordsListPage(page);
    assert.equal(list.path(), RecordsListPage.path);
    assert.equal(await list.headingText(), 'Pseudonymised records');
    assert.equal(await list.total(), 2);
    assert.deepEqual(new Set((await list.rows()).map((r) => r.Pseudonym)), new Set(made.map((m) => m.pseudonym)));
    await assertAccessible(page, 'pseudonymised records');

    await list.filter({ exploitationType: 'Criminal exploitation', decision: 'Positive reasonable grounds decision' });
    assert.match(list.path(), /^\/repository\/records\?.*exploitationType=criminal.*outcome=rg_positive/);
    assert.equal(await list.total(), 1);
    const [row] = await list.rows();
    assert.equal(row!.Pseudonym, made[1]!.pseudonym);
    assert.equal(row!.Exploitation, 'Criminal exploitation');
    assert.equal(row!['Police force area'], 'South Yorkshire Police');
    assert.match(row!['Reasonable grounds'], /^Positive, [A-Z][a-z]+ \d{4}, \d+ days? after receipt$/);
    assert.equal(await page.getByLabel('Type of exploitation', { exact: true }).inputValue(), 'criminal', 'the filter stays chosen');
    assert.match(await list.downloadLink.getAttribute('href') ?? '', /^\/repository\/records\.csv\?.*exploitationType=criminal/);
    await assertAccessible(page, 'pseudonymised records, filtered');

    await list.openRecord(made[1]!.pseudonym);
    const record = new PseudonymisedRecordPage(page);
    assert.equal(record.path(), PseudonymisedRecordPage.pathFor(made[1]!.pseudonym));
    assert.equal(await record.headingText(), 'Pseudonymised record');
    assert.equal(await record.pseudonym(), made[1]!.pseudonym);
    const fields = await record.fields();
    assert.equal(fields.Route, 'National Referral Mechanism');
    assert.equal(fields.Nationality, 'Nigeria');
    assert.equal(fields['First responder'], 'Police force');
    assert.deepEqual(await record.situations(), [{ Situation: '1', Types: 'Criminal exploitation', Period: 'January 2025 to June 2025', Where: 'UK' }]);
    const [decision] = await record.decisions();
    assert.equal(decision!.Stage, 'Reasonable grounds');
    assert.equal(decision!.Outcome, 'Positive');
    assert.equal(decision!['On reconsideration'], 'No');
    await assertAccessible(page, 'pseudonymised record');

    const text = await page.locator('body').innerText();
    for (const secret of ['Amina', 'Adeyemi', 'Okonkwo', '1995-04-12', '12 April 1995', 'Marlowe Lane', made[0]!.reference, made[1]!.reference]) {
      assert.ok(!text.includes(secret), `the record page shows nothing of ${secret}`);
    }

    await record.backToList();
    assert.equal(list.path(), RecordsListPage.path);
    await page.context().close();
  });

  it('does not offer the records to a first responder, and refuses them', async () => {
    const page = await t.newPage();
    const home = await signInAs(page, demoUser('first_responder').email);
    assert.ok(!(await home.navigationItems()).includes('Records'));
    assert.equal((await page.goto(RecordsListPage.path))?.status(), 403);
    await page.context().close();
  });

  it('ran every page without script errors or CSP violations', () => {
    assert.deepEqual(t.pageProblems, []);
  });
});
