/**
 * Statistics publication benchmark (PostgreSQL only): the full quarterly publication
 * (`buildPublication`: every table counted, timeliness, disclosure control across the release and its
 * independent verification) over a database of generated referrals, against two baselines measured in
 * the same run on the same database.
 *
 * The first baseline, on which the targets are set, is one hand-written GROUP BY of the main table,
 * `referrals`, for the same quarter: NRM referrals received in the quarter by exploitation type (any
 * mention) and age group, as an analyst would write it against the table — the quarter as a range of
 * `received_at` (UK days), no CTEs, no distinct units, no disclosure control. The publication counts
 * more — some thirty tables over five sets of units, among them the decisions of the quarter (tables
 * 8–10, 12) and the cases awaiting a CG decision at the end of the quarter, which can have been received
 * in any year (table 11) — but not from `referrals`: from the statistics rows kept for each referral by
 * triggers (`statistics_cases`, `statistics_awaiting_cg`; docs/ARCHITECTURE.md), narrow and read through
 * covering indexes. The ratio is what that design costs or saves at publication time; what it costs at
 * intake is in the intake benchmark, whose API and baseline rows both pass through the triggers.
 *
 * The second baseline computes the same figures by hand: one plain GROUP BY statement per table
 * (bench/support/hand-written-tables.ts: every table the publication counts directly, and the
 * timeliness of table 10; not the "any mention" tables worked out from combinations, nor the 2009–2011
 * historic ones), against referrals, decisions, organisations (and missing_episodes, table 15), run
 * one after another — no units library, no GROUPING SETS, no disclosure control. Its ratio is what the
 * publication's way of counting (and its disclosure control) costs over writing each table by hand. Before anything is timed, the
 * hand-written figures are checked against the publication's unsuppressed counts (`countTables`): every
 * cell and grand total of every table and every figure of table 10; any difference is printed and the
 * benchmark exits with status 1.
 *
 * The publication and both baselines are run the same number of times after a warm-up, alternately;
 * ratios are of medians.
 *
 * Targets: publication under 2 s, and at most 1.5 × the first baseline. When the publication misses a
 * target, the plan of each of its statements (EXPLAIN (ANALYZE, BUFFERS)) is printed, slowest first.
 *
 * Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/test \
 *          node --import tsx bench/publication.bench.ts [--referrals 1000000] [--repetitions 7] [--explain]
 * The database of generated referrals is made once per count (minutes for a million) and kept.
 */
import { parseArgs } from 'node:util';
import { cpus, loadavg } from 'node:os';
import { sql, type SQL } from 'drizzle-orm';
import { openGeneratedDatabase } from './support/generated-database.js';
import { checkAgainstPublication, handWrittenTables, runHandWrittenTables } from './support/hand-written-tables.js';
import pg from 'pg';
import { PgDialect } from 'drizzle-orm/pg-core';
import { buildPublication } from '../src/statistics/publication/publication.js';
import { countingSettings } from '../src/statistics/publication/breakdowns.js';
import type { Scope } from '../src/statistics/publication/units.js';
import type { Db } from '../src/platform/db/database.js';

const { values } = parseArgs({
  options: {
    referrals: { type: 'string', default: '1000000' },
    seed: { type: 'string', default: '1' },
    repetitions: { type: 'string', default: '7' },
    explain: { type: 'boolean', default: false },
  },
});
const referralCount = Number(values.referrals);
const repetitions = Number(values.repetitions);
if (!Number.isInteger(referralCount) || referralCount < 1 || !Number.isInteger(repetitions) || repetitions < 1) {
  console.error('--referrals and --repetitions must be whole numbers of at least 1');
  process.exit(2);
}

// The last complete quarter of the generated data (receipts run to 31 October 2026), and the year to its end.
const quarter = { from: '2026-07-01', to: '2026-09-30' };
const year = { from: '2025-10-01', to: '2026-09-30' };
const targetSeconds = 2;
const targetRatio = 1.5;

