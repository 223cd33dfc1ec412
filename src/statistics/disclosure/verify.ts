import { boundsOfUnknowns, disclosureIn, type LinearEquation } from './bounds.js';
import { SUPPRESSED, type CellAddress, type PublishedCount, type PublishedRelease, type PublishedTable } from './types.js';

/**
 * Checks a release as published — from its figures alone, not from how they were chosen — the way
 * an intruder would attack it: every figure of every table is a variable (known if published,
 * unknown if [c]), tied together by every equation the release publishes:
 *   - each row and each column of each table adds up to its total, the totals to the grand total;
 *   - a margin key names the same figures in every table that uses it (matched by category label);
 *   - a grand-total key names the same grand total;
 *   - a shared figure is that margin's category, or that grand total, in the tables that publish it;
 *   - a table declared the sum of others is their sum, figure by figure;
 * and every count is 0 or more.
 *
 * For each hidden figure it computes the least and greatest value consistent with all of that
 * (linear programming over the whole release at once, so combinations of tables and equations are
 * covered, not only subtraction from a single total) and reports it as exposed when:
 *   - 'exact': the least and greatest values are equal — it can be worked out; or
 *   - 'small': the least value is at least 1 and the greatest is below the table's threshold — the
 *     release proves it is a small non-zero count, which is what primary suppression hides.
 *
 * Guarantee: if it reports no exposure, no combination of the published equations and
 * non-negativity pins a hidden figure to one value or to 1 … threshold − 1 in the linear
 * relaxation. Bounds are rounded to whole numbers, so for a single two-way table (or tables linked
 * only through one margin) they are the exact whole-number bounds. In general an intruder solving
 * for whole numbers could, rarely, narrow an interval further than the relaxation shows; and
 * knowledge from outside the release (earlier publications not included in it) is not covered.
 */

export interface HiddenFigure {
  readonly address: CellAddress;
  readonly lower: number;
  /** Infinity when nothing published bounds it. */
  readonly upper: number;
  readonly disclosure?: 'exact' | 'small';
}

export interface Verification {
  readonly safe: boolean;
  readonly hidden: readonly HiddenFigure[];
  readonly exposed: readonly HiddenFigure[];
}

interface Position {
  readonly address: CellAddress;
  readonly shown: PublishedCount;
  readonly threshold: number;
}

