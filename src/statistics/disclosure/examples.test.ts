import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULT_SUPPRESSION_RULE, SUPPRESSED, suppressRelease, verifyRelease,
  type CountTable, type PublishedRelease, type PublishedTable,
} from './index.js';

const table = (id: string, rows: string[], columns: string[], counts: number[][], extra: Partial<CountTable> = {}): CountTable => ({
  id, title: id, rowVariable: 'Age group', columnVariable: 'Gender', rows, columns, counts, ...extra,
});
const hiddenCells = (t: PublishedTable) =>
  t.cells.flatMap((line, r) => line.flatMap((v, c) => (v === SUPPRESSED ? [`${t.rows[r]}/${t.columns[c]}`] : [])));
const only = (release: PublishedRelease, id: string) => release.tables.find((t) => t.id === id)!;

describe('Suppression: worked examples', () => {
  it('hides a second cell in a row with one small count, then in each column so affected', () => {
    const published = suppressRelease({
      tables: [table('rg', ['Adult', 'Child'], ['Female', 'Male', 'Other'], [[40, 3, 12], [20, 15, 30]])],
    });
    const t = only(published, 'rg');
    // 3 is small; 12 is the smallest other cell of its row; 15 and 30 then stop each column giving them away.
    assert.deepEqual(hiddenCells(t), ['Adult/Male', 'Adult/Other', 'Child/Male', 'Child/Other']);
    assert.deepEqual(t.rowTotals, [55, 65]);
    assert.deepEqual(t.columnTotals, [60, 18, 42]);
    assert.equal(t.grandTotal, 120);
    assert.equal(verifyRelease(published).safe, true);
  });

  it('publishes zeros and hides nothing in a table without small counts', () => {
    const t = only(suppressRelease({ tables: [table('cg', ['Adult', 'Child'], ['Female', 'Male'], [[0, 25], [12, 0]])] }), 'cg');
    assert.deepEqual(t.cells, [[0, 25], [12, 0]]);
    assert.deepEqual(t.rowTotals, [25, 12]);
  });

  it('hides small totals as well as small cells', () => {
    const t = only(suppressRelease({ tables: [table('t', ['Adult', 'Child'], ['Female', 'Male'], [[30, 40], [2, 0]])] }), 't');
    assert.equal(t.rowTotals[1], SUPPRESSED);
    assert.equal(t.cells[1]![0], SUPPRESSED);
  });

  it('uses the threshold of 10 for sparse tables and states it', () => {
    const t = only(suppressRelease({
      tables: [table('nat-pfa', ['Albania', 'Vietnam'], ['Kent', 'Essex'], [[7, 30], [25, 40]], { sparse: true })],
    }), 'nat-pfa');
    assert.equal(t.threshold, 10);
    assert.equal(t.cells[0]![0], SUPPRESSED);
    assert.match(t.rule, /^Counts of 1 to 9 are shown as \[c\]/);
  });

  it('hides a shared total in every table that publishes it', () => {
    const shared = { rowTotals: 'referrals by age group, Q1 2026' };
    const published = suppressRelease({
      tables: [
        table('by-gender', ['Adult', 'Child'], ['Female', 'Male'], [[50, 60], [3, 1]], { margins: { ...shared, columnTotals: 'gender' } }),
        table('by-exploitation', ['Adult', 'Child'], ['Labour', 'Sexual', 'Criminal'], [[40, 30, 40], [0, 4, 0]],
          { columnVariable: 'Exploitation type', margins: { ...shared, columnTotals: 'exploitation' } }),
      ],
    });
    const [a, b] = [only(published, 'by-gender'), only(published, 'by-exploitation')];
    // The children's total (4) is small: hidden in both tables, or one would give it away.
    assert.equal(a.rowTotals[1], SUPPRESSED);
    assert.equal(b.rowTotals[1], SUPPRESSED);
    assert.equal(a.grandTotal, b.grandTotal);
    assert.equal(verifyRelease(published).safe, true);
  });

  it('hides a year-to-date cell or a quarter cell that would give away a small quarter count', () => {
    const rows = ['Adult', 'Child'];
    const columns = ['Female', 'Male'];
    const published = suppressRelease({
      tables: [
        table('q1', rows, columns, [[30, 3], [20, 40]]),
        table('q2', rows, columns, [[35, 25], [30, 45]]),
        table('ytd', rows, columns, [[65, 28], [50, 85]]),
      ],
      sums: [{ whole: 'ytd', parts: ['q1', 'q2'] }],
    });
    const hiddenAt = (id: string) => only(published, id).cells[0]![1] === SUPPRESSED;
    assert.ok(hiddenAt('q1'));
    assert.ok(hiddenAt('q2') || hiddenAt('ytd'), 'Q1 = YTD − Q2 must not be computable');
    assert.equal(verifyRelease(published).safe, true);
  });

  it('rejects tables that claim to share a margin but publish different totals', () => {
    const margins = { rowTotals: 'age' };
    assert.throws(() => suppressRelease({
      tables: [
        table('a', ['Adult', 'Child'], ['F', 'M'], [[10, 10], [10, 10]], { margins }),
        table('b', ['Adult', 'Child'], ['F', 'M'], [[10, 11], [10, 10]], { margins }),
      ],
    }), /different values/);
    assert.throws(() => suppressRelease({
      tables: [
        table('a', ['Adult', 'Child'], ['F', 'M'], [[10, 10], [10, 10]], { margins }),
        table('b', ['Adult', 'Unknown'], ['F', 'M'], [[10, 10], [10, 10]], { margins }),
      ],
    }), /same categories/);
  });
});

