import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { caseReviewDue, earliestConclusiveGrounds, moveOnEnd, reasonableGroundsDue, reconsiderationDeadline, recoveryPeriodEnd } from './deadlines.js';

describe('casework deadlines', () => {
  it('RG due 5 working days after receipt, by the nation’s bank holidays', () => {
    assert.equal(reasonableGroundsDue('2026-11-27', 'england'), '2026-12-04');
    assert.equal(reasonableGroundsDue('2026-12-23', 'england'), '2027-01-04');
    assert.equal(reasonableGroundsDue('2026-12-23', 'scotland'), '2027-01-05', 'Scotland also has 2 January (substitute 4 January)');
  });

  it('recovery period by the rule in force on the positive RG date', () => {
    assert.equal(recoveryPeriodEnd('2022-12-12', 'england'), '2023-01-26', '45 days');
    assert.equal(recoveryPeriodEnd('2022-12-13', 'england'), '2023-01-12', '30 days');
    assert.equal(recoveryPeriodEnd('2026-01-01', 'wales', [{ newEnd: '2026-03-01' }, { newEnd: '2026-02-15' }]), '2026-03-01', 'the latest extension counts');
    assert.equal(recoveryPeriodEnd('2026-01-01', 'wales', [{ newEnd: '2026-01-10' }]), '2026-01-31', 'an extension never shortens the minimum');
  });

  it('CG no earlier than the day after the recovery period ends', () => {
    assert.equal(earliestConclusiveGrounds('2026-01-01', 'england'), '2026-02-01');
  });

  it('case review, reconsideration and move-on dates', () => {
    assert.equal(caseReviewDue('2026-01-01', 'england'), '2026-01-31');
    assert.equal(reconsiderationDeadline('2026-02-10', 'england'), '2026-03-12');
    assert.equal(moveOnEnd('2026-02-10', true, 'england'), '2026-03-27');
    assert.equal(moveOnEnd('2026-02-10', false, 'england'), '2026-02-24');
  });
});
