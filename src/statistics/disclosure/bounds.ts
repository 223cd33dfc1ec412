/**
 * The range each unknown can take in { x : A x = b, x ≥ 0 } — what an intruder who knows every
 * published figure and that counts are never negative can deduce about each hidden figure.
 *
 * Computed with the simplex method (dense tableau, Bland's rule so it cannot cycle), one linear
 * programme per unknown and direction, warm-started from the previous optimal basis. The system is
 * first split into independent groups of unknowns so each programme stays small.
 *
 * These are the bounds of the linear relaxation; whole-number bounds lie within them, so rounding
 * the minimum up and the maximum down gives valid whole-number bounds (exact for a single two-way
 * table, whose equations are totally unimodular).
 */

export interface LinearEquation {
  readonly terms: readonly { readonly unknown: number; readonly coefficient: number }[];
  readonly rhs: number;
}

export interface Interval {
  readonly lower: number;
  /** Infinity when the published figures do not bound it. */
  readonly upper: number;
}

const EPS = 1e-9;
const ROUNDING_SLACK = 1e-6;

export class InconsistentFiguresError extends Error {}

/** Whole-number bounds of each unknown 0 … unknowns − 1. */
export function boundsOfUnknowns(unknowns: number, equations: readonly LinearEquation[]): Interval[] {
  const bounds: Interval[] = Array.from({ length: unknowns }, () => ({ lower: 0, upper: Infinity }));
  for (const group of independentGroups(unknowns, equations)) {
    const local = new Map(group.unknowns.map((u, i) => [u, i]));
    const system = group.equations.map((e) => ({
      rhs: e.rhs,
      terms: e.terms.map((t) => ({ unknown: local.get(t.unknown)!, coefficient: t.coefficient })),
    }));
    const relaxed = new Tableau(group.unknowns.length, system).boundsOfEach();
    group.unknowns.forEach((u, i) => {
      const { lower, upper } = relaxed[i]!;
      bounds[u] = { lower: Math.max(0, Math.ceil(lower - ROUNDING_SLACK)), upper: upper === Infinity ? Infinity : Math.floor(upper + ROUNDING_SLACK) };
    });
  }
  return bounds;
}

