import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkTransition, nextStatuses, progressStatuses } from './progress-status.js';

describe('progress status transitions', () => {
  it('lets an open action move on, be delayed, complete or (with a reason) be withdrawn', () => {
    for (const from of ['new_action', 'on_track', 'ongoing', 'delayed'] as const) {
      for (const to of ['on_track', 'ongoing', 'delayed', 'completed'] as const) assert.deepEqual(checkTransition(from, to), { ok: true }, `${from} → ${to}`);
      assert.deepEqual(checkTransition(from, 'withdrawn', 'No funding was found'), { ok: true });
    }
  });

  it('refuses a return to "new action" once an action has moved on', () => {
    for (const from of ['on_track', 'ongoing', 'delayed', 'completed'] as const) {
      const check = checkTransition(from, 'new_action');
      assert.equal(check.ok, false, from);
      assert.equal(!check.ok && check.field, 'status');
    }
    assert.deepEqual(checkTransition('new_action', 'new_action'), { ok: true }); // a further note on a new action
  });

  it('keeps a withdrawn action withdrawn', () => {
    for (const to of progressStatuses) {
      const check = checkTransition('withdrawn', to, 'reason');
      assert.equal(check.ok, false, to);
      assert.match(!check.ok ? check.message : '', /withdrawn action cannot change/);
    }
    assert.deepEqual(nextStatuses('withdrawn'), []);
  });

  it('lets a completed action only be reopened as ongoing or noted again', () => {
    assert.deepEqual(nextStatuses('completed'), ['ongoing', 'completed']);
    const check = checkTransition('completed', 'delayed');
    assert.equal(check.ok, false);
    assert.match(!check.ok ? check.message : '', /completed action cannot become delayed/);
  });

  it('needs a reason to withdraw', () => {
    for (const reason of [undefined, null, '', '   ']) {
      const check = checkTransition('ongoing', 'withdrawn', reason);
      assert.deepEqual(check, { ok: false, field: 'withdrawalReason', message: 'Enter the reason the action is withdrawn' });
    }
  });

  it('offers every open status but "new action" after an action has started', () => {
    assert.deepEqual(nextStatuses('on_track'), ['on_track', 'ongoing', 'delayed', 'completed', 'withdrawn']);
    assert.deepEqual(nextStatuses('new_action'), ['new_action', 'on_track', 'ongoing', 'delayed', 'completed', 'withdrawn']);
  });
});
