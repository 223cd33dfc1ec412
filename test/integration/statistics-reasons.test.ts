import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { createTestServices, FixedClock, type TestContext } from '../support/test-services.js';
import { principalFor } from '../support/principals.js';
import { actorOf, type Principal } from '../../src/platform/auth/principal.js';
import { referrals } from '../../src/referrals/tables.js';
import { countBy } from '../../src/statistics/publication/breakdowns.js';
import { buildPublication } from '../../src/statistics/publication/publication.js';
import { tableDefinitions } from '../../src/statistics/publication/table-definitions.js';
import { DEFAULT_SUPPRESSION_RULE, SUPPRESSED, verifyRelease, type PublishedTable } from '../../src/statistics/disclosure/index.js';
import { importLegacyFile } from '../../src/repository/import/import-file.js';
import type { NegativeReasonCategory } from '../../src/casework/reason-categories.js';

/**
 * Table 12: the reasonable and conclusive grounds decisions of tables 8a and 9a by the main reason of
 * the negative ones, counted in the database, with the same totals as tables 8a and 9a and disclosure
 * control across all of them.
 */

// Monday 12 January 2026.
const clock = new FixedClock(new Date('2026-01-12T10:00:00Z'));
const period = { from: '2026-01-01', to: '2026-03-31' };
const noSuppression = { ...DEFAULT_SUPPRESSION_RULE, threshold: 1, sparseThreshold: 1 };
let s: TestContext;
let fiona: Principal;
let kwame: Principal;
let grace: Principal;
let n = 0;

const ctx = (p: Principal) => ({ actor: actorOf(p) });
async function version(reference: string): Promise<number> {
  const [row] = await s.database.db.select({ v: referrals.version }).from(referrals).where(eq(referrals.reference, reference));
  return row!.v;
}
async function refer(): Promise<string> {
  n++;
  const body = {
    under18: 'no', consent: true,
    person: { givenName: 'Example', familyName: `Reasons${n}`, dateOfBirth: '1990-01-01', gender: n % 2 ? 'female' : 'male', nationalities: ['AL'], letterRecipient: 'first_responder', asylumClaim: 'yes', detention: 'none', immigrationStatus: 'asylum_seeker' },
    situations: [{ types: ['labour'], startMonth: '2025-01', endMonth: '2025-12', ukPlaces: ['london'] }],
  };
  return (await s.referrals.submit(fiona, body, `reasons-${n}`, ctx(fiona))).reference;
}
async function positiveRg(reference: string): Promise<void> {
  await s.casework.decisions.propose(kwame, reference, 'rg', { outcome: 'positive', reasons: 'Indicators of control.', version: await version(reference) }, ctx(kwame));
}
async function negative(reference: string, stage: 'rg' | 'cg', reasonCategory: NegativeReasonCategory): Promise<void> {
  const proposed = await s.casework.decisions.propose(kwame, reference, stage, {
    outcome: stage === 'rg' ? 'negative' : 'not_recognised', reasons: 'Not met.', reasonCategory, version: await version(reference),
  }, ctx(kwame));
  await s.casework.decisions.review(grace, reference, proposed.id, { agree: true, version: await version(reference) }, ctx(grace));
}
const table = (tables: readonly PublishedTable[], id: string) => {
  const found = tables.find((t) => t.id === id);
  assert.ok(found, `table ${id} is published`);
  return found;
};
const cell = (t: PublishedTable, row: string, column: string) => t.cells[t.rows.indexOf(row)]![t.columns.indexOf(column)];
const rowTotal = (t: PublishedTable, row: string) => t.rowTotals[t.rows.indexOf(row)];
const columnTotal = (t: PublishedTable, column: string) => t.columnTotals[t.columns.indexOf(column)];

