import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.js';
import { isWeighted, keptRowsAnswerAwaiting, unitsOf, type Basis, type Scope, type UnitSource } from './units.js';

/**
 * The breakdown variables whose categories a unit falls in exactly one of: each a SQL expression over
 * the unit's columns.
 */
const oneCategoryVariables = {
  quarter: sql`u.quarter`,
  route: sql`u.route`,
  authority: sql`u.authority`,
  age_group: sql`u.age_group`,
  gender: sql`u.gender`,
  exploitation_combination: sql`CASE WHEN cardinality(u.types) = 0 THEN 'not_specified' ELSE array_to_string(u.types, '+') END`,
  county_lines: sql`CASE WHEN u.county_lines THEN 'county_lines' ELSE 'not_county_lines' END`,
  nationality: sql`u.nationality`,
  responder_type: sql`u.responder_type`,
  police_force: sql`u.police_force`,
  nation: sql`u.nation`,
  location: sql`u.location`,
  outcome: sql`u.outcome`,
  case_age: sql`u.case_age`,
  // A decision's main reason if negative (table 12); a positive one needs none, and a negative one recorded
  // without one (imported, or made before categories were required) is "not recorded".
  reason_category: sql`CASE WHEN u.positive THEN 'not_applicable' ELSE coalesce(u.reason_category, 'not_recorded') END`,
  // The categories of the first statistics (historic.ts), on the 'historic_referral' basis only.
  historic_agency: sql`u.historic_agency`,
  historic_rg_outcome: sql`u.historic_rg_outcome`,
  // For timeliness (table 10), on the decision bases: days from receipt to the decision, and whether it
  // was made by its due date ('true', 'false', or none when there was no due date).
  days_to_decision: sql`u.days::text`,
  on_time: sql`u.on_time::text`,
  // Missing episodes (table 15): adult or child when reported, and the outcome at the cut-off.
  missing_age_group: sql`u.missing_age_group`,
  missing_outcome: sql`u.missing_outcome`,
  all: sql`'all'`,
} satisfies Record<string, SQL>;

/**
 * Every breakdown variable: the categories a unit falls in, as a SQL array over the unit's columns.
 * Most give one category; exploitation type gives every type mentioned ("any mention of type X").
 */
