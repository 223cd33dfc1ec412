import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { negativeReasonCategoryCodes, reasonCategoryProblem } from './reason-categories.js';

describe('reason categories of negative decisions', () => {
  it('are required on a negative decision made in Palermo, optional on a historical one, refused on a positive one', () => {
    assert.equal(reasonCategoryProblem({ positive: false, child: false, required: true }), 'Select the main reason for the negative decision');
    assert.equal(reasonCategoryProblem({ positive: false, reasonCategory: null, child: false, required: false }), undefined);
    assert.equal(reasonCategoryProblem({ positive: false, reasonCategory: 'not_credible', child: false, required: true }), undefined);
    assert.match(reasonCategoryProblem({ positive: true, reasonCategory: 'no_act', child: false, required: false })!, /only for a negative decision/);
    assert.equal(reasonCategoryProblem({ positive: true, child: false, required: true }), undefined);
    assert.equal(reasonCategoryProblem({ positive: false, reasonCategory: 'outside_jurisdiction', child: false, required: true }), 'Select the main reason for the negative decision');
  });

  it('never give "no means" as a child’s reason: the means is not needed for a child', () => {
    assert.match(reasonCategoryProblem({ positive: false, reasonCategory: 'no_means', child: true, required: true })!, /For a child the means is not needed/);
    assert.equal(reasonCategoryProblem({ positive: false, reasonCategory: 'no_means', child: false, required: true }), undefined);
  });

  it('are the codes the database admits, no more and no fewer', () => {
    const migration = readFileSync(new URL('../../migrations/0012_decision_reason_category_rules.sql', import.meta.url), 'utf8');
    const admitted = /"reason_category" IN \(([^)]*)\)/.exec(migration)![1]!.split(',').map((c) => c.trim().replace(/'/g, ''));
    assert.deepEqual(admitted, [...negativeReasonCategoryCodes]);
  });
});
