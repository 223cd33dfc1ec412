import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { browserSuiteSkip } from './support/browser.js';
import { startBrowserApp, type BrowserApp } from './support/browser-app.js';
import { assertAccessible } from './support/axe.js';
import { signedInPage } from './support/sign-in.js';
import { principalFor } from '../support/principals.js';
import { actorOf } from '../../src/platform/auth/principal.js';
import { referrals } from '../../src/referrals/tables.js';
import { loadsPage } from './pages/base-page.js';
import { AllocatePage, AllocationPage, ProviderAllocationsPage, SupportServicesPage, WaitingForSupportPage } from './pages/support-pages.js';

const allocator = 'support.worker@palermo.example';
const poppy = 'poppy.support@palermo.example';

/** A woman exploited for sex in London, who consents and needs a safe place; Romanian speaker. */
const womanInLondon = {
  under18: 'no', consent: true, policeForceCode: 'E23000001', supportNeeds: ['accommodation'],
  person: {
    givenName: 'Ioana', familyName: 'Marin', dateOfBirth: '1996-02-10', gender: 'female', nationalities: ['RO'], languages: ['ro'],
    letterRecipient: 'first_responder', asylumClaim: 'no', detention: 'none', immigrationStatus: 'settled',
  },
  situations: [{ types: ['sexual'], startMonth: '2025-05', endMonth: '2026-01', ukPlaces: ['london'] }],
};

describe('support allocation in a browser', { skip: browserSuiteSkip }, () => {
  let t: BrowserApp;
  let reference: string;

  before(async () => {
    t = await startBrowserApp();
    // The referral and its positive RG decision are made through the services: casework has browser tests of its own.
    const responder = await principalFor(t.ctx, 'first.responder@palermo.example');
    reference = (await t.ctx.referrals.submit(responder, womanInLondon, 'support-browser-referral', { actor: actorOf(responder) })).reference;
    const caseworker = await principalFor(t.ctx, 'caseworker@palermo.example');
    const [row] = await t.ctx.database.db.select({ version: referrals.version }).from(referrals).where(eq(referrals.reference, reference));
    await t.ctx.casework.decisions.propose(caseworker, reference, 'rg', { outcome: 'positive', reasons: 'Indicators of sexual exploitation.', version: row!.version }, { actor: actorOf(caseworker) });
  });
  after(async () => { await t?.close(); });

  it('the prime contractor’s support worker offers a place in a London refuge (axe on every page)', async () => {
    const page = await signedInPage(t, allocator);
    assert.match(await page.getByTestId('support-summary').innerText(), /1 person waiting for an offer of support/);

    const allocations = new ProviderAllocationsPage(page);
    await allocations.openFromNavigation('Allocations');
    assert.equal(allocations.path(), ProviderAllocationsPage.path);
    await assertAccessible(page, 'the provider’s allocations');

    await allocations.offerToAllocate();
    const waiting = new WaitingForSupportPage(page);
    assert.equal(waiting.path(), WaitingForSupportPage.path);
    const rows = await waiting.rows();
    assert.deepEqual(rows.find((r) => r.Reference === reference)?.Region, 'London');
    await assertAccessible(page, 'people waiting for support');

    await waiting.openCase(reference);
    const allocate = new AllocatePage(page);
    assert.equal(await allocate.headingText(), 'Offer support');
    const options = await allocate.serviceOptions();
    assert.equal(options[0], 'Poppy Project refuge, London', `the refuge in her region comes first: ${options.join('; ')}`);
    assert.ok(!options.includes('Salvation Army house for men, Birmingham'), 'never a service for men');
    await assertAccessible(page, 'the allocation page');

    // Without a choice: the error summary, and nothing offered.
    const refused = await allocate.offer();
    assert.equal(refused.status(), 400);
    assert.equal(await allocate.errorSummaryTitle(), 'There is a problem');
    await assertAccessible(page, 'the allocation page with errors');

    await allocate.chooseService('Poppy Project refuge, London');
    await allocate.answerNarrativeShared('Yes');
    const offered = await allocate.offer();
    assert.equal(offered.status(), 200);
    assert.equal(waiting.path(), WaitingForSupportPage.path);
    assert.match(await waiting.notificationBanner.innerText(), new RegExp(`Place offered for ${reference}`));

    const servicesPage = new SupportServicesPage(page);
    await servicesPage.openFromNavigation('Support services');
    assert.equal(await servicesPage.occupancy('Poppy Project'), '1 of 54 places taken');
    await assertAccessible(page, 'the support services page');
  });

  it('the refuge’s support worker accepts the offer (axe on the provider’s allocation page)', async () => {
    const page = await signedInPage(t, poppy);
    const allocations = new ProviderAllocationsPage(page);
    await allocations.openFromNavigation('Allocations');
    await allocations.openAllocation(reference);
    const allocation = new AllocationPage(page);
    assert.equal(await allocation.status(), 'Waiting for your answer');
    await assertAccessible(page, 'the provider’s allocation page');
    await allocation.accept();
    assert.equal(await allocation.status(), 'Accepted');
    await assertAccessible(page, 'the accepted allocation with the start form');

    await loadsPage(page, () => page.getByRole('link', { name: 'See the person’s details and key dates' }).click());
    assert.equal(await allocation.headingText(), reference);
    assert.match(await page.locator('main').innerText(), /Ioana Marin/);
    await assertAccessible(page, 'the provider’s view of the case');
    await loadsPage(page, () => page.getByRole('link', { name: 'Read the account' }).click());
    assert.equal(await allocation.headingText(), 'Account of the exploitation');
    await assertAccessible(page, 'the account of the exploitation');

    const servicesPage = new SupportServicesPage(page);
    await servicesPage.openFromNavigation('Support services');
    await loadsPage(page, () => page.getByRole('link', { name: 'Change Poppy Project refuge, London' }).click());
    assert.equal(await servicesPage.headingText(), 'Poppy Project refuge, London');
    await assertAccessible(page, 'changing a service');
    assert.deepEqual(t.pageProblems, []);
  });
});
