import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { buildModel, withTotals } from './model.js';
import { primarySuppressions } from './primary.js';
import { publishModel, suppressRelease } from './publish.js';
import { verifyRelease } from './verify.js';
import { DEFAULT_SUPPRESSION_RULE, SUPPRESSED, type CountTable, type PublishedRelease, type Release, type TableSum } from './types.js';

// Fixed seed and run count: the same releases on every run, so CI is stable.
const settings = { seed: 20260401, numRuns: 200 };
const rule = DEFAULT_SUPPRESSION_RULE;

// Mostly zeros and small numbers: the cells summed over a third variable are then often 1 to 9.
const count = fc.oneof(
  { weight: 6, arbitrary: fc.constant(0) },
  { weight: 4, arbitrary: fc.integer({ min: 1, max: 3 }) },
  { weight: 2, arbitrary: fc.integer({ min: 4, max: 30 }) },
);
const grid = (rows: number, columns: number) =>
  fc.array(fc.array(count, { minLength: columns, maxLength: columns }), { minLength: rows, maxLength: rows });
const labels = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix} ${i + 1}`);
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

type Sibling = 'same rows, second variable' | 'first variable by second' | 'quarter and year to date' | 'unrelated';

/**
 * A release of 1–4 tables built the way real ones are: the two-way tables of one three-way count
 * (age × gender × exploitation), so they share margins exactly as published tables do, plus
 * optionally a second quarter with its year-to-date table, and an unrelated table.
 */
const releases: fc.Arbitrary<Release> = fc
  .record({ rows: fc.integer({ min: 2, max: 6 }), first: fc.integer({ min: 2, max: 5 }), second: fc.integer({ min: 2, max: 5 }) })
  .chain(({ rows, first, second }) => fc.record({
    cube: fc.array(grid(first, second), { minLength: rows, maxLength: rows }),
    nextQuarter: grid(rows, first),
    unrelated: grid(second, rows),
    siblings: fc.uniqueArray(fc.constantFrom<Sibling>('same rows, second variable', 'first variable by second', 'quarter and year to date', 'unrelated'), { maxLength: 3 }),
    sparse: fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }),
  }).map(({ cube, nextQuarter, unrelated, siblings, sparse }) => {
    const ages = labels('age', rows);
    const genders = labels('gender', first);
    const types = labels('type', second);
    const table = (id: string, rowsOf: string[], columnsOf: string[], counts: number[][], margins?: CountTable['margins']): CountTable => ({
      id, title: id, rowVariable: 'rows', columnVariable: 'columns', rows: rowsOf, columns: columnsOf, counts,
      sparse: sparse[0] === true && sparse[1 + (id.length % 4)] === true,
      ...(margins ? { margins } : {}),
    });
    const tables: CountTable[] = [table('age by gender', ages, genders,
      cube.map((byGender) => byGender.map(sum)), { rowTotals: 'age', columnTotals: 'gender' })];
    const sums: TableSum[] = [];
    for (const sibling of siblings) {
      if (sibling === 'same rows, second variable' && tables.length < 4) {
        tables.push(table('age by type', ages, types, cube.map((byGender) => types.map((_, t) => sum(byGender.map((g) => g[t]!)))),
          { rowTotals: 'age', columnTotals: 'type' }));
      } else if (sibling === 'first variable by second' && tables.length < 4) {
        tables.push(table('gender by type', genders, types, genders.map((_, g) => types.map((_, t) => sum(cube.map((a) => a[g]![t]!)))),
          { rowTotals: 'gender', columnTotals: 'type' }));
      } else if (sibling === 'quarter and year to date' && tables.length < 3) {
        tables.push(table('next quarter', ages, genders, nextQuarter));
        tables.push(table('year to date', ages, genders, tables[0]!.counts.map((line, r) => line.map((n, c) => n + nextQuarter[r]![c]!))));
        sums.push({ whole: 'year to date', parts: ['age by gender', 'next quarter'] });
      } else if (sibling === 'unrelated' && tables.length < 4) {
        tables.push(table('unrelated', types, ages, unrelated));
      }
    }
    return { tables, ...(sums.length > 0 ? { sums } : {}) };
  }));

/** Why the published release fails the requirements, or undefined if it meets them. */
function failure(release: Release, published: PublishedRelease): string | undefined {
  for (const table of release.tables) {
    const shown = published.tables.find((t) => t.id === table.id)!;
    const R = table.rows.length;
    const C = table.columns.length;
    const figures = withTotals(table);
    for (let r = 0; r <= R; r++) {
      for (let c = 0; c <= C; c++) {
        const truth = figures[r]![c]!;
        const value = r < R ? (c < C ? shown.cells[r]![c] : shown.rowTotals[r]) : (c < C ? shown.columnTotals[c] : shown.grandTotal);
        if (truth >= 1 && truth < shown.threshold && value !== SUPPRESSED) return `${table.id} [${r}, ${c}]: ${truth} published`;
        if (value !== SUPPRESSED && value !== truth) return `${table.id} [${r}, ${c}]: ${value} published for ${truth}`;
      }
    }
  }
  const { exposed } = verifyRelease(published);
  if (exposed.length > 0) {
    const e = exposed[0]!;
    return `${exposed.length} exposed, e.g. ${e.address.table} [${e.address.row}, ${e.address.column}] in ${e.lower}…${e.upper} (${e.disclosure})`;
  }
  return undefined;
}

describe('Disclosure control: properties of random releases', () => {
  it('hides every small count, publishes true values, and leaves nothing recoverable, alone or across tables', () => {
    fc.assert(fc.property(releases, (release) => {
      const problem = failure(release, suppressRelease(release, rule));
      assert.equal(problem, undefined, problem);
    }), settings);
  });

  it('would catch a suppressor that forgot secondary suppression', () => {
    const primaryOnly = (release: Release) => {
      const model = buildModel(release, rule);
      return publishModel(release, model, primarySuppressions(model), rule);
    };
    const result = fc.check(fc.property(releases, (release) => failure(release, primaryOnly(release)) === undefined), settings);
    assert.equal(result.failed, true, 'primary suppression alone should be shown to leave hidden counts recoverable');
  });
});
