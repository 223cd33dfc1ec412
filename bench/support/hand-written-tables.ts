/**
 * The figures of the quarterly publication written by hand, as an analyst would query the tables
 * (`referrals`, `decisions`, `organisations`, and `missing_episodes` for table 15): one plain GROUP BY statement per table, without the
 * publication's units (`unitsOf`), CTEs, GROUPING SETS or disclosure control. The publication benchmark
 * runs them one after another as its per-table baseline, and checks that they give the publication's
 * unsuppressed counts.
 *
 * Covered: every table the publication counts directly for a quarter — 1a, 1b, 2, 3b, 3c, 4, 5, 6a, 6b,
 * 7, 8a, 8b, 8c, 8e, 9a, 9b, 9c, 9e, 11, 12a, 12b, 13a, 13b, 13c, 13d, 15 — and the timeliness of table 10
 * (decisions, quartiles of days and RG decisions on time, by age group and overall). Not covered: the
 * "any mention" tables (3a, 8d, 9d, 13e), which the publication works out from the combinations tables
 * after disclosure control, and the historic tables h1 and h2 (periods in 2009–2011 only).
 *
 * Each statement returns (row_key, column_key, n): the table's cells. Every variable of these tables puts
 * a unit in exactly one category, so a table's totals are sums of its cells.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Database, Db } from '../../src/platform/db/database.js';
import { countTables, timelinessFrom, timelinessTables } from '../../src/statistics/publication/breakdowns.js';
import { tableDefinitions } from '../../src/statistics/publication/table-definitions.js';
import type { Scope } from '../../src/statistics/publication/units.js';

/** The period's first and last UK days, and the instant the data is taken as it stood. */
export interface Period {
  from: string;
  to: string;
  cutOff: Date;
}

export interface Cell {
  row_key: string | null;
  column_key: string | null;
  n: number;
}

export interface TimelinessFigures {
  stage: 'rg' | 'cg';
  age_group: string;
  decided: number;
  lower_quartile: number | null;
  median: number | null;
  upper_quartile: number | null;
  /** RG decisions made by their due date; none for CG. */
  on_time: number | null;
}

// The WHERE clauses every query of a kind writes, written once here for reading. Receipt in the period is
// the UK days from..to as a range of instants (as the single-GROUP-BY baseline writes it), so the index on
// `received_at` serves it.
const receivedIn = (p: Period): SQL => sql`r.received_at >= (${p.from}::date)::timestamp AT TIME ZONE 'Europe/London'
      AND r.received_at < (${p.to}::date + 1)::timestamp AT TIME ZONE 'Europe/London'
      AND r.received_at <= ${p.cutOff.toISOString()}::timestamptz`;

/** A case's first issued decision of the stage (by issue, then id), when it was made in the period. */
const firstDecisionIn = (stage: 'rg' | 'cg', p: Period): SQL => sql`d.stage = ${stage} AND d.status = 'issued'
      AND d.issued_at <= ${p.cutOff.toISOString()}::timestamptz
      AND d.decided_on BETWEEN ${p.from}::date AND ${p.to}::date
      AND r.route = 'nrm' AND r.received_at <= ${p.cutOff.toISOString()}::timestamptz
      AND NOT EXISTS (SELECT 1 FROM decisions e WHERE e.referral_id = d.referral_id AND e.stage = d.stage AND e.status = 'issued'
        AND e.issued_at <= ${p.cutOff.toISOString()}::timestamptz AND (e.issued_at, e.id) < (d.issued_at, d.id))`;

const combination = sql`CASE WHEN cardinality(r.exploitation_types) = 0 THEN 'not_specified' ELSE array_to_string(r.exploitation_types, '+') END`;

