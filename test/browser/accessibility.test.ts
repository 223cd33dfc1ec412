import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { demoUsers } from '../../src/demo/demo-data.js';
import { roleLabels } from '../../src/platform/auth/roles.js';
import { browserSuiteSkip } from './support/browser.js';
import { startBrowserApp, type BrowserApp } from './support/browser-app.js';
import { assertAccessible } from './support/axe.js';
import { demoUser, signInAs } from './support/sign-in.js';
import { SignInPage } from './pages/sign-in-page.js';
import { AddUserPage, AdminUsersPage, ChangeUserPage } from './pages/admin-users-page.js';
import { AdminOrganisationsPage, OrganisationFormPage } from './pages/admin-organisations-page.js';
import { AuditLogPage } from './pages/audit-log-page.js';
import { ErrorPage } from './pages/error-page.js';

// axe-core against WCAG 2.2 A and AA, with scripts on, as most users see the pages.
describe('accessibility (axe-core, WCAG 2.2 AA)', { skip: browserSuiteSkip }, () => {
  let t: BrowserApp;
  before(async () => { t = await startBrowserApp(); });
  after(async () => { await t?.close(); });

  describe('signed out', () => {
    let page: Page;
    before(async () => { page = await t.newPage(); });
    after(async () => { await page.context().close(); });

    it('sign-in page', async () => {
      await new SignInPage(page).open();
      assert.equal(await page.locator('body.govuk-frontend-supported').count(), 1, 'GOV.UK Frontend scripts ran');
      await assertAccessible(page, 'Sign-in page');
    });

    it('sign-in page with errors', async () => {
      const signIn = new SignInPage(page);
      await signIn.open();
      assert.equal((await signIn.signIn('', '')).status(), 400);
      assert.equal((await signIn.errorSummaryItems()).length, 2);
      await assertAccessible(page, 'Sign-in page with errors');
    });
  });

  describe('home page', () => {
    // One context for all nine: signing out between roles is enough, and it saves reloading assets.
    let page: Page;
    before(async () => { page = await t.newPage(); });
    after(async () => { await page.context().close(); });

    for (const user of demoUsers) {
      it(`home page for the ${roleLabels[user.role]}`, async () => {
        const home = await signInAs(page, user.email);
        await assertAccessible(page, `Home page for ${user.role}`);
        await home.signOut();
      });
    }
  });

  describe('administration', () => {
    let page: Page;
    before(async () => {
      page = await t.newPage();
      await signInAs(page, demoUser('admin').email);
    });
    after(async () => { await page.context().close(); });

    it('organisations list', async () => {
      await new AdminOrganisationsPage(page).open();
      await assertAccessible(page, 'Organisations list');
    });

    it('add-organisation form', async () => {
      await new AdminOrganisationsPage(page).addOrganisation();
      assert.equal(await new OrganisationFormPage(page).headingText(), 'Add an organisation');
      await assertAccessible(page, 'Add-organisation form');
    });

    it('change-organisation form', async () => {
      const list = new AdminOrganisationsPage(page);
      await list.open();
      await list.changeOrganisation('Poppy Project');
      assert.equal(await new OrganisationFormPage(page).headingText(), 'Change Poppy Project');
      await assertAccessible(page, 'Change-organisation form');
    });

    it('users list', async () => {
      await new AdminUsersPage(page).open();
      await assertAccessible(page, 'Users list');
    });

    it('add-user form', async () => {
      await new AdminUsersPage(page).addUser();
      assert.equal(await new AddUserPage(page).headingText(), 'Add a user');
      await assertAccessible(page, 'Add-user form');
    });

    it('add-user form with errors', async () => {
      const form = new AddUserPage(page);
      await form.open();
      assert.equal((await form.submit()).status(), 400);
      assert.equal(await form.errorSummaryTitle(), 'There is a problem');
      await assertAccessible(page, 'Add-user form with errors');
    });

    it('change-user form', async () => {
      const list = new AdminUsersPage(page);
      await list.open();
      await list.changeUser('Tom Hughes');
      assert.equal(await new ChangeUserPage(page).headingText(), 'Change Tom Hughes');
      await assertAccessible(page, 'Change-user form');
    });

    it('404 page', async () => {
      const response = await page.goto('/no-such-page');
      assert.equal(response?.status(), 404);
      assert.equal(await new ErrorPage(page).headingText(), 'Page not found');
      await assertAccessible(page, '404 page');
    });
  });

  it('audit log page', async () => {
    const page = await t.newPage();
    await signInAs(page, demoUser('auditor').email);
    const log = new AuditLogPage(page);
    await log.open();
    assert.ok((await log.rows()).length > 0, 'with events in the table');
    await assertAccessible(page, 'Audit log');
    await page.context().close();
  });

  it('403 page', async () => {
    const page = await t.newPage();
    await signInAs(page, demoUser('first_responder').email);
    const response = await page.goto('/admin/users');
    assert.equal(response?.status(), 403);
    assert.equal(await new ErrorPage(page).headingText(), 'You do not have permission to see this page');
    await assertAccessible(page, '403 page');
    await page.context().close();
  });

  it('ran every page without script errors or CSP violations', () => {
    assert.deepEqual(t.pageProblems, []);
  });
});
