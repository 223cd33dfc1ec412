import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { supportEnd } from './support-period.js';

describe('support end and move-on by the rule and nation in force', () => {
  it('England and Wales: support lasts until the CG decision', () => {
    for (const nation of ['england', 'wales'] as const) {
      const open = supportEnd({ nation, positiveRgOn: '2026-01-05' });
      assert.equal(open.date, null, nation);
      assert.match(open.rule, /until the conclusive grounds decision/);
    }
  });

  it('England and Wales: at least 45 days of move-on after a positive CG', () => {
    const end = supportEnd({ nation: 'england', positiveRgOn: '2026-01-05', cg: { on: '2026-03-10', positive: true } });
    assert.equal(end.date, '2026-04-24');
    assert.match(end.rule, /at least 45 days/);
    assert.equal(supportEnd({ nation: 'wales', positiveRgOn: '2026-01-05', cg: { on: '2026-03-10', positive: true } }).date, '2026-04-24');
  });

  it('England and Wales: up to 14 days after a negative CG', () => {
    const end = supportEnd({ nation: 'wales', positiveRgOn: '2026-01-05', cg: { on: '2026-03-10', positive: false } });
    assert.equal(end.date, '2026-03-24');
    assert.match(end.rule, /up to 14 days/);
  });

  it('Scotland from 1 April 2018: 90 days from the positive RG', () => {
    const end = supportEnd({ nation: 'scotland', positiveRgOn: '2026-01-05' });
    assert.equal(end.date, '2026-04-05');
    assert.match(end.rule, /Scotland/);
  });

  it('Scotland: until the CG decision when it comes sooner than 90 days', () => {
    assert.equal(supportEnd({ nation: 'scotland', positiveRgOn: '2026-01-05', cg: { on: '2026-02-20', positive: true } }).date, '2026-02-20');
    assert.equal(supportEnd({ nation: 'scotland', positiveRgOn: '2026-01-05', cg: { on: '2026-05-01', positive: true } }).date, '2026-04-05', 'a later CG does not extend the 90 days');
  });

  it('Scotland before 1 April 2018: the UK move-on rules', () => {
    assert.equal(supportEnd({ nation: 'scotland', positiveRgOn: '2018-03-31' }).date, null);
    assert.equal(supportEnd({ nation: 'scotland', positiveRgOn: '2018-03-31', cg: { on: '2018-06-01', positive: false } }).date, '2018-06-15');
    assert.equal(supportEnd({ nation: 'scotland', positiveRgOn: '2018-04-01' }).date, '2018-06-30');
  });

  it('Northern Ireland: 45 days from the RG decision', () => {
    const end = supportEnd({ nation: 'northern_ireland', positiveRgOn: '2026-01-05' });
    assert.equal(end.date, '2026-02-19');
    assert.match(end.rule, /Northern Ireland/);
  });
});
