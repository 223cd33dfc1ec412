import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FixedClock } from '../platform/clock.js';
import { FormTimer } from './form-timer.js';

describe('the public form timer', () => {
  const clock = new FixedClock(new Date('2026-11-27T10:00:00Z'));
  const timer = new FormTimer('a secret long enough for signing', clock, 3_000, 3_600_000);

  it('accepts a form sent after the minimum time and before it expires', () => {
    const token = timer.issue();
    clock.advanceMinutes(1);
    assert.equal(timer.check(token), 'ok');
  });

  it('treats a form sent sooner than a person could as automated', () => {
    assert.equal(timer.check(timer.issue()), 'too_fast');
  });

  it('refuses an expired, forged, altered or missing token', () => {
    const token = timer.issue();
    clock.advanceMinutes(61);
    assert.equal(timer.check(token), 'expired');
    const fresh = timer.issue();
    const [time, signature] = fresh.split('.');
    assert.equal(timer.check(`${Number(time) - 60_000}.${signature}`), 'invalid', 'an earlier time with the same signature');
    assert.equal(timer.check(new FormTimer('another secret entirely', clock).issue()), 'invalid');
    assert.equal(timer.check(undefined), 'invalid');
    assert.equal(timer.check('not a token'), 'invalid');
  });
});