function independentGroups(unknowns: number, equations: readonly LinearEquation[]) {
  const parent = Array.from({ length: unknowns }, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  for (const e of equations) {
    if (e.terms.length === 0) {
      if (Math.abs(e.rhs) > ROUNDING_SLACK) throw new InconsistentFiguresError('The published figures do not add up');
      continue;
    }
    for (const t of e.terms) parent[find(t.unknown)] = find(e.terms[0]!.unknown);
  }
  const groups = new Map<number, { unknowns: number[]; equations: LinearEquation[] }>();
  for (let u = 0; u < unknowns; u++) {
    const root = find(u);
    if (!groups.has(root)) groups.set(root, { unknowns: [], equations: [] });
    groups.get(root)!.unknowns.push(u);
  }
  for (const e of equations) if (e.terms.length > 0) groups.get(find(e.terms[0]!.unknown))!.equations.push(e);
  return [...groups.values()];
}

class Tableau {
  private readonly rows: Float64Array[];
  private readonly basis: number[];
  /** Reduced costs of the current objective; the last entry is minus the objective value. */
  private cost: Float64Array;
  private readonly rhs: number;

  constructor(private readonly n: number, equations: readonly LinearEquation[]) {
    const m = equations.length;
    this.rhs = n + m;
    // Columns: the n unknowns, one artificial per equation, then the right-hand side.
    this.rows = equations.map((e, i) => {
      const row = new Float64Array(n + m + 1);
      const sign = e.rhs < 0 ? -1 : 1;
      for (const t of e.terms) row[t.unknown]! += sign * t.coefficient;
      row[n + i] = 1;
      row[this.rhs] = sign * e.rhs;
      return row;
    });
    this.basis = equations.map((_, i) => n + i);
    this.cost = new Float64Array(n + m + 1);
    this.findFeasibleBasis();
  }

  /** Phase one: minimise the sum of the artificials, then pivot them out of the basis. */
  private findFeasibleBasis() {
    for (const row of this.rows) for (let k = 0; k < this.n; k++) this.cost[k]! -= row[k]!;
    this.cost[this.rhs] = -this.rows.reduce((sum, row) => sum + row[this.rhs]!, 0);
    this.optimise(this.n + this.rows.length);
    if (-this.cost[this.rhs]! > ROUNDING_SLACK) throw new InconsistentFiguresError('No counts of 0 or more agree with the published figures');
    this.rows.forEach((row, i) => {
      if (this.basis[i]! < this.n) return;
      const k = row.findIndex((a, j) => j < this.n && Math.abs(a) > EPS);
      // No such column: the equation repeats others and stays inert (all zero among the unknowns).
      if (k >= 0) this.pivot(i, k);
    });
  }

  boundsOfEach(): { lower: number; upper: number }[] {
    const bounds: { lower: number; upper: number }[] = [];
    for (let j = 0; j < this.n; j++) {
      // A non-basic unknown is 0 at a feasible vertex, so its minimum is 0.
      const lower = this.basicRow(j) < 0 ? 0 : (this.setObjective(j, 1), this.optimise(this.n), -this.cost[this.rhs]!);
      this.setObjective(j, -1);
      const upper = this.optimise(this.n) === 'unbounded' ? Infinity : this.cost[this.rhs]!;
      bounds.push({ lower, upper });
    }
    return bounds;
  }

  private basicRow(j: number): number {
    return this.basis.indexOf(j);
  }

  /** Objective: minimise sign × x_j, expressed as reduced costs for the current basis. */
  private setObjective(j: number, sign: 1 | -1) {
    this.cost = new Float64Array(this.rhs + 1);
    const r = this.basicRow(j);
    if (r < 0) {
      this.cost[j] = sign;
      return;
    }
    const row = this.rows[r]!;
    for (let k = 0; k <= this.rhs; k++) this.cost[k] = -sign * row[k]!;
    this.cost[j] = 0;
  }

  /** Minimises the current objective, letting only columns below `columns` enter the basis. */
  private optimise(columns: number): 'optimal' | 'unbounded' {
    for (let iteration = 0; iteration < 100_000; iteration++) {
      let entering = -1;
      for (let k = 0; k < columns; k++) {
        if (this.cost[k]! < -EPS) { entering = k; break; }
      }
      if (entering < 0) return 'optimal';
      let leaving = -1;
      let best = Infinity;
      this.rows.forEach((row, i) => {
        if (row[entering]! <= EPS) return;
        const ratio = row[this.rhs]! / row[entering]!;
        if (ratio < best - EPS || (ratio < best + EPS && this.basis[i]! < this.basis[leaving]!)) {
          best = ratio;
          leaving = i;
        }
      });
      if (leaving < 0) return 'unbounded';
      this.pivot(leaving, entering);
    }
    throw new Error('The simplex method did not converge');
  }

  private pivot(r: number, k: number) {
    const pivotRow = this.rows[r]!;
    const scale = pivotRow[k]!;
    for (let j = 0; j <= this.rhs; j++) pivotRow[j]! /= scale;
    for (const row of [...this.rows, this.cost]) {
      if (row === pivotRow) continue;
      const factor = row[k]!;
      if (factor === 0) continue;
      for (let j = 0; j <= this.rhs; j++) {
        const value = row[j]! - factor * pivotRow[j]!;
        row[j] = Math.abs(value) < 1e-12 ? 0 : value;
      }
    }
    this.basis[r] = k;
  }
}

/**
 * What the bounds of a hidden count give away: its exact value, or that it is a small count
 * (between 1 and threshold − 1) — the very fact primary suppression hides.
 */
export function disclosureIn(bounds: Interval, threshold: number): 'exact' | 'small' | undefined {
  if (bounds.lower === bounds.upper) return 'exact';
  if (bounds.lower >= 1 && bounds.upper < threshold) return 'small';
  return undefined;
}
