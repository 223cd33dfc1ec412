import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuiteSkip } from './support/browser.js';
import { startBrowserApp, type BrowserApp } from './support/browser-app.js';
import { assertAccessible } from './support/axe.js';
import { signInAs } from './support/sign-in.js';
import { loadsPage } from './pages/base-page.js';
import { AnnexAPage, PendingUpdatesPage } from './pages/plan-pages.js';

describe('action-plan progress in a browser', { skip: browserSuiteSkip }, () => {
  let t: BrowserApp;
  let planId: string;
  before(async () => {
    t = await startBrowserApp();
    planId = (await t.ctx.plans.reader.list()).find((p) => p.slug === 'uk-2009-update')!.id;
  });
  after(async () => { await t?.close(); });

  it("a police force's first responder updates an action the plan names it for, and a policy lead approves it (axe on each page)", async () => {
    const page = await t.newPage();
    const home = await signInAs(page, 'first.responder@palermo.example');
    assert.ok((await home.navigationItems()).includes('Action plans'));
    await home.openFromNavigation('Action plans');
    await assertAccessible(page, 'action plans');
    assert.match(await page.locator('main').innerText(), /Update to the UK Action Plan on Tackling Human Trafficking/);
    await loadsPage(page, () => page.goto(`/plans/${planId}`));
    const annex = new AnnexAPage(page);
    assert.equal(await annex.headingText(), 'Annex A: Actions');
    assert.equal((await annex.actionNumbers()).length, 38);
    await assertAccessible(page, 'Annex A');

    const action = await annex.openAction(36);
    await assertAccessible(page, 'action 36');
    await action.proposeUpdate('Ongoing', 'Cannabis farm safeguarding protocol agreed with the Metropolitan Police.');
    assert.match(await action.notificationBanner.innerText(), /sent to a policy lead for approval/);
    assert.match(await action.progressHistory(), /Waiting for approval/);
    await assertAccessible(page, 'action 36 after the update');

    const leadPage = await t.newPage();
    await signInAs(leadPage, 'policy.lead@palermo.example');
    const pending = await PendingUpdatesPage.open(leadPage);
    assert.equal(await pending.count(), 1);
    await assertAccessible(leadPage, 'progress updates to approve');
    await pending.approveFirst();
    assert.equal(await pending.count(), 0);
    await loadsPage(leadPage, () => leadPage.goto(`/plans/${planId}`));
    const approved = await new AnnexAPage(leadPage).openAction(36);
    assert.match(await approved.progressSummary(), /Ongoing\s+Cannabis farm safeguarding protocol agreed/);
    await loadsPage(leadPage, () => leadPage.goto(`/plans/${planId}/dashboard`));
    await assertAccessible(leadPage, 'monitoring dashboard');
    await loadsPage(leadPage, () => leadPage.goto(`/plans/${planId}/annex-b`));
    await assertAccessible(leadPage, 'Annex B');
  });
});
