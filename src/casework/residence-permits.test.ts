import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { daysBetween, reminderDue } from './residence-permits.js';

describe('residence permit reminders', () => {
  it('sends nothing more than 60 days before expiry', () => {
    assert.equal(reminderDue(61, []), null);
    assert.equal(reminderDue(365, []), null);
  });

  it('sends the 60-day reminder from 60 days before (the boundary) until 31 days, once', () => {
    assert.deepEqual(reminderDue(60, []), { send: 60, mark: [60] });
    assert.deepEqual(reminderDue(31, []), { send: 60, mark: [60] });
    assert.equal(reminderDue(60, [60]), null);
    assert.equal(reminderDue(31, [60]), null);
  });

  it('sends the 30-day reminder from 30 days before (the boundary) to the day of expiry, once', () => {
    assert.deepEqual(reminderDue(30, [60]), { send: 30, mark: [30] });
    assert.deepEqual(reminderDue(0, [60]), { send: 30, mark: [30] });
    assert.equal(reminderDue(30, [60, 30]), null);
    assert.equal(reminderDue(1, [60, 30]), null);
  });

  it('a permit first seen within 30 days gets only the 30-day reminder, and the 60-day one is marked so it never follows', () => {
    assert.deepEqual(reminderDue(25, []), { send: 30, mark: [60, 30] });
    assert.equal(reminderDue(25, [60, 30]), null);
  });

  it('sends nothing for an expired permit', () => {
    assert.equal(reminderDue(-1, []), null);
    assert.equal(reminderDue(-1, [60]), null);
  });

  it('counts calendar days between UK dates, across a clock change', () => {
    assert.equal(daysBetween('2026-03-01', '2026-04-30'), 60);
    assert.equal(daysBetween('2026-10-20', '2026-10-30'), 10);
    assert.equal(daysBetween('2026-05-01', '2026-04-30'), -1);
  });
});
