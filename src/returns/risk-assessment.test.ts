import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { riskFactorCodes, riskFactors, scoreRisk, type FactorAnswer, type RiskFactor } from './risk-assessment.js';

/** Every factor not present, with the given answers over it. */
const answers = (given: Partial<Record<RiskFactor, FactorAnswer>> = {}) =>
  Object.fromEntries(riskFactorCodes.map((f) => [f, given[f] ?? 'not_present'])) as Record<RiskFactor, FactorAnswer>;
const nonDecisive = riskFactorCodes.filter((f) => !riskFactors[f].decisive);

describe('re-trafficking risk score', () => {
  it('is low with no factor present and nothing unknown', () => {
    const score = scoreRisk(answers());
    assert.equal(score.level, 'low');
    assert.deepEqual(score.reasons[0]!.factors, []);
  });

  for (const factor of riskFactorCodes) {
    it(`${factor} present alone is ${riskFactors[factor].decisive ? 'high' : 'medium'}, and named as the reason`, () => {
      const score = scoreRisk(answers({ [factor]: 'present' }));
      assert.equal(score.level, riskFactors[factor].decisive ? 'high' : 'medium');
      assert.deepEqual(score.reasons[0]!.factors, [factor]);
      assert.match(score.reasons[0]!.text, new RegExp(riskFactors[factor].label.toLowerCase().replace(/[()]/g, '.')));
    });
  }

  it('two non-decisive factors present are medium; three are high (the boundary)', () => {
    assert.equal(scoreRisk(answers({ previous_trafficking: 'present', health_needs: 'present' })).level, 'medium');
    const three = scoreRisk(answers({ previous_trafficking: 'present', health_needs: 'present', young_age: 'present' }));
    assert.equal(three.level, 'high');
    assert.deepEqual(three.reasons[0]!.factors, ['previous_trafficking', 'young_age', 'health_needs']);
    assert.match(three.reasons[0]!.text, /^3 factors present/);
  });

  it('a decisive factor with others present gives both reasons, the decisive one first', () => {
    const score = scoreRisk(answers({ debt_to_traffickers: 'present', stigma_on_return: 'present', no_reintegration_support: 'present' }));
    assert.equal(score.level, 'high');
    assert.deepEqual(score.reasons.map((r) => r.factors), [['debt_to_traffickers'], ['debt_to_traffickers', 'stigma_on_return', 'no_reintegration_support']]);
  });

  it('a decisive factor not known is medium, never low', () => {
    for (const factor of riskFactorCodes.filter((f) => riskFactors[f].decisive)) {
      const score = scoreRisk(answers({ [factor]: 'not_known' }));
      assert.equal(score.level, 'medium');
      assert.deepEqual(score.reasons[0]!.factors, [factor]);
    }
  });

  it('one non-decisive factor not known is low; two are medium (the boundary)', () => {
    assert.equal(scoreRisk(answers({ health_needs: 'not_known' })).level, 'low');
    assert.match(scoreRisk(answers({ health_needs: 'not_known' })).reasons[0]!.text, /not known: health needs/);
    const two = scoreRisk(answers({ health_needs: 'not_known', stigma_on_return: 'not_known' }));
    assert.equal(two.level, 'medium');
    assert.deepEqual(two.reasons[0]!.factors, ['stigma_on_return', 'health_needs']);
  });

  it('every factor not known is medium; every factor present is high', () => {
    const all = (a: FactorAnswer) => answers(Object.fromEntries(riskFactorCodes.map((f) => [f, a])));
    assert.equal(scoreRisk(all('not_known')).level, 'medium');
    assert.equal(scoreRisk(all('present')).level, 'high');
  });

  it('non-decisive factors present with a decisive one not known stay medium with both reasons', () => {
    const score = scoreRisk(answers({ [nonDecisive[0]!]: 'present', traffickers_in_home_country: 'not_known' }));
    assert.equal(score.level, 'medium');
    assert.deepEqual(score.reasons.map((r) => r.factors), [[nonDecisive[0]], ['traffickers_in_home_country']]);
  });
});
