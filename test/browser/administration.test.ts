import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { browserSuiteSkip } from './support/browser.js';
import { startBrowserApp, type BrowserApp } from './support/browser-app.js';
import { demoUser, signInAs } from './support/sign-in.js';
import { AddUserPage, AdminUsersPage, ChangeUserPage } from './pages/admin-users-page.js';
import { AdminOrganisationsPage, OrganisationFormPage } from './pages/admin-organisations-page.js';
import type { HomePage } from './pages/home-page.js';

// The journeys run in order and build on each other, as one administrator's session would.
describe('administration in a browser', { skip: browserSuiteSkip }, () => {
  let t: BrowserApp;
  let page: Page;
  let home: HomePage;

  before(async () => {
    t = await startBrowserApp();
    page = await t.newPage();
    home = await signInAs(page, demoUser('admin').email);
  });
  after(async () => { await t?.close(); });

  it('adds an organisation through the form and lists it', async () => {
    await page.goto('/');
    await home.openFromNavigation('Organisations');
    const list = new AdminOrganisationsPage(page);
    assert.equal(list.path(), '/admin/organisations');
    const before = await list.rows();
    assert.ok(before.some((row) => row.Name === 'Kalayaan'), 'demo organisations are listed');

    await list.addOrganisation();
    const form = new OrganisationFormPage(page);
    assert.equal(form.path(), OrganisationFormPage.newPath);
    assert.equal(await form.headingText(), 'Add an organisation');
    await form.fill({ name: 'Unseen UK', type: 'Non-governmental organisation', nation: 'Wales', designatedFirstResponder: true, providesSupport: true });
    const response = await form.submit();
    assert.equal(response.status(), 200);

    assert.equal(list.path(), '/admin/organisations');
    assert.match(await list.notificationBanner.innerText(), /Organisation “Unseen UK” added/);
    const rows = await list.rows();
    assert.equal(rows.length, before.length + 1);
    assert.deepEqual(rows.find((row) => row.Name === 'Unseen UK'), {
      Name: 'Unseen UK', Type: 'Non-governmental organisation', Nation: 'Wales', 'First responder': 'Yes', 'Provides support': 'Yes', Status: 'Active',
    });
  });

  it('adds a user through the form, lists them, and the new user can sign in', async () => {
    await page.goto('/');
    await home.openFromNavigation('Users');
    const list = new AdminUsersPage(page);
    assert.equal(list.path(), '/admin/users');
    const before = await list.rows();
    assert.equal(await list.caption(), `${before.length} users`);

    await list.addUser();
    const form = new AddUserPage(page);
    assert.equal(form.path(), AddUserPage.path);
    assert.ok((await form.organisationOptions()).includes('Unseen UK'), 'an organisation just added can be chosen');
    await form.fill({ name: 'Grace Okafor', email: 'Grace.Okafor@Kalayaan.example', organisation: 'Kalayaan', role: 'First responder', password: 'a long enough password' });
    const response = await form.submit();
    assert.equal(response.status(), 200);

    assert.equal(list.path(), '/admin/users');
    assert.match(await list.notificationBanner.innerText(), /User grace\.okafor@kalayaan\.example added/);
    const rows = await list.rows();
    assert.equal(rows.length, before.length + 1);
    assert.equal(await list.caption(), `${before.length + 1} users`);
    assert.deepEqual(rows.find((row) => row.Name === 'Grace Okafor'), {
      Name: 'Grace Okafor', Email: 'grace.okafor@kalayaan.example', Organisation: 'Kalayaan', Role: 'First responder', 'Last signed in': 'Never', Status: 'Active',
    });

    const gracePage = await t.newPage();
    const graceHome = await signInAs(gracePage, 'grace.okafor@kalayaan.example', 'a long enough password');
    assert.match(await graceHome.accountText(), /Signed in as Grace Okafor, Kalayaan \(First responder\)/);
    await gracePage.context().close();
  });

  it('shows every problem with an empty add-user form, each linked to its field, and adds nobody', async () => {
    const list = new AdminUsersPage(page);
    await list.open();
    const count = (await list.rows()).length;

    const form = new AddUserPage(page);
    await form.open();
    const response = await form.submit();
    assert.equal(response.status(), 400);
    assert.equal(await page.title(), 'Error: Add a user – Palermo');
    assert.equal(await form.errorSummaryTitle(), 'There is a problem');

    const items = await form.errorSummaryItems();
    assert.deepEqual(items.map((item) => item.href).sort(), ['#email', '#name', '#organisationId', '#password', '#role']);
    for (const item of items) {
      const id = item.href.slice(1);
      assert.equal(await form.fieldError(id), item.text, `the field ${id} shows the same message inline`);
      // GOV.UK Frontend's error summary moves focus to the field when its link is followed.
      await form.errorSummary.getByRole('link', { name: item.text }).click();
      assert.equal(await page.evaluate(() => document.activeElement?.id), id, `the link to ${id} focuses the field`);
    }
    assert.equal(await form.fieldError('email'), 'Enter an email address');
    assert.equal(await form.fieldError('role'), 'Select a role');

    await list.open();
    assert.equal((await list.rows()).length, count);
  });

  it('changes a user’s role through the change form', async () => {
    const list = new AdminUsersPage(page);
    await list.open();
    await list.changeUser('Grace Okafor');
    const change = new ChangeUserPage(page);
    assert.equal(await change.headingText(), 'Change Grace Okafor');
    await change.roleRadio('Support worker').check();
    await change.save();
    assert.equal(list.path(), '/admin/users');
    assert.equal((await list.rows()).find((row) => row.Name === 'Grace Okafor')?.Role, 'Support worker');
  });

  it('ran every page without script errors or CSP violations', () => {
    assert.deepEqual(t.pageProblems, []);
  });
});
