import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { afterSaving, journey, nextPage, previousPage, resumePage, type JourneyState, type PageId } from './journey.js';
import type { DraftAnswers } from './draft-answers.js';

const police = { mayNotify: true };
const ngo = { mayNotify: false };
const state = (answers: DraftAnswers, done: PageId[] = []): JourneyState => ({ answers, done });

describe('journey: which pages apply', () => {
  it('asks an adult who consents everything, support needs included', () => {
    assert.deepEqual(journey({ under18: 'no', consent: true }, police), [
      'under-18', 'consent', 'name', 'date-of-birth', 'about-the-person', 'safe-contact', 'immigration', 'situations', 'other-agencies', 'support-needs', 'check-answers',
    ]);
  });

  it('never asks a child (or someone who may be one) for consent, and asks for their local authority', () => {
    for (const under18 of ['yes', 'not_sure'] as const) {
      assert.deepEqual(journey({ under18 }, ngo), [
        'under-18', 'child-local-authority', 'name', 'date-of-birth', 'about-the-person', 'safe-contact', 'immigration', 'situations', 'other-agencies', 'check-answers',
      ]);
    }
  });

  it('takes an adult who does not consent to an anonymous Duty to Notify report where the referrer may make one', () => {
    assert.deepEqual(journey({ under18: 'no', consent: false }, police), [
      'under-18', 'consent', 'duty-to-notify', 'about-the-person', 'situations', 'other-agencies', 'check-answers',
    ]);
  });

  it('stops where the referrer cannot refer an adult without consent', () => {
    assert.deepEqual(journey({ under18: 'no', consent: false }, ngo), ['under-18', 'consent', 'cannot-refer']);
  });
});

describe('journey: the next page', () => {
  it('follows the answers just given', () => {
    assert.equal(nextPage('under-18', state({ under18: 'no' }), police), 'consent');
    assert.equal(nextPage('under-18', state({ under18: 'not_sure' }), police), 'child-local-authority');
    assert.equal(nextPage('consent', state({ under18: 'no', consent: true }), police), 'name');
    assert.equal(nextPage('consent', state({ under18: 'no', consent: false }), police), 'duty-to-notify');
    assert.equal(nextPage('duty-to-notify', state({ under18: 'no', consent: false }), police), 'about-the-person');
    assert.equal(nextPage('consent', state({ under18: 'no', consent: false }), ngo), 'cannot-refer');
    assert.equal(nextPage('other-agencies', state({ under18: 'yes' }), police), 'check-answers');
    assert.equal(nextPage('support-needs', state({ under18: 'no', consent: true }), police), 'check-answers');
  });

  it('after a change from check your answers, asks only the questions the change opened', () => {
    const done: PageId[] = ['under-18', 'consent', 'name', 'date-of-birth', 'about-the-person', 'safe-contact', 'immigration', 'situations', 'other-agencies', 'support-needs'];
    assert.equal(nextPage('name', state({ under18: 'no', consent: true }, done), police, { fromCheck: true }), 'check-answers');
    // "No" became "Not sure": the child's local authority is new, everything else was answered.
    const child = state({ under18: 'not_sure' }, done.filter((p) => p !== 'consent' && p !== 'support-needs'));
    assert.equal(nextPage('under-18', child, police, { fromCheck: true }), 'child-local-authority');
    assert.equal(nextPage('child-local-authority', { ...child, done: [...child.done, 'child-local-authority'] }, police, { fromCheck: true }), 'check-answers');
  });

  it('resumes a draft at the first page not answered, and goes back one page at a time', () => {
    assert.equal(resumePage(state({}), police), 'under-18');
    assert.equal(resumePage(state({ under18: 'no' }, ['under-18']), police), 'consent');
    assert.equal(resumePage(state({ under18: 'no', consent: false }, ['under-18', 'consent']), police), 'about-the-person', 'the explanation is not a question');
    assert.equal(resumePage(state({ under18: 'no', consent: false }, ['under-18', 'consent']), ngo), 'cannot-refer');
    assert.equal(previousPage('name', { under18: 'yes' }, police), 'child-local-authority');
    assert.equal(previousPage('under-18', {}, police), undefined);
  });

  it('forgets pages whose answers no longer apply', () => {
    const before = state({ under18: 'no', consent: true, person: { givenName: 'Amina', gender: 'female' } }, ['under-18', 'consent', 'name']);
    const after = afterSaving(before, 'consent', { ...before.answers, consent: false }, police);
    assert.deepEqual(after.done, ['under-18', 'consent']);
    assert.deepEqual(after.answers.person, { gender: 'female' });
  });
});