/** The baseline: one hand-written GROUP BY of the quarter's NRM referrals, exploitation type × age group. */
function baselineQuery(period: { from: string; to: string }): SQL {
  return sql`
    SELECT t.type, r.age_group, count(*)::int AS n
    FROM referrals r CROSS JOIN LATERAL unnest(CASE WHEN cardinality(r.exploitation_types) = 0 THEN ARRAY['not_specified'] ELSE r.exploitation_types END) AS t(type)
    WHERE r.received_at >= (${period.from}::date)::timestamp AT TIME ZONE 'Europe/London'
      AND r.received_at < (${period.to}::date + 1)::timestamp AT TIME ZONE 'Europe/London'
      AND r.route = 'nrm'
    GROUP BY t.type, r.age_group`;
}

async function main() {
  const generated = await openGeneratedDatabase({ referrals: referralCount, seed: Number(values.seed) });
  const database = generated.services.database;
  const db = database.db;
  try {
    if (database.engine !== 'postgresql') throw new Error('This benchmark runs on PostgreSQL only.');
    const cutOff = new Date();
    const scope: Scope = { ...quarter, cutOff };
    const [{ n: inQuarter }] = await database.rows<{ n: number }>(sql`
      SELECT count(*)::int AS n FROM referrals
      WHERE (received_at AT TIME ZONE 'Europe/London')::date BETWEEN ${quarter.from}::date AND ${quarter.to}::date`) as [{ n: number }];

    // Warm-up: caches, plans, the JIT of Node.
    const { tables, timeliness } = await buildPublication(db, scope);
    await database.rows(baselineQuery(quarter));
    const handWritten = await runHandWrittenTables(database, scope);

    // The per-table baseline must compute the publication's figures, or its time means nothing.
    const check = await checkAgainstPublication(db, scope, handWritten);
    if (check.differences.length > 0) {
      console.error(`the hand-written tables differ from the publication's unsuppressed counts in ${check.differences.length} figures:`);
      for (const d of check.differences.slice(0, 50)) console.error(`  ${d}`);
      if (check.differences.length > 50) console.error(`  … and ${check.differences.length - 50} more`);
      process.exitCode = 1;
      return;
    }
    const loadBefore = loadavg()[0]!;

    // Alternately, so that a change in the machine's load falls on both.
    const publicationTimes: number[] = [];
    const baselineTimes: number[] = [];
    const perTableTimes: number[] = [];
    const statementTimes = new Map<string, number[]>();
    for (let i = 0; i < repetitions; i++) {
      publicationTimes.push(await seconds(() => buildPublication(db, scope)));
      baselineTimes.push(await seconds(() => database.rows(baselineQuery(quarter))));
      perTableTimes.push(await seconds(async () => {
        const run = await runHandWrittenTables(database, scope);
        for (const [id, s] of run.seconds) statementTimes.set(id, [...(statementTimes.get(id) ?? []), s]);
      }));
    }
    const yearScope: Scope = { ...year, cutOff };
    await buildPublication(db, yearScope);
    const yearTimes: number[] = [];
    for (let i = 0; i < Math.min(3, repetitions); i++) yearTimes.push(await seconds(() => buildPublication(db, yearScope)));

    const publication = median(publicationTimes);
    const baseline = median(baselineTimes);
    const ratio = publication / baseline;
    const perTable = median(perTableTimes);
    const met = publication < targetSeconds && ratio <= targetRatio;
    console.log(`engine: postgresql; referrals in the database: ${generated.referrals.toLocaleString('en-GB')}; in the quarter ${quarter.from} to ${quarter.to}: ${inQuarter.toLocaleString('en-GB')}; repetitions: ${repetitions}`);
    console.log(`machine: ${cpus().length} cores; load average (1 min) ${loadBefore.toFixed(1)} before, ${loadavg()[0]!.toFixed(1)} after`);
    console.log(`publication (${tables.length} tables, ${timeliness.length} timeliness rows, disclosure control): median ${publication.toFixed(3)} s, max ${Math.max(...publicationTimes).toFixed(3)} s`);
    console.log(`baseline (hand-written GROUP BY of referrals, type x age group): median ${baseline.toFixed(3)} s, max ${Math.max(...baselineTimes).toFixed(3)} s`);
    console.log(`ratio publication / baseline: ${ratio.toFixed(2)}`);
    console.log(`baseline per table (${handWrittenTables.length + 1} hand-written GROUP BY statements, one per table, run one after another): median ${perTable.toFixed(3)} s, max ${Math.max(...perTableTimes).toFixed(3)} s`);
    console.log(`ratio publication / per-table baseline: ${(publication / perTable).toFixed(2)}`);
    console.log(`  checked: ${check.figures.toLocaleString('en-GB')} figures of ${check.tables} tables equal the publication's unsuppressed counts (grand totals: ${['2', '8a', '9a', '11'].map((id) => `${id} ${check.totals.get(id)?.toLocaleString('en-GB')}`).join(', ')})`);
    console.log(`  per statement, median ms: ${[...statementTimes].map(([id, s]) => `${id} ${(median(s) * 1000).toFixed(0)}`).join(', ')}`);
    console.log(`targets: under ${targetSeconds} s ${publication < targetSeconds ? 'met' : 'NOT MET'}; ratio <= ${targetRatio} ${ratio <= targetRatio ? 'met' : 'NOT MET'}`);
    console.log(`for information, a year's publication (${year.from} to ${year.to}): median ${median(yearTimes).toFixed(3)} s`);
    // Slower than the time target: every plan. Over the ratio only: where the time goes, one line a statement.
    if (!met || values.explain) await explainPublication(db, scope, publication >= targetSeconds || values.explain);
  } finally {
    await generated.close();
  }
}

