import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { eq, sql } from 'drizzle-orm';
import { createTestServices, FixedClock, type TestContext } from '../support/test-services.js';
import { principalFor } from '../support/principals.js';
import { referralPeople, referrals } from '../../src/referrals/tables.js';
import { decisions, recoveryPeriods } from '../../src/casework/tables.js';
import { auditEvents } from '../../src/platform/audit/tables.js';
import { openIdentity } from '../../src/referrals/identity.js';
import { generateReferrals, GenerateRefusedError, type GeneratedCounts } from '../../src/demo/generate/generate.js';
import { SeededRandom } from '../../src/demo/generate/random.js';

// Friday 27 November 2026, 10:00 UK time.
const clock = () => new FixedClock(new Date('2026-11-27T10:00:00Z'));
const options = { referrals: 300, seed: 42, batchSize: 100 };

describe('generated synthetic referrals', () => {
  let first: TestContext;
  let second: TestContext;
  let counts: GeneratedCounts;
  const progress: string[] = [];

  before(async () => {
    first = await createTestServices({ clock: clock() });
    second = await createTestServices({ clock: clock() });
    counts = await generateReferrals(first, { ...options, progress: (line) => progress.push(line) });
  });
  after(async () => {
    await first?.drop();
    await second?.drop();
  });

  it('draws the same numbers for the same seed', () => {
    const a = new SeededRandom(7);
    const b = new SeededRandom(7);
    const drawn = Array.from({ length: 5 }, () => a.next());
    assert.deepEqual(drawn, Array.from({ length: 5 }, () => b.next()));
    assert.ok(drawn.every((n) => n >= 0 && n < 1));
    assert.notDeepEqual(drawn, Array.from({ length: 5 }, () => new SeededRandom(8).next()));
  });

  it('stores every referral, with statuses, outcomes and genders the same for the same seed in another database', async () => {
    assert.equal(counts.referrals, 300);
    const [{ n }] = (await first.database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM referrals`)) as [{ n: number }];
    assert.equal(n, 300);
    const again = await generateReferrals(second, options);
    assert.deepEqual(again, counts);
    const summary = (s: TestContext) => s.database.rows(sql`
      SELECT r.status, r.gender, r.reference, coalesce(string_agg(d.outcome, ',' ORDER BY d.stage), '') AS outcomes
      FROM referrals r LEFT JOIN decisions d ON d.referral_id = r.id GROUP BY r.id ORDER BY r.reference`);
    assert.deepEqual(await summary(second), await summary(first));
  });

  it('gives a realistic mix: children, Duty to Notify reports, every decision stage and status', async () => {
    assert.ok(counts.children > 60, `children: ${counts.children}`);
    assert.ok((counts.byRoute.duty_to_notify ?? 0) > 0);
    for (const status of ['awaiting_rg', 'rg_positive', 'rg_negative', 'cg_positive']) assert.ok((counts.byStatus[status] ?? 0) > 0, status);
    assert.ok((counts.byGender.male ?? 0) > (counts.byGender.female ?? 0));
    const people = await first.database.db.select({ id: referralPeople.referralId }).from(referralPeople)
      .innerJoin(referrals, eq(referrals.id, referralPeople.referralId)).where(eq(referrals.route, 'duty_to_notify'));
    assert.equal(people.length, 0, 'a Duty to Notify report holds no identity');
    const negatives = await first.database.db.select().from(decisions).where(eq(decisions.positive, false));
    assert.ok(negatives.length > 0 && negatives.every((d) => d.reviewedBy && d.reviewedBy !== d.madeBy));
    const periods = await first.database.db.select().from(recoveryPeriods);
    assert.equal(periods.length, counts.recoveryPeriods);
    const references = await first.database.rows<{ reference: string }>(sql`SELECT reference FROM referrals`);
    assert.ok(references.every((r) => /^(NRM|DTN)-\d{4}-\d{6}$/.test(r.reference)));
  });

  it('names only obviously fictitious people', async () => {
    const rows = await first.database.db.select().from(referralPeople).limit(50);
    assert.ok(rows.length > 0);
    for (const row of rows) {
      const identity = openIdentity(first.cipher, row.sealed);
      assert.match(identity.givenName ?? '', /^Test [A-Z][a-z]+$/);
      assert.match(identity.familyName ?? '', /^Example-\d+$/);
    }
  });

  it('puts the open cases in the caseworker’s work queue', async () => {
    const caseworker = await principalFor(first, 'caseworker@palermo.example');
    const queue = await first.casework.queue.list(caseworker, []);
    assert.ok(queue.rows.length > 0);
    assert.ok(queue.rows.every((r) => ['awaiting_rg', 'rg_positive'].includes(r.status)));
  });

  it('gives every generated case its place in the work queue', async () => {
    const [counts] = await first.database.rows<{ queued: number; stale: number }>(sql`
      SELECT count(*) FILTER (WHERE r.queue_step IS NOT NULL)::int AS queued,
        count(*) FILTER (WHERE r.queue_step IS DISTINCT FROM q.step OR r.queue_due_on IS DISTINCT FROM q.due_on)::int AS stale
      FROM referrals r, casework_queue_position(r.id, r.route, r.status, r.reasonable_grounds_due_date) q`);
    assert.ok(counts!.queued > 0);
    assert.equal(counts!.stale, 0);
  });

  it('records one audit event for the whole run, not one a row', async () => {
    const events = await first.database.db.select().from(auditEvents).where(eq(auditEvents.recordType, 'generated_data'));
    assert.equal(events.length, 1);
    assert.equal((events[0]!.details as { referrals: number }).referrals, 300);
  });

  it('refuses to generate with a seed already used', async () => {
    await assert.rejects(generateReferrals(first, options), GenerateRefusedError);
  });

  it('refuses to generate in production', async () => {
    await assert.rejects(generateReferrals({ ...first, config: { ...first.config, production: true } }, { ...options, seed: 43 }), /never generated in production/);
  });
});
