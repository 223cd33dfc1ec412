import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SUPPRESSED, verifyRelease } from '../statistics/disclosure/index.js';
import { NOT_YET_SENTENCED, prosecutionTables } from './statistics.js';

describe('prosecution tables', () => {
  it('counts convictions by offence and year, and by sentence, sharing their totals', () => {
    const { tables } = prosecutionTables([
      { offence: 'msa2015_s2', year: 2018, sentenceKind: 'custody', count: 20 },
      { offence: 'msa2015_s2', year: 2019, sentenceKind: 'custody', count: 12 },
      { offence: 'msa2015_s2', year: 2019, sentenceKind: null, count: 8 },
      { offence: 'msa2015_s1', year: 2018, sentenceKind: 'suspended', count: 10 },
      { offence: 'msa2015_s1', year: 2019, sentenceKind: 'custody', count: 9 },
    ], 2018, 2019);
    const [byYear, bySentence] = tables;
    assert.deepEqual(byYear!.columns, ['2018', '2019']);
    assert.deepEqual(byYear!.rows, ['Modern Slavery Act 2015 s1 (slavery, servitude and forced or compulsory labour)', 'Modern Slavery Act 2015 s2 (human trafficking)']);
    assert.deepEqual(byYear!.cells, [[10, 9], [20, 20]]);
    assert.equal(byYear!.grandTotal, 59);
    assert.deepEqual(bySentence!.columns.at(-1), NOT_YET_SENTENCED);
    assert.deepEqual(bySentence!.rowTotals, byYear!.rowTotals);
  });

  it('hides counts of 1 to 4 and whatever would let them be worked out, in both tables', () => {
    const { tables } = prosecutionTables([
      { offence: 'msa2015_s2', year: 2018, sentenceKind: 'custody', count: 3 },
      { offence: 'msa2015_s2', year: 2019, sentenceKind: 'custody', count: 15 },
      { offence: 'cja2009_s71', year: 2018, sentenceKind: 'custody', count: 11 },
      { offence: 'cja2009_s71', year: 2019, sentenceKind: 'custody', count: 7 },
    ], 2018, 2019);
    const byYear = tables[0]!;
    const s2 = byYear.rows.findIndex((r) => r.includes('s2 (human'));
    assert.equal(byYear.cells[s2]![0], SUPPRESSED);
    // Not alone in its row or column: its neighbours are hidden too.
    assert.equal(byYear.cells.flat().filter((c) => c === SUPPRESSED).length >= 2, true);
    assert.equal(verifyRelease({ tables }).safe, true);
  });

  it('has no tables when nothing was counted', () => {
    assert.deepEqual(prosecutionTables([], 2020, 2021).tables, []);
  });
});