export const handWrittenTables: { id: string; title: string; query: (p: Period) => SQL }[] = [
  {
    id: '1a', title: 'Referrals and Duty to Notify reports by quarter and route',
    query: (p) => sql`SELECT to_char((r.received_at AT TIME ZONE 'Europe/London')::date, 'YYYY "Q"Q') AS row_key, r.route AS column_key, count(*)::int AS n
      FROM referrals r WHERE ${receivedIn(p)} GROUP BY 1, 2`,
  },
  {
    id: '1b', title: 'NRM referrals by quarter and Competent Authority',
    query: (p) => sql`SELECT to_char((r.received_at AT TIME ZONE 'Europe/London')::date, 'YYYY "Q"Q') AS row_key, coalesce(ca.competent_authority_code, 'none') AS column_key, count(*)::int AS n
      FROM referrals r LEFT JOIN organisations ca ON ca.id = r.competent_authority_id
      WHERE ${receivedIn(p)} AND r.route = 'nrm' GROUP BY 1, 2`,
  },
  {
    id: '2', title: 'Referrals by age at exploitation and gender',
    query: (p) => sql`SELECT r.age_group AS row_key, r.gender AS column_key, count(*)::int AS n
      FROM referrals r WHERE ${receivedIn(p)} AND r.route = 'nrm' GROUP BY 1, 2`,
  },
  {
    id: '3b', title: 'Referrals by combination of exploitation types and age group',
    query: (p) => sql`SELECT ${combination} AS row_key, r.age_group AS column_key, count(*)::int AS n
      FROM referrals r WHERE ${receivedIn(p)} AND r.route = 'nrm' GROUP BY 1, 2`,
  },
  {
    id: '3c', title: 'Referrals flagged as county lines, by age group',
    query: (p) => sql`SELECT CASE WHEN r.county_lines THEN 'county_lines' ELSE 'not_county_lines' END AS row_key, r.age_group AS column_key, count(*)::int AS n
      FROM referrals r WHERE ${receivedIn(p)} AND r.route = 'nrm' GROUP BY 1, 2`,
  },
  {
    id: '4', title: 'Referrals by nationality and age group',
    query: (p) => sql`SELECT coalesce(r.nationalities[1], 'XX') AS row_key, r.age_group AS column_key, count(*)::int AS n
      FROM referrals r WHERE ${receivedIn(p)} AND r.route = 'nrm' GROUP BY 1, 2`,
  },
  {
    id: '5', title: 'Referrals by first responder organisation type and age group',
    query: (p) => sql`SELECT o.type AS row_key, r.age_group AS column_key, count(*)::int AS n
      FROM referrals r JOIN organisations o ON o.id = r.organisation_id
      WHERE ${receivedIn(p)} AND r.route = 'nrm' GROUP BY 1, 2`,
  },
  {
    id: '6a', title: 'Referrals by police force area',
    query: (p) => sql`SELECT coalesce(r.police_force_code, 'not_recorded') AS row_key, r.age_group AS column_key, count(*)::int AS n
      FROM referrals r WHERE ${receivedIn(p)} AND r.route = 'nrm' GROUP BY 1, 2`,
  },
  {
    id: '6b', title: 'Referrals by UK nation and age group',
    query: (p) => sql`SELECT r.nation AS row_key, r.age_group AS column_key, count(*)::int AS n
      FROM referrals r WHERE ${receivedIn(p)} AND r.route = 'nrm' GROUP BY 1, 2`,
  },
  {
    id: '7', title: 'Referrals by location of exploitation and age group',
    query: (p) => sql`SELECT r.exploitation_location AS row_key, r.age_group AS column_key, count(*)::int AS n
      FROM referrals r WHERE ${receivedIn(p)} AND r.route = 'nrm' GROUP BY 1, 2`,
  },
  {
    id: '8a', title: 'Reasonable grounds decisions by outcome and age group',
    query: (p) => sql`SELECT d.outcome AS row_key, r.age_group AS column_key, count(*)::int AS n
      FROM decisions d JOIN referrals r ON r.id = d.referral_id WHERE ${firstDecisionIn('rg', p)} GROUP BY 1, 2`,
  },
  {
    id: '8b', title: 'Reasonable grounds decisions by outcome and gender',
    query: (p) => sql`SELECT d.outcome AS row_key, r.gender AS column_key, count(*)::int AS n
      FROM decisions d JOIN referrals r ON r.id = d.referral_id WHERE ${firstDecisionIn('rg', p)} GROUP BY 1, 2`,
  },
  {
    id: '8c', title: 'Reasonable grounds decisions by combination of exploitation types and outcome',
    query: (p) => sql`SELECT ${combination} AS row_key, d.outcome AS column_key, count(*)::int AS n
      FROM decisions d JOIN referrals r ON r.id = d.referral_id WHERE ${firstDecisionIn('rg', p)} GROUP BY 1, 2`,
  },
  {
    id: '8e', title: 'Reasonable grounds decisions by nationality and outcome',
    query: (p) => sql`SELECT coalesce(r.nationalities[1], 'XX') AS row_key, d.outcome AS column_key, count(*)::int AS n
      FROM decisions d JOIN referrals r ON r.id = d.referral_id WHERE ${firstDecisionIn('rg', p)} GROUP BY 1, 2`,
  },
  {
    id: '9a', title: 'Conclusive grounds decisions by outcome and age group',
    query: (p) => sql`SELECT d.outcome AS row_key, r.age_group AS column_key, count(*)::int AS n
      FROM decisions d JOIN referrals r ON r.id = d.referral_id WHERE ${firstDecisionIn('cg', p)} GROUP BY 1, 2`,
  },
  {
    id: '9b', title: 'Conclusive grounds decisions by outcome and gender',
    query: (p) => sql`SELECT d.outcome AS row_key, r.gender AS column_key, count(*)::int AS n
      FROM decisions d JOIN referrals r ON r.id = d.referral_id WHERE ${firstDecisionIn('cg', p)} GROUP BY 1, 2`,
  },
  {
    id: '9c', title: 'Conclusive grounds decisions by combination of exploitation types and outcome',
    query: (p) => sql`SELECT ${combination} AS row_key, d.outcome AS column_key, count(*)::int AS n
      FROM decisions d JOIN referrals r ON r.id = d.referral_id WHERE ${firstDecisionIn('cg', p)} GROUP BY 1, 2`,
  },
  {
    id: '9e', title: 'Conclusive grounds decisions by nationality and outcome',
    query: (p) => sql`SELECT coalesce(r.nationalities[1], 'XX') AS row_key, d.outcome AS column_key, count(*)::int AS n
      FROM decisions d JOIN referrals r ON r.id = d.referral_id WHERE ${firstDecisionIn('cg', p)} GROUP BY 1, 2`,
  },
  {
    // Cases received by the period's end with a positive RG and no CG decision by then, by the case's age
    // at the period's end (UK days since receipt: under 91, 182, 366, 731, or more).
    id: '11', title: 'Cases awaiting a conclusive grounds decision at the end of the period, by age of case',
    query: (p) => sql`SELECT CASE WHEN (r.received_at AT TIME ZONE 'Europe/London')::date >= ${p.to}::date - 90 THEN 'under_3_months'
          WHEN (r.received_at AT TIME ZONE 'Europe/London')::date >= ${p.to}::date - 182 THEN '3_to_6_months'
          WHEN (r.received_at AT TIME ZONE 'Europe/London')::date >= ${p.to}::date - 365 THEN '6_to_12_months'
          WHEN (r.received_at AT TIME ZONE 'Europe/London')::date >= ${p.to}::date - 730 THEN '1_to_2_years'
          ELSE 'over_2_years' END AS row_key,
        r.age_group AS column_key, count(*)::int AS n
      FROM referrals r
      WHERE r.route = 'nrm' AND r.received_at < (${p.to}::date + 1)::timestamp AT TIME ZONE 'Europe/London'
        AND r.received_at <= ${p.cutOff.toISOString()}::timestamptz
        AND EXISTS (SELECT 1 FROM decisions d WHERE d.referral_id = r.id AND d.stage = 'rg' AND d.positive AND d.status = 'issued'
          AND d.decided_on <= ${p.to}::date AND d.issued_at <= ${p.cutOff.toISOString()}::timestamptz)
        AND NOT EXISTS (SELECT 1 FROM decisions d WHERE d.referral_id = r.id AND d.stage = 'cg' AND d.status = 'issued'
          AND d.decided_on <= ${p.to}::date AND d.issued_at <= ${p.cutOff.toISOString()}::timestamptz)
      GROUP BY 1, 2`,
  },
  {
    id: '12a', title: 'Reasonable grounds decisions by main reason for a negative decision and outcome',
    query: (p) => sql`SELECT CASE WHEN d.positive THEN 'not_applicable' ELSE coalesce(d.reason_category, 'not_recorded') END AS row_key, d.outcome AS column_key, count(*)::int AS n
      FROM decisions d JOIN referrals r ON r.id = d.referral_id WHERE ${firstDecisionIn('rg', p)} GROUP BY 1, 2`,
  },
  {
    id: '12b', title: 'Conclusive grounds decisions by main reason for a negative decision and outcome',
    query: (p) => sql`SELECT CASE WHEN d.positive THEN 'not_applicable' ELSE coalesce(d.reason_category, 'not_recorded') END AS row_key, d.outcome AS column_key, count(*)::int AS n
      FROM decisions d JOIN referrals r ON r.id = d.referral_id WHERE ${firstDecisionIn('cg', p)} GROUP BY 1, 2`,
  },
  {
    id: '13a', title: 'Duty to Notify reports by combination of exploitation types and gender',
    query: (p) => sql`SELECT ${combination} AS row_key, r.gender AS column_key, count(*)::int AS n
      FROM referrals r WHERE ${receivedIn(p)} AND r.route = 'duty_to_notify' GROUP BY 1, 2`,
  },
  {
    id: '13b', title: 'Duty to Notify reports by nationality',
    query: (p) => sql`SELECT coalesce(r.nationalities[1], 'XX') AS row_key, 'all' AS column_key, count(*)::int AS n
      FROM referrals r WHERE ${receivedIn(p)} AND r.route = 'duty_to_notify' GROUP BY 1`,
  },
  {
    id: '13c', title: 'Duty to Notify reports by organisation type',
    query: (p) => sql`SELECT o.type AS row_key, 'all' AS column_key, count(*)::int AS n
      FROM referrals r JOIN organisations o ON o.id = r.organisation_id
      WHERE ${receivedIn(p)} AND r.route = 'duty_to_notify' GROUP BY 1`,
  },
  {
    id: '13d', title: 'Duty to Notify reports by police force area',
    query: (p) => sql`SELECT coalesce(r.police_force_code, 'not_recorded') AS row_key, 'all' AS column_key, count(*)::int AS n
      FROM referrals r WHERE ${receivedIn(p)} AND r.route = 'duty_to_notify' GROUP BY 1`,
  },
  {
    // Episodes whose person was last seen in the period, reported by the cut-off; the outcome as it stood then.
    id: '15', title: 'Missing episodes started in the period by outcome and age group',
    query: (p) => sql`SELECT CASE WHEN e.closed_at <= ${p.cutOff.toISOString()}::timestamptz THEN e.outcome ELSE 'still_missing' END AS row_key,
        CASE WHEN e.child THEN 'child' ELSE 'adult' END AS column_key, count(*)::int AS n
      FROM missing_episodes e
      WHERE e.last_seen_at >= (${p.from}::date)::timestamp AT TIME ZONE 'Europe/London'
        AND e.last_seen_at < (${p.to}::date + 1)::timestamp AT TIME ZONE 'Europe/London'
        AND e.reported_at <= ${p.cutOff.toISOString()}::timestamptz
      GROUP BY 1, 2`,
  },
];

