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
  // A decision's main reason if negative (table 12); a positive one needs none, and a negative one recorded
  // without one (imported, or made before categories were required) is "not recorded".
  reason_category: sql`ARRAY[CASE WHEN u.positive THEN 'not_applicable' ELSE coalesce(u.reason_category, 'not_recorded') END]`,
  // The categories of the first statistics (historic.ts), on the 'historic_referral' basis only.
  historic_agency: sql`ARRAY[u.historic_agency]`,
  historic_rg_outcome: sql`ARRAY[u.historic_rg_outcome]`,
  // For timeliness (table 10), on the decision bases: days from receipt to the decision, and whether it
  // was made by its due date ('true', 'false', or none when there was no due date).
  days_to_decision: sql`ARRAY[u.days::text]`,
  on_time: sql`ARRAY[u.on_time::text]`,
  // Missing episodes (table 15): adult or child when reported, and the outcome at the cut-off.
  missing_age_group: sql`ARRAY[u.missing_age_group]`,
  missing_outcome: sql`ARRAY[u.missing_outcome]`,
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

/** A two-way table to count: its units, and the variables of its rows and columns. */
export interface CountRequest {
  basis: Basis;
  row: Variable;
  column: Variable;
}

/**
 * Variables that give each unit exactly one category (an array of one). A table of two of them counts
 * rows, since a basis gives one row per unit (`unitsOf`), which the database does without sorting the
 * units; any other table counts distinct units. A variable left out of this list is still counted right.
 */
const oneCategory: ReadonlySet<Variable> = new Set<Variable>([
  'quarter', 'route', 'authority', 'age_group', 'gender', 'exploitation_combination', 'county_lines', 'nationality', 'responder_type',
  'police_force', 'nation', 'location', 'outcome', 'case_age', 'reason_category', 'historic_agency', 'historic_rg_outcome',
  'days_to_decision', 'on_time', 'missing_age_group', 'missing_outcome', 'all',
]);

/**
 * Two-way tables, counted inside the database: each unit is counted once in each total even when it
 * sits in several categories (a referral mentioning two exploitation types).
 *
 * One statement per basis, whatever the number of tables on it: the basis's units are selected once
 * (a CTE used by several tables is computed once), every table lists the (row, column) categories of
 * each unit, tagged with the table's position, and one GROUP BY with GROUPING SETS counts each table's
 * cells and totals. The statements for different bases run side by side. Categories are text, grouped
 * byte by byte (COLLATE "C"): the same groups as in any deterministic collation, found faster.
 */
export async function countTables(db: Db, scope: Scope, tables: readonly CountRequest[]): Promise<Counts[]> {
  const results = tables.map((): Counts => ({ cells: new Map(), rowTotals: new Map(), columnTotals: new Map(), total: 0 }));
  const bases = [...new Set(tables.map((t) => t.basis))];
  await Promise.all(bases.map(async (basis) => {
    const onBasis = tables.flatMap((t, i) => (t.basis === basis ? [{ ...t, i }] : []));
    const isMulti = (t: CountRequest) => !oneCategory.has(t.row) || !oneCategory.has(t.column);
    const counts = [
      countRows(onBasis.filter((t) => !isMulti(t)).map((t) => sql`
        SELECT ${sql.raw(String(t.i))} AS t, (${variables[t.row]})[1] COLLATE "C" AS row_key, (${variables[t.column]})[1] COLLATE "C" AS column_key FROM u`), sql`count(*)`),
      countRows(onBasis.filter(isMulti).map((t) => sql`
        SELECT ${sql.raw(String(t.i))} AS t, rv.v COLLATE "C" AS row_key, cv.v COLLATE "C" AS column_key, u.unit_id
        FROM u CROSS JOIN LATERAL unnest(${variables[t.row]}) AS rv(v) CROSS JOIN LATERAL unnest(${variables[t.column]}) AS cv(v)`), sql`count(DISTINCT unit_id)`),
    ].filter((c): c is SQL => c !== null);
    const result = (await db.execute(sql`WITH u AS (${unitsOf(basis, scope)}) ${sql.join(counts, sql` UNION ALL `)}`)) as unknown as { rows: CountRow[] };
    for (const r of result.rows) addCount(results[r.t]!, r);
  }));
  return results;
}

