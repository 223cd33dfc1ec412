import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { verifyRelease } from './verify.js';
import { SUPPRESSED, type PublishedCount, type PublishedTable } from './types.js';

/**
 * The verifier's bounds checked against brute force: on small tables with the grand total
 * published, every whole-number table within the grand total is tried, and the least and greatest
 * value of each hidden figure among those matching the published figures must be what the verifier
 * reports (a single two-way table is totally unimodular, so its linear bounds are exact).
 */
const tinyTables = fc
  .record({ rows: fc.integer({ min: 1, max: 3 }), columns: fc.integer({ min: 2, max: 3 }) })
  .filter(({ rows, columns }) => rows * columns <= 6)
  .chain(({ rows, columns }) => fc.record({
    counts: fc.array(fc.array(fc.integer({ min: 0, max: 3 }), { minLength: columns, maxLength: columns }), { minLength: rows, maxLength: rows }),
    // Which figures are hidden, cells and totals alike (the grand total stays published).
    hide: fc.array(fc.array(fc.boolean(), { minLength: columns + 1, maxLength: columns + 1 }), { minLength: rows + 1, maxLength: rows + 1 }),
  }));

function withTotals(counts: number[][]): number[][] {
  const grid = counts.map((line) => [...line, line.reduce((a, b) => a + b, 0)]);
  grid.push(grid[0]!.map((_, c) => grid.reduce((s, line) => s + line[c]!, 0)));
  return grid;
}

/** Every table of whole numbers 0 or more whose cells add up to `total`. */
function* tablesSummingTo(rows: number, columns: number, total: number): Generator<number[][]> {
  const cells = rows * columns;
  const flat = new Array<number>(cells).fill(0);
  function* fill(i: number, left: number): Generator<number[][]> {
    if (i === cells - 1) {
      flat[i] = left;
      yield Array.from({ length: rows }, (_, r) => flat.slice(r * columns, (r + 1) * columns));
      return;
    }
    for (let v = 0; v <= left; v++) {
      flat[i] = v;
      yield* fill(i + 1, left - v);
    }
  }
  yield* fill(0, total);
}

describe('Verifier agrees with brute force', () => {
  it('reports the exact least and greatest value of every hidden figure', () => {
    fc.assert(fc.property(tinyTables, ({ counts, hide }) => {
      const truth = withTotals(counts);
      const R = counts.length;
      const C = counts[0]!.length;
      const shown: PublishedCount[][] = truth.map((line, r) => line.map((v, c) => (hide[r]![c]! && !(r === R && c === C) ? SUPPRESSED : v)));
      const table: PublishedTable = {
        id: 't', title: 't', rowVariable: 'r', columnVariable: 'c',
        rows: counts.map((_, r) => `r${r}`), columns: counts[0]!.map((_, c) => `c${c}`),
        cells: shown.slice(0, R).map((line) => line.slice(0, C)),
        rowTotals: shown.slice(0, R).map((line) => line[C]!),
        columnTotals: shown[R]!.slice(0, C),
        grandTotal: shown[R]![C]!,
        threshold: 5, rule: '',
      };

      const least = new Map<string, number>();
      const greatest = new Map<string, number>();
      for (const candidate of tablesSummingTo(R, C, truth[R]![C]!)) {
        const full = withTotals(candidate);
        if (!full.every((line, r) => line.every((v, c) => shown[r]![c] === SUPPRESSED || shown[r]![c] === v))) continue;
        full.forEach((line, r) => line.forEach((v, c) => {
          if (shown[r]![c] !== SUPPRESSED) return;
          const key = `${r < R ? r : 'total'},${c < C ? c : 'total'}`;
          least.set(key, Math.min(least.get(key) ?? Infinity, v));
          greatest.set(key, Math.max(greatest.get(key) ?? -Infinity, v));
        }));
      }
      const report = verifyRelease({ tables: [table] });
      assert.equal(report.hidden.length, least.size);
      for (const h of report.hidden) {
        const key = `${h.address.row},${h.address.column}`;
        assert.deepEqual([h.lower, h.upper], [least.get(key), greatest.get(key)], key);
        const exposed = h.lower === h.upper || (h.lower >= 1 && h.upper < 5);
        assert.equal(h.disclosure !== undefined, exposed);
      }
    }), { seed: 20260402, numRuns: 150 });
  });
});