/**
 * Table 10, timeliness of the first RG and CG decisions made in the period: by age group, then overall,
 * the number of decisions, the quartiles of days from receipt (UK day) to decision, and for RG how many
 * were made by their due date (the decision's, else the referral's).
 */
export function handWrittenTimeliness(p: Period): SQL {
  const days = sql`d.decided_on - (r.received_at AT TIME ZONE 'Europe/London')::date`;
  const figures = (stage: 'rg' | 'cg') => sql`${stage}::text AS stage, count(*)::int AS decided,
      percentile_cont(0.25) WITHIN GROUP (ORDER BY ${days}) AS lower_quartile,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY ${days}) AS median,
      percentile_cont(0.75) WITHIN GROUP (ORDER BY ${days}) AS upper_quartile,
      ${stage === 'rg' ? sql`count(*) FILTER (WHERE d.decided_on <= coalesce(d.due_date, r.reasonable_grounds_due_date))::int` : sql`NULL::int`} AS on_time
    FROM decisions d JOIN referrals r ON r.id = d.referral_id WHERE ${firstDecisionIn(stage, p)}`;
  return sql`SELECT r.age_group, ${figures('rg')} GROUP BY r.age_group
    UNION ALL SELECT 'all', ${figures('rg')}
    UNION ALL SELECT r.age_group, ${figures('cg')} GROUP BY r.age_group
    UNION ALL SELECT 'all', ${figures('cg')}`;
}