export const variables = {
  ...Object.fromEntries(Object.entries(oneCategoryVariables).map(([name, value]) => [name, sql`ARRAY[${value}]`])) as Record<keyof typeof oneCategoryVariables, SQL>,
  exploitation_type: sql`CASE WHEN cardinality(u.types) = 0 THEN ARRAY['not_specified'] ELSE u.types END`,
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

/** Variables that give each unit exactly one category. */
const oneCategory: ReadonlySet<Variable> = new Set<Variable>(Object.keys(oneCategoryVariables) as Variable[]);

/**
 * Two-way tables, counted inside the database: each unit is counted once in each total even when it
 * sits in several categories (a referral mentioning two exploitation types).
 *
 * One statement per basis, whatever the number of tables on it: the basis's units are selected once
 * (a CTE used by several tables is computed once, from the kept rows unless `source` says otherwise;
 * units.ts), every table lists the (row, column) categories of each unit, tagged with the table's
 * position, and GROUP BY counts them: cells only for tables of one category per unit (their totals are
 * sums), GROUPING SETS of cells and distinct totals for the others. The statements for different bases
 * run side by side. Categories are text, grouped byte by byte (COLLATE "C"): the same groups as in any
 * deterministic collation, found faster.
 */
export async function countTables(db: Db, scope: Scope, tables: readonly CountRequest[], options: { source?: UnitSource } = {}): Promise<Counts[]> {
  const results = tables.map((): Counts => ({ cells: new Map(), rowTotals: new Map(), columnTotals: new Map(), total: 0 }));
  const bases = [...new Set(tables.map((t) => t.basis))];
  const source = options.source ?? 'kept';
  const awaitingSource = source === 'kept' && bases.includes('awaiting_cg') && !(await keptRowsAnswerAwaiting(db, scope)) ? 'tables' : source;
  await Promise.all(bases.map(async (basis) => {
    const onBasis = tables.flatMap((t, i) => (t.basis === basis ? [{ ...t, i }] : []));
    const basisSource = basis === 'awaiting_cg' ? awaitingSource : source;
    const weighted = isWeighted(basis, basisSource);
    if (weighted && onBasis.some(isMulti)) throw new Error(`Tables on ${basis} can only have one category per unit`);
    const counts = [
      countCells(onBasis.filter((t) => !isMulti(t)), weighted),
      countRows(onBasis.filter(isMulti).map((t) => sql`
        SELECT ${sql.raw(String(t.i))} AS t, rv.v COLLATE "C" AS row_key, cv.v COLLATE "C" AS column_key, u.unit_id
        FROM u CROSS JOIN LATERAL unnest(${variables[t.row]}) AS rv(v) CROSS JOIN LATERAL unnest(${variables[t.column]}) AS cv(v)`), sql`count(DISTINCT unit_id)`),
    ].filter((c): c is SQL => c !== null);
    const units = unitsOf(basis, scope, basisSource);
    const result = await db.transaction(async (tx) => {
      await tx.execute(countingSettings);
      return (await tx.execute(sql`WITH u AS (${units}) ${sql.join(counts, sql` UNION ALL `)}`)) as unknown as { rows: CountRow[] };
    });
    for (const r of result.rows) addCount(results[r.t]!, r);
  }));
  // A table of one category per unit was counted by cell only: each unit is in exactly one cell, so
  // its totals are the sums of its cells.
  tables.forEach((t, i) => { if (!isMulti(t)) addTotals(results[i]!); });
  return results;
}

/**
 * For the counting statements only: memory enough to count every table of a basis in hash tables
 * at once (rather than sorting the units for some), and no parallel workers — the statements of the
 * different bases already run side by side, and workers' start-up costs more than a period's units do.
 */
export const countingSettings = sql`SELECT set_config('work_mem', '64MB', true), set_config('max_parallel_workers_per_gather', '0', true)`;

function isMulti(t: CountRequest): boolean {
  return !oneCategory.has(t.row) || !oneCategory.has(t.column);
}

/**
 * Cells only, for tables whose totals are the sums of their cells: one pass over the units, each
 * table's row and column categories as a pair of keys and GROUPING SETS of the pairs, which the
 * database counts in a hash table each, side by side; GROUPING tells which table a row belongs to.
 * Weighted units (units.ts) are summed, and a cell whose weights cancel out is no cell.
 */
function countCells(tables: (CountRequest & { i: number })[], weighted: boolean): SQL | null {
  if (tables.length === 0) return null;
  // GROUPING takes at most 32 arguments: 16 tables at a time.
  if (tables.length > 16) return sql.join([countCells(tables.slice(0, 16), weighted)!, countCells(tables.slice(16), weighted)!], sql` UNION ALL `);
  const key = (j: number, side: 0 | 1) => sql.raw(`k${2 * j + side}`);
  const which = (side: 0 | 1 | null) => sql.join(tables.map((t, j) => sql`WHEN GROUPING(${key(j, 0)}, ${key(j, 1)}) = 0 THEN ${side === null ? sql.raw(String(t.i)) : key(j, side)}`), sql` `);
  return sql`(SELECT CASE ${which(null)} END AS t, CASE ${which(0)} END AS row_key, CASE ${which(1)} END AS column_key,
      sum(weight)::int AS n, 0 AS all_rows, 0 AS all_columns
    FROM (SELECT ${sql.join(tables.map((t, j) => sql`${scalar(t.row)} COLLATE "C" AS ${key(j, 0)}, ${scalar(t.column)} COLLATE "C" AS ${key(j, 1)}`), sql`, `)},
      ${weighted ? sql`u.weight` : sql`1`} AS weight FROM u) k
    GROUP BY GROUPING SETS (${sql.join(tables.map((_, j) => sql`(${key(j, 0)}, ${key(j, 1)})`), sql`, `)})
    HAVING sum(weight) <> 0)`;
}

function scalar(variable: Variable): SQL {
  return oneCategoryVariables[variable as keyof typeof oneCategoryVariables];
}

function addTotals(counts: Counts): void {
  for (const [row, columns] of counts.cells) {
    for (const [column, n] of columns) {
      counts.rowTotals.set(row, (counts.rowTotals.get(row) ?? 0) + n);
      counts.columnTotals.set(column, (counts.columnTotals.get(column) ?? 0) + n);
      counts.total += n;
    }
  }
}

/** Cells, row and column totals and the grand total of each table listed, by `count`. */
function countRows(categories: SQL[], count: SQL): SQL | null {
  if (categories.length === 0) return null;
  return sql`(SELECT t, row_key, column_key, ${count}::int AS n, GROUPING(row_key)::int AS all_rows, GROUPING(column_key)::int AS all_columns
    FROM (${sql.join(categories, sql` UNION ALL `)}) k GROUP BY t, GROUPING SETS ((row_key, column_key), (row_key), (column_key), ()))`;
}

/** One two-way table (see `countTables`, which counts many tables at once). */
export async function countBy(db: Db, basis: Basis, scope: Scope, row: Variable, column: Variable, options: { source?: UnitSource } = {}): Promise<Counts> {
  const [counts] = await countTables(db, scope, [{ basis, row, column }], options);
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
