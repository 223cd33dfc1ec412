import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { eq } from 'drizzle-orm';
import { createTestServices, FixedClock, type TestContext } from '../support/test-services.js';
import { principalFor } from '../support/principals.js';
import { actorOf, type Principal } from '../../src/platform/auth/principal.js';
import { organisations } from '../../src/organisations/tables.js';
import { organisationInput } from '../../src/organisations/schema.js';
import { importLegacyFile } from '../../src/repository/import/import-file.js';
import { countBy } from '../../src/statistics/publication/breakdowns.js';
import { buildPublication, type Publication } from '../../src/statistics/publication/publication.js';
import { tableDefinitions } from '../../src/statistics/publication/table-definitions.js';
import { DEFAULT_SUPPRESSION_RULE, SUPPRESSED, verifyRelease, type PublishedTable } from '../../src/statistics/disclosure/index.js';

/**
 * The first published NRM figures (STATISTICS.md, "Historic compatibility"), reproduced: the fixture
 * (scripts/build-2009-fixture.mjs) holds 527 fictitious referrals of 1 April – 31 December 2009 whose
 * agencies and reasonable grounds outcomes add up to the published ones. Imported through the real
 * importer, the publication for that period must give those figures exactly before disclosure control,
 * and, as published, hide the CPS (2) and NHS (1) counts so that neither can be worked out.
 */

const fixture = fileURLToPath(new URL('../fixtures/nrm-2009.jsonl', import.meta.url));
const fixtureOrganisations = JSON.parse(readFileSync(new URL('../fixtures/nrm-2009-organisations.json', import.meta.url), 'utf8')) as unknown[];
const clock = new FixedClock(new Date('2026-01-12T10:00:00Z'));
const period = { from: '2009-04-01', to: '2009-12-31' };
const noSuppression = { ...DEFAULT_SUPPRESSION_RULE, threshold: 1, sparseThreshold: 1 };

// In the order of the 2009 tables (the NGOs alphabetically).
const publishedAgencies = {
  'UK Border Agency (UKBA) and immigration services': 238, Police: 166, 'Local authorities': 57, Kalayaan: 19, 'Migrant Helpline': 8, 'Poppy Project': 27,
  TARA: 9, 'Crown Prosecution Service (CPS)': 2, NHS: 1,
};
const publishedOutcomes = { Positive: 301, Negative: 131, Suspended: 7, Withdrawn: 18, 'No decision recorded': 70 };

let s: TestContext;
let admin: Principal;
let open: Publication;
let published: Publication;

const table = (p: Publication, id: string): PublishedTable => {
  const found = p.tables.find((t) => t.id === id);
  assert.ok(found, `table ${id} is in the publication`);
  return found;
};
/** A one-column table as { row label: its figure }, after checking that each row's cell is its total. */
function figures(t: PublishedTable): Record<string, number | string> {
  assert.deepEqual([...t.columns], ['All']);
  t.rows.forEach((_, r) => assert.equal(t.cells[r]![0], t.rowTotals[r]));
  return Object.fromEntries(t.rows.map((row, r) => [row, t.rowTotals[r]!]));
}

before(async () => {
  s = await createTestServices({ clock });
  admin = await principalFor(s, 'admin@palermo.example');
  // The organisations the file names: the demo data has most; the others are set up as an administrator would.
  for (const raw of fixtureOrganisations) {
    const wanted = organisationInput.parse(raw);
    const [existing] = await s.database.db.select().from(organisations).where(eq(organisations.name, wanted.name));
    if (existing) {
      assert.equal(existing.type, wanted.type, `${wanted.name} is set up as the fixture expects`);
      assert.equal(existing.competentAuthorityCode, wanted.competentAuthorityCode ?? null, wanted.name);
    } else {
      await s.organisations.create(wanted, { actor: actorOf(admin) });
    }
  }
  const imported = await importLegacyFile(s, admin, fixture);
  assert.ok(imported.ok, JSON.stringify(!imported.ok && imported.problems.slice(0, 5)));
  assert.equal(imported.summary.imported, 527);
  const scope = { ...period, cutOff: clock.now() };
  open = await buildPublication(s.database.db, scope, { rule: noSuppression });
  published = await buildPublication(s.database.db, scope);
});
after(async () => { await s.drop(); });

