import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { alertRecipients, durationText, endProblem, lastSeenProblem, repeatDue, ukDateAndTime, ukInstant } from './rules.js';
import { readCloseForm, readReportForm } from './schema.js';

describe('missing-person rules', () => {
  it('repeats an alert once the interval has passed since it was last sent', () => {
    const sent = new Date('2026-03-02T10:00:00Z');
    assert.equal(repeatDue(sent, new Date('2026-03-02T10:09:59Z')), false);
    assert.equal(repeatDue(sent, new Date('2026-03-02T10:10:00Z')), true);
  });

  it('alerts the area’s police, the Competent Authority, a child’s local authority and the providers, each once', () => {
    const concerned = { police: ['met'], competentAuthorityId: 'sca', child: true, localAuthorities: ['hillingdon'], providers: ['salvation-army', 'met'] };
    assert.deepEqual(alertRecipients(concerned), [
      { organisationId: 'met', concern: 'police' }, { organisationId: 'sca', concern: 'competent_authority' },
      { organisationId: 'hillingdon', concern: 'local_authority' }, { organisationId: 'salvation-army', concern: 'support_provider' },
    ]);
    // An adult's local authority is not alerted; no police force for the area, none alerted.
    assert.deepEqual(alertRecipients({ ...concerned, child: false, police: [], providers: [] }), [{ organisationId: 'sca', concern: 'competent_authority' }]);
  });

  it('shows a duration in its two largest units', () => {
    const from = new Date('2026-03-02T10:00:00Z');
    assert.equal(durationText(from, new Date('2026-03-02T10:45:30Z')), '45 minutes');
    assert.equal(durationText(from, new Date('2026-03-02T11:01:00Z')), '1 hour 1 minute');
    assert.equal(durationText(from, new Date('2026-03-04T13:20:00Z')), '2 days 3 hours');
    assert.equal(durationText(from, new Date('2026-03-03T10:00:00Z')), '1 day');
  });

  it('refuses a last sighting in the future and an end before the start or in the future', () => {
    const now = new Date('2026-03-02T10:00:00Z');
    assert.equal(lastSeenProblem(new Date('2026-03-02T09:59:00Z'), now), null);
    assert.match(lastSeenProblem(new Date('2026-03-02T10:01:00Z'), now)!, /in the past/);
    const seen = new Date('2026-03-01T10:00:00Z');
    assert.equal(endProblem(seen, seen, now), null);
    assert.match(endProblem(seen, new Date('2026-03-01T09:59:00Z'), now)!, /after the time they were last seen/);
    assert.match(endProblem(seen, new Date('2026-03-02T10:01:00Z'), now)!, /in the past/);
  });

  it('reads UK times in GMT and in BST, and writes them back', () => {
    assert.equal(ukInstant('2026-01-15', '14:30').toISOString(), '2026-01-15T14:30:00.000Z');
    assert.equal(ukInstant('2026-07-15', '14:30').toISOString(), '2026-07-15T13:30:00.000Z');
    // 25 October 2026: 01:30 happens twice; the first (BST) is taken.
    assert.equal(ukInstant('2026-10-25', '01:30').toISOString(), '2026-10-25T00:30:00.000Z');
    assert.deepEqual(ukDateAndTime(new Date('2026-07-15T13:30:00Z')), { date: '2026-07-15', time: '14:30' });
  });

  it('reads the report form, naming every box to fix in the order of the page', () => {
    const empty = readReportForm({});
    assert.equal(empty.ok, false);
    assert.deepEqual(!empty.ok && empty.problems.map((p) => p.field), ['reference', 'lastSeen-day', 'circumstances']);
    const noTime = readReportForm({ reference: 'nrm-2026-000001', 'lastSeen-day': '2', 'lastSeen-month': '3', 'lastSeen-year': '2026', circumstances: 'x' });
    assert.deepEqual(!noTime.ok && noTime.problems.map((p) => p.field), ['lastSeen-time']);
    const badTime = readReportForm({ reference: 'NRM-2026-000001', 'lastSeen-day': '2', 'lastSeen-month': '3', 'lastSeen-year': '2026', 'lastSeen-time': '25:00', circumstances: 'x' });
    assert.deepEqual(!badTime.ok && badTime.problems.map((p) => p.field), ['lastSeen-time']);
    const good = readReportForm({ reference: 'nrm-2026-000001', 'lastSeen-day': '2', 'lastSeen-month': '7', 'lastSeen-year': '2026', 'lastSeen-time': '8.05', circumstances: ' At the station. ' });
    assert.deepEqual(good.ok && good.value, { reference: 'NRM-2026-000001', lastSeenAt: '2026-07-02T07:05:00.000Z', circumstances: 'At the station.' });
  });

  it('reads the closing form: an outcome from the list, a real time, the version', () => {
    const bad = readCloseForm({ outcome: 'escaped', 'ended-day': '31', 'ended-month': '2', 'ended-year': '2026', 'ended-time': '10:00', version: '1' });
    assert.deepEqual(!bad.ok && bad.problems.map((p) => p.field), ['outcome', 'ended-day']);
    const good = readCloseForm({ outcome: 'returned_home', 'ended-day': '3', 'ended-month': '3', 'ended-year': '2026', 'ended-time': '10:00', version: '2' });
    assert.deepEqual(good.ok && good.value, { outcome: 'returned_home', endedAt: '2026-03-03T10:00:00.000Z', version: 2 });
  });
});