export function verifyRelease(release: PublishedRelease): Verification {
  const positions: Position[] = [];
  const grids = new Map<string, number[][]>();
  for (const table of release.tables) grids.set(table.id, layOut(table, positions));
  const tableById = new Map(release.tables.map((t) => [t.id, t]));
  const grid = (id: string) => {
    const g = grids.get(id);
    if (!g) throw new Error(`No table ${id} in the release`);
    return g;
  };

  const equations: { position: number; coefficient: number }[][] = [];
  const plus = (position: number) => ({ position, coefficient: 1 });
  const minus = (position: number) => ({ position, coefficient: -1 });

  for (const table of release.tables) {
    const g = grid(table.id);
    const R = table.rows.length;
    const C = table.columns.length;
    for (let r = 0; r <= R; r++) equations.push([...g[r]!.slice(0, C).map(plus), minus(g[r]![C]!)]);
    for (let c = 0; c <= C; c++) equations.push([...g.slice(0, R).map((line) => plus(line[c]!)), minus(g[R]![c]!)]);
  }

  // The same named figure published in several tables: chain them with equalities.
  const named = new Map<string, number[]>();
  const name = (key: string, position: number) => named.set(key, [...(named.get(key) ?? []), position]);
  for (const table of release.tables) {
    const g = grid(table.id);
    const R = table.rows.length;
    const C = table.columns.length;
    if (table.margins?.rowTotals) table.rows.forEach((label, r) => name(`margin ${table.margins!.rowTotals} / ${label}`, g[r]![C]!));
    if (table.margins?.columnTotals) table.columns.forEach((label, c) => name(`margin ${table.margins!.columnTotals} / ${label}`, g[R]![c]!));
    if (table.margins?.grandTotal) name(`grand ${table.margins.grandTotal}`, g[R]![C]!);
    for (const f of table.margins?.figures ?? []) {
      const r = f.row === undefined ? R : table.rows.indexOf(f.row);
      const c = f.column === undefined ? C : table.columns.indexOf(f.column);
      if (r < 0 || c < 0) throw new Error(`Table ${table.id} has no figure at ${f.row ?? 'Total'} × ${f.column ?? 'Total'}`);
      name('grandTotal' in f.sameAs ? `grand ${f.sameAs.grandTotal}` : `margin ${f.sameAs.margin} / ${f.sameAs.category}`, g[r]![c]!);
    }
  }
  for (const same of named.values()) {
    for (let i = 1; i < same.length; i++) equations.push([plus(same[i - 1]!), minus(same[i]!)]);
  }

  for (const sum of release.sums ?? []) {
    const whole = tableById.get(sum.whole);
    if (!whole) throw new Error(`No table ${sum.whole} in the release`);
    const indexIn = (labels: readonly string[], label: string | undefined) => (label === undefined ? labels.length : labels.indexOf(label));
    for (let r = 0; r <= whole.rows.length; r++) {
      for (let c = 0; c <= whole.columns.length; c++) {
        const terms = [minus(grid(whole.id)[r]![c]!)];
        for (const id of sum.parts) {
          const part = tableById.get(id)!;
          const pr = indexIn(part.rows, whole.rows[r]);
          const pc = indexIn(part.columns, whole.columns[c]);
          if (pr < 0 || pc < 0) throw new Error(`Table ${id} does not have the categories of ${whole.id}`);
          terms.push(plus(grid(id)[pr]![pc]!));
        }
        equations.push(terms);
      }
    }
  }

  const unknownOf = new Map<number, number>();
  positions.forEach((p, i) => { if (p.shown === SUPPRESSED) unknownOf.set(i, unknownOf.size); });
  const system: LinearEquation[] = equations.map((terms) => ({
    terms: terms.filter((t) => unknownOf.has(t.position)).map((t) => ({ unknown: unknownOf.get(t.position)!, coefficient: t.coefficient })),
    rhs: -terms.reduce((sum, t) => sum + (unknownOf.has(t.position) ? 0 : t.coefficient * (positions[t.position]!.shown as number)), 0),
  }));
  const bounds = boundsOfUnknowns(unknownOf.size, system);

  const hidden: HiddenFigure[] = [...unknownOf].map(([position, unknown]) => {
    const p = positions[position]!;
    const { lower, upper } = bounds[unknown]!;
    const disclosure = disclosureIn({ lower, upper }, p.threshold);
    return { address: p.address, lower, upper, ...(disclosure ? { disclosure } : {}) };
  });
  const exposed = hidden.filter((h) => h.disclosure !== undefined);
  return { safe: exposed.length === 0, hidden, exposed };
}

/** Gives each figure of the table a position; returns them as a grid with totals last. */
function layOut(table: PublishedTable, positions: Position[]): number[][] {
  const R = table.rows.length;
  const C = table.columns.length;
  const figureAt = (r: number, c: number): PublishedCount | undefined =>
    r < R ? (c < C ? table.cells[r]?.[c] : table.rowTotals[r]) : (c < C ? table.columnTotals[c] : table.grandTotal);
  return Array.from({ length: R + 1 }, (_, r) => Array.from({ length: C + 1 }, (_, c) => {
    const shown = figureAt(r, c);
    if (shown === undefined) throw new Error(`Table ${table.id} is missing a figure`);
    positions.push({ address: { table: table.id, row: r < R ? r : 'total', column: c < C ? c : 'total' }, shown, threshold: table.threshold });
    return positions.length - 1;
  }));
}
