import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq, sql } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../support/test-app.js';
import type { HttpAgent } from '../support/http-agent.js';
import { referenceItems } from '../../src/reference-data/tables.js';
import { auditEvents } from '../../src/platform/audit/tables.js';

let t: TestApp;
let admin: HttpAgent;

before(async () => {
  t = await startTestApp();
  admin = t.agent();
  assert.equal((await admin.signIn('admin@palermo.example')).statusCode, 303);
});
after(async () => { await t.close(); });

const db = () => t.ctx.database.db;
const item = async (list: string, code: string) =>
  (await db().select().from(referenceItems).where(and(eq(referenceItems.list, list), eq(referenceItems.code, code))))[0];
const countEvents = async () => (await db().select({ n: sql<number>`count(*)::int` }).from(auditEvents))[0]!.n;
const eventsFor = (recordId: string) => db().select().from(auditEvents).where(eq(auditEvents.recordId, recordId));

describe('reference lists loaded at start', () => {
  it('holds the lists from the data files', async () => {
    assert.equal((await item('nationality', 'GB'))?.label, 'United Kingdom');
    assert.equal((await item('police_force', 'E23000001'))?.label, 'Metropolitan Police Service');
    const hillingdon = await item('local_authority', 'E09000017');
    assert.equal(hillingdon?.label, 'Hillingdon');
    assert.equal(hillingdon?.parentCode, 'E23000001');
    assert.equal(hillingdon?.nation, 'england');
    assert.equal((await item('language', 'bfi'))?.label, 'British Sign Language');
    assert.equal((await item('uk_place', 'sheffield'))?.parentCode, 'E23000011');
  });

  it('gives every territorial police force a nation (British Transport Police covers three)', async () => {
    const forces = await t.ctx.referenceData.items('police_force');
    assert.equal(forces.length, 46);
    assert.deepEqual(forces.filter((f) => !f.nation).map((f) => f.code), ['BTP']);
  });

  it("links each local authority and place to a police force that exists", async () => {
    const forces = new Set((await t.ctx.referenceData.items('police_force', { includeInactive: true })).map((f) => f.code));
    for (const list of ['local_authority', 'uk_place'] as const) {
      for (const row of await t.ctx.referenceData.items(list, { includeInactive: true })) {
        if (row.parentCode) assert.ok(forces.has(row.parentCode), `${list} ${row.code}: ${row.parentCode}`);
      }
    }
    const trust = await item('local_authority', 'NI-HSCT-BELFAST');
    assert.equal((trust?.attributes as { kind?: string }).kind, 'health_and_social_care_trust');
  });

  it('recorded the load in one audit event, and a second load adds nothing and records nothing', async () => {
    const [loadEvent, ...others] = await db().select().from(auditEvents).where(eq(auditEvents.recordType, 'reference_data'));
    assert.equal(others.length, 0);
    assert.equal(loadEvent!.actorEmail, 'system');
    assert.equal((loadEvent!.details as { added: Record<string, number> }).added.nationality, 251);
    const events = await countEvents();
    assert.deepEqual(await t.ctx.referenceData.load(), { added: {}, total: 0 });
    assert.equal(await countEvents(), events);
  });

  it('answers label and validity questions for other domains', async () => {
    assert.equal(await t.ctx.referenceData.label('nationality', 'FR'), 'France');
    assert.equal(await t.ctx.referenceData.isValid('nationality', 'FR'), true);
    assert.equal(await t.ctx.referenceData.isValid('nationality', 'ZZ'), false);
    assert.equal(await t.ctx.referenceData.label('nationality', 'ZZ'), undefined);
  });
});

