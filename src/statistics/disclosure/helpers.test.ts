import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULT_ROUNDING_RULE, DEFAULT_SUPPRESSION_RULE, SUPPRESSED,
  describeRule, groupRareCategories, groupRareColumns, groupRareRows, publishMedian, publishPercentage, roundRelease, roundToBase,
  type CountTable,
} from './index.js';

const table: CountTable = {
  id: 'nationality', title: 'Referrals by nationality and age group', rowVariable: 'Nationality', columnVariable: 'Age group',
  rows: ['UK', 'Albania', 'Eritrea', 'Vietnam', 'Sudan'], columns: ['Adult', 'Child'],
  counts: [[40, 32], [50, 3], [6, 2], [20, 9], [1, 0]],
};

describe('Rounding to the nearest 5', () => {
  it('rounds each count and each total from its own unrounded value', () => {
    assert.deepEqual([0, 1, 2, 3, 7, 8, 12, 13].map((n) => roundToBase(n, 5)), [0, 0, 0, 5, 5, 10, 10, 15]);
    const t = roundRelease({ tables: [{ ...table, rows: ['a', 'b'], counts: [[3, 3], [3, 3]] }] }).tables[0]!;
    assert.deepEqual(t.cells, [[5, 5], [5, 5]]);
    // 6 rounds to 5 and 12 to 10, not the 10 and 20 that summing the rounded cells would give.
    assert.deepEqual(t.rowTotals, [5, 5]);
    assert.deepEqual(t.columnTotals, [5, 5]);
    assert.equal(t.grandTotal, 10);
    assert.match(t.rule, /^Counts are rounded to the nearest 5; totals are rounded separately/);
  });
});

describe('Percentages', () => {
  it('are calculated from unrounded counts', () => {
    assert.equal(publishPercentage({ numerator: 7, denominator: 21 }), 33);
    assert.equal(publishPercentage({ numerator: 7, denominator: 21 }, DEFAULT_ROUNDING_RULE, 1), 33.3);
    assert.equal(publishPercentage({ numerator: 0, denominator: 40 }), 0);
  });

  it('are hidden when the numerator is suppressed or small, or the denominator is under 20 or hidden', () => {
    assert.equal(publishPercentage({ numerator: 12, denominator: 19 }), SUPPRESSED);
    assert.equal(publishPercentage({ numerator: 3, denominator: 100 }), SUPPRESSED);
    assert.equal(publishPercentage({ numerator: 3, denominator: 100 }, DEFAULT_ROUNDING_RULE), SUPPRESSED);
    assert.equal(publishPercentage({ numerator: 30, denominator: 100, numeratorHidden: true }), SUPPRESSED);
    assert.equal(publishPercentage({ numerator: 30, denominator: 100, denominatorHidden: true }), SUPPRESSED);
  });
});

describe('Medians', () => {
  it('are shown only when based on 10 or more cases', () => {
    assert.equal(publishMedian([5, 1, 9, 3, 7, 2, 8, 4, 6]), SUPPRESSED);
    assert.equal(publishMedian([]), SUPPRESSED);
    assert.equal(publishMedian([5, 1, 9, 3, 7, 2, 8, 4, 6, 10]), 5.5);
    assert.equal(publishMedian([5, 1, 9, 3, 7, 2, 8, 4, 6, 10, 40]), 6);
    assert.equal(publishMedian([1, 2, 3, 4], { ...DEFAULT_SUPPRESSION_RULE, minimumCountForMedian: 4 }), 2.5);
  });
});

describe('Grouping rare categories', () => {
  it('keeps the largest categories and adds the rest up as "other"', () => {
    assert.deepEqual(groupRareCategories([{ category: 'b', count: 3 }, { category: 'a', count: 3 }, { category: 'c', count: 9 }, { category: 'd', count: 1 }], 2, 'Other'), [
      { category: 'c', count: 9 }, { category: 'a', count: 3 }, { category: 'Other', count: 4 },
    ]);
    assert.deepEqual(groupRareCategories([{ category: 'a', count: 1 }], 3, 'Other'), [{ category: 'a', count: 1 }]);
    assert.throws(() => groupRareCategories([{ category: 'Other', count: 1 }], 0, 'Other'));
  });

  it('groups the rows or columns of a table by their totals', () => {
    const grouped = groupRareRows(table, 3, 'Other nationalities');
    assert.deepEqual(grouped.rows, ['UK', 'Albania', 'Vietnam', 'Other nationalities']);
    assert.deepEqual(grouped.counts, [[40, 32], [50, 3], [20, 9], [7, 2]]);
    const byColumn = groupRareColumns({ ...table, rows: table.columns, columns: table.rows, counts: table.columns.map((_, c) => table.counts.map((line) => line[c]!)) }, 3, 'Other nationalities');
    assert.deepEqual(byColumn.columns, grouped.rows);
    assert.deepEqual(byColumn.counts, [[40, 50, 20, 7], [32, 3, 9, 2]]);
  });
});

describe('The rule stated with each table', () => {
  it('follows the configuration', () => {
    assert.match(describeRule(DEFAULT_SUPPRESSION_RULE), /^Counts of 1 to 4 are shown as \[c\]\. Further figures, including totals where needed/);
    assert.match(describeRule(DEFAULT_SUPPRESSION_RULE, { breakdownVariables: 3 }), /^Counts of 1 to 9 /);
    assert.match(describeRule({ ...DEFAULT_SUPPRESSION_RULE, threshold: 2 }), /^Counts of 1 are shown/);
    assert.match(describeRule({ ...DEFAULT_SUPPRESSION_RULE, minimumDenominator: 50 }), /denominator is under 50/);
    assert.equal(describeRule(DEFAULT_ROUNDING_RULE),
      'Counts are rounded to the nearest 5; totals are rounded separately, so they may not equal the sum of the figures shown. ' +
      'Percentages are calculated from unrounded counts and are not shown where the count is 1 to 4 or the denominator is under 20. ' +
      'Medians are not shown where based on fewer than 10 cases.');
  });
});