/** Cells, row and column totals and the grand total of each table listed, by `count`. */
function countRows(categories: SQL[], count: SQL): SQL | null {
  if (categories.length === 0) return null;
  return sql`(SELECT t, row_key, column_key, ${count}::int AS n, GROUPING(row_key)::int AS all_rows, GROUPING(column_key)::int AS all_columns
    FROM (${sql.join(categories, sql` UNION ALL `)}) k GROUP BY t, GROUPING SETS ((row_key, column_key), (row_key), (column_key), ()))`;
}

/** One two-way table (see `countTables`, which counts many tables at once). */
export async function countBy(db: Db, basis: Basis, scope: Scope, row: Variable, column: Variable): Promise<Counts> {
  const [counts] = await countTables(db, scope, [{ basis, row, column }]);
  return counts!;
}

interface CountRow {
  t: number;
  row_key: string | null;
  column_key: string | null;
  n: number;
  all_rows: number;
  all_columns: number;
}

function addCount(counts: Counts, r: CountRow): void {
  if (r.all_rows && r.all_columns) counts.total = r.n;
  else if (r.all_columns) counts.rowTotals.set(r.row_key!, r.n);
  else if (r.all_rows) counts.columnTotals.set(r.column_key!, r.n);
  else {
    if (!counts.cells.has(r.row_key!)) counts.cells.set(r.row_key!, new Map());
    counts.cells.get(r.row_key!)!.set(r.column_key!, r.n);
  }
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

/**
 * What timeliness is worked out from, on the decision bases: the days each decision took, and whether
 * it was on time, by age group. Counted with the publication's tables (`countTables`), so the decisions
 * of the period are selected once for both.
 */
export const timelinessTables: readonly CountRequest[] = [
  { basis: 'rg_decision', row: 'days_to_decision', column: 'age_group' },
  { basis: 'rg_decision', row: 'on_time', column: 'age_group' },
  { basis: 'cg_decision', row: 'days_to_decision', column: 'age_group' },
];

/** Days from referral to the first RG and CG decisions issued in the period, by age group and overall. */
export async function timeliness(db: Db, scope: Scope): Promise<Timeliness[]> {
  return timelinessFrom(await countTables(db, scope, timelinessTables));
}

/**
 * Timeliness from the counts of `timelinessTables` (in that order): for each stage, each age group (in
 * order) then everyone, the number of decisions, the median and quartiles of days — interpolated between
 * the two nearest days as PostgreSQL's percentile_cont does, and none without decisions — and, for RG
 * decisions, how many were on time.
 */
export function timelinessFrom([rgDays, rgOnTime, cgDays]: Counts[]): Timeliness[] {
  const out: Timeliness[] = [];
  for (const [stage, days] of [['rg', rgDays!], ['cg', cgDays!]] as const) {
    const ageGroups = [...days.columnTotals.keys()].sort();
    for (const ageGroup of [...ageGroups, 'all']) {
      const byDays = [...days.cells].flatMap(([d, columns]) => {
        const n = ageGroup === 'all' ? [...columns.values()].reduce((a, b) => a + b, 0) : columns.get(ageGroup) ?? 0;
        return n > 0 ? [{ days: Number(d), n }] : [];
      }).sort((a, b) => a.days - b.days);
      const onTime = stage === 'rg' ? (ageGroup === 'all' ? rgOnTime!.rowTotals.get('true') : rgOnTime!.cells.get('true')?.get(ageGroup)) ?? 0 : null;
      out.push({
        ageGroup, stage, decided: ageGroup === 'all' ? days.total : days.columnTotals.get(ageGroup)!,
        median: percentile(byDays, 0.5), lowerQuartile: percentile(byDays, 0.25), upperQuartile: percentile(byDays, 0.75), onTime,
      });
    }
  }
  return out;
}

/** percentile_cont over values given as (value, how many), sorted by value. */
function percentile(sorted: { days: number; n: number }[], fraction: number): number | null {
  const count = sorted.reduce((a, v) => a + v.n, 0);
  if (count === 0) return null;
  const position = fraction * (count - 1);
  const at = (index: number) => {
    let seen = 0;
    for (const v of sorted) {
      seen += v.n;
      if (index < seen) return v.days;
    }
    return sorted[sorted.length - 1]!.days;
  };
  const first = Math.floor(position);
  const second = Math.ceil(position);
  const low = at(first);
  return second > first ? low + (position - first) * (at(second) - low) : low;
}
