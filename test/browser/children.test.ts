import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuiteSkip } from './support/browser.js';
import { startBrowserApp, type BrowserApp } from './support/browser-app.js';
import { assertAccessible } from './support/axe.js';
import { signedInPage } from './support/sign-in.js';
import { principalFor } from '../support/principals.js';
import { FixedClock } from '../support/test-services.js';
import { actorOf } from '../../src/platform/auth/principal.js';
import { HomePage } from './pages/home-page.js';
import { ChildPage, ChildrenListPage, MultiAgencyPage, SafeguardingFormPage } from './pages/children-pages.js';

const childrensServices = 'childrens.services@palermo.example';

/** A child referred by the Metropolitan Police, whose local authority is Hillingdon. */
const child = {
  under18: 'yes',
  person: {
    givenName: 'Linh', familyName: 'Tran', dateOfBirth: '2010-09-14', gender: 'female', nationalities: ['VN'], languages: ['vi'], interpreterNeeded: true,
    letterRecipient: 'first_responder', phone: '07700 900456', safeContactNotes: 'Through the duty social worker',
  },
  childLocalAuthority: { code: 'E09000017', contactName: 'Duty desk', contactEmail: 'duty@example.org' },
  situations: [{ types: ['criminal'], countyLines: true, startMonth: '2025-10', ongoing: true, ukPlaces: ['london'] }],
  policeForceCode: 'E23000001',
};

describe('children’s safeguarding in a browser', { skip: browserSuiteSkip }, () => {
  let t: BrowserApp;
  let reference: string;

  before(async () => {
    t = await startBrowserApp({ clock: new FixedClock(new Date('2026-03-10T10:00:00Z')) });
    const responder = await principalFor(t.ctx, 'first.responder@palermo.example');
    reference = (await t.ctx.referrals.submit(responder, child, 'children-browser-referral', { actor: actorOf(responder) })).reference;
  });
  after(async () => { await t?.close(); });

  it('children’s services open a child, record the safeguarding plan and the placement, and add to the multi-agency record (axe on every page)', async () => {
    const page = await signedInPage(t, childrensServices);
    const home = new HomePage(page);
    assert.match(await page.getByTestId('children-counts').innerText(), /1 child has been referred in your area\.\s+1 has no safeguarding plan recorded\./);
    await assertAccessible(page, 'local authority home');

    const list = new ChildrenListPage(page);
    await home.openFromNavigation('Children');
    assert.equal(list.path(), ChildrenListPage.path);
    const [row] = await list.rows();
    assert.equal(row?.Reference, reference);
    assert.equal(row?.['Safeguarding plan'], 'No plan');
    await assertAccessible(page, 'children list');

    const childPage = new ChildPage(page);
    await list.openChild(reference);
    assert.equal(await childPage.headingText(), 'Linh Tran');
    assert.equal(await childPage.value('The child', 'Date of birth'), '14 September 2010 (age 15)');
    assert.equal(await childPage.value('Safe contact', 'How to contact safely'), 'Through the duty social worker');
    await assertAccessible(page, 'child');

    const form = new SafeguardingFormPage(page);
    await childPage.follow('Record the safeguarding plan');
    assert.equal(await form.headingText(), 'Safeguarding plan');
    await assertAccessible(page, 'safeguarding plan form');
    assert.equal((await form.save()).status(), 400);
    assert.deepEqual((await form.errorSummaryItems()).map((i) => i.text), [
      'Select the status of the safeguarding plan', 'Enter the name of the lead social worker', 'Enter a summary of the safeguarding plan',
    ]);
    await assertAccessible(page, 'safeguarding plan form with errors');
    await form.choose('Status of the plan', 'Agreed');
    await form.fillDate('Date the plan was agreed', { day: '6', month: '3', year: '2026' });
    await form.fill('Lead social worker', 'Jo Bloggs');
    await form.fill('Summary of the plan', 'No unsupervised contact; return interview if missing.');
    assert.equal((await form.save()).status(), 200);
    assert.equal(childPage.path(), `/children/${reference}`);
    assert.match(await childPage.notificationBanner.innerText(), /Safeguarding plan recorded/);
    assert.equal(await childPage.value('Safeguarding plan', 'Status'), 'Agreed');
    assert.equal(await childPage.value('Safeguarding plan', 'Agreed on'), '6 March 2026');
    await assertAccessible(page, 'child with a plan');

    await childPage.follow('Record the placement');
    await assertAccessible(page, 'placement form');
    await form.choose('Type of placement', 'Foster care');
    await form.fillDate('Date the placement started', { day: '7', month: '3', year: '2026' });
    await form.fill('Address and details (optional)', '4 Park Road, Uxbridge');
    await form.save();
    assert.equal(await childPage.value('Placement', 'Type'), 'Foster care');
    assert.equal(await childPage.value('Where the child is', 'Placement now'), 'Foster care since 7 March 2026');

    const record = new MultiAgencyPage(page);
    await childPage.follow('Multi-agency record');
    assert.equal(await record.headingText(), 'Multi-agency record');
    const agencies = await record.agencies();
    assert.ok(agencies.some((a) => a.startsWith('London Borough of Hillingdon')), agencies.join('; '));
    await assertAccessible(page, 'multi-agency record');
    await record.add({ topic: 'Family', question: 'Who do you live with at home?', answer: 'My aunt, in Hanoi', askedOn: { day: '8', month: '3', year: '2026' } });
    assert.match(await record.notificationBanner.innerText(), /Added to the multi-agency record/);
    const [entry] = await record.entries('family');
    assert.equal(entry?.Question, 'Who do you live with at home?');
    assert.equal(entry?.Answer, 'My aunt, in Hanoi');
    assert.match(entry?.['Asked by'] ?? '', /London Borough of Hillingdon Aisha Khan, asked 8 March 2026/);
    await assertAccessible(page, 'multi-agency record with an entry');
    assert.deepEqual(t.pageProblems, []);
  });
});
