import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { roleLabels } from '../../src/platform/auth/roles.js';
import { browserSuiteSkip } from './support/browser.js';
import { startBrowserApp, type BrowserApp } from './support/browser-app.js';
import { demoUser, signInAs } from './support/sign-in.js';
import { AuditLogPage } from './pages/audit-log-page.js';
import { SignInPage } from './pages/sign-in-page.js';

describe('the audit log in a browser', { skip: browserSuiteSkip }, () => {
  let t: BrowserApp;
  before(async () => { t = await startBrowserApp(); });
  after(async () => { await t?.close(); });

  it('shows an auditor the events, and filters them to sign-ins', async () => {
    // Some history to find: a successful sign-in, a failed one, and a refused request.
    const other = await t.newPage();
    await signInAs(other, demoUser('analyst').email);
    assert.equal((await other.goto('/admin/users'))?.status(), 403);
    await other.context().close();
    const failed = await t.newPage();
    await new SignInPage(failed).open();
    await new SignInPage(failed).signIn('nobody@palermo.example', 'not a password at all');
    await failed.context().close();

    const page = await t.newPage();
    const home = await signInAs(page, demoUser('auditor').email);
    assert.ok((await home.navigationItems()).includes('Audit log'));
    await home.openFromNavigation('Audit log');
    const log = new AuditLogPage(page);
    assert.equal(log.path(), '/audit');
    assert.equal(await log.headingText(), 'Audit log');

    const all = await log.rows();
    assert.ok(all.length > 0 && (await log.total()) >= all.length, 'events are listed');
    const actions = new Set(all.map((row) => row.Action));
    for (const action of ['sign in', 'sign in failed', 'permission denied']) assert.ok(actions.has(action), `a "${action}" event is listed (saw ${[...actions].join(', ')})`);
    const auditorSignIn = all.find((row) => row.Action === 'sign in' && row.Who.startsWith('auditor@palermo.example'));
    assert.ok(auditorSignIn, 'the auditor’s own sign-in is there');
    assert.match(auditorSignIn.Who, new RegExp(`${roleLabels.auditor}, Home Office`));
    assert.equal(auditorSignIn.Outcome, 'Success');

    await log.filterByAction('sign in');
    assert.match(log.path(), /^\/audit\?.*action=sign_in/);
    assert.equal(await log.actionSelect.inputValue(), 'sign_in', 'the filter stays chosen');
    const signIns = await log.rows();
    assert.ok(signIns.length >= 2, 'the analyst’s and the auditor’s sign-ins');
    assert.equal(await log.total(), signIns.length);
    assert.deepEqual([...new Set(signIns.map((row) => row.Action))], ['sign in'], 'only sign-in rows');
    assert.ok(signIns.some((row) => row.Who.startsWith('analyst@palermo.example')));
    assert.ok(signIns.every((row) => row.Outcome === 'Success'));
    await page.context().close();
  });

  it('ran every page without script errors or CSP violations', () => {
    assert.deepEqual(t.pageProblems, []);
  });
});
