import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq, sql } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../support/test-app.js';
import type { HttpAgent } from '../support/http-agent.js';
import { users } from '../../src/users/tables.js';
import { organisations } from '../../src/organisations/tables.js';
import { auditEvents } from '../../src/platform/audit/tables.js';

let t: TestApp;
let admin: HttpAgent;
let kalayaanId: string;
let homeOfficeId: string;

before(async () => {
  t = await startTestApp();
  admin = t.agent();
  assert.equal((await admin.signIn('admin@palermo.example')).statusCode, 303);
  const rows = await t.ctx.database.db.select().from(organisations);
  kalayaanId = rows.find((o) => o.name === 'Kalayaan')!.id;
  homeOfficeId = rows.find((o) => o.name === 'Home Office')!.id;
});
after(async () => { await t.close(); });

const count = async (table: typeof users | typeof organisations | typeof auditEvents) =>
  (await t.ctx.database.db.select({ n: sql<number>`count(*)::int` }).from(table))[0]!.n;

describe('administering users', () => {
  it('adds a user who can then sign in, with the change audited', async () => {
    await admin.get('/admin/users/new');
    const response = await admin.post('/admin/users', {
      name: 'Grace Okafor', email: 'Grace.Okafor@Kalayaan.example', organisationId: kalayaanId, role: 'first_responder', password: 'a long enough password',
    });
    assert.equal(response.statusCode, 303);
    const [created] = await t.ctx.database.db.select().from(users).where(eq(users.email, 'grace.okafor@kalayaan.example'));
    assert.ok(created, 'stored with the email lower-cased');
    assert.notEqual(created.passwordHash, 'a long enough password');
    const [event] = await t.ctx.database.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'create'), eq(auditEvents.recordId, created.id)));
    assert.equal(event!.actorEmail, 'admin@palermo.example');
    assert.equal(event!.role, 'admin');
    assert.ok(event!.requestId, 'request id recorded');
    assert.equal(JSON.stringify(event).includes('a long enough password'), false, 'the password is never audited');

    const grace = t.agent();
    assert.equal((await grace.signIn('grace.okafor@kalayaan.example', 'a long enough password')).statusCode, 303);
    assert.match((await grace.get('/')).body, /Grace Okafor/);
  });

  it('explains every problem with a bad form and stores nothing', async () => {
    const before = await count(users);
    const events = await count(auditEvents);
    await admin.get('/admin/users/new');
    const response = await admin.post('/admin/users', { name: '', email: 'not-an-email', organisationId: '', password: 'short' });
    assert.equal(response.statusCode, 400);
    for (const message of ['Enter the full name', 'Enter an email address in the correct format', 'Select an organisation', 'Select a role', 'at least 12 characters']) {
      assert.ok(response.body.includes(message), message);
    }
    assert.equal(await count(users), before);
    assert.equal(await count(auditEvents), events);
  });

  it('refuses a second account with the same email', async () => {
    await admin.get('/admin/users/new');
    const response = await admin.post('/admin/users', {
      name: 'Someone Else', email: 'ANALYST@palermo.example', organisationId: kalayaanId, role: 'analyst', password: 'a long enough password',
    });
    assert.equal(response.statusCode, 409);
    assert.match(response.body, /already exists/);
  });

  it('changes a role with optimistic locking: a stale form changes nothing', async () => {
    const [analyst] = await t.ctx.database.db.select().from(users).where(eq(users.email, 'analyst@palermo.example'));
    const edit = await admin.get(`/admin/users/${analyst!.id}`);
    assert.equal(edit.statusCode, 200);
    const form = { name: 'Tom Hughes', organisationId: homeOfficeId, role: 'policy_lead', active: 'yes', version: String(analyst!.version) };
    assert.equal((await admin.post(`/admin/users/${analyst!.id}`, form)).statusCode, 303);
    const stale = await admin.post(`/admin/users/${analyst!.id}`, { ...form, role: 'admin' });
    assert.equal(stale.statusCode, 409);
    assert.match(stale.body, /changed by someone else/);
    const [after] = await t.ctx.database.db.select().from(users).where(eq(users.id, analyst!.id));
    assert.equal(after!.role, 'policy_lead');
    assert.equal(after!.version, analyst!.version + 1);
    const [event] = await t.ctx.database.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'update'), eq(auditEvents.recordId, analyst!.id)));
    assert.deepEqual([...event!.fields].sort(), ['organisationId', 'role']);
  });

  it('audits an administrator opening a user record', async () => {
    const [auditor] = await t.ctx.database.db.select().from(users).where(eq(users.email, 'auditor@palermo.example'));
    await admin.get(`/admin/users/${auditor!.id}`);
    const views = await t.ctx.database.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'view'), eq(auditEvents.recordId, auditor!.id)));
    assert.equal(views.length, 1);
  });

  it('unlocks a locked account', async () => {
    const [user] = await t.ctx.database.db.update(users).set({ failedSignIns: 5, lockedUntil: new Date(Date.now() + 3_600_000) })
      .where(eq(users.email, 'caseworker@palermo.example')).returning();
    const response = await admin.post(`/admin/users/${user!.id}`, {
      name: user!.name, organisationId: user!.organisationId, role: user!.role, active: 'yes', unlock: 'yes', version: String(user!.version),
    });
    assert.equal(response.statusCode, 303);
    const caseworker = t.agent();
    assert.equal((await caseworker.signIn('caseworker@palermo.example')).statusCode, 303);
    assert.equal((await t.ctx.database.db.select().from(auditEvents).where(eq(auditEvents.action, 'account_unlocked'))).length, 1);
  });

  it('answers 404 for a user that does not exist or a malformed id', async () => {
    assert.equal((await admin.get('/admin/users/00000000-0000-4000-8000-000000000000')).statusCode, 404);
    assert.equal((await admin.get('/admin/users/not-a-uuid')).statusCode, 404);
  });
});

