import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { defaultPeriod, parseFilters } from './schema.js';

describe('timeliness filters', () => {
  it('defaults to the last 12 months to today', () => {
    assert.deepEqual(defaultPeriod('2026-11-27'), { from: '2025-11-28', to: '2026-11-27' });
    assert.deepEqual(defaultPeriod('2028-02-29'), { from: '2027-03-01', to: '2028-02-29' });
    assert.deepEqual(parseFilters({}, '2026-11-27'), { ok: true, value: { from: '2025-11-28', to: '2026-11-27', nation: null } });
  });

  it('reads GOV.UK date inputs and a nation', () => {
    const parsed = parseFilters({ 'from-day': '1', 'from-month': '4', 'from-year': '2026', 'to-day': '', 'to-month': '', 'to-year': '', nation: 'wales' }, '2026-11-27');
    assert.deepEqual(parsed, { ok: true, value: { from: '2026-04-01', to: '2026-11-27', nation: 'wales' } });
  });

  it('names the box to correct', () => {
    const partial = parseFilters({ 'from-day': '1', 'from-year': '2026' }, '2026-11-27');
    assert.equal(partial.ok, false);
    assert.deepEqual(!partial.ok && partial.errors.summary, [{ text: 'The start of the period must include a month', href: '#from-month' }]);
    const unreal = parseFilters({ 'to-day': '31', 'to-month': '9', 'to-year': '2026' }, '2026-11-27');
    assert.deepEqual(!unreal.ok && unreal.errors.summary, [{ text: 'The end of the period must be a real date', href: '#to-day' }]);
  });
});