describe('administering reference lists', () => {
  it('lists the lists with their counts, and the items of a list', async () => {
    const index = await admin.get('/admin/reference-data');
    assert.equal(index.statusCode, 200);
    assert.match(index.body, /href="\/admin\/reference-data\/local_authority">Local authorities<\/a>/);
    assert.match(index.body, />212</);
    const forces = await admin.get('/admin/reference-data/police_force');
    assert.equal(forces.statusCode, 200);
    assert.match(forces.body, /Police Service of Northern Ireland/);
    const authorities = await admin.get('/admin/reference-data/local_authority');
    assert.match(authorities.body, /Hillingdon<\/a>/);
    assert.match(authorities.body, /South Yorkshire Police/, 'a parent shown by its label');
  });

  it('changes a label, audited with the fields changed', async () => {
    const before = (await item('nationality', 'VN'))!;
    const page = await admin.get('/admin/reference-data/nationality/VN');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, new RegExp(`name="version" value="${before.version}"`));
    const response = await admin.post('/admin/reference-data/nationality/VN', { label: 'Viet Nam', sortOrder: '0', active: 'yes', version: String(before.version) });
    assert.equal(response.statusCode, 303);
    const after = (await item('nationality', 'VN'))!;
    assert.equal(after.label, 'Viet Nam');
    assert.equal(after.version, before.version + 1);
    const [event] = await eventsFor('nationality/VN');
    assert.equal(event!.action, 'update');
    assert.equal(event!.actorEmail, 'admin@palermo.example');
    assert.deepEqual(event!.fields, ['label']);
    assert.match((await admin.get('/admin/reference-data/nationality')).body, /“Viet Nam” updated/);
  });

  it('refuses a stale version and changes nothing', async () => {
    const current = (await item('nationality', 'VN'))!;
    const events = await countEvents();
    const stale = await admin.post('/admin/reference-data/nationality/VN', { label: 'Vietnam (stale)', sortOrder: '0', active: 'yes', version: String(current.version - 1) });
    assert.equal(stale.statusCode, 409);
    assert.match(stale.body, /changed by someone else since you opened it/);
    assert.match(stale.body, new RegExp(`name="version" value="${current.version}"`), 'the form offers the current version to try again');
    assert.deepEqual(await item('nationality', 'VN'), current);
    assert.equal(await countEvents(), events);
  });

  it('keeps an administrator’s edit when the data files are loaded again, and restores a missing item', async () => {
    await t.ctx.database.transaction((tx) => tx.delete(referenceItems).where(and(eq(referenceItems.list, 'uk_place'), eq(referenceItems.code, 'boston'))));
    const result = await t.ctx.referenceData.load();
    assert.deepEqual(result, { added: { uk_place: 1 }, total: 1 });
    assert.equal((await item('nationality', 'VN'))?.label, 'Viet Nam');
    assert.equal((await item('uk_place', 'boston'))?.label, 'Boston');
  });

  it('explains a bad form with the GOV.UK error summary and changes nothing', async () => {
    const before = (await item('police_force', 'E23000011'))!;
    const events = await countEvents();
    await admin.get('/admin/reference-data/police_force/E23000011');
    const response = await admin.post('/admin/reference-data/police_force/E23000011', { label: '  ', sortOrder: 'first', version: String(before.version) });
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /govuk-error-summary/);
    assert.match(response.body, /<a href="#label">Enter the label<\/a>/);
    assert.match(response.body, /<a href="#sortOrder">Enter the sort order as a whole number/);
    assert.deepEqual(await item('police_force', 'E23000011'), before);
    assert.equal(await countEvents(), events);
  });

  it('takes an item out of use: forms no longer offer it, its label still reads', async () => {
    const before = (await item('uk_place', 'wisbech'))!;
    const response = await admin.post('/admin/reference-data/uk_place/wisbech', { label: 'Wisbech', sortOrder: '5', version: String(before.version) });
    assert.equal(response.statusCode, 303);
    assert.equal((await t.ctx.referenceData.items('uk_place')).some((p) => p.code === 'wisbech'), false);
    assert.equal(await t.ctx.referenceData.isValid('uk_place', 'wisbech'), false);
    assert.equal(await t.ctx.referenceData.label('uk_place', 'wisbech'), 'Wisbech');
    const [event] = await eventsFor('uk_place/wisbech');
    assert.deepEqual([...event!.fields].sort(), ['active', 'sortOrder']);
  });

  it('adds an item, checking the code format for the list and refusing a duplicate code', async () => {
    await admin.get('/admin/reference-data/uk_place/new');
    const added = await admin.post('/admin/reference-data/uk_place', { code: 'skegness', label: 'Skegness', nation: 'england', parentCode: 'E23000020', active: 'yes' });
    assert.equal(added.statusCode, 303);
    const skegness = await item('uk_place', 'skegness');
    assert.equal(skegness?.parentCode, 'E23000020');
    assert.equal((await eventsFor('uk_place/skegness'))[0]?.action, 'create');

    const duplicate = await admin.post('/admin/reference-data/uk_place', { code: 'sheffield', label: 'Sheffield again', active: 'yes' });
    assert.equal(duplicate.statusCode, 409);
    assert.match(duplicate.body, /<a href="#code">An item with the code sheffield is already in this list<\/a>/);
    assert.equal((await item('uk_place', 'sheffield'))?.label, 'Sheffield');

    await admin.get('/admin/reference-data/nationality/new');
    const lowerCase = await admin.post('/admin/reference-data/nationality', { code: 'xk', label: 'Kosovo', active: 'yes' });
    assert.equal(lowerCase.statusCode, 400);
    assert.match(lowerCase.body, /<a href="#code">Enter a code in the right format: two capital letters/);
    assert.equal(await item('nationality', 'xk'), undefined);
    const unknownForce = await admin.post('/admin/reference-data/uk_place', { code: 'atlantis', label: 'Atlantis', parentCode: 'E23999999', active: 'yes' });
    assert.equal(unknownForce.statusCode, 400);
    assert.match(unknownForce.body, /<a href="#parentCode">Select a police force from the list<\/a>/);
  });

  it('answers 404 for a list or item that does not exist', async () => {
    assert.equal((await admin.get('/admin/reference-data/planets')).statusCode, 404);
    assert.equal((await admin.get('/admin/reference-data/nationality/ZZ')).statusCode, 404);
    assert.equal((await admin.post('/admin/reference-data/nationality/ZZ', { label: 'Nowhere', version: '1' })).statusCode, 404);
  });

  it('refuses everyone but administrators', async () => {
    const responder = t.agent();
    await responder.signIn('first.responder@palermo.example');
    assert.equal((await responder.get('/admin/reference-data')).statusCode, 403);
    assert.equal((await responder.get('/admin/reference-data/nationality/GB')).statusCode, 403);
    const gb = (await item('nationality', 'GB'))!;
    const refused = await responder.post('/admin/reference-data/nationality/GB', { label: 'Britain', active: 'yes', sortOrder: '0', version: String(gb.version) });
    assert.equal(refused.statusCode, 403);
    assert.equal((await item('nationality', 'GB'))?.label, 'United Kingdom');
    assert.doesNotMatch((await responder.get('/')).body, /Reference data/);
    assert.match((await admin.get('/')).body, /href="\/admin\/reference-data"/);
  });
});
