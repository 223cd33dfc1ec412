import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { jsonValueLines, lineOf } from './json-lines.js';
import { parsePlanFile } from './plan-import.js';

describe('plan file problems by line', () => {
  it('finds the line of each value', () => {
    const lines = jsonValueLines('{\n  "a": 1,\n  "b": [\n    {"c": "x\\"y"},\n    {"c": null}\n  ]\n}');
    assert.equal(lineOf(lines, ['a']), 2);
    assert.equal(lineOf(lines, ['b', 1, 'c']), 5);
    assert.equal(lineOf(lines, ['b', 0, 'missing']), 4);
  });

  it('reports a bad field with its line, and bad JSON with where it stopped', () => {
    const file = JSON.stringify({
      slug: 'test-plan', title: 'A plan', publishedOn: '2010-02-30',
      chapters: [{ code: 'prevention', title: 'Prevention', objectives: [{ number: 1, title: 'Know more' }] }],
      actions: [{ number: 1, chapter: 'prevention', objective: 2, text: 'Do it', indicators: ['Done'], timetable: 'May 2010', dueOn: null, responsible: 'HO', parties: [{ name: 'HO' }], progress: { status: 'on_track', note: 'On track' } }],
    }, null, 2);
    const bad = parsePlanFile(file);
    assert.equal(bad.ok, false);
    assert.deepEqual(!bad.ok && bad.problems.map((p) => [p.line, p.field]), [[4, 'publishedOn']]);
    const crossed = parsePlanFile(file.replace('2010-02-30', '2010-02-28'));
    assert.deepEqual(!crossed.ok && crossed.problems.map((p) => `${p.line} ${p.field}: ${p.message}`), ['21 actions.0.objective: The prevention chapter has no objective 2']);
    const broken = parsePlanFile('{\n  "slug": "x",\n  oops\n}');
    assert.equal(!broken.ok && broken.problems[0]!.line, 3);
  });
});
