import type { CellAddress, CountTable, DisclosureRule, Release } from './types.js';

/**
 * The release as a system of linear equations over its published figures. A figure published in
 * several tables (a shared margin, a grand total) is one variable, so it is hidden everywhere or
 * nowhere. Every equation is "sum of coefficient × variable = 0".
 */

export interface Figure {
  readonly value: number;
  readonly isTotal: boolean;
  /** The highest threshold of the tables that publish it. */
  readonly threshold: number;
  readonly addresses: CellAddress[];
}

export interface Term {
  readonly variable: number;
  readonly coefficient: number;
}

export interface ReleaseModel {
  readonly figures: readonly Figure[];
  readonly equations: readonly (readonly Term[])[];
  /** variableAt.get(table id)[row][column], with index rows.length / columns.length for totals. */
  readonly variableAt: ReadonlyMap<string, readonly (readonly number[])[]>;
}

export function thresholdFor(table: Pick<CountTable, 'sparse' | 'breakdownVariables'>, rule: DisclosureRule): number {
  const sparse = table.sparse === true || (table.breakdownVariables ?? 2) > 2;
  return sparse ? rule.sparseThreshold : rule.threshold;
}

/** The table with its totals: grid[r][c], where r = rows.length is the column-totals row. */
export function withTotals(table: CountTable): number[][] {
  const grid = table.counts.map((row) => [...row, row.reduce((a, b) => a + b, 0)]);
  const totals = table.columns.map((_, c) => grid.reduce((sum, row) => sum + (row[c] ?? 0), 0));
  grid.push([...totals, totals.reduce((a, b) => a + b, 0)]);
  return grid;
}

export function validateRelease(release: Release): void {
  const ids = new Set<string>();
  for (const table of release.tables) {
    if (ids.has(table.id)) throw new Error(`Table ${table.id} appears twice in the release`);
    ids.add(table.id);
    if (table.counts.length !== table.rows.length) throw new Error(`Table ${table.id}: ${table.rows.length} rows named, ${table.counts.length} given`);
    for (const row of table.counts) {
      if (row.length !== table.columns.length) throw new Error(`Table ${table.id}: a row does not have ${table.columns.length} columns`);
      for (const count of row) {
        if (!Number.isInteger(count) || count < 0) throw new Error(`Table ${table.id}: counts must be whole numbers, 0 or more`);
      }
    }
  }
  // A margin key names one vector of totals: every table using it has the same categories.
  const categoriesOf = new Map<string, readonly string[]>();
  for (const table of release.tables) {
    for (const [key, labels] of [[table.margins?.rowTotals, table.rows], [table.margins?.columnTotals, table.columns]] as const) {
      if (key === undefined) continue;
      const earlier = categoriesOf.get(key);
      if (earlier === undefined) categoriesOf.set(key, labels);
      else if (!sameLabels(earlier, labels)) throw new Error(`Tables sharing the margin "${key}" must have the same categories`);
    }
  }
  for (const sum of release.sums ?? []) {
    const whole = release.tables.find((t) => t.id === sum.whole);
    if (!whole) throw new Error(`Sum of tables: no table ${sum.whole}`);
    for (const id of sum.parts) {
      const part = release.tables.find((t) => t.id === id);
      if (!part) throw new Error(`Sum of tables: no table ${id}`);
      if (!sameLabels(part.rows, whole.rows) || !sameLabels(part.columns, whole.columns)) {
        throw new Error(`Table ${id} must have the same categories as ${sum.whole} to be one of its parts`);
      }
    }
  }
}

function sameLabels(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((label) => b.includes(label));
}

export function buildModel(release: Release, rule: DisclosureRule): ReleaseModel {
  validateRelease(release);
  const { figures, variableAt } = sharedFigures(release, rule);
  return { figures, variableAt, equations: equationsOf(release, figures, variableAt) };
}

