import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isPositive, outcomesFor, removalStayed, standardOfProof } from './outcomes.js';

describe('decision outcomes', () => {
  it('CG outcomes follow the nation and the date', () => {
    assert.deepEqual(outcomesFor('cg', '2026-01-01', 'england'), ['trafficking', 'slavery_servitude_forced_labour', 'not_recognised']);
    assert.deepEqual(outcomesFor('cg', '2026-01-01', 'scotland'), ['positive', 'negative']);
    assert.deepEqual(outcomesFor('cg', '2012-01-01', 'wales'), ['positive', 'negative']);
    assert.deepEqual(outcomesFor('rg', '2026-01-01', 'england'), ['positive', 'negative']);
  });

  it('the RG standard of proof changes on 30 January 2023', () => {
    assert.match(standardOfProof('rg', '2023-01-29', 'england'), /suspect but cannot prove/);
    assert.match(standardOfProof('rg', '2023-01-30', 'england'), /reasonable grounds to believe/);
    assert.match(standardOfProof('cg', '2023-01-30', 'england'), /balance of probabilities/);
  });

  it('recognising outcomes are positive', () => {
    assert.equal(isPositive('trafficking'), true);
    assert.equal(isPositive('slavery_servitude_forced_labour'), true);
    assert.equal(isPositive('not_recognised'), false);
    assert.equal(isPositive('negative'), false);
  });

  it('removal is stayed only for non-EEA nationals with no leave', () => {
    assert.equal(removalStayed(['NG'], 'no_leave'), true);
    assert.equal(removalStayed(['XX'], 'no_leave'), true); // nationality not known: protect
    assert.equal(removalStayed(['RO'], 'no_leave'), false);
    assert.equal(removalStayed(['NG', 'FR'], 'no_leave'), false);
    assert.equal(removalStayed(['NG'], 'asylum_seeker'), false);
    assert.equal(removalStayed(['GB'], 'no_leave'), false);
  });
});