export interface HandWrittenResults {
  tables: Map<string, Cell[]>;
  timeliness: TimelinessFigures[];
  /** Seconds each statement took, by table id ('10' for timeliness). */
  seconds: Map<string, number>;
}

/** Every hand-written statement, one after another. */
export async function runHandWrittenTables(database: Database, p: Period): Promise<HandWrittenResults> {
  const tables = new Map<string, Cell[]>();
  const seconds = new Map<string, number>();
  const timed = async <T>(id: string, query: SQL): Promise<T[]> => {
    const start = process.hrtime.bigint();
    const rows = await database.rows<T>(query);
    seconds.set(id, Number(process.hrtime.bigint() - start) / 1e9);
    return rows;
  };
  for (const t of handWrittenTables) tables.set(t.id, await timed<Cell>(t.id, t.query(p)));
  const timeliness = await timed<TimelinessFigures>('10', handWrittenTimeliness(p));
  return { tables, timeliness, seconds };
}

export interface Check {
  /** What differs, one line each; none when every figure is the same. */
  differences: string[];
  tables: number;
  figures: number;
  /** Each checked table's grand total (hand-written). */
  totals: Map<string, number>;
}

/**
 * Compares the hand-written figures with the publication's own counts before disclosure control
 * (`countTables` over the tables the publication counts directly, with what timeliness is worked out
 * from): every cell and grand total of every table, and every figure of table 10. A table the
 * publication counts and no hand-written statement covers is a difference too.
 */
