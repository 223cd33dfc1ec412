import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { createTestServices, FixedClock, type TestContext } from '../support/test-services.js';
import { generateReferrals } from '../../src/demo/generate/generate.js';
import { countTables, timelinessTables, type Counts, type CountRequest } from '../../src/statistics/publication/breakdowns.js';
import { tableDefinitions } from '../../src/statistics/publication/table-definitions.js';
import { unitsOf, type Scope } from '../../src/statistics/publication/units.js';

// The publication reads statistics_cases, kept by triggers; the referrals, organisations and decisions
// themselves are the definition. Here the two are held to each other on generated data.

const clock = new FixedClock(new Date('2026-11-27T10:00:00Z'));
let s: TestContext;
const requests: CountRequest[] = [...tableDefinitions.filter((d) => !d.derivedFrom && !d.onlyFor), ...timelinessTables];

const plain = (c: Counts) => ({
  cells: Object.fromEntries([...c.cells].map(([row, columns]) => [row, Object.fromEntries(columns)])),
  rowTotals: Object.fromEntries(c.rowTotals), columnTotals: Object.fromEntries(c.columnTotals), total: c.total,
});

async function rows<T>(query: ReturnType<typeof sql>): Promise<T[]> {
  return s.database.rows<T>(query) as Promise<T[]>;
}

/**
 * Rows of the kept tables that differ from what defines them now, both ways: statistics_cases from its
 * view, and the counts of cases awaiting a CG decision from statistics_cases.
 */
async function keptDifferences(): Promise<number> {
  const [{ n }] = await rows<{ n: number }>(sql`
    SELECT count(*)::int AS n FROM (
      (SELECT * FROM statistics_cases EXCEPT SELECT * FROM statistics_cases_source)
      UNION ALL (SELECT * FROM statistics_cases_source EXCEPT SELECT * FROM statistics_cases)) d`) as [{ n: number }];
  const [{ m }] = await rows<{ m: number }>(sql`
    WITH awaiting AS (
      SELECT (received_at AT TIME ZONE 'Europe/London')::date AS received_on, age_group, nation, count(*)::int AS cases FROM statistics_cases
      WHERE route = 'nrm' AND positive_rg_on IS NOT NULL AND earliest_cg_on = 'infinity' GROUP BY 1, 2, 3),
    kept_awaiting AS (SELECT received_on, age_group, nation, cases FROM statistics_awaiting_cg WHERE cases <> 0)
    SELECT count(*)::int AS m FROM ((SELECT * FROM awaiting EXCEPT SELECT * FROM kept_awaiting) UNION ALL (SELECT * FROM kept_awaiting EXCEPT SELECT * FROM awaiting)) d`) as [{ m: number }];
  return n + m;
}

async function assertSameCounts(scope: Scope): Promise<Counts[]> {
  const kept = await countTables(s.database.db, scope, requests, { source: 'kept' });
  const tables = await countTables(s.database.db, scope, requests, { source: 'tables' });
  requests.forEach((r, i) => assert.deepEqual(plain(kept[i]!), plain(tables[i]!), `${r.basis}: ${r.row} x ${r.column}, ${JSON.stringify(scope)}`));
  return kept;
}

before(async () => {
  s = await createTestServices({ clock });
  await generateReferrals(s, { referrals: 600, seed: 11, from: '2024-01-01', to: '2026-10-31', batchSize: 200 });
});
after(async () => { await s.drop(); });

