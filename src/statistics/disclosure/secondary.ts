import { boundsOfUnknowns, disclosureIn, type LinearEquation } from './bounds.js';
import type { ReleaseModel } from './model.js';

/**
 * Secondary suppression: hide further figures until no hidden figure can be worked out — exactly,
 * or as a count known to lie between 1 and the threshold − 1 — from the published figures of the
 * whole release ("no row or column may hold exactly one suppressed cell, and totals shared between
 * tables must not let a hidden cell be recovered by subtraction").
 *
 * Two steps, repeated until neither hides anything:
 * 1. Any equation (row, column, shared margin, sum of tables) with exactly one hidden figure would
 *    give it away by subtraction: hide a second figure in it.
 * 2. Subtraction is not the only attack: bound every hidden figure over all counts of 0 or more that
 *    agree with the published figures, and where a figure is still exposed hide a neighbour.
 *
 * Complements are chosen to lose the least information: the smallest non-zero cell; a zero cell
 * only when there is none (a hidden zero lets the hidden count go no higher than its true value, so
 * the interval's top would still give it away); a total only when no cell is left.
 */
export function secondarySuppressions(model: ReleaseModel, primary: ReadonlySet<number>): Set<number> {
  const hidden = new Set(primary);
  const equationsOf = model.figures.map((): number[] => []);
  model.equations.forEach((equation, e) => equation.forEach((t) => equationsOf[t.variable]!.push(e)));

  for (;;) {
    hideLoneUnknowns(model, hidden);
    const exposed = exposedFigures(model, hidden);
    if (exposed.length === 0) return hidden;
    // One complement can protect several exposed figures: give each equation at most one per round.
    const touched = new Set<number>();
    for (const variable of exposed) {
      if (equationsOf[variable]!.some((e) => touched.has(e))) continue;
      const complement = nearestComplement(model, hidden, equationsOf, variable);
      if (complement === undefined) throw new Error('No figure left to hide: the release cannot be protected');
      hidden.add(complement);
      for (const e of equationsOf[complement]!) touched.add(e);
    }
  }
}

function hideLoneUnknowns(model: ReleaseModel, hidden: Set<number>): void {
  for (let changed = true; changed;) {
    changed = false;
    for (const equation of model.equations) {
      if (equation.filter((t) => hidden.has(t.variable)).length !== 1) continue;
      const complement = bestComplement(model, equation.map((t) => t.variable).filter((v) => !hidden.has(v)));
      if (complement !== undefined) {
        hidden.add(complement);
        changed = true;
      }
    }
  }
}

/** Hidden figures whose bounds give them away, most exposed (narrowest) first. */
export function exposedFigures(model: ReleaseModel, hidden: ReadonlySet<number>): number[] {
  const unknowns = [...hidden];
  const unknownOf = new Map(unknowns.map((v, i) => [v, i]));
  const equations: LinearEquation[] = model.equations.map((equation) => ({
    terms: equation.filter((t) => hidden.has(t.variable)).map((t) => ({ unknown: unknownOf.get(t.variable)!, coefficient: t.coefficient })),
    rhs: -equation.filter((t) => !hidden.has(t.variable)).reduce((sum, t) => sum + t.coefficient * model.figures[t.variable]!.value, 0),
  }));
  const bounds = boundsOfUnknowns(unknowns.length, equations);
  return unknowns
    .map((variable, i) => ({ variable, bound: bounds[i]! }))
    .filter(({ variable, bound }) => disclosureIn(bound, model.figures[variable]!.threshold) !== undefined)
    .sort((a, b) => (a.bound.upper - a.bound.lower) - (b.bound.upper - b.bound.lower) || a.variable - b.variable)
    .map(({ variable }) => variable);
}

/** The best published figure in the equations nearest to `start` through hidden figures. */
function nearestComplement(model: ReleaseModel, hidden: ReadonlySet<number>, equationsOf: readonly number[][], start: number): number | undefined {
  const seen = new Set([start]);
  let layer = [start];
  while (layer.length > 0) {
    const candidates: number[] = [];
    const next: number[] = [];
    for (const variable of layer) {
      for (const e of equationsOf[variable]!) {
        for (const { variable: other } of model.equations[e]!) {
          if (!hidden.has(other)) candidates.push(other);
          else if (!seen.has(other)) { seen.add(other); next.push(other); }
        }
      }
    }
    const best = bestComplement(model, candidates);
    if (best !== undefined) return best;
    layer = next;
  }
  return bestComplement(model, model.figures.map((_, v) => v).filter((v) => !hidden.has(v)));
}

function bestComplement(model: ReleaseModel, candidates: readonly number[]): number | undefined {
  const rank = (v: number) => {
    const figure = model.figures[v]!;
    return [figure.isTotal ? 2 : figure.value === 0 ? 1 : 0, figure.value, v] as const;
  };
  let best: number | undefined;
  for (const v of candidates) {
    if (best === undefined) { best = v; continue; }
    const [a, b] = [rank(v), rank(best)];
    if (a[0] < b[0] || (a[0] === b[0] && (a[1] < b[1] || (a[1] === b[1] && a[2] < b[2])))) best = v;
  }
  return best;
}
