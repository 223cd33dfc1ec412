import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuiteSkip } from './support/browser.js';
import { startBrowserApp, type BrowserApp } from './support/browser-app.js';
import { assertAccessible } from './support/axe.js';
import { signedInPage } from './support/sign-in.js';
import { principalFor } from '../support/principals.js';
import { actorOf } from '../../src/platform/auth/principal.js';
import { riskFactorCodes, riskFactors } from '../../src/returns/risk-assessment.js';
import { CasePage } from './pages/casework-pages.js';
import { ReturnsPage, RiskAssessmentPage } from './pages/returns-pages.js';

const person = {
  under18: 'no', consent: true,
  person: {
    givenName: 'Grace', familyName: 'Adeyemi', dateOfBirth: '1996-02-03', gender: 'female', nationalities: ['NG'], languages: ['en'],
    letterRecipient: 'first_responder', asylumClaim: 'yes', detention: 'none', immigrationStatus: 'asylum_seeker',
  },
  situations: [{ types: ['sexual'], startMonth: '2025-01', endMonth: '2026-01', ukPlaces: ['sheffield'] }],
};

describe('voluntary return in a browser', { skip: browserSuiteSkip }, () => {
  let t: BrowserApp;
  let reference: string;

  before(async () => {
    t = await startBrowserApp();
    const firstResponder = await principalFor(t.ctx, 'first.responder@palermo.example');
    reference = (await t.ctx.referrals.submit(firstResponder, person, 'returns-browser-referral', { actor: actorOf(firstResponder) })).reference;
  });
  after(async () => { await t?.close(); });

  it('a caseworker completes a re-trafficking risk assessment from the case page; a high risk waits for a manager (axe on each page)', async () => {
    const page = await signedInPage(t, 'caseworker@palermo.example');
    const casePage = new CasePage(page);
    await casePage.open(reference);
    await casePage.main.getByRole('link', { name: 'Voluntary return and re-trafficking risk assessment' }).click();
    await page.waitForURL(`**${ReturnsPage.pathFor(reference)}`);
    const returns = new ReturnsPage(page);
    assert.equal(await returns.headingText(), 'Voluntary return');
    await assertAccessible(page, 'voluntary return page, no assessment');

    await returns.requestReturn('Nigeria', '1', '3', '2026');
    assert.match(await returns.notificationBanner.innerText(), /Voluntary return requested/);

    await returns.startAssessment();
    const assessment = new RiskAssessmentPage(page);
    assert.equal(await assessment.headingText(), 'Re-trafficking risk assessment');
    await assertAccessible(page, 'risk assessment form');

    // A factor present without evidence, the others unanswered: every problem at once.
    await assessment.answer(riskFactors.debt_to_traffickers.label, 'Present');
    const invalid = await assessment.complete();
    assert.equal(invalid.status(), 400);
    assert.equal(await assessment.errorSummaryTitle(), 'There is a problem');
    const problems = await assessment.errorSummaryItems();
    assert.equal(problems[0]!.href, '#debt_to_traffickers-evidence');
    assert.equal(problems.length, riskFactorCodes.length);
    await assertAccessible(page, 'risk assessment form with errors');

    await assessment.answer(riskFactors.debt_to_traffickers.label, 'Present', 'Owes 30,000 euros to the madam who arranged the journey.');
    for (const f of riskFactorCodes.filter((c) => c !== 'debt_to_traffickers')) await assessment.answer(riskFactors[f].label, f === 'health_needs' ? 'Not known' : 'Not present');
    const done = await assessment.complete();
    assert.equal(done.status(), 200);
    assert.equal(returns.path(), ReturnsPage.pathFor(reference));
    assert.equal(await returns.levelTag(), 'High risk');
    assert.deepEqual(await returns.reasons(), ['High on its own: debt to the traffickers']);
    assert.match(await returns.main.innerText(), /a manager must sign off this assessment/);
    await assertAccessible(page, 'voluntary return page, high risk');

    // Recording the return now is refused with the reason, and nothing changes.
    const refused = await returns.recordReturn('2', '3', '2026', 'Pathfinders Justice Initiative');
    assert.equal(refused.status(), 409);
    assert.match(await returns.main.innerText(), /manager must sign off the assessment before the return/);
    await assertAccessible(page, 'voluntary return page, refusal');
  });

  it('a manager signs off, and the caseworker records the return with the reintegration partner', async () => {
    const manager = await signedInPage(t, 'ca.manager@palermo.example');
    const managerPage = new ReturnsPage(manager);
    await manager.goto(ReturnsPage.pathFor(reference));
    await managerPage.signOff();
    assert.match(await managerPage.notificationBanner.innerText(), /Risk assessment signed off/);

    const page = await signedInPage(t, 'caseworker@palermo.example');
    const returns = new ReturnsPage(page);
    await page.goto(ReturnsPage.pathFor(reference));
    await returns.recordReturn('2', '3', '2026', 'Pathfinders Justice Initiative');
    assert.match(await returns.notificationBanner.innerText(), /Return recorded/);
    assert.match(await returns.main.innerText(), /Pathfinders Justice Initiative/);
    await assertAccessible(page, 'voluntary return page, returned');
  });

  it('the residence permit page under the case and the permits expiring soon are accessible', async () => {
    const page = await signedInPage(t, 'caseworker@palermo.example');
    const casePage = new CasePage(page);
    await casePage.open(reference);
    await casePage.main.getByRole('link', { name: 'Residence permit', exact: true }).click();
    await page.waitForURL(`**/casework/cases/${reference}/residence-permits`);
    assert.equal(await casePage.headingText(), 'Residence permit');
    await assertAccessible(page, 'residence permit page');
    await page.goto('/casework/residence-permits');
    assert.equal(await casePage.headingText(), 'Residence permits expiring soon');
    await assertAccessible(page, 'residence permits expiring soon');
  });
});