describe('the 2009 statistics, reproduced from an imported fixture', () => {
  it('counts the published referring agencies and RG outcomes exactly, in SQL', async () => {
    const scope = { ...period, cutOff: clock.now() };
    const agencies = await countBy(s.database.db, 'historic_referral', scope, 'historic_agency', 'all');
    assert.deepEqual(Object.fromEntries([...agencies.rowTotals].sort()), {
      '1_ukba': 238, '2_police': 166, '3_local_authority': 57, '4_ngo:Kalayaan': 19, '4_ngo:Migrant Helpline': 8, '4_ngo:Poppy Project': 27, '4_ngo:TARA': 9, '5_cps': 2, '6_nhs': 1,
    });
    assert.equal(agencies.total, 527);
    const outcomes = await countBy(s.database.db, 'historic_referral', scope, 'historic_rg_outcome', 'all');
    assert.deepEqual(Object.fromEntries([...outcomes.rowTotals].sort()), { '1_positive': 301, '2_negative': 131, '3_suspended': 7, '4_withdrawn': 18, '5_no_decision': 70 });
    assert.equal(outcomes.total, 527);
  });

  it('before disclosure control, tables h1 and h2 are the published figures, and agree with the other tables', () => {
    const h1 = table(open, 'h1');
    assert.equal(h1.rowVariable, 'Referring agency (as in the 2009–2011 statistics)');
    assert.deepEqual(figures(h1), publishedAgencies);
    // In the order of the 2009 tables: public bodies, then the NGOs by name, then CPS and NHS.
    assert.deepEqual([...h1.rows], Object.keys(publishedAgencies));
    assert.equal(h1.grandTotal, 527);
    const h2 = table(open, 'h2');
    assert.deepEqual(figures(h2), publishedOutcomes);
    assert.deepEqual([...h2.rows], Object.keys(publishedOutcomes));
    assert.equal(h2.grandTotal, 527);
    // The same referrals as every table of referrals: 527 in table 2, and by organisation type in table 5.
    assert.equal(table(open, '2').grandTotal, 527);
    const t5 = table(open, '5');
    const byType = Object.fromEntries(t5.rows.map((row, r) => [row, t5.rowTotals[r]]));
    assert.deepEqual(byType, { 'Competent Authority': 238, Health: 1, 'Local authority': 57, 'Non-governmental organisation': 63, 'Police force': 166, 'Prosecution service': 2 });
    // Table 12a: the legacy system recorded no reason for its negative decisions.
    const t12a = table(open, '12a');
    const negatives = t12a.columnTotals[t12a.columns.indexOf('Negative')];
    assert.deepEqual([...t12a.rows].sort(), ['Negative, reason not recorded', 'Not applicable: positive decision']);
    assert.equal(t12a.rowTotals[t12a.rows.indexOf('Negative, reason not recorded')], negatives);
    const t8a = table(open, '8a');
    assert.equal(t8a.rowTotals[t8a.rows.indexOf('Negative')], negatives);
  });

  it('as published, the CPS and NHS counts are hidden, and nothing in the release lets either be worked out', () => {
    const h1 = table(published, 'h1');
    const shown = figures(h1);
    assert.equal(shown['Crown Prosecution Service (CPS)'], SUPPRESSED);
    assert.equal(shown.NHS, SUPPRESSED);
    // Whatever is shown is the true count; the total is shown.
    for (const [row, value] of Object.entries(shown)) if (value !== SUPPRESSED) assert.equal(value, publishedAgencies[row as keyof typeof publishedAgencies], row);
    assert.equal(h1.grandTotal, 527);
    // No lone [c]: subtracting the shown rows from the total leaves the sum of at least two hidden ones.
    const hidden = Object.entries(shown).filter(([, v]) => v === SUPPRESSED).map(([row]) => row);
    assert.ok(hidden.length >= 2, `hidden: ${hidden.join(', ')}`);
    assert.ok(h1.rule.includes('[c]'));

    // The intruder's view of the whole release as published: the least and greatest value each hidden
    // figure can take given every published figure and shared total. Neither count is pinned down, nor
    // shown to be a small count of at least 1.
    const direct = published.tables.filter((t) => !tableDefinitions.find((d) => d.id === t.id)?.derivedFrom);
    const verification = verifyRelease({ tables: direct });
    assert.equal(verification.safe, true, JSON.stringify(verification.exposed));
    for (const row of ['Crown Prosecution Service (CPS)', 'NHS']) {
      const r = h1.rows.indexOf(row);
      const bounds = verification.hidden.filter((f) => f.address.table === 'h1' && f.address.row === r);
      assert.equal(bounds.length, 2, `${row}: its cell and its row total are hidden`);
      for (const b of bounds) {
        assert.equal(b.disclosure, undefined, row);
        assert.ok(b.lower < b.upper, `${row} lies between ${b.lower} and ${b.upper}`);
        assert.ok(b.lower === 0 || b.upper >= published.rule.threshold, `${row} is not proven to be a small count (${b.lower}–${b.upper})`);
      }
    }
    // The same counts in table 5 (prosecution service, health) are hidden too.
    const t5 = table(published, '5');
    for (const row of ['Prosecution service', 'Health']) assert.equal(t5.rowTotals[t5.rows.indexOf(row)], SUPPRESSED, row);
  });

  it('as published, the RG outcomes of 2009 are all shown: none is a small count', () => {
    assert.deepEqual(figures(table(published, 'h2')), publishedOutcomes);
  });

  it('gives each referral its outcome as it stood at the cut-off', async () => {
    // At the end of 2009, the decisions, withdrawals and suspensions of 2010 had not happened yet.
    const cutOff = new Date('2010-01-01T00:00:00Z');
    const expected: Record<string, number> = { '1_positive': 0, '2_negative': 0, '3_suspended': 0, '4_withdrawn': 0, '5_no_decision': 0 };
    for (const text of readFileSync(fixture, 'utf8').split('\n').filter(Boolean)) {
      const line = JSON.parse(text) as { decisions?: { stage: string; outcome: string; decidedOn: string }[]; status?: string; statusOn?: string };
      const rg = line.decisions?.find((d) => d.stage === 'rg' && d.decidedOn < '2010-01-01');
      const stopped = line.statusOn && line.statusOn < '2010-01-01' ? line.status : undefined;
      const key = rg ? (rg.outcome === 'positive' ? '1_positive' : '2_negative') : stopped === 'withdrawn' ? '4_withdrawn' : stopped === 'suspended_missing' ? '3_suspended' : '5_no_decision';
      expected[key]! += 1;
    }
    assert.ok(expected['5_no_decision']! > 70, 'some outcomes came in 2010');
    const outcomes = await countBy(s.database.db, 'historic_referral', { ...period, cutOff }, 'historic_rg_outcome', 'all');
    assert.deepEqual(Object.fromEntries([...outcomes.rowTotals].sort()), Object.fromEntries(Object.entries(expected).filter(([, n]) => n > 0)));
    assert.equal(outcomes.total, 527);
  });

  it('publishes the historic tables only for periods that overlap 2009–2011', async () => {
    const later = await buildPublication(s.database.db, { from: '2012-01-01', to: '2012-03-31', cutOff: clock.now() });
    assert.deepEqual(later.tables.filter((t) => t.id.startsWith('h')), []);
    const overlapping = await buildPublication(s.database.db, { from: '2011-10-01', to: '2012-03-31', cutOff: clock.now() });
    assert.deepEqual(overlapping.tables.filter((t) => t.id.startsWith('h')).map((t) => t.id), ['h1', 'h2']);
  });
});
