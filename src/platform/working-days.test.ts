import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { addWorkingDays, bankHolidays, isWorkingDay, ukDate, workingDaysBetween } from './working-days.js';

describe('UK working days', () => {
  it('knows each nation has its own bank holidays', () => {
    assert.equal(isWorkingDay('2026-03-17', 'northern_ireland'), false, "St Patrick's Day in Northern Ireland");
    assert.equal(isWorkingDay('2026-03-17', 'england'), true);
    assert.equal(isWorkingDay('2025-12-01', 'scotland'), false, "St Andrew's Day (substitute) in Scotland");
    assert.equal(isWorkingDay('2025-12-01', 'wales'), true);
    assert.equal(isWorkingDay('2026-01-02', 'scotland'), false, '2 January in Scotland');
    assert.equal(isWorkingDay('2026-01-02', 'england'), true);
    assert.equal(isWorkingDay('2025-07-14', 'northern_ireland'), false, 'Battle of the Boyne (substitute, 12 July was a Saturday)');
    assert.equal(isWorkingDay('2026-04-06', 'scotland'), true, 'Easter Monday is not a bank holiday in Scotland');
    assert.equal(isWorkingDay('2026-04-06', 'england'), false);
  });

  it('includes the one-off bank holidays', () => {
    for (const nation of ['england', 'wales', 'scotland', 'northern_ireland'] as const) {
      assert.ok(bankHolidays(nation, 2022).has('2022-06-03'), `Platinum Jubilee in ${nation}`);
      assert.ok(bankHolidays(nation, 2022).has('2022-09-19'), `State funeral in ${nation}`);
      assert.ok(bankHolidays(nation, 2023).has('2023-05-08'), `Coronation in ${nation}`);
    }
  });

  it('covers 2009 to 2030', () => {
    assert.ok(bankHolidays('england', 2009).has('2009-12-28'), 'Boxing Day substitute 2009');
    assert.ok(bankHolidays('england', 2030).has('2030-12-25'));
    assert.equal(bankHolidays('england', 2030).size >= 8, true);
  });

  it('adds working days across weekends and bank holidays', () => {
    assert.equal(addWorkingDays('2026-11-27', 5, 'england'), '2026-12-04', 'Friday + 5 = next Friday');
    // Christmas 2026: Fri 25 and Mon 28 (Boxing Day substitute) are holidays.
    assert.equal(addWorkingDays('2026-12-23', 5, 'england'), '2027-01-04', 'over Christmas and New Year');
    assert.equal(addWorkingDays('2026-12-31', 1, 'scotland'), '2027-01-05', 'Scotland: 1 and 2 January (substitute 4th)');
    assert.equal(addWorkingDays('2026-12-31', 1, 'england'), '2027-01-04');
    assert.equal(addWorkingDays('2026-06-06', 0, 'england'), '2026-06-06');
    assert.throws(() => addWorkingDays('2026-06-06', -1, 'england'));
  });

  it('counts working days between two dates', () => {
    assert.equal(workingDaysBetween('2026-11-27', '2026-12-04', 'england'), 5);
    assert.equal(workingDaysBetween('2026-12-04', '2026-11-27', 'england'), 0);
    assert.equal(workingDaysBetween('2026-03-16', '2026-03-18', 'northern_ireland'), 1);
  });

  it('dates an instant in UK time', () => {
    assert.equal(ukDate(new Date('2026-05-31T23:30:00Z')), '2026-06-01', 'BST');
    assert.equal(ukDate(new Date('2026-12-31T23:30:00Z')), '2026-12-31', 'GMT');
  });
});