describe('the statistics rows kept for each referral', () => {
  it('hold, after the demo data and a bulk load, exactly what their definition gives', async () => {
    const [{ kept, referrals }] = await rows<{ kept: number; referrals: number }>(sql`
      SELECT (SELECT count(*)::int FROM statistics_cases) AS kept, (SELECT count(*)::int FROM referrals) AS referrals`) as [{ kept: number; referrals: number }];
    assert.ok(referrals >= 600, `referrals: ${referrals}`);
    assert.equal(kept, referrals);
    assert.equal(await keptDifferences(), 0);
  });

  it('give every table the same counts as the referrals and decisions themselves: quarters, a year, a nation, a past cut-off', async () => {
    const quarter = await assertSameCounts({ from: '2026-07-01', to: '2026-09-30', cutOff: clock.now() });
    const total = (basis: string) => quarter[requests.findIndex((r) => r.basis === basis)]!.total;
    for (const basis of ['referral', 'duty_to_notify', 'rg_decision', 'cg_decision', 'awaiting_cg']) assert.ok(total(basis) > 0, `the quarter has ${basis} units to compare`);
    await assertSameCounts({ from: '2025-01-01', to: '2025-12-31', cutOff: clock.now() });
    await assertSameCounts({ from: '2024-01-01', to: '2026-10-31', nation: 'scotland', cutOff: clock.now() });
    await assertSameCounts({ from: '2026-04-01', to: '2026-06-30', cutOff: new Date('2026-08-15T12:00:00Z') });
  });

  it('follow every kind of change: a referral’s categories, its Competent Authority, an organisation’s type, a decision, a deletion', async () => {
    const [one, two] = await rows<{ id: string; organisation_id: string }>(sql`
      SELECT r.id, r.organisation_id FROM referrals r JOIN statistics_cases s ON s.referral_id = r.id
      WHERE r.route = 'nrm' AND s.positive_rg_on IS NOT NULL AND s.earliest_cg_on = 'infinity' ORDER BY r.reference LIMIT 2`);
    await s.database.db.execute(sql`UPDATE referrals SET age_group = 'not_specified', nationalities = ARRAY['FR'] WHERE id = ${one!.id}`);
    const [{ code }] = await rows<{ code: string }>(sql`
      UPDATE referrals r SET competent_authority_id = o.id FROM organisations o
      WHERE r.id = ${two!.id} AND o.competent_authority_code IN ('sca', 'iecca') AND o.id <> r.competent_authority_id
      RETURNING o.competent_authority_code AS code`) as [{ code: string }];
    const [kept] = await rows<{ age_group: string; nationality: string }>(sql`SELECT age_group, nationality FROM statistics_cases WHERE referral_id = ${one!.id}`);
    assert.deepEqual(kept, { age_group: 'not_specified', nationality: 'FR' });
    assert.deepEqual(await rows(sql`SELECT authority FROM statistics_cases WHERE referral_id = ${two!.id}`), [{ authority: code }]);
    assert.equal(await keptDifferences(), 0);

    await s.database.db.execute(sql`UPDATE organisations SET type = 'health' WHERE id = ${two!.organisation_id}`);
    assert.deepEqual(await rows(sql`SELECT DISTINCT responder_type FROM statistics_cases s JOIN referrals r ON r.id = s.referral_id WHERE r.organisation_id = ${two!.organisation_id}`), [{ responder_type: 'health' }]);
    assert.equal(await keptDifferences(), 0);

    // A CG decision issued on the first case: it no longer awaits one from that day.
    await s.database.db.execute(sql`
      INSERT INTO decisions (referral_id, stage, outcome, positive, reasons_sealed, standard_of_proof, status, decided_on, made_by, made_at, issued_at)
      SELECT ${one!.id}, 'cg', 'trafficking', true, 'sealed', 'balance of probabilities', 'issued', '2026-11-20', u.id, now(), now()
      FROM users u ORDER BY u.email LIMIT 1`);
    assert.deepEqual(await rows(sql`SELECT cg_outcome, earliest_cg_on::text FROM statistics_cases WHERE referral_id = ${one!.id}`), [{ cg_outcome: 'trafficking', earliest_cg_on: '2026-11-20' }]);
    await s.database.db.execute(sql`DELETE FROM decisions WHERE referral_id = ${one!.id} AND stage = 'cg'`);
    assert.deepEqual(await rows(sql`SELECT cg_outcome, earliest_cg_on::text FROM statistics_cases WHERE referral_id = ${one!.id}`), [{ cg_outcome: null, earliest_cg_on: 'infinity' }]);
    assert.equal(await keptDifferences(), 0);
    await assertSameCounts({ from: '2026-07-01', to: '2026-11-26', cutOff: clock.now() });
  });

  it('cases awaiting a CG decision at a cut-off before a decision was issued come from the decisions themselves', async () => {
    // A CG decision made on 2 November and issued on the 6th; the cut-off falls between: at the cut-off
    // the case still awaited one, though the kept row (as things are now) says it stopped on the 2nd.
    const [waiting] = await rows<{ id: string }>(sql`
      SELECT referral_id AS id FROM statistics_cases WHERE route = 'nrm' AND positive_rg_on < '2026-10-01' AND earliest_cg_on = 'infinity' ORDER BY unit_id LIMIT 1`);
    await s.database.db.execute(sql`
      INSERT INTO decisions (referral_id, stage, outcome, positive, reasons_sealed, standard_of_proof, status, decided_on, made_by, made_at, issued_at)
      SELECT ${waiting!.id}, 'cg', 'trafficking', true, 'sealed', 'balance of probabilities', 'issued', '2026-11-02', u.id, '2026-11-02T12:00:00Z', '2026-11-06T12:00:00Z'
      FROM users u ORDER BY u.email LIMIT 1`);
    const scope: Scope = { from: '2026-10-01', to: '2026-11-03', cutOff: new Date('2026-11-04T12:00:00Z') };
    const count = async (source: 'kept' | 'tables') => (await rows<{ n: number }>(sql`
      SELECT ${source === 'kept' ? sql`sum(weight)` : sql`count(*)`}::int AS n FROM (${unitsOf('awaiting_cg', scope, source)}) u`))[0]!.n;
    assert.notEqual(await count('kept'), await count('tables'), 'the kept rows alone would not count it');
    const awaiting = requests.filter((r) => r.basis === 'awaiting_cg');
    const [kept] = await countTables(s.database.db, scope, awaiting, { source: 'kept' });
    const [tables] = await countTables(s.database.db, scope, awaiting, { source: 'tables' });
    assert.deepEqual(plain(kept!), plain(tables!));
  });
});