export async function checkAgainstPublication(db: Db, scope: Scope, results: HandWrittenResults): Promise<Check> {
  const direct = tableDefinitions.filter((d) => !d.derivedFrom && (!d.onlyFor || (scope.from <= d.onlyFor.to && scope.to >= d.onlyFor.from)));
  const counts = await countTables(db, scope, [...direct, ...timelinessTables]);
  const differences: string[] = [];
  const totals = new Map<string, number>();
  let figures = 0;
  const key = (row: unknown, column: unknown) => `${String(row)} × ${String(column)}`;
  direct.forEach((d, i) => {
    const cells = results.tables.get(d.id);
    if (!cells) {
      differences.push(`table ${d.id}: counted by the publication, no hand-written statement`);
      return;
    }
    const published = new Map<string, number>();
    for (const [row, columns] of counts[i]!.cells) for (const [column, n] of columns) published.set(key(row, column), n);
    const written = new Map(cells.map((c) => [key(c.row_key, c.column_key), c.n]));
    for (const k of new Set([...published.keys(), ...written.keys()])) {
      figures++;
      if (published.get(k) !== written.get(k)) differences.push(`table ${d.id}, ${k}: publication ${published.get(k) ?? 0}, hand-written ${written.get(k) ?? 0}`);
    }
    const total = cells.reduce((a, c) => a + c.n, 0);
    totals.set(d.id, total);
    figures++;
    if (total !== counts[i]!.total) differences.push(`table ${d.id}, grand total: publication ${counts[i]!.total}, hand-written ${total}`);
  });
  const publishedTimes = timelinessFrom(counts.slice(direct.length));
  const writtenTimes = new Map(results.timeliness.map((t) => [`${t.stage} ${t.age_group}`, t]));
  const same = (a: number | null | undefined, b: number | null | undefined) => (a ?? null) === (b ?? null) || (a != null && b != null && Math.abs(a - b) < 1e-9);
  for (const p of publishedTimes) {
    const w = writtenTimes.get(`${p.stage} ${p.ageGroup}`);
    writtenTimes.delete(`${p.stage} ${p.ageGroup}`);
    const pairs: [string, number | null, number | null | undefined][] = [
      ['decisions', p.decided, w?.decided], ['lower quartile', p.lowerQuartile, w?.lower_quartile], ['median', p.median, w?.median],
      ['upper quartile', p.upperQuartile, w?.upper_quartile], ['on time', p.onTime, w?.on_time],
    ];
    for (const [what, published, written] of pairs) {
      figures++;
      if (!w || !same(published, written)) differences.push(`table 10, ${p.stage} ${p.ageGroup}, ${what}: publication ${published}, hand-written ${w ? written : 'none'}`);
    }
  }
  for (const k of writtenTimes.keys()) differences.push(`table 10, ${k}: hand-written only`);
  return { differences, tables: direct.length + 1, figures, totals };
}
