import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { hasRule, NoRuleInForceError, ruleInForce, rules, type RuleName } from './rules.js';
import { nations } from '../organisations/kinds.js';
import { addCalendarDays } from '../platform/working-days.js';

describe('NRM rules with effective dates', () => {
  it('recovery period: 45 days until 12 December 2022, 30 days from 13 December 2022', () => {
    assert.equal(ruleInForce('recovery_period_min_days', '2009-04-01', 'england').value, 45);
    assert.equal(ruleInForce('recovery_period_min_days', '2022-12-12', 'scotland').value, 45);
    assert.equal(ruleInForce('recovery_period_min_days', '2022-12-13', 'scotland').value, 30);
    assert.equal(ruleInForce('recovery_period_min_days', '2026-11-27', 'northern_ireland').value, 30);
  });

  it('the recovery period rule changes on the same day in every nation', () => {
    for (const nation of nations) {
      assert.equal(ruleInForce('recovery_period_min_days', '2022-12-12', nation).value, 45, nation);
      assert.equal(ruleInForce('recovery_period_min_days', '2022-12-13', nation).value, 30, nation);
    }
  });

  it('RG target of 5 working days throughout, everywhere', () => {
    for (const nation of nations) {
      assert.equal(ruleInForce('rg_target_working_days', '2009-04-01', nation).value, 5, nation);
      assert.equal(ruleInForce('rg_target_working_days', '2025-12-23', nation).value, 5, nation);
    }
    assert.equal(hasRule('rg_target_working_days', '2009-03-31', 'england'), false, 'no rule before the NRM began');
  });

  it('RG standard of proof changes on 30 January 2023', () => {
    assert.match(String(ruleInForce('rg_standard_of_proof', '2023-01-29', 'wales').value), /suspect but cannot prove/);
    assert.match(String(ruleInForce('rg_standard_of_proof', '2023-01-30', 'wales').value), /reasonable grounds to believe/);
  });

  it('CG outcomes depend on the nation', () => {
    assert.deepEqual(ruleInForce('cg_outcomes', '2026-01-01', 'england').value, ['trafficking', 'slavery_servitude_forced_labour', 'not_recognised']);
    assert.deepEqual(ruleInForce('cg_outcomes', '2026-01-01', 'scotland').value, ['positive', 'negative']);
    assert.deepEqual(ruleInForce('cg_outcomes', '2012-01-01', 'england').value, ['positive', 'negative']);
  });

  it('nation-specific support periods exist only where and when they were in force', () => {
    assert.equal(ruleInForce('support_period_days', '2018-04-01', 'scotland').value, 90);
    assert.equal(hasRule('support_period_days', '2018-03-31', 'scotland'), false);
    assert.equal(hasRule('support_period_days', '2026-01-01', 'england'), false);
    assert.throws(() => ruleInForce('support_period_days', '2026-01-01', 'england'), NoRuleInForceError);
  });

  it('never has two rules of one name in force on one day in one nation', () => {
    const names = [...new Set(rules.map((r) => r.name))] as RuleName[];
    for (const name of names) {
      const boundaries = new Set(rules.filter((r) => r.name === name).flatMap((r) => [r.from, addCalendarDays(r.from, -1), ...(r.to ? [r.to, addCalendarDays(r.to, 1)] : [])]));
      for (const date of boundaries) {
        for (const nation of nations) {
          if (hasRule(name, date, nation)) assert.ok(ruleInForce(name, date, nation), `${name} ${date} ${nation}`);
        }
      }
    }
  });
});