/** One variable per distinct published figure: positions named by the same margin key are merged. */
function sharedFigures(release: Release, rule: DisclosureRule) {
  const parent: number[] = [];
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  const union = (a: number, b: number) => { parent[find(a)] = find(b); };

  const positions: { address: CellAddress; value: number; isTotal: boolean; threshold: number }[] = [];
  const positionAt = new Map<string, number[][]>();
  for (const table of release.tables) {
    const threshold = thresholdFor(table, rule);
    positionAt.set(table.id, withTotals(table).map((line, r) => line.map((value, c) => {
      const row = r === table.rows.length ? 'total' : r;
      const column = c === table.columns.length ? 'total' : c;
      parent.push(positions.length);
      positions.push({ address: { table: table.id, row, column }, value, isTotal: row === 'total' || column === 'total', threshold });
      return positions.length - 1;
    })));
  }

  const first = new Map<string, number>();
  const share = (key: string, position: number) => {
    const earlier = first.get(key);
    if (earlier === undefined) first.set(key, position);
    else union(position, earlier);
  };
  for (const table of release.tables) {
    const at = positionAt.get(table.id)!;
    const R = table.rows.length;
    const C = table.columns.length;
    const { rowTotals, columnTotals, grandTotal } = table.margins ?? {};
    if (rowTotals) table.rows.forEach((label, r) => share(`margin\u0000${rowTotals}\u0000${label}`, at[r]![C]!));
    if (columnTotals) table.columns.forEach((label, c) => share(`margin\u0000${columnTotals}\u0000${label}`, at[R]![c]!));
    if (grandTotal) share(`grand\u0000${grandTotal}`, at[R]![C]!);
    for (const f of table.margins?.figures ?? []) {
      const r = f.row === undefined ? R : table.rows.indexOf(f.row);
      const c = f.column === undefined ? C : table.columns.indexOf(f.column);
      if (r < 0 || c < 0) throw new Error(`Table ${table.id} has no figure at ${f.row ?? 'Total'} × ${f.column ?? 'Total'}`);
      share('grandTotal' in f.sameAs ? `grand\u0000${f.sameAs.grandTotal}` : `margin\u0000${f.sameAs.margin}\u0000${f.sameAs.category}`, at[r]![c]!);
    }
    // Tables sharing a margin share its sum, the grand total.
    for (const key of [rowTotals, columnTotals]) if (key) share(`sum\u0000${key}`, at[R]![C]!);
  }

  const variableOfRoot = new Map<number, number>();
  const figures: { value: number; isTotal: boolean; threshold: number; addresses: CellAddress[] }[] = [];
  const variableAt = new Map<string, number[][]>();
  for (const [id, grid] of positionAt) {
    variableAt.set(id, grid.map((line) => line.map((position) => {
      const p = positions[position]!;
      let variable = variableOfRoot.get(find(position));
      if (variable === undefined) {
        variable = figures.length;
        variableOfRoot.set(find(position), variable);
        figures.push({ value: p.value, isTotal: false, threshold: 0, addresses: [] });
      }
      const figure = figures[variable]!;
      if (figure.value !== p.value) throw new Error(`Tables sharing a margin publish different values at ${describe(p.address)}`);
      figure.isTotal ||= p.isTotal;
      figure.threshold = Math.max(figure.threshold, p.threshold);
      figure.addresses.push(p.address);
      return variable;
    })));
  }
  return { figures, variableAt };
}

/** Rows and columns add up to their totals; a table declared a sum of others is their sum. */
function equationsOf(release: Release, figures: readonly Figure[], variableAt: ReadonlyMap<string, readonly (readonly number[])[]>): Term[][] {
  const equations: Term[][] = [];
  const add = (terms: Term[]) => {
    // A figure can appear twice in one equation (a table whose rows and columns share a margin).
    const merged = new Map<number, number>();
    for (const t of terms) merged.set(t.variable, (merged.get(t.variable) ?? 0) + t.coefficient);
    const equation = [...merged].filter(([, k]) => k !== 0).map(([variable, coefficient]) => ({ variable, coefficient }));
    if (equation.length > 0) equations.push(equation);
  };
  for (const table of release.tables) {
    const v = variableAt.get(table.id)!;
    const R = table.rows.length;
    const C = table.columns.length;
    for (let r = 0; r <= R; r++) add([...range(C).map((c) => ({ variable: v[r]![c]!, coefficient: 1 })), { variable: v[r]![C]!, coefficient: -1 }]);
    for (let c = 0; c <= C; c++) add([...range(R).map((r) => ({ variable: v[r]![c]!, coefficient: 1 })), { variable: v[R]![c]!, coefficient: -1 }]);
  }
  for (const sum of release.sums ?? []) {
    const whole = release.tables.find((t) => t.id === sum.whole)!;
    const parts = sum.parts.map((id) => release.tables.find((t) => t.id === id)!);
    for (let r = 0; r <= whole.rows.length; r++) {
      for (let c = 0; c <= whole.columns.length; c++) {
        const terms = [{ variable: variableAt.get(whole.id)![r]![c]!, coefficient: -1 }];
        for (const part of parts) {
          const pr = r === whole.rows.length ? part.rows.length : part.rows.indexOf(whole.rows[r]!);
          const pc = c === whole.columns.length ? part.columns.length : part.columns.indexOf(whole.columns[c]!);
          terms.push({ variable: variableAt.get(part.id)![pr]![pc]!, coefficient: 1 });
        }
        if (terms.reduce((s, t) => s + t.coefficient * figures[t.variable]!.value, 0) !== 0) {
          throw new Error(`Table ${whole.id} is not the sum of ${sum.parts.join(', ')}`);
        }
        add(terms);
      }
    }
  }
  return equations;
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

export function describe(address: CellAddress): string {
  return `${address.table} [row ${address.row}, column ${address.column}]`;
}