describe('Verifier: worked examples', () => {
  const publish = (cells: (number | '[c]')[][], rowTotals: (number | '[c]')[], columnTotals: (number | '[c]')[], grandTotal: number | '[c]', id = 't'): PublishedTable => ({
    id, title: id, rowVariable: 'r', columnVariable: 'c',
    rows: rowTotals.map((_, i) => `r${i}`), columns: columnTotals.map((_, i) => `c${i}`),
    cells, rowTotals, columnTotals, grandTotal, threshold: 5, rule: '',
  });
  const c = SUPPRESSED;

  it('finds a lone hidden cell by subtraction', () => {
    const report = verifyRelease({ tables: [publish([[3, 10], [c, 12]], [13, 14], [c, 22], 27)] });
    // (1,0) = 14 − 12 = 2; then column 0's total = 3 + 2 = 5.
    assert.equal(report.safe, false);
    assert.deepEqual(report.exposed.map((e) => [e.address.row, e.address.column, e.lower, e.upper, e.disclosure]), [
      [1, 0, 2, 2, 'exact'], ['total', 0, 5, 5, 'exact'],
    ]);
  });

  it('finds a count proved to lie between 1 and 4 though every row and column has two hidden cells', () => {
    // Hidden cycle x00 – x01 – x11 – x12 – x22 – x20: x00 + x01 = 4 and x01 + x11 = 3, so x00 ≥ 1.
    const report = verifyRelease({
      tables: [publish([[c, c, 10], [10, c, c], [c, 10, c]], [14, 32, 50], [33, 13, 50], 96)],
    });
    assert.deepEqual(report.exposed.map((e) => [e.address.row, e.address.column, e.lower, e.upper, e.disclosure]), [[0, 0, 1, 4, 'small']]);
    // The suppressor, given the same counts, protects it.
    const safe = suppressRelease({ tables: [{ id: 't', title: 't', rowVariable: 'r', columnVariable: 'c', rows: ['a', 'b', 'd'], columns: ['x', 'y', 'z'], counts: [[3, 1, 10], [10, 2, 20], [20, 10, 20]] }] });
    assert.equal(verifyRelease(safe).safe, true);
  });

  it('finds a total hidden in one table but published in a sibling', () => {
    const a = { ...publish([[20, c], [c, 20]], [c, c], [c, c], 55, 'a'), margins: { rowTotals: 'age' } };
    const b = { ...publish([[13, 20], [12, 10]], [33, 22], [25, 30], 55, 'b'), margins: { rowTotals: 'age' } };
    // Alone, table a only tells that its two hidden cells add up to 15; b's row totals give each away.
    assert.equal(verifyRelease({ tables: [a] }).safe, true);
    const report = verifyRelease({ tables: [a, b] });
    assert.deepEqual(report.exposed.filter((e) => e.address.row !== 'total' && e.address.column !== 'total').map((e) => [e.address.row, e.address.column, e.lower]), [[0, 1, 13], [1, 0, 2]]);
  });

  it('leaves a cell hidden with a zero complement only as far as 0 … its value', () => {
    const report = verifyRelease({ tables: [publish([[c, c, 10]], [13], [c, c, 10], 13)] });
    assert.equal(report.safe, true);
    assert.deepEqual(report.hidden.filter((h) => h.address.row === 0).map((h) => [h.lower, h.upper]), [[0, 3], [0, 3]]);
  });

  it('states the rule applied on every table', () => {
    const t = suppressRelease({ tables: [table('t', ['a', 'b'], ['x', 'y'], [[1, 9], [9, 9]])] }, DEFAULT_SUPPRESSION_RULE).tables[0]!;
    assert.equal(t.rule, 'Counts of 1 to 4 are shown as [c]. Further figures, including totals where needed, are shown as [c] so that no hidden count can be worked out from the totals or from other tables in this release. Zeros are shown. Percentages are calculated from unrounded counts and are not shown where the count is hidden or the denominator is under 20. Medians are not shown where based on fewer than 10 cases.');
  });
});
