import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.js';
import { unitsOf, type Basis, type Scope } from './units.js';

/**
 * A breakdown variable: the categories a unit falls in, as a SQL array over the unit's columns.
 * Most give one category; exploitation type gives every type mentioned ("any mention of type X").
 */
export const variables = {
  quarter: sql`ARRAY[u.quarter]`,
  route: sql`ARRAY[u.route]`,
  authority: sql`ARRAY[u.authority]`,
  age_group: sql`ARRAY[u.age_group]`,
  gender: sql`ARRAY[u.gender]`,
  exploitation_type: sql`CASE WHEN cardinality(u.types) = 0 THEN ARRAY['not_specified'] ELSE u.types END`,
  exploitation_combination: sql`ARRAY[CASE WHEN cardinality(u.types) = 0 THEN 'not_specified' ELSE array_to_string(u.types, '+') END]`,
  county_lines: sql`ARRAY[CASE WHEN u.county_lines THEN 'county_lines' ELSE 'not_county_lines' END]`,
  nationality: sql`ARRAY[u.nationality]`,
  responder_type: sql`ARRAY[u.responder_type]`,
  police_force: sql`ARRAY[u.police_force]`,
  nation: sql`ARRAY[u.nation]`,
  location: sql`ARRAY[u.location]`,
  outcome: sql`ARRAY[u.outcome]`,
  case_age: sql`ARRAY[u.case_age]`,
  all: sql`ARRAY['all']`,
} satisfies Record<string, SQL>;
export type Variable = keyof typeof variables;

/** Counts by row and column category, with row, column and grand totals counted from distinct units. */
export interface Counts {
  cells: Map<string, Map<string, number>>;
  rowTotals: Map<string, number>;
  columnTotals: Map<string, number>;
  total: number;
}

/**
 * One two-way table, counted inside the database: each unit is counted once in each total even when it
 * sits in several categories (a referral mentioning two exploitation types).
 */
export async function countBy(db: Db, basis: Basis, scope: Scope, row: Variable, column: Variable): Promise<Counts> {
  const result = (await db.execute(sql`
    WITH u AS (${unitsOf(basis, scope)})
    SELECT rv.v AS row_key, cv.v AS column_key, count(DISTINCT u.unit_id)::int AS n,
      GROUPING(rv.v)::int AS all_rows, GROUPING(cv.v)::int AS all_columns
    FROM u CROSS JOIN LATERAL unnest(${variables[row]}) AS rv(v) CROSS JOIN LATERAL unnest(${variables[column]}) AS cv(v)
    GROUP BY GROUPING SETS ((rv.v, cv.v), (rv.v), (cv.v), ())`)) as unknown as { rows: { row_key: string | null; column_key: string | null; n: number; all_rows: number; all_columns: number }[] };
  const counts: Counts = { cells: new Map(), rowTotals: new Map(), columnTotals: new Map(), total: 0 };
  for (const r of result.rows) {
    if (r.all_rows && r.all_columns) counts.total = r.n;
    else if (r.all_columns) counts.rowTotals.set(r.row_key!, r.n);
    else if (r.all_rows) counts.columnTotals.set(r.column_key!, r.n);
    else {
      if (!counts.cells.has(r.row_key!)) counts.cells.set(r.row_key!, new Map());
      counts.cells.get(r.row_key!)!.set(r.column_key!, r.n);
    }
  }
  return counts;
}

export interface Timeliness {
  ageGroup: string;
  stage: 'rg' | 'cg';
  decided: number;
  median: number | null;
  lowerQuartile: number | null;
  upperQuartile: number | null;
  onTime: number | null;
}

/** Days from referral to the first RG and CG decisions issued in the period, by age group and overall. */
export async function timeliness(db: Db, scope: Scope): Promise<Timeliness[]> {
  const out: Timeliness[] = [];
  for (const stage of ['rg', 'cg'] as const) {
    const result = (await db.execute(sql`
      WITH u AS (${unitsOf(stage === 'rg' ? 'rg_decision' : 'cg_decision', scope)})
      SELECT coalesce(u.age_group, 'all') AS age_group, GROUPING(u.age_group)::int AS everyone, count(*)::int AS decided,
        percentile_cont(0.5) WITHIN GROUP (ORDER BY u.days)::float8 AS median,
        percentile_cont(0.25) WITHIN GROUP (ORDER BY u.days)::float8 AS lower_quartile,
        percentile_cont(0.75) WITHIN GROUP (ORDER BY u.days)::float8 AS upper_quartile,
        (count(*) FILTER (WHERE u.on_time))::int AS on_time
      FROM u GROUP BY GROUPING SETS ((u.age_group), ())`)) as unknown as { rows: { age_group: string; everyone: number; decided: number; median: number; lower_quartile: number; upper_quartile: number; on_time: number }[] };
    for (const r of result.rows) {
      out.push({
        ageGroup: r.everyone ? 'all' : r.age_group, stage, decided: r.decided, median: r.median, lowerQuartile: r.lower_quartile,
        upperQuartile: r.upper_quartile, onTime: stage === 'rg' ? r.on_time : null,
      });
    }
  }
  return out;
}
