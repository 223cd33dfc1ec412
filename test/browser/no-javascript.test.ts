import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/demo/demo-data.js';
import { browserSuiteSkip } from './support/browser.js';
import { startBrowserApp, type BrowserApp } from './support/browser-app.js';
import { demoUser } from './support/sign-in.js';
import { SignInPage } from './pages/sign-in-page.js';
import { HomePage } from './pages/home-page.js';
import { AddUserPage, AdminUsersPage } from './pages/admin-users-page.js';
import { AdminOrganisationsPage, OrganisationFormPage } from './pages/admin-organisations-page.js';

// Progressive enhancement: every journey must work with JavaScript off (GOV.UK Service Manual).
describe('with JavaScript turned off', { skip: browserSuiteSkip }, () => {
  let t: BrowserApp;
  let page: Page;
  before(async () => {
    t = await startBrowserApp();
    page = await t.newPage({ javaScriptEnabled: false });
  });
  after(async () => { await t?.close(); });

  it('signs in with a mistake first, then correctly', async () => {
    const signIn = new SignInPage(page);
    await signIn.open();
    // GOV.UK's template adds this class from a script: its absence shows scripts really are off.
    assert.equal(await page.locator('body.govuk-frontend-supported').count(), 0);

    assert.equal((await signIn.signIn(demoUser('admin').email, 'wrong password here')).status(), 401);
    assert.equal(await signIn.errorSummaryTitle(), 'There is a problem');

    await signIn.signIn(demoUser('admin').email, DEMO_PASSWORD);
    const home = new HomePage(page);
    assert.equal(home.path(), '/');
    assert.match(await home.accountText(), /Signed in as Alex Morgan, Home Office \(Administrator\)/);
  });

  it('adds a user, after correcting an empty form', async () => {
    await new HomePage(page).openFromNavigation('Users');
    const list = new AdminUsersPage(page);
    await list.addUser();
    const form = new AddUserPage(page);
    assert.equal(form.path(), AddUserPage.path);

    assert.equal((await form.submit()).status(), 400);
    assert.equal((await form.errorSummaryItems()).length, 5);

    await form.fill({ name: 'Femi Adeyemi', email: 'femi.adeyemi@palermo.example', organisation: 'Glasgow City Council', role: "Local authority children's services", password: 'another long password' });
    await form.submit();
    assert.equal(list.path(), '/admin/users');
    assert.match(await list.notificationBanner.innerText(), /User femi\.adeyemi@palermo\.example added/);
    const row = (await list.rows()).find((r) => r.Name === 'Femi Adeyemi');
    assert.equal(row?.Organisation, 'Glasgow City Council');
    assert.equal(row?.Role, "Local authority children's services");
  });

  it('adds an organisation', async () => {
    await new HomePage(page).openFromNavigation('Organisations');
    const list = new AdminOrganisationsPage(page);
    await list.addOrganisation();
    const form = new OrganisationFormPage(page);
    await form.fill({ name: 'Hope for Justice', type: 'Non-governmental organisation', nation: 'England', providesSupport: true });
    await form.submit();
    assert.equal(list.path(), '/admin/organisations');
    assert.equal((await list.rows()).find((r) => r.Name === 'Hope for Justice')?.['Provides support'], 'Yes');
  });

  it('signs out', async () => {
    const signIn = new SignInPage(page);
    await signIn.signOut();
    assert.equal(signIn.path(), '/sign-in');
    await page.goto('/admin/users');
    assert.equal(signIn.path(), '/sign-in?returnTo=%2Fadmin%2Fusers');
  });
});
