import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseForm } from '../../platform/http/forms.js';
import { filtersQuery, recordFiltersSchema } from './schema.js';

const parse = (query: Record<string, unknown>) => parseForm(recordFiltersSchema, query);

describe('pseudonymised records: filters', () => {
  it('reads months from month and year boxes, and leaves blank filters out', () => {
    const result = parse({ 'from-month': '3', 'from-year': '2026', 'to-month': '12', 'to-year': '2026', nation: '', ageGroup: 'child', page: '2' });
    assert.ok(result.ok);
    assert.deepEqual(result.value, { from: '2026-03', to: '2026-12', nation: undefined, ageGroup: 'child', exploitationType: undefined, outcome: undefined, page: 2 });
  });

  it('puts each problem against the box to correct', () => {
    const bad = (query: Record<string, unknown>) => {
      const result = parse(query);
      assert.ok(!result.ok);
      return result.errors.summary;
    };
    assert.deepEqual(bad({ 'from-month': '13', 'from-year': '2026' }), [{ text: 'The start of the period must be a real month', href: '#from-month' }]);
    assert.deepEqual(bad({ 'to-year': '2026' }), [{ text: 'The end of the period must include a month', href: '#to-month' }]);
    assert.deepEqual(bad({ 'from-month': '1', 'from-year': '26' }), [{ text: 'Year must include 4 numbers', href: '#from-year' }]);
    assert.deepEqual(bad({ 'from-month': '5', 'from-year': '2026', 'to-month': '4', 'to-year': '2026' }), [
      { text: 'The start of the period must be the same month as its end or before it', href: '#from-month' },
    ]);
    assert.deepEqual(bad({ exploitationType: 'piracy' }), [{ text: 'Select a type of exploitation from the list', href: '#exploitationType' }]);
  });

  it('takes a nonsensical page number as the first page', () => {
    for (const page of ['0', '-3', 'two', ['2', '3']]) {
      const result = parse({ page });
      assert.ok(result.ok);
      assert.equal(result.value.page, Array.isArray(page) ? 2 : 1, String(page));
    }
  });

  it('writes the filters back as the query string they came from', () => {
    const query = { 'from-month': '3', 'from-year': '2026', 'to-month': '4', 'to-year': '2026', nation: 'wales', exploitationType: 'criminal', outcome: 'no_cg' };
    const result = parse(query);
    assert.ok(result.ok);
    assert.equal(filtersQuery(result.value, 3), new URLSearchParams({ ...query, page: '3' }).toString());
    const again = parse(Object.fromEntries(new URLSearchParams(filtersQuery(result.value))));
    assert.ok(again.ok);
    assert.deepEqual(again.value, result.value);
  });
});
