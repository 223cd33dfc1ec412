import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { eq, sql } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { auditEvents } from '../../src/platform/audit/tables.js';
import { organisations } from '../../src/organisations/tables.js';
import { systemActor } from '../../src/platform/audit/audit-log.js';

let t: TestApp;
before(async () => { t = await startTestApp(); });
after(async () => { await t.close(); });

const countEvents = async () => (await t.ctx.database.db.select({ n: sql<number>`count(*)::int` }).from(auditEvents))[0]!.n;

/** Alters a row as someone with direct database access would, bypassing the append-only trigger. */
async function tamper(seq: number, change: string) {
  await t.ctx.database.transaction(async (tx) => {
    await tx.execute(sql`ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update`);
    await tx.execute(sql.raw(`UPDATE audit_events SET ${change} WHERE seq = ${seq}`));
    await tx.execute(sql`ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update`);
  });
}

describe('audit log', () => {
  it('verifies an intact chain', async () => {
    const result = await t.ctx.audit.verify();
    assert.equal(result.ok, true);
    assert.equal(result.checked, await countEvents());
  });

  it('is append-only: the database refuses updates and deletes', async () => {
    const refused = (error: unknown) => /append-only/.test(String((error as { cause?: Error }).cause?.message));
    await assert.rejects(t.ctx.database.transaction((tx) => tx.update(auditEvents).set({ action: 'view' }).where(eq(auditEvents.seq, 1))), refused);
    await assert.rejects(t.ctx.database.transaction((tx) => tx.delete(auditEvents).where(eq(auditEvents.seq, 1))), refused);
    await assert.rejects(t.ctx.database.transaction((tx) => tx.execute(sql`TRUNCATE audit_events`)), refused);
  });

  it('writes the event in the same transaction as the change: a failed change leaves no event', async () => {
    const before = await countEvents();
    await assert.rejects(t.ctx.database.transaction(async (tx) => {
      await t.ctx.audit.record(tx, { actor: systemActor }, { action: 'create', recordType: 'organisation', recordId: 'x' });
      await tx.insert(organisations).values({ name: 'Kalayaan', type: 'ngo', nation: 'england' }); // duplicate name
    }));
    assert.equal(await countEvents(), before);
  });

  it('keeps one unbroken chain under concurrent writers', async () => {
    await Promise.all(Array.from({ length: 20 }, (_, i) =>
      t.ctx.audit.recordAlone({ actor: systemActor, requestId: `parallel-${i}` }, { action: 'view', recordType: 'test', recordId: String(i) })));
    const result = await t.ctx.audit.verify(7); // small batches exercise the batch boundary
    assert.equal(result.ok, true, JSON.stringify(result));
  });

  it('lets auditors search and filter the log, and audits the search', async () => {
    const auditor = t.agent();
    await auditor.signIn('auditor@palermo.example');
    const all = await auditor.get('/audit');
    assert.equal(all.statusCode, 200);
    assert.match(all.body, /sign in/);
    const filtered = await auditor.get('/audit?action=sign_in&actorEmail=auditor%40palermo.example');
    assert.equal(filtered.statusCode, 200);
    assert.match(filtered.body, /1 events/);
    const bad = await auditor.get('/audit?from=yesterday');
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /Enter a date in the format YYYY-MM-DD/);
    const [search] = await t.ctx.database.db.select().from(auditEvents).where(eq(auditEvents.recordType, 'audit_log'));
    assert.ok(search, 'the search itself is audited');
  });

  it('names the first altered row', async () => {
    await tamper(5, `record_id = 'someone-else'`);
    const result = await t.ctx.audit.verify();
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.brokenSeq, 5);
    assert.equal(result.checked, 4);
  });
});
