import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { caseReviewDue, earliestConclusiveGrounds, moveOnEnd, reasonableGroundsDue, reconsiderationDeadline, recoveryPeriodEnd } from './deadlines.js';
import { nations } from '../organisations/kinds.js';

describe('casework deadlines', () => {
  it('RG due 5 working days after receipt, by the nation’s bank holidays', () => {
    assert.equal(reasonableGroundsDue('2026-11-27', 'england'), '2026-12-04');
    assert.equal(reasonableGroundsDue('2026-12-23', 'england'), '2027-01-04');
    assert.equal(reasonableGroundsDue('2026-12-23', 'scotland'), '2027-01-05', 'Scotland also has 2 January (substitute 4 January)');
  });

  it('RG due across Christmas and New Year: Scotland also keeps 2 January', () => {
    // Received Tuesday 23 December 2025: 25, 26 December and 1 January are bank holidays everywhere.
    assert.equal(reasonableGroundsDue('2025-12-23', 'england'), '2026-01-02');
    assert.equal(reasonableGroundsDue('2025-12-23', 'wales'), '2026-01-02');
    assert.equal(reasonableGroundsDue('2025-12-23', 'northern_ireland'), '2026-01-02');
    assert.equal(reasonableGroundsDue('2025-12-23', 'scotland'), '2026-01-05', 'Friday 2 January is a Scottish bank holiday');
  });

  it('RG due across Easter: Good Friday everywhere, Easter Monday except in Scotland', () => {
    // Good Friday 3 April 2026, Easter Monday 6 April 2026.
    assert.equal(reasonableGroundsDue('2026-04-01', 'england'), '2026-04-10');
    assert.equal(reasonableGroundsDue('2026-04-01', 'northern_ireland'), '2026-04-10');
    assert.equal(reasonableGroundsDue('2026-04-01', 'scotland'), '2026-04-09');
  });

  it('RG due in Northern Ireland skips St Patrick’s Day and 12 July', () => {
    // St Patrick's Day, Tuesday 17 March 2026.
    assert.equal(reasonableGroundsDue('2026-03-16', 'england'), '2026-03-23');
    assert.equal(reasonableGroundsDue('2026-03-16', 'northern_ireland'), '2026-03-24');
    // Battle of the Boyne, Friday 12 July 2024.
    assert.equal(reasonableGroundsDue('2024-07-11', 'england'), '2024-07-18');
    assert.equal(reasonableGroundsDue('2024-07-11', 'northern_ireland'), '2024-07-19');
    // 12 July 2026 is a Sunday: the substitute day is Monday 13 July.
    assert.equal(reasonableGroundsDue('2026-07-10', 'england'), '2026-07-17');
    assert.equal(reasonableGroundsDue('2026-07-10', 'northern_ireland'), '2026-07-20');
  });

  it('recovery period by the rule in force on the positive RG date', () => {
    assert.equal(recoveryPeriodEnd('2022-12-12', 'england'), '2023-01-26', '45 days');
    assert.equal(recoveryPeriodEnd('2022-12-13', 'england'), '2023-01-12', '30 days');
    for (const nation of nations) {
      assert.equal(recoveryPeriodEnd('2022-12-12', nation), '2023-01-26', `45 days in ${nation}`);
      assert.equal(recoveryPeriodEnd('2022-12-13', nation), '2023-01-12', `30 days in ${nation}`);
    }
    assert.equal(recoveryPeriodEnd('2026-01-01', 'wales', [{ newEnd: '2026-03-01' }, { newEnd: '2026-02-15' }]), '2026-03-01', 'the latest extension counts');
    assert.equal(recoveryPeriodEnd('2026-01-01', 'wales', [{ newEnd: '2026-01-10' }]), '2026-01-31', 'an extension never shortens the minimum');
  });

  it('CG no earlier than the day after the recovery period ends', () => {
    assert.equal(earliestConclusiveGrounds('2026-01-01', 'england'), '2026-02-01');
    assert.equal(earliestConclusiveGrounds('2022-12-12', 'england'), '2023-01-27', 'after 45 days');
    assert.equal(earliestConclusiveGrounds('2022-12-13', 'england'), '2023-01-13', 'after 30 days');
    assert.equal(earliestConclusiveGrounds('2022-12-13', 'scotland', [{ newEnd: '2023-02-01' }]), '2023-02-02', 'after an extension');
  });

  it('case review, reconsideration and move-on dates', () => {
    assert.equal(caseReviewDue('2026-01-01', 'england'), '2026-01-31');
    assert.equal(reconsiderationDeadline('2026-02-10', 'england'), '2026-03-12');
    assert.equal(moveOnEnd('2026-02-10', true, 'england'), '2026-03-27');
    assert.equal(moveOnEnd('2026-02-10', false, 'england'), '2026-02-24');
  });
});
