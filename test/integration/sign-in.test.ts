import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq, sql } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { FixedClock } from '../support/test-services.js';
import { auditEvents } from '../../src/platform/audit/tables.js';
import { users } from '../../src/users/tables.js';
import { sessions } from '../../src/platform/auth/tables.js';

const clock = new FixedClock(new Date('2026-03-02T09:00:00Z'));
let t: TestApp;
before(async () => { t = await startTestApp({ clock }); });
after(async () => { await t.close(); });

async function eventsFor(action: string, email: string) {
  return t.ctx.database.db.select().from(auditEvents).where(and(eq(auditEvents.action, action), eq(auditEvents.actorEmail, email)));
}

describe('sign-in', () => {
  it('sends a visitor who is not signed in to the sign-in page, and back afterwards', async () => {
    const agent = t.agent();
    const home = await agent.get('/admin/users');
    assert.equal(home.statusCode, 302);
    assert.equal(home.headers.location, '/sign-in?returnTo=%2Fadmin%2Fusers');
    await agent.get('/sign-in?returnTo=%2Fadmin%2Fusers');
    const signIn = await agent.post('/sign-in', { email: 'ADMIN@palermo.example', password: 'palermo-demo-password', returnTo: '/admin/users' });
    assert.equal(signIn.statusCode, 303);
    assert.equal(signIn.headers.location, '/admin/users');
    const page = await agent.get('/admin/users');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Alex Morgan/);
    assert.equal((await eventsFor('sign_in', 'admin@palermo.example')).length, 1);
  });

  it('never redirects off-site after sign-in', async () => {
    const agent = t.agent();
    await agent.get('/sign-in');
    const response = await agent.post('/sign-in', { email: 'analyst@palermo.example', password: 'palermo-demo-password', returnTo: '//evil.example/x' });
    assert.equal(response.headers.location, '/');
  });

  it('sets a secure-by-default session cookie: httpOnly, SameSite, and a new id at sign-in', async () => {
    const agent = t.agent();
    await agent.get('/sign-in');
    const response = await agent.post('/sign-in', { email: 'analyst@palermo.example', password: 'palermo-demo-password' });
    const cookie = response.cookies.find((c) => c.name === 'palermo_session') as { httpOnly?: boolean; sameSite?: string } | undefined;
    assert.ok(cookie, 'session cookie set');
    assert.equal(cookie.httpOnly, true);
    assert.equal(cookie.sameSite, 'Lax');
    const [row] = await t.ctx.database.db.select({ n: sql<number>`count(*)::int` }).from(sessions);
    assert.ok(row!.n >= 1, 'the session is stored in the database');
  });

  it('refuses a wrong password with a clear message and without revealing which part was wrong', async () => {
    const agent = t.agent();
    await agent.get('/sign-in');
    const response = await agent.post('/sign-in', { email: 'caseworker@palermo.example', password: 'wrong password!' });
    assert.equal(response.statusCode, 401);
    assert.match(response.body, /There is a problem/);
    assert.match(response.body, /Enter a correct email address and password/);
    const unknown = await agent.post('/sign-in', { email: 'nobody@palermo.example', password: 'wrong password!' });
    assert.match(unknown.body, /Enter a correct email address and password/);
    assert.equal((await agent.get('/')).statusCode, 302);
  });

  it('locks the account after repeated wrong passwords, audits the lock, and refuses even the right password', async () => {
    const email = 'ca.manager@palermo.example';
    const agent = t.agent();
    await agent.get('/sign-in');
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await agent.post('/sign-in', { email, password: `wrong password ${i}` })).statusCode);
    assert.deepEqual(statuses, [401, 401, 401, 401, 423, 423]);
    const [user] = await t.ctx.database.db.select().from(users).where(eq(users.email, email));
    assert.ok(user!.lockedUntil && user!.lockedUntil > clock.now(), 'locked');
    assert.equal((await eventsFor('account_locked', email)).length, 1);
    assert.equal((await eventsFor('sign_in_failed', email)).length, 6);
    const right = await agent.post('/sign-in', { email, password: 'palermo-demo-password' });
    assert.equal(right.statusCode, 423);
    assert.match(right.body, /locked/);

    // The lock expires by itself.
    clock.advanceMinutes(31);
    const later = await agent.post('/sign-in', { email, password: 'palermo-demo-password' });
    assert.equal(later.statusCode, 303);
    clock.advanceMinutes(-31);
  });

  it('refuses a form post without a CSRF token, changing nothing', async () => {
    const agent = t.agent();
    await agent.get('/sign-in');
    const before = await t.ctx.database.db.select({ n: sql<number>`count(*)::int` }).from(auditEvents);
    const response = await agent.post('/sign-in', { _csrf: null, email: 'admin@palermo.example', password: 'palermo-demo-password' });
    assert.equal(response.statusCode, 403);
    assert.match(response.body, /This form has expired/);
    const afterCount = await t.ctx.database.db.select({ n: sql<number>`count(*)::int` }).from(auditEvents);
    assert.equal(afterCount[0]!.n, before[0]!.n);
    const forged = await agent.post('/sign-in', { _csrf: 'forged-token', email: 'admin@palermo.example', password: 'palermo-demo-password' });
    assert.equal(forged.statusCode, 403);
  });

  it('validates the form before checking anything', async () => {
    const agent = t.agent();
    await agent.get('/sign-in');
    const response = await agent.post('/sign-in', { email: '', password: '' });
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /Enter your email address/);
    assert.match(response.body, /href="#email"/);
  });
});

describe('sessions', () => {
  it('ends after the idle timeout', async () => {
    const agent = t.agent();
    await agent.signIn('policy.lead@palermo.example');
    assert.equal((await agent.get('/')).statusCode, 200);
    clock.advanceMinutes(29);
    assert.equal((await agent.get('/')).statusCode, 200, 'still signed in within the idle timeout');
    clock.advanceMinutes(31);
    const expired = await agent.get('/');
    assert.equal(expired.statusCode, 302);
    const signIn = await agent.get('/sign-in');
    assert.match(signIn.body, /inactive/);
  });

  it('ends at sign-out, and the old cookie no longer works', async () => {
    const agent = t.agent();
    await agent.signIn('support.worker@palermo.example');
    const out = await agent.post('/sign-out');
    assert.equal(out.statusCode, 303);
    assert.equal((await agent.get('/')).statusCode, 302);
    assert.equal((await eventsFor('sign_out', 'support.worker@palermo.example')).length, 1);
  });

  it('ends at once when an administrator deactivates the user', async () => {
    const victim = t.agent();
    await victim.signIn('childrens.services@palermo.example');
    assert.equal((await victim.get('/')).statusCode, 200);
    await t.ctx.database.transaction((tx) => tx.update(users).set({ active: false }).where(eq(users.email, 'childrens.services@palermo.example')));
    assert.equal((await victim.get('/')).statusCode, 302);
  });
});

describe('sign-in rate limit', () => {
  it('slows down rapid attempts from one address with a 429 page', async () => {
    const limited = await startTestApp({ config: { signInRateLimit: 3 } });
    try {
      const agent = limited.agent();
      await agent.get('/sign-in');
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await agent.post('/sign-in', { email: 'nobody@palermo.example', password: 'wrong password!' })).statusCode);
      assert.deepEqual(statuses, [401, 401, 401, 429]);
      assert.match((await agent.post('/sign-in', { email: 'x@palermo.example', password: 'y' })).body, /Too many attempts/);
    } finally {
      await limited.close();
    }
  });
});
