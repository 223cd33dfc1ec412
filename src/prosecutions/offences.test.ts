import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { inForceOn, notInForceMessage, offenceCodes, offences } from './offences.js';
import { checkProsecution, prosecutionSubmissionSchema } from './schema.js';

const base = {
  reference: 'CPS-2016-0001', updatedAt: '2016-09-01T10:00:00Z', court: { name: 'Southwark Crown Court', type: 'crown' },
  chargedOn: '2016-06-01', concludedOn: '2016-08-30',
  defendants: [{ label: 'D1', role: 'principal', offences: [{ offence: 'msa2015_s2', result: 'convicted', sentence: { kind: 'custody', months: 48 } }] }],
  victims: [],
};
const problemsOf = (overrides: Record<string, unknown>, today = '2026-01-12') => checkProsecution(prosecutionSubmissionSchema.parse({ ...base, ...overrides }), today);
const charged = (offence: string, chargedOn: string) => problemsOf({
  chargedOn, concludedOn: null, defendants: [{ label: 'D1', role: 'principal', offences: [{ offence, result: 'pending' }] }],
});

describe('offences in force', () => {
  it('knows the day each offence came into force', () => {
    assert.equal(offences.cja2009_s71.inForceFrom, '2010-04-06');
    assert.equal(offences.msa2015_s1.inForceFrom, '2015-07-31');
    assert.equal(offences.msa2015_s2.inForceFrom, '2015-07-31');
    assert.equal(offences.soa2003_s59a.inForceFrom, '2013-04-06');
    assert.equal(offences.htesa2015_s1.inForceFrom, '2016-05-31');
    assert.equal(offenceCodes.length, 12);
  });

  it('is in force from its first day, not the day before', () => {
    assert.equal(inForceOn('cja2009_s71', '2010-04-05'), false);
    assert.equal(inForceOn('cja2009_s71', '2010-04-06'), true);
    assert.equal(inForceOn('msa2015_s2', '2015-07-30'), false);
    assert.equal(inForceOn('msa2015_s2', '2015-07-31'), true);
    assert.equal(inForceOn('soa2003_s59a', '2013-04-05'), false);
  });

  it('still accepts a repealed offence charged after its repeal (conduct before it)', () => {
    assert.equal(inForceOn('soa2003_s57', '2017-03-01'), true);
    assert.equal(inForceOn('aitca2004_s4', '2017-03-01'), true);
  });

  it('refuses an offence charged before it was in force, naming the offence field', () => {
    const problems = charged('msa2015_s1', '2015-07-30');
    assert.deepEqual(problems.map((p) => p.field), ['defendants.0.offences.0.offence']);
    assert.match(problems[0]!.message, /Modern Slavery Act 2015 s1 was not in force on 2015-07-30.*2015-07-31/);
    assert.deepEqual(charged('msa2015_s1', '2015-07-31'), []);
    assert.equal(notInForceMessage('htesa2015_s4', '2016-05-31'), undefined);
    assert.ok(notInForceMessage('htesa2015_s4', '2016-05-30'));
  });

  it('names the field of each offence not in force, defendant by defendant', () => {
    const problems = problemsOf({
      chargedOn: '2012-01-10', concludedOn: null,
      defendants: [
        { label: 'D1', role: 'principal', offences: [{ offence: 'cja2009_s71', result: 'pending' }, { offence: 'msa2015_s2', result: 'pending' }] },
        { label: 'D2', role: 'facilitator', offences: [{ offence: 'soa2003_s59a', result: 'pending' }] },
      ],
    });
    assert.deepEqual(problems.map((p) => p.field), ['defendants.0.offences.1.offence', 'defendants.1.offences.0.offence']);
  });
});

describe('the rules across fields', () => {
  it('accepts a concluded prosecution with a custodial sentence', () => {
    assert.deepEqual(problemsOf({}), []);
  });

  it('wants a conclusion exactly when no result is pending', () => {
    assert.deepEqual(problemsOf({ concludedOn: null }).map((p) => p.field), ['concludedOn']);
    const pending = { defendants: [{ label: 'D1', role: 'principal', offences: [{ offence: 'msa2015_s2', result: 'pending' }] }] };
    assert.deepEqual(problemsOf(pending).map((p) => p.field), ['concludedOn']);
  });

  it('keeps dates in order and out of the future', () => {
    assert.deepEqual(problemsOf({ concludedOn: '2016-05-01' }).map((p) => p.field), ['concludedOn']);
    assert.deepEqual(problemsOf({}, '2016-08-29').map((p) => p.field), ['concludedOn']);
  });

  it('gives sentences to convictions only, with months for custody', () => {
    const acquitted = { defendants: [{ label: 'D1', role: 'principal', offences: [{ offence: 'msa2015_s2', result: 'acquitted', sentence: { kind: 'community_order' } }] }] };
    assert.deepEqual(problemsOf(acquitted).map((p) => p.field), ['defendants.0.offences.0.sentence']);
    const noMonths = { defendants: [{ label: 'D1', role: 'principal', offences: [{ offence: 'msa2015_s2', result: 'convicted', sentence: { kind: 'custody' } }] }] };
    assert.deepEqual(problemsOf(noMonths).map((p) => p.field), ['defendants.0.offences.0.sentence.months']);
  });

  it('refuses the same label for two defendants and the same referral twice', () => {
    const twice = { defendants: [base.defendants[0], { ...base.defendants[0], role: 'controller' }], victims: ['NRM-2016-000001', 'NRM-2016-000001'] };
    assert.deepEqual(problemsOf(twice).map((p) => p.field), ['defendants.1.label', 'victims']);
  });

  it('refuses an offence outside the vocabulary at the schema', () => {
    const parsed = prosecutionSubmissionSchema.safeParse({ ...base, defendants: [{ label: 'D1', role: 'principal', offences: [{ offence: 'theft_act_1968_s1', result: 'convicted' }] }] });
    assert.equal(parsed.success, false);
    assert.deepEqual(parsed.error!.issues.map((i) => i.path.join('.')), ['defendants.0.offences.0.offence']);
  });
});