async function seconds(work: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/**
 * The publication's statements, slowest first, each with its plan (`plans`) or its time and what it
 * selects: the statements are caught as the publication runs them (on any connection of the pool),
 * then each is run again under EXPLAIN (ANALYZE, BUFFERS) with the settings the counting uses.
 */
async function explainPublication(db: Db, scope: Scope, plans: boolean): Promise<void> {
  const statements: { text: string; params: unknown[] }[] = [];
  const original = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const [first, second] = args as [string | { text: string; values?: unknown[] }, unknown[] | undefined];
    const text = typeof first === 'string' ? first : first && typeof first === 'object' && 'text' in first ? first.text : undefined;
    const params = typeof first === 'object' && first && 'values' in first ? first.values ?? second ?? [] : second ?? [];
    if (text && /^\s*(WITH|SELECT)\b/i.test(text) && !text.includes('set_config(')) statements.push({ text, params });
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof original;
  try {
    await buildPublication(db, scope);
  } finally {
    pg.Client.prototype.query = original;
  }
  const settings = new PgDialect().sqlToQuery(countingSettings);
  const pool = (db as unknown as { $client: pg.Pool }).$client;
  const client = await pool.connect();
  const explained: { ms: number; what: string; plan: string }[] = [];
  try {
    for (const s of statements) {
      await client.query('BEGIN');
      await client.query(settings.sql, settings.params);
      const result = await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${s.text}`, s.params) as { rows: { 'QUERY PLAN': string }[] };
      await client.query('COMMIT');
      const plan = result.rows.map((r) => r['QUERY PLAN']).join('\n');
      const ms = Number(/Execution Time: ([\d.]+) ms/.exec(plan)?.[1] ?? 0);
      // What the statement selects: its first WHERE (the units'), with the parameters written in.
      const text = s.text.replace(/\s+/g, ' ').replace(/\$(\d+)/g, (_, n: string) => `'${String(s.params[Number(n) - 1])}'`);
      explained.push({ ms, what: text.slice(Math.max(0, text.indexOf(' WHERE ')), text.indexOf(' WHERE ') + 320).trim(), plan });
    }
  } finally {
    client.release();
  }
  explained.sort((a, b) => b.ms - a.ms);
  console.log(`\nthe publication's ${explained.length} statements, slowest first (EXPLAIN ANALYZE):`);
  for (const e of explained) console.log(plans ? `\n--- ${e.ms.toFixed(1)} ms: ${e.what}\n${e.plan}` : `${e.ms.toFixed(0).padStart(6)} ms  ${e.what}`);
}

await main();
