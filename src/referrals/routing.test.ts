import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { modelInForce, NoRoutingModelError, routeReferral, routingModels, type RoutingContext } from './routing.js';

const base: RoutingContext = {
  receivedOn: '2010-06-01', referrerType: 'police', asylumClaim: 'no', detention: 'none', irregularStatus: false, britishOrIrish: false,
};

describe('routing to the Competent Authority', () => {
  it('2009 model: police, local authority and NGO referrals go to the UKHTC', () => {
    for (const referrerType of ['police', 'local_authority', 'ngo'] as const) {
      const decision = routeReferral({ ...base, referrerType });
      assert.equal(decision.authority, 'ukhtc', referrerType);
      assert.equal(decision.ruleId, 'nrm-2009/general');
    }
  });

  it('2009 model: referrals arising in the immigration process go to the UK Border Agency', () => {
    assert.equal(routeReferral({ ...base, referrerType: 'ukba' }).ruleId, 'nrm-2009/immigration-referrer');
    assert.equal(routeReferral({ ...base, asylumClaim: 'yes' }).ruleId, 'nrm-2009/asylum-claim');
    assert.equal(routeReferral({ ...base, asylumClaim: 'intends_to' }).authority, 'ukba');
    assert.equal(routeReferral({ ...base, detention: 'immigration_detention' }).ruleId, 'nrm-2009/immigration-detention');
    assert.match(routeReferral({ ...base, asylumClaim: 'yes' }).explanation, /UK Border Agency: .*asylum/);
  });

  it('applies the model in force on the day received, at its boundaries', () => {
    assert.equal(routeReferral({ ...base, receivedOn: '2019-04-28' }).authority, 'ukhtc');
    assert.equal(routeReferral({ ...base, receivedOn: '2019-04-29' }).authority, 'sca');
    assert.equal(routeReferral({ ...base, receivedOn: '2021-10-31', detention: 'immigration_detention' }).authority, 'sca');
    assert.equal(routeReferral({ ...base, receivedOn: '2021-11-01', detention: 'immigration_detention' }).authority, 'iecca');
    assert.throws(() => routeReferral({ ...base, receivedOn: '2009-03-31' }), NoRoutingModelError);
  });

  it('from November 2021: foreign nationals detained, in prison or liable to removal go to the IECA', () => {
    const now = { ...base, receivedOn: '2026-11-27' };
    assert.equal(routeReferral({ ...now, detention: 'immigration_detention' }).ruleId, 'sca-iecca-2021/detained');
    assert.equal(routeReferral({ ...now, detention: 'prison' }).ruleId, 'sca-iecca-2021/foreign-national-offender');
    assert.equal(routeReferral({ ...now, irregularStatus: true }).ruleId, 'sca-iecca-2021/liable-to-removal');
    assert.equal(routeReferral({ ...now, irregularStatus: true, britishOrIrish: true }).authority, 'sca');
    assert.equal(routeReferral({ ...now, asylumClaim: 'yes' }).authority, 'sca');
  });

  it('has contiguous models with no gaps or overlaps', () => {
    for (let i = 1; i < routingModels.length; i++) {
      const previousEnd = new Date(`${routingModels[i - 1]!.to}T12:00:00Z`);
      previousEnd.setUTCDate(previousEnd.getUTCDate() + 1);
      assert.equal(previousEnd.toISOString().slice(0, 10), routingModels[i]!.from);
    }
    assert.equal(modelInForce('2030-01-01').id, 'sca-iecca-2021');
  });
});