describe('administering organisations', () => {
  it('adds an organisation and lists it', async () => {
    await admin.get('/admin/organisations/new');
    const response = await admin.post('/admin/organisations', {
      name: 'Medaille Trust', type: 'ngo', nation: 'england', designatedFirstResponder: 'yes', providesSupport: 'yes', active: 'yes',
    });
    assert.equal(response.statusCode, 303);
    const list = await admin.get('/admin/organisations');
    assert.match(list.body, /Medaille Trust/);
    assert.match(list.body, /Organisation “Medaille Trust” added/);
  });

  it('refuses an unknown organisation type or nation and stores nothing', async () => {
    const before = await count(organisations);
    await admin.get('/admin/organisations/new');
    const response = await admin.post('/admin/organisations', { name: 'Nowhere', type: 'pirates', nation: 'atlantis' });
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /Select the type of organisation/);
    assert.match(response.body, /Select the nation/);
    assert.equal(await count(organisations), before);
  });

  it('refuses a duplicate name and a stale edit', async () => {
    const [tara] = await t.ctx.database.db.select().from(organisations).where(eq(organisations.name, 'TARA'));
    await admin.get(`/admin/organisations/${tara!.id}`);
    const base = { type: 'ngo', nation: 'scotland', designatedFirstResponder: 'yes', active: 'yes', version: String(tara!.version) };
    assert.equal((await admin.post(`/admin/organisations/${tara!.id}`, { ...base, name: 'Kalayaan' })).statusCode, 409);
    assert.equal((await admin.post(`/admin/organisations/${tara!.id}`, { ...base, name: 'TARA Glasgow' })).statusCode, 303);
    const stale = await admin.post(`/admin/organisations/${tara!.id}`, { ...base, name: 'TARA Scotland' });
    assert.equal(stale.statusCode, 409);
    const [after] = await t.ctx.database.db.select().from(organisations).where(eq(organisations.id, tara!.id));
    assert.equal(after!.name, 'TARA Glasgow');
  });

  it('signs out the users of an organisation that is deactivated', async () => {
    const responder = t.agent();
    await responder.signIn('first.responder@palermo.example');
    const [met] = await t.ctx.database.db.select().from(organisations).where(eq(organisations.name, 'Metropolitan Police Service'));
    await admin.get(`/admin/organisations/${met!.id}`);
    const response = await admin.post(`/admin/organisations/${met!.id}`, {
      name: met!.name, type: met!.type, nation: met!.nation, areaCode: met!.areaCode ?? '', designatedFirstResponder: 'yes', version: String(met!.version),
    });
    assert.equal(response.statusCode, 303);
    assert.equal((await responder.get('/')).statusCode, 302);
  });
});
