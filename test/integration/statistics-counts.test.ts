import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestServices, FixedClock, type TestContext } from '../support/test-services.js';
import { principalFor } from '../support/principals.js';
import { actorOf } from '../../src/platform/auth/principal.js';
import type { Principal } from '../../src/platform/auth/principal.js';
import { countBy, timeliness } from '../../src/statistics/publication/breakdowns.js';
import { buildPublication } from '../../src/statistics/publication/publication.js';

const clock = new FixedClock(new Date('2026-01-12T10:00:00Z'));
let s: TestContext;
let fiona: Principal;
let kwame: Principal;
let n = 0;

function person(overrides: Record<string, unknown>) {
  return { givenName: 'P', familyName: `Stat${n}`, dateOfBirth: '1990-01-01', gender: 'female', nationalities: ['AL'], languages: ['sq'], letterRecipient: 'first_responder', asylumClaim: 'yes', detention: 'none', immigrationStatus: 'asylum_seeker', ...overrides };
}
async function refer(body: Record<string, unknown>): Promise<string> {
  n++;
  return (await s.referrals.submit(fiona, body, `stats-${n}`, { actor: actorOf(fiona) })).reference;
}
const adult = (types: string[], extra: Record<string, unknown> = {}) => ({ under18: 'no', consent: true, person: person(extra), situations: [{ types, startMonth: '2025-01', endMonth: '2025-12', ukPlaces: ['london'] }] });
const scope = (from: string, to: string) => ({ from, to, cutOff: clock.now() });

before(async () => {
  s = await createTestServices({ clock });
  fiona = await principalFor(s, 'first.responder@palermo.example');
  kwame = await principalFor(s, 'caseworker@palermo.example');
  await refer(adult(['sexual']));
  await refer(adult(['sexual', 'labour'], { gender: 'male', nationalities: ['VN'] }));
  await refer(adult(['labour'], { gender: 'male' }));
  await refer({ under18: 'no', consent: false, person: { gender: 'male', nationalities: ['RO'] }, situations: [{ types: ['labour'], startMonth: '2025-06', ongoing: true, locationUnknown: true }] });
  clock.set(new Date('2026-04-02T10:00:00Z')); // the next quarter
  const late = await refer(adult(['criminal'], { gender: 'male' }));
  const [v] = await Promise.all([s.database.db.execute(`select version from referrals where reference = '${late}'`)]);
  await s.casework.decisions.propose(kwame, late, 'rg', { outcome: 'positive', reasons: 'x', version: Number((v as unknown as { rows: { version: number }[] }).rows[0]!.version) }, { actor: actorOf(kwame) });
});
after(async () => { await s.drop(); });

describe('statistics counts', () => {
  it('counts NRM referrals by two variables with totals from distinct referrals', async () => {
    const counts = await countBy(s.database.db, 'referral', scope('2026-01-01', '2026-03-31'), 'exploitation_type', 'gender');
    assert.equal(counts.total, 3); // the Duty to Notify report and the next quarter's referral are not counted
    assert.equal(counts.cells.get('sexual')?.get('female'), 1);
    assert.equal(counts.cells.get('sexual')?.get('male'), 1);
    assert.equal(counts.cells.get('labour')?.get('male'), 2);
    assert.equal(counts.columnTotals.get('male'), 2); // the man with two types is one referral
    assert.equal(counts.rowTotals.get('labour'), 2);
  });

  it('counts by quarter across routes, and the first RG decision by outcome', async () => {
    const quarters = await countBy(s.database.db, 'any_route', scope('2026-01-01', '2026-06-30'), 'quarter', 'route');
    assert.equal(quarters.cells.get('2026 Q1')?.get('nrm'), 3);
    assert.equal(quarters.cells.get('2026 Q1')?.get('duty_to_notify'), 1);
    assert.equal(quarters.cells.get('2026 Q2')?.get('nrm'), 1);
    const rg = await countBy(s.database.db, 'rg_decision', scope('2026-04-01', '2026-06-30'), 'outcome', 'age_group');
    assert.equal(rg.cells.get('positive')?.get('adult'), 1);
    const times = await timeliness(s.database.db, scope('2026-04-01', '2026-06-30'));
    const overall = times.find((t) => t.stage === 'rg' && t.ageGroup === 'all');
    assert.equal(overall?.decided, 1);
    assert.equal(overall?.median, 0);
    assert.equal(overall?.onTime, 1);
  });

  it('leaves out what happened after the cut-off', async () => {
    const before = await countBy(s.database.db, 'any_route', { from: '2026-01-01', to: '2026-06-30', cutOff: new Date('2026-02-01T00:00:00Z') }, 'quarter', 'route');
    assert.equal(before.total, 4);
  });

  it('publishes every table with small counts hidden and nothing recoverable', async () => {
    const publication = await buildPublication(s.database.db, scope('2026-01-01', '2026-03-31'));
    const byId = new Map(publication.tables.map((t) => [t.id, t]));
    const table2 = byId.get('2')!;
    assert.equal(table2.grandTotal, '[c]'); // three referrals: even the total is too small to publish
    assert.ok(table2.cells.flat().every((v) => v === 0 || v === '[c]'));
    const anyMention = byId.get('3a')!;
    assert.deepEqual(anyMention.rows, ['Labour exploitation', 'Sexual exploitation']);
    assert.ok(anyMention.cells.flat().every((v) => v === 0 || v === '[c]'));
    assert.match(table2.rule, /\[c\]/);
  });
});