before(async () => {
  s = await createTestServices({ clock });
  fiona = await principalFor(s, 'first.responder@palermo.example');
  kwame = await principalFor(s, 'caseworker@palermo.example');
  grace = await principalFor(s, 'second.caseworker@palermo.example');
  // RG decisions in January: 6 positive; negative for 5 "no exploitation", 2 "not credible", 1 "no act".
  for (let i = 0; i < 6; i++) await positiveRg(await refer());
  for (let i = 0; i < 5; i++) await negative(await refer(), 'rg', 'no_exploitation');
  for (let i = 0; i < 2; i++) await negative(await refer(), 'rg', 'not_credible');
  await negative(await refer(), 'rg', 'no_act');
  // An imported decision the legacy system recorded without a reason: "not recorded".
  const dir = mkdtempSync(path.join(tmpdir(), 'palermo-reasons-stats-'));
  try {
    const file = path.join(dir, 'legacy.jsonl');
    writeFileSync(file, `${JSON.stringify({
      externalId: 'REASONS-1', receivedAt: '2026-01-05T10:00:00Z', organisation: 'Metropolitan Police Service',
      referral: {
        under18: 'no', consent: true,
        person: { givenName: 'Example', familyName: 'Imported', dateOfBirth: '1980-01-01', gender: 'female', nationalities: ['NG'], letterRecipient: 'first_responder', asylumClaim: 'no', detention: 'none', immigrationStatus: 'no_leave' },
        situations: [{ types: ['sexual'], startMonth: '2025-01', endMonth: '2025-12', locationUnknown: true }],
      },
      decisions: [{ stage: 'rg', outcome: 'negative', decidedOn: '2026-01-09', reasons: 'No indicators.' }],
    })}\n`);
    const imported = await importLegacyFile(s, await principalFor(s, 'admin@palermo.example'), file);
    assert.ok(imported.ok, JSON.stringify(imported));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  // CG decisions in March, after the 30-day recovery periods of the first three positives.
  const positives = (await s.database.db.select({ reference: referrals.reference }).from(referrals).where(eq(referrals.status, 'rg_positive'))).map((r) => r.reference).sort();
  clock.set(new Date('2026-03-02T10:00:00Z'));
  for (const reference of positives.slice(0, 3)) await negative(reference, 'cg', 'other_situation');
  // A negative RG in April, outside the period.
  clock.set(new Date('2026-04-07T10:00:00Z'));
  await negative(await refer(), 'rg', 'insufficient_information');
});
after(async () => { await s.drop(); });

describe('table 12: reasons for negative decisions', () => {
  it('counts the decisions of the period by main reason and outcome, in SQL', async () => {
    const rg = await countBy(s.database.db, 'rg_decision', { ...period, cutOff: clock.now() }, 'reason_category', 'outcome');
    assert.deepEqual(Object.fromEntries(rg.rowTotals), { not_applicable: 6, no_exploitation: 5, not_credible: 2, no_act: 1, not_recorded: 1 });
    assert.equal(rg.cells.get('no_exploitation')?.get('negative'), 5);
    assert.equal(rg.cells.get('not_applicable')?.get('positive'), 6);
    assert.equal(rg.cells.get('not_applicable')?.get('negative'), undefined, 'a positive decision has no reason');
    assert.deepEqual(Object.fromEntries(rg.columnTotals), { positive: 6, negative: 9 });
    assert.equal(rg.total, 15);
    const cg = await countBy(s.database.db, 'cg_decision', { ...period, cutOff: clock.now() }, 'reason_category', 'outcome');
    assert.deepEqual(Object.fromEntries(cg.rowTotals), { other_situation: 3 });
    assert.deepEqual(Object.fromEntries(cg.columnTotals), { not_recognised: 3 });
  });

  it('publishes tables 12a and 12b with the totals of tables 8a and 9a', async () => {
    const { tables } = await buildPublication(s.database.db, { ...period, cutOff: clock.now() }, { rule: noSuppression });
    const t12a = table(tables, '12a');
    assert.equal(t12a.rowVariable, 'Main reason for a negative decision');
    assert.deepEqual([...t12a.columns], ['Negative', 'Positive']);
    assert.deepEqual(t12a.rows.map((r) => [r, rowTotal(t12a, r)]).sort(), [
      ['Account not credible', 2], ['Negative, reason not recorded', 1], ['No act of trafficking', 1],
      ['No exploitation or purpose of exploitation', 5], ['Not applicable: positive decision', 6],
    ]);
    assert.equal(cell(t12a, 'No exploitation or purpose of exploitation', 'Negative'), 5);
    const t8a = table(tables, '8a');
    assert.equal(t12a.grandTotal, t8a.grandTotal);
    assert.equal(columnTotal(t12a, 'Negative'), rowTotal(t8a, 'Negative'));
    assert.equal(columnTotal(t12a, 'Positive'), rowTotal(t8a, 'Positive'));
    const t12b = table(tables, '12b');
    assert.deepEqual([...t12b.rows], ['Another situation, not trafficking or modern slavery']);
    assert.deepEqual([...t12b.columns], ['Not recognised as a victim']);
    assert.equal(t12b.grandTotal, 3);
    assert.equal(t12b.grandTotal, table(tables, '9a').grandTotal);
  });

  it('hides the small counts and what would give them away, consistently with tables 8a and 9a', async () => {
    const { tables } = await buildPublication(s.database.db, { ...period, cutOff: clock.now() });
    const t12a = table(tables, '12a');
    for (const row of ['Account not credible', 'No act of trafficking', 'Negative, reason not recorded']) {
      assert.equal(cell(t12a, row, 'Negative'), SUPPRESSED, row);
      assert.equal(rowTotal(t12a, row), SUPPRESSED, row);
    }
    // Counts of 5 and more are shown unless hidden to protect another.
    assert.equal(cell(t12a, 'Not applicable: positive decision', 'Positive'), 6);
    // The same figure is published the same way in every table that has it.
    const t8a = table(tables, '8a');
    assert.equal(columnTotal(t12a, 'Negative'), rowTotal(t8a, 'Negative'));
    assert.equal(t12a.grandTotal, t8a.grandTotal);
    const t12b = table(tables, '12b');
    assert.equal(t12b.grandTotal, SUPPRESSED); // three CG decisions
    assert.equal(table(tables, '9a').grandTotal, SUPPRESSED);
    assert.match(t12a.rule, /\[c\]/);
    // Nothing hidden can be worked out from the release as published (the tables counted, not those of
    // "any mention" worked out from them, whose rows do not add up).
    assert.equal(verifyRelease({ tables: tables.filter((t) => !tableDefinitions.find((d) => d.id === t.id)?.derivedFrom) }).safe, true);
  });
});
