import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_PASSWORD, demoUsers } from '../../src/demo/demo-data.js';
import { roleLabels } from '../../src/platform/auth/roles.js';
import { homeFor } from '../../src/home/home-pages.js';
import { browserSuiteSkip } from './support/browser.js';
import { startBrowserApp, type BrowserApp } from './support/browser-app.js';
import { SignInPage } from './pages/sign-in-page.js';
import { HomePage } from './pages/home-page.js';
import { ErrorPage } from './pages/error-page.js';

describe('signing in and out in a browser', { skip: browserSuiteSkip }, () => {
  let t: BrowserApp;
  before(async () => { t = await startBrowserApp(); });
  after(async () => { await t?.close(); });

  for (const user of demoUsers) {
    it(`signs in as the ${roleLabels[user.role]} (${user.email}), shows who is signed in, and signs out`, async () => {
      const page = await t.newPage();
      const signIn = new SignInPage(page);

      // A visitor who asks for the home page is sent to sign in first.
      await page.goto('/');
      assert.equal(signIn.path(), '/sign-in?returnTo=%2F');
      assert.equal(await signIn.headingText(), 'Sign in to Palermo');

      const response = await signIn.signIn(user.email, DEMO_PASSWORD);
      assert.equal(response.status(), 200);
      const home = new HomePage(page);
      assert.equal(home.path(), '/');
      assert.equal(await home.headingText(), homeFor(user.role).heading);
      assert.equal(await page.title(), `${homeFor(user.role).heading} – Palermo`);
      const account = await home.accountText();
      assert.ok(account.includes(`Signed in as ${user.name}, ${user.organisation} (${roleLabels[user.role]})`), account);
      assert.deepEqual(await home.taskNames(), homeFor(user.role).tasks.map((task) => task.text));
      assert.equal((await page.context().cookies()).some((c) => c.name === 'palermo_session'), true);

      await home.signOut();
      assert.equal(signIn.path(), '/sign-in');
      assert.equal(await signIn.headingText(), 'Sign in to Palermo');
      assert.equal(await signIn.account.count(), 0, 'no account line once signed out');

      await page.goto('/');
      assert.equal(signIn.path(), '/sign-in?returnTo=%2F', 'the old session no longer opens the home page');
      await page.context().close();
    });
  }

  it('refuses a wrong password with the GOV.UK error summary and does not sign in', async () => {
    const page = await t.newPage();
    const signIn = new SignInPage(page);
    await signIn.open();
    const response = await signIn.signIn('caseworker@palermo.example', 'not the right password');
    assert.equal(response.status(), 401);
    assert.equal(await page.title(), 'Error: Sign in – Palermo');
    assert.equal(await signIn.errorSummaryTitle(), 'There is a problem');
    assert.deepEqual(await signIn.errorSummaryItems(), [{ text: 'Enter a correct email address and password', href: '#email' }]);
    assert.equal(await signIn.fieldError('email'), 'Enter a correct email address and password');
    assert.equal(await signIn.emailInput.inputValue(), 'caseworker@palermo.example', 'the email is kept');
    assert.equal(await signIn.passwordInput.inputValue(), '', 'the password is never sent back');
    assert.equal(await signIn.account.count(), 0);
    assert.equal((await page.context().cookies()).some((c) => c.name === 'palermo_session'), false, 'no session was started');

    await page.goto('/');
    assert.equal(signIn.path(), '/sign-in?returnTo=%2F');
    await page.context().close();
  });

  it('returns to the page first asked for after signing in', async () => {
    const page = await t.newPage();
    await page.goto('/admin/users');
    const signIn = new SignInPage(page);
    assert.equal(signIn.path(), '/sign-in?returnTo=%2Fadmin%2Fusers');
    await signIn.signIn('admin@palermo.example', DEMO_PASSWORD);
    assert.equal(signIn.path(), '/admin/users');
    assert.equal(await signIn.headingText(), 'Users');
    await page.context().close();
  });

  it('shows a first responder who opens /admin/users the 403 page', async () => {
    const page = await t.newPage();
    await new SignInPage(page).open();
    await new SignInPage(page).signIn('first.responder@palermo.example', DEMO_PASSWORD);
    const response = await page.goto('/admin/users');
    assert.equal(response?.status(), 403);
    const forbidden = new ErrorPage(page);
    assert.equal(forbidden.path(), '/admin/users');
    assert.equal(await forbidden.headingText(), 'You do not have permission to see this page');
    assert.match(await page.locator('main').innerText(), /You do not have permission/);
    assert.deepEqual(await forbidden.navigationItems(), ['Home', 'Referrals', 'Missing people', 'Action plans', 'Intelligence'], 'the menu offers only what the role may do');

    await forbidden.homeLink.click();
    await page.waitForURL((url) => url.pathname === '/');
    assert.equal(await forbidden.headingText(), homeFor('first_responder').heading);
    await page.context().close();
  });

  it('ran every page without script errors or CSP violations', () => {
    assert.deepEqual(t.pageProblems, []);
  });
});
