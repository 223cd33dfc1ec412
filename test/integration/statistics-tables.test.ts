import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import { createTestServices, FixedClock, type TestContext } from '../support/test-services.js';
import { principalFor } from '../support/principals.js';
import { actorOf, type Principal } from '../../src/platform/auth/principal.js';
import { systemActor } from '../../src/platform/audit/audit-log.js';
import { referrals } from '../../src/referrals/tables.js';
import { reconsiderations } from '../../src/casework/tables.js';
import { buildPublication, type Publication } from '../../src/statistics/publication/publication.js';
import { tableDefinitions, type TableDefinition } from '../../src/statistics/publication/table-definitions.js';
import { revisionsBetween } from '../../src/statistics/revisions.js';
import { SUPPRESSED, type PublishedCount, type SuppressionRule } from '../../src/statistics/disclosure/index.js';

/**
 * Every table of the quarterly publication, counted from a small fixture made through the real
 * services and worked out by hand. The period is 1 October 2025 to 31 March 2026 (2025 Q4 and
 * 2026 Q1), the whole UK, data as at 15 April 2026.
 *
 * NRM referrals in the period (adults born 1990, children born 2010; exploited from June 2025; SCA
 * unless said; England unless said):
 *   A   1 Oct 2025 00:30 BST (30 Sep 23:30 UTC) Met police · adult F AL · sexual · UK · force E23000001
 *       RG+ 8 Oct (due 8 Oct) = 7 days, on time; no CG: awaits CG, 181 days old on 31 Mar (3 to 6 months)
 *   N1–N10 received Monday 5 Jan 2026 (RG due Monday 12 Jan):
 *   N1  Met · adult F AL · sexual · UK · E23000001           RG+ 7 Jan = 2 on time; CG trafficking 20 Feb = 46
 *   N2  Met · adult F AL · labour+sexual · UK and overseas · E23000001
 *                                                            RG+ 12 Jan = 7 on time; CG slavery… 2 Mar = 56
 *   N3  Met · adult M VN · labour · UK · no force            RG− 13 Jan (reviewed that day) = 8, late
 *   N4  Met · child M VN · criminal, county lines · UK · E23000001
 *                                                            RG+ 6 Jan = 1 on time; CG not recognised 20 Feb = 46
 *   N5  Kalayaan (NGO) · adult F NG · domestic servitude · overseas · no force
 *                                                            RG+ 9 Jan = 4 on time; awaits CG (under 3 months)
 *   N6  Kalayaan · adult F AL · sexual · location not known · no force
 *                                                            a negative RG awaits its review: never counted
 *   N7  Police Scotland · adult M VN · labour · UK (Glasgow) · S23000009 · Scotland; no decision
 *   N8  Met · child F VN · criminal+sexual · UK · E23000001  RG+ 14 Jan = 9, late; awaits CG (under 3 months)
 *   N9  Met · adult M RO without leave (Immigration Enforcement CA) · labour · UK · E23000001; no decision
 *   N10 Met · adult M AL · labour · UK · E23000001           RG− 8 Jan = 3 on time (the first issued RG);
 *       reconsidered, RG+ 20 Jan (not counted again); awaits CG (under 3 months)
 * Duty to Notify reports in the period:
 *   D1  3 Nov 2025 Met · M RO · labour · E23000001;  D2 10 Feb Met · F AL · sexual · no force;
 *   D3  10 Feb Hillingdon (local authority) · M VN · criminal+labour · E23000001;
 *   D4  10 Mar Met · M RO · labour · E23000001 (after the earlier cut-off of 5 Mar: the revisions)
 * Outside the period: B 30 Sep 2025 23:30 BST and C 1 Apr 2026 00:30 BST (31 Mar 23:30 UTC).
 */
const clock = new FixedClock(new Date('2025-09-30T22:30:00Z'));
const period = { from: '2025-10-01', to: '2026-03-31' };
const finalCutOff = new Date('2026-04-15T10:00:00Z');
const earlierCutOff = new Date('2026-03-05T00:00:00Z'); // after N2's CG decision, before D4

/** Disclosure control switched off: thresholds of 1 hide nothing, so every count is published as counted. */
const noDisclosureControl: SuppressionRule = { mode: 'suppression', threshold: 1, sparseThreshold: 1, minimumDenominator: 1, minimumCountForMedian: 1 };

/**
 * Tables with fixtures of their own: table 12 (reasons for negative decisions, statistics-reasons.test.ts)
 * and the historic tables of 2009–2011 (statistics-2009.test.ts, which reproduces the published figures).
 */
// Table 15 (missing episodes) is worked out in missing.test.ts.
const ownFixture = (d: TableDefinition) => d.number === 12 || d.id.startsWith('h') || d.basis === 'missing_episode';

let s: TestContext;
const people: Record<'fiona' | 'nadia' | 'ross' | 'lena' | 'kwame' | 'grace' | 'priya', Principal> = {} as never;
const ctx = (p: Principal) => ({ actor: actorOf(p) });
const at = (iso: string) => clock.set(new Date(iso));
let n = 0;

type Where = 'uk' | 'glasgow' | 'overseas' | 'both' | 'unknown';
interface Unit { gender: 'female' | 'male'; nationality: string; types: string[]; where: Where; force?: string; countyLines?: boolean }

function situation(u: Unit) {
  const places = {
    uk: { ukPlaces: ['london'] }, glasgow: { ukPlaces: ['glasgow'] }, overseas: { overseasCountries: ['NG'] },
    both: { ukPlaces: ['london'], overseasCountries: ['AL'] }, unknown: { locationUnknown: true },
  }[u.where];
  return { types: u.types, countyLines: u.countyLines ?? false, startMonth: '2025-06', endMonth: '2025-08', ...places };
}

function nrm(u: Unit & { child?: boolean; noLeave?: boolean }) {
  return {
    under18: u.child ? 'yes' : 'no', ...(u.child ? {} : { consent: true }),
    person: {
      givenName: 'Person', familyName: `Tables${n}`, dateOfBirth: u.child ? '2010-05-05' : '1990-01-01', gender: u.gender, nationalities: [u.nationality],
      languages: ['en'], letterRecipient: 'first_responder', detention: 'none',
      ...(u.noLeave ? { asylumClaim: 'no', immigrationStatus: 'no_leave' } : { asylumClaim: 'yes', immigrationStatus: 'asylum_seeker' }),
    },
    ...(u.child ? { childLocalAuthority: { code: 'E09000017', contactName: 'Duty team', contactEmail: 'mash@hillingdon.example' } } : {}),
    situations: [situation(u)],
    ...(u.force ? { policeForceCode: u.force } : {}),
  };
}

/** A Duty to Notify report: an adult who does not consent, anonymous. */
function dutyToNotify(u: Unit) {
  return { under18: 'no', consent: false, person: { gender: u.gender, nationalities: [u.nationality] }, situations: [situation(u)], ...(u.force ? { policeForceCode: u.force } : {}) };
}

async function refer(by: Principal, body: object): Promise<string> {
  n++;
  return (await s.referrals.submit(by, body, `tables-${n}`, ctx(by))).reference;
}
async function version(reference: string): Promise<number> {
  const [row] = await s.database.db.select({ v: referrals.version }).from(referrals).where(eq(referrals.reference, reference));
  return row!.v;
}
async function positiveRg(reference: string) {
  await s.casework.decisions.propose(people.kwame, reference, 'rg', { outcome: 'positive', reasons: 'Indicators of control.', version: await version(reference) }, ctx(people.kwame));
}
/** A negative decision is issued when a second caseworker agrees with it. */
async function negative(reference: string, stage: 'rg' | 'cg', review = true) {
  const outcome = stage === 'rg' ? 'negative' : 'not_recognised';
  const proposed = await s.casework.decisions.propose(people.kwame, reference, stage, {
    outcome, reasons: 'No indicators.', reasonCategory: 'insufficient_information', version: await version(reference),
  }, ctx(people.kwame));
  if (review) await s.casework.decisions.review(people.grace, reference, proposed.id, { agree: true, version: await version(reference) }, ctx(people.grace));
}
async function positiveCg(reference: string, outcome: 'trafficking' | 'slavery_servitude_forced_labour') {
  await s.casework.decisions.propose(people.kwame, reference, 'cg', {
    outcome, reasons: 'On the balance of probabilities.', version: await version(reference), residencePermit: { recommended: false, bases: [] },
  }, ctx(people.kwame));
}

let open: Publication; // no disclosure control, data as at 15 April
let openEarlier: Publication; // no disclosure control, data as at 5 March
let published: Publication; // the default disclosure control, as previews, releases and downloads use

before(async () => {
  s = await createTestServices({ clock });
  for (const [email, name, organisationName] of [
    ['ngo.responder@palermo.example', 'Nadia Novak', 'Kalayaan'],
    ['scotland.responder@palermo.example', 'Ross Bell', 'Police Scotland'],
    ['la.responder@palermo.example', 'Lena Ortiz', 'London Borough of Hillingdon'],
  ] as const) {
    await s.users.createInOrganisationNamed({ email, name, organisationName, role: 'first_responder', password: 'a long enough password' }, { actor: systemActor });
  }
  people.fiona = await principalFor(s, 'first.responder@palermo.example');
  people.nadia = await principalFor(s, 'ngo.responder@palermo.example');
  people.ross = await principalFor(s, 'scotland.responder@palermo.example');
  people.lena = await principalFor(s, 'la.responder@palermo.example');
  people.kwame = await principalFor(s, 'caseworker@palermo.example');
  people.grace = await principalFor(s, 'second.caseworker@palermo.example');
  people.priya = await principalFor(s, 'ca.manager@palermo.example');
  const { fiona, nadia, ross, lena } = people;

  at('2025-09-30T22:30:00Z'); // 23:30 BST on 30 September: before the period
  await refer(fiona, nrm({ gender: 'male', nationality: 'VN', types: ['labour'], where: 'uk' })); // B
  at('2025-09-30T23:30:00Z'); // 00:30 BST on 1 October: in it
  const a = await refer(fiona, nrm({ gender: 'female', nationality: 'AL', types: ['sexual'], where: 'uk', force: 'E23000001' }));
  at('2025-10-08T10:00:00Z');
  await positiveRg(a);
  at('2025-11-03T10:00:00Z');
  await refer(fiona, dutyToNotify({ gender: 'male', nationality: 'RO', types: ['labour'], where: 'unknown', force: 'E23000001' })); // D1

  at('2026-01-05T10:00:00Z');
  const n1 = await refer(fiona, nrm({ gender: 'female', nationality: 'AL', types: ['sexual'], where: 'uk', force: 'E23000001' }));
  const n2 = await refer(fiona, nrm({ gender: 'female', nationality: 'AL', types: ['sexual', 'labour'], where: 'both', force: 'E23000001' }));
  const n3 = await refer(fiona, nrm({ gender: 'male', nationality: 'VN', types: ['labour'], where: 'uk' }));
  const n4 = await refer(fiona, nrm({ child: true, gender: 'male', nationality: 'VN', types: ['criminal'], countyLines: true, where: 'uk', force: 'E23000001' }));
  const n5 = await refer(nadia, nrm({ gender: 'female', nationality: 'NG', types: ['domestic_servitude'], where: 'overseas' }));
  const n6 = await refer(nadia, nrm({ gender: 'female', nationality: 'AL', types: ['sexual'], where: 'unknown' }));
  await refer(ross, nrm({ gender: 'male', nationality: 'VN', types: ['labour'], where: 'glasgow', force: 'S23000009' })); // N7
  const n8 = await refer(fiona, nrm({ child: true, gender: 'female', nationality: 'VN', types: ['sexual', 'criminal'], where: 'uk', force: 'E23000001' }));
  await refer(fiona, nrm({ gender: 'male', nationality: 'RO', types: ['labour'], where: 'uk', force: 'E23000001', noLeave: true })); // N9
  const n10 = await refer(fiona, nrm({ gender: 'male', nationality: 'AL', types: ['labour'], where: 'uk', force: 'E23000001' }));

  at('2026-01-06T10:00:00Z'); await positiveRg(n4);
  at('2026-01-07T10:00:00Z'); await positiveRg(n1);
  at('2026-01-08T10:00:00Z'); await negative(n10, 'rg');
  at('2026-01-09T10:00:00Z'); await positiveRg(n5); await negative(n6, 'rg', false);
  at('2026-01-12T10:00:00Z'); await positiveRg(n2);
  at('2026-01-13T10:00:00Z'); await negative(n3, 'rg');
  at('2026-01-14T10:00:00Z'); await positiveRg(n8);
  at('2026-01-15T10:00:00Z');
  await s.casework.reconsideration.ask(fiona, n10, { grounds: 'new_evidence', detail: 'A medical report.' }, ctx(fiona));
  at('2026-01-16T10:00:00Z');
  const [asked] = await s.database.db.select({ id: reconsiderations.id }).from(reconsiderations)
    .innerJoin(referrals, eq(referrals.id, reconsiderations.referralId)).where(and(eq(referrals.reference, n10), eq(reconsiderations.status, 'requested')));
  await s.casework.reconsideration.decide(people.priya, n10, asked!.id, { accept: true, reasons: 'New evidence.', version: await version(n10) }, ctx(people.priya));
  at('2026-01-20T10:00:00Z'); await positiveRg(n10);

  at('2026-02-10T10:00:00Z');
  await refer(fiona, dutyToNotify({ gender: 'female', nationality: 'AL', types: ['sexual'], where: 'uk' })); // D2
  at('2026-02-10T11:00:00Z');
  await refer(lena, dutyToNotify({ gender: 'male', nationality: 'VN', types: ['labour', 'criminal'], where: 'uk', force: 'E23000001' })); // D3
  at('2026-02-20T10:00:00Z'); await positiveCg(n1, 'trafficking'); await negative(n4, 'cg');
  at('2026-03-02T10:00:00Z'); await positiveCg(n2, 'slavery_servitude_forced_labour');
  at('2026-03-10T10:00:00Z');
  await refer(fiona, dutyToNotify({ gender: 'male', nationality: 'RO', types: ['labour'], where: 'unknown', force: 'E23000001' })); // D4
  at('2026-03-31T23:30:00Z'); // 00:30 BST on 1 April: after the period
  await refer(fiona, nrm({ gender: 'female', nationality: 'AL', types: ['sexual'], where: 'uk', force: 'E23000001' })); // C
  at(finalCutOff.toISOString());

  open = await buildPublication(s.database.db, { ...period, cutOff: finalCutOff }, { rule: noDisclosureControl });
  openEarlier = await buildPublication(s.database.db, { ...period, cutOff: earlierCutOff }, { rule: noDisclosureControl });
  published = await buildPublication(s.database.db, { ...period, cutOff: finalCutOff });
});
after(async () => { await s?.drop(); });

interface Expected {
  rows: string[];
  columns: string[];
  cells: number[][];
  rowTotals: number[];
  columnTotals: number[];
  grandTotal: number;
}

const adult = 'Adult (18 or over)';
const child = 'Child (17 or under)';
const byAge = [adult, child];
const slavery = 'Recognised as a victim of slavery, servitude or forced or compulsory labour';
const trafficking = 'Recognised as a victim of human trafficking';
const notRecognised = 'Not recognised as a victim';

/**
 * The figures of each table, worked out from the fixture above. Rows and columns are in the order of
 * their codes (e.g. "duty_to_notify" before "nrm", "not_recorded" after the GSS codes); the "any
 * mention" tables are in the order of their labels. Adults in the period: A N1 N2 N3 N5 N6 N7 N9 N10
 * (9); children: N4 N8 (2).
 */
const expected: Record<string, Expected> = {
  // Q4: A and D1. Q1: N1–N10, and D2 D3 D4.
  '1a': { rows: ['2025 Q4', '2026 Q1'], columns: ['Duty to Notify', 'National Referral Mechanism'], cells: [[1, 1], [3, 10]], rowTotals: [2, 13], columnTotals: [4, 11], grandTotal: 15 },
  // N9 (no leave) is the Immigration Enforcement CA's; every other referral the SCA's. B and C are outside the period.
  '1b': {
    rows: ['2025 Q4', '2026 Q1'], columns: ['Immigration Enforcement Competent Authority', 'Single Competent Authority'],
    cells: [[0, 1], [1, 9]], rowTotals: [1, 10], columnTotals: [1, 10], grandTotal: 11,
  },
  // Women: A N1 N2 N5 N6 and the child N8; men: N3 N7 N9 N10 and the child N4.
  '2': { rows: byAge, columns: ['Female', 'Male'], cells: [[5, 4], [1, 1]], rowTotals: [9, 2], columnTotals: [6, 5], grandTotal: 11 },
  // Mentions: criminal N4 N8; domestic N5; labour N2 N3 N7 N9 N10; sexual A N1 N2 N6 N8. Totals are people (table 3b's).
  '3a': {
    rows: ['Criminal exploitation', 'Domestic servitude', 'Labour exploitation', 'Sexual exploitation'], columns: byAge,
    cells: [[0, 2], [1, 0], [5, 0], [4, 1]], rowTotals: [2, 1, 5, 5], columnTotals: [9, 2], grandTotal: 11,
  },
  // Combinations: criminal N4; criminal+sexual N8; domestic N5; labour N3 N7 N9 N10; labour+sexual N2; sexual A N1 N6.
  '3b': {
    rows: ['Criminal exploitation', 'Criminal exploitation and Sexual exploitation', 'Domestic servitude', 'Labour exploitation', 'Labour exploitation and Sexual exploitation', 'Sexual exploitation'],
    columns: byAge, cells: [[0, 1], [0, 1], [1, 0], [4, 0], [1, 0], [3, 0]], rowTotals: [1, 1, 1, 4, 1, 3], columnTotals: [9, 2], grandTotal: 11,
  },
  // Only N4, a child, is flagged as county lines.
  '3c': { rows: ['Flagged as county lines', 'Not flagged'], columns: byAge, cells: [[0, 1], [9, 1]], rowTotals: [1, 10], columnTotals: [9, 2], grandTotal: 11 },
  // First nationality, as codes (the preview passes no reference labels): AL A N1 N2 N6 N10; NG N5; RO N9; VN N3 N4 N7 N8.
  '4': { rows: ['AL', 'NG', 'RO', 'VN'], columns: byAge, cells: [[5, 0], [1, 0], [1, 0], [2, 2]], rowTotals: [5, 1, 1, 4], columnTotals: [9, 2], grandTotal: 11 },
  // Kalayaan referred N5 and N6; police forces (the Met and Police Scotland) the other nine.
  '5': { rows: ['Non-governmental organisation', 'Police force'], columns: byAge, cells: [[2, 0], [7, 2]], rowTotals: [2, 9], columnTotals: [9, 2], grandTotal: 11 },
  // E23000001: A N1 N2 N9 N10 and the children N4 N8; S23000009: N7; none given: N3 N5 N6.
  '6a': { rows: ['E23000001', 'S23000009', 'Not recorded'], columns: byAge, cells: [[5, 2], [1, 0], [3, 0]], rowTotals: [7, 1, 3], columnTotals: [9, 2], grandTotal: 11 },
  // The nation is the referring organisation's: N7 came from Police Scotland.
  '6b': { rows: ['England', 'Scotland'], columns: byAge, cells: [[8, 2], [1, 0]], rowTotals: [10, 1], columnTotals: [9, 2], grandTotal: 11 },
  // Both: N2; overseas: N5; unknown: N6; UK: the other eight.
  '7': { rows: ['UK and overseas', 'Overseas', 'UK', 'Not known'], columns: byAge, cells: [[1, 0], [1, 0], [6, 2], [1, 0]], rowTotals: [1, 1, 8, 1], columnTotals: [9, 2], grandTotal: 11 },
  // First issued RG decided in the period: positive A N1 N2 N5 (adults) N4 N8 (children); negative N3 N10. N6's awaits review.
  '8a': { rows: ['Negative', 'Positive'], columns: byAge, cells: [[2, 0], [4, 2]], rowTotals: [2, 6], columnTotals: [6, 2], grandTotal: 8 },
  '8b': { rows: ['Negative', 'Positive'], columns: ['Female', 'Male'], cells: [[0, 2], [5, 1]], rowTotals: [2, 6], columnTotals: [5, 3], grandTotal: 8 },
  '8c': {
    rows: ['Criminal exploitation', 'Criminal exploitation and Sexual exploitation', 'Domestic servitude', 'Labour exploitation', 'Labour exploitation and Sexual exploitation', 'Sexual exploitation'],
    columns: ['Negative', 'Positive'], cells: [[0, 1], [0, 1], [0, 1], [2, 0], [0, 1], [0, 2]], rowTotals: [1, 1, 1, 2, 1, 2], columnTotals: [2, 6], grandTotal: 8,
  },
  '8d': {
    rows: ['Criminal exploitation', 'Domestic servitude', 'Labour exploitation', 'Sexual exploitation'], columns: ['Negative', 'Positive'],
    cells: [[0, 2], [0, 1], [2, 1], [0, 4]], rowTotals: [2, 1, 3, 4], columnTotals: [2, 6], grandTotal: 8,
  },
  // AL: A+ N1+ N2+ N10−; NG: N5+; VN: N3− N4+ N8+.
  '8e': { rows: ['AL', 'NG', 'VN'], columns: ['Negative', 'Positive'], cells: [[1, 3], [0, 1], [1, 2]], rowTotals: [4, 1, 3], columnTotals: [2, 6], grandTotal: 8 },
  // CG decided in the period: N1 trafficking (adult F AL sexual), N2 slavery (adult F AL labour+sexual), N4 not recognised (child M VN criminal).
  '9a': { rows: [notRecognised, slavery, trafficking], columns: byAge, cells: [[0, 1], [1, 0], [1, 0]], rowTotals: [1, 1, 1], columnTotals: [2, 1], grandTotal: 3 },
  '9b': { rows: [notRecognised, slavery, trafficking], columns: ['Female', 'Male'], cells: [[0, 1], [1, 0], [1, 0]], rowTotals: [1, 1, 1], columnTotals: [2, 1], grandTotal: 3 },
  '9c': {
    rows: ['Criminal exploitation', 'Labour exploitation and Sexual exploitation', 'Sexual exploitation'], columns: [notRecognised, slavery, trafficking],
    cells: [[1, 0, 0], [0, 1, 0], [0, 0, 1]], rowTotals: [1, 1, 1], columnTotals: [1, 1, 1], grandTotal: 3,
  },
  '9d': {
    rows: ['Criminal exploitation', 'Labour exploitation', 'Sexual exploitation'], columns: [notRecognised, slavery, trafficking],
    cells: [[1, 0, 0], [0, 1, 0], [0, 1, 1]], rowTotals: [1, 1, 2], columnTotals: [1, 1, 1], grandTotal: 3,
  },
  '9e': { rows: ['AL', 'VN'], columns: [notRecognised, slavery, trafficking], cells: [[0, 1, 1], [1, 0, 0]], rowTotals: [2, 1], columnTotals: [1, 1, 1], grandTotal: 3 },
  // Positive RG and no CG by 31 March: A (181 days old), N5, N8, N10 (85 days). B never had a decision.
  '11': { rows: ['3 to 6 months', 'Under 3 months'], columns: byAge, cells: [[1, 0], [2, 1]], rowTotals: [1, 3], columnTotals: [3, 1], grandTotal: 4 },
  // Duty to Notify: D1 labour M, D2 sexual F, D3 criminal+labour M, D4 labour M.
  '13a': {
    rows: ['Criminal exploitation and Labour exploitation', 'Labour exploitation', 'Sexual exploitation'], columns: ['Female', 'Male'],
    cells: [[0, 1], [0, 2], [1, 0]], rowTotals: [1, 2, 1], columnTotals: [1, 3], grandTotal: 4,
  },
  '13e': {
    rows: ['Criminal exploitation', 'Labour exploitation', 'Sexual exploitation'], columns: ['Female', 'Male'],
    cells: [[0, 1], [0, 3], [1, 0]], rowTotals: [1, 3, 1], columnTotals: [1, 3], grandTotal: 4,
  },
  '13b': { rows: ['AL', 'RO', 'VN'], columns: ['All'], cells: [[1], [2], [1]], rowTotals: [1, 2, 1], columnTotals: [4], grandTotal: 4 },
  // Hillingdon made D3; the Met the others.
  '13c': { rows: ['Local authority', 'Police force'], columns: ['All'], cells: [[1], [3]], rowTotals: [1, 3], columnTotals: [4], grandTotal: 4 },
  '13d': { rows: ['E23000001', 'Not recorded'], columns: ['All'], cells: [[3], [1]], rowTotals: [3, 1], columnTotals: [4], grandTotal: 4 },
};

/** A table's figures as a grid: each row with its total last, then the column totals and the grand total. */
function figuresOf<T extends PublishedCount>(t: { cells: readonly (readonly T[])[]; rowTotals: readonly T[]; columnTotals: readonly T[]; grandTotal: T }): T[][] {
  return [...t.cells.map((row, r) => [...row, t.rowTotals[r]!]), [...t.columnTotals, t.grandTotal]];
}
const tableIn = (p: Publication, id: string) => {
  const table = p.tables.find((t) => t.id === id);
  assert.ok(table, `the publication has table ${id}`);
  return table;
};

describe('statistics tables, worked out by hand', () => {
  it('has an expectation for every table defined, except those with fixtures of their own', () => {
    const missing = tableDefinitions.filter((d) => !ownFixture(d) && !(d.id in expected)).map((d) => d.id);
    assert.deepEqual(missing, [], `tables defined in table-definitions.ts with no expected figures here: ${missing.join(', ')}`);
    const stale = Object.keys(expected).filter((id) => !tableDefinitions.some((d) => d.id === id));
    assert.deepEqual(stale, [], `expected figures for tables no longer defined: ${stale.join(', ')}`);
    const later = new Set(tableDefinitions.filter(ownFixture).map((d) => d.id));
    assert.deepEqual(open.tables.map((t) => t.id).filter((id) => !later.has(id)), tableDefinitions.filter((d) => !ownFixture(d)).map((d) => d.id), 'one published table per definition, in order');
  });

  it('the hand-worked figures add up (rows and columns of each table to its totals)', () => {
    for (const d of tableDefinitions.filter((x) => x.id in expected)) {
      const e = expected[d.id]!;
      assert.equal(e.cells.length, e.rows.length, `${d.id}: a line of cells per row`);
      for (const line of e.cells) assert.equal(line.length, e.columns.length, `${d.id}: a cell per column`);
      const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
      const columnSums = e.columns.map((_, c) => sum(e.cells.map((line) => line[c]!)));
      assert.deepEqual(e.cells.map(sum), e.rowTotals, `${d.id}: rows add up`);
      if (d.derivedFrom) {
        // Mentions: a referral of two types is in two rows, so the columns add up to at least their
        // totals, which are the combinations table's (people).
        const source = expected[d.derivedFrom]!;
        assert.deepEqual([e.columnTotals, e.grandTotal], [source.columnTotals, source.grandTotal], `${d.id}: totals are ${d.derivedFrom}'s`);
        columnSums.forEach((total, c) => assert.ok(total >= e.columnTotals[c]!, `${d.id}: mentions in column ${c}`));
      } else {
        assert.deepEqual(columnSums, e.columnTotals, `${d.id}: columns add up`);
        assert.equal(sum(e.rowTotals), e.grandTotal, `${d.id}: grand total`);
      }
    }
  });

  for (const d of tableDefinitions.filter((x) => !ownFixture(x))) {
    it(`table ${d.id}: ${d.title}`, () => {
      const e = expected[d.id];
      assert.ok(e, `no expected figures for table ${d.id}: work them out from the fixture and add them`);
      const t = tableIn(open, d.id);
      assert.deepEqual(t.rows, e.rows, `${d.id}: rows`);
      assert.deepEqual(t.columns, e.columns, `${d.id}: columns`);
      assert.deepEqual(t.cells, e.cells, `${d.id}: cells`);
      assert.deepEqual(t.rowTotals, e.rowTotals, `${d.id}: row totals`);
      assert.deepEqual(t.columnTotals, e.columnTotals, `${d.id}: column totals`);
      assert.equal(t.grandTotal, e.grandTotal, `${d.id}: grand total`);
    });
  }

  it('table 10: days from referral to the first decision, by age group', () => {
    // RG, days (on time?): adults A 7 ✓, N1 2 ✓, N2 7 ✓, N3 8 ✗, N5 4 ✓, N10 3 ✓; children N4 1 ✓, N8 9 ✗.
    // percentile_cont interpolates at 1 + p(n − 1): adults 2 3 4 7 7 8 → 3.25, 5.5, 7; children 1 9 → 3, 5, 7;
    // all 1 2 3 4 7 7 8 9 → 2.75, 5.5, 7.25. On time 5/6 = 83%, 1/2 = 50%, 6/8 = 75%.
    // CG days: adults N1 46, N2 56 → 48.5, 51, 53.5; child N4 46; all 46 46 56 → 46, 46, 51.
    // The numbers of decisions are table 8a's and 9a's totals.
    const rows = new Map(open.timeliness.map((x) => [`${x.stage} ${x.ageGroup}`, x]));
    assert.equal(open.timeliness.length, 6, 'RG and CG, for adults, children and everyone');
    const expectedRows = {
      'rg adult': [6, 5.5, 3.25, 7, 83], 'rg child': [2, 5, 3, 7, 50], 'rg all': [8, 5.5, 2.75, 7.25, 75],
      'cg adult': [2, 51, 48.5, 53.5, null], 'cg child': [1, 46, 46, 46, null], 'cg all': [3, 46, 46, 51, null],
    };
    for (const [key, [decided, median, lower, upper, onTime]] of Object.entries(expectedRows)) {
      const x = rows.get(key);
      assert.ok(x, `a row for ${key}`);
      assert.deepEqual([x.decided, x.median, x.lowerQuartile, x.upperQuartile, x.onTimePercent], [decided, median, lower, upper, onTime], key);
    }
  });

  it('table 14: revisions between the release as at 5 March and as at 15 April', () => {
    // Only D4 (10 March) arrived between the two cut-offs: a man from RO, labour, Met police, force
    // E23000001, in 2026 Q1. Each table counting Duty to Notify reports changes in its cell, the
    // cell's row and column totals and the grand total; nothing else changes.
    const revisions = revisionsBetween(openEarlier.tables, open.tables).map((r) => `${r.table} | ${r.row} | ${r.column} | ${r.before} → ${r.after}`);
    const expectedRevisions = [
      '1a | 2026 Q1 | Duty to Notify | 2 → 3', '1a | 2026 Q1 | Total | 12 → 13', '1a | Total | Duty to Notify | 3 → 4', '1a | Total | Total | 14 → 15',
      '13a | Labour exploitation | Male | 1 → 2', '13a | Labour exploitation | Total | 1 → 2', '13a | Total | Male | 2 → 3', '13a | Total | Total | 3 → 4',
      '13e | Labour exploitation | Male | 2 → 3', '13e | Labour exploitation | Total | 2 → 3', '13e | Total | Male | 2 → 3', '13e | Total | Total | 3 → 4',
      '13b | RO | All | 1 → 2', '13b | RO | Total | 1 → 2', '13b | Total | All | 3 → 4', '13b | Total | Total | 3 → 4',
      '13c | Police force | All | 2 → 3', '13c | Police force | Total | 2 → 3', '13c | Total | All | 3 → 4', '13c | Total | Total | 3 → 4',
      '13d | E23000001 | All | 2 → 3', '13d | E23000001 | Total | 2 → 3', '13d | Total | All | 3 → 4', '13d | Total | Total | 3 → 4',
    ];
    const later = new Set(tableDefinitions.filter(ownFixture).map((d) => d.id));
    assert.deepEqual(revisions.filter((line) => !later.has(line.split(' | ')[0]!)).sort(), [...expectedRevisions].sort());
    assert.deepEqual(revisionsBetween(open.tables, open.tables), [], 'the same figures: no revisions');
  });

  describe('with the default disclosure control', () => {
    const checked = () => tableDefinitions.filter((d) => !ownFixture(d));

    it('hides every small count, cells and totals alike (under 5; under 10 in sparse tables), and publishes the others unchanged', () => {
      for (const d of checked()) {
        const t = tableIn(published, d.id);
        const threshold = d.sparse ? 10 : 5;
        assert.equal(t.threshold, threshold, `${d.id}: threshold`);
        assert.deepEqual([t.rows, t.columns], [expected[d.id]!.rows, expected[d.id]!.columns], `${d.id}: suppression keeps the categories`);
        const shown = figuresOf(t);
        figuresOf(expected[d.id]!).forEach((line, r) => line.forEach((count, c) => {
          const figure = shown[r]![c];
          const where = `${d.id} [${r}, ${c}] (count ${count}, shown ${figure})`;
          if (typeof count === 'number' && count >= 1 && count < threshold) assert.equal(figure, SUPPRESSED, `${where}: a small count is hidden`);
          else assert.ok(figure === count || figure === SUPPRESSED, `${where}: a published figure is the true count`);
        }));
      }
      // For example: the one girl (table 2, child × female) and the one Scottish referral (table 6b).
      assert.equal(tableIn(published, '2').cells[1]![0], SUPPRESSED);
      assert.equal(tableIn(published, '6b').cells[1]![0], SUPPRESSED);
      // Table 6a is sparse: the 5 adults of force E23000001 are under its threshold of 10.
      assert.equal(tableIn(published, '6a').cells[0]![0], SUPPRESSED);
    });

    it('leaves no row or column with exactly one hidden figure, so none can be recovered by subtraction', () => {
      for (const d of checked().filter((x) => !x.derivedFrom)) {
        const lines = figuresOf(tableIn(published, d.id));
        const columns = lines[0]!.map((_, c) => lines.map((line) => line[c]));
        for (const [i, line] of [...lines.map((l, i) => [`row ${i}`, l] as const), ...columns.map((l, i) => [`column ${i}`, l] as const)]) {
          const hidden = line.filter((v) => v === SUPPRESSED).length;
          assert.notEqual(hidden, 1, `${d.id} ${i} (${line.join(', ')}) has one hidden figure`);
        }
      }
    });

    it('hides a complementary figure that is not itself small', () => {
      // Table 2, adults: 5 women and 4 men, 9 in all. The 4 is hidden; were the 5 and the 9 both
      // shown, 9 − 5 would give it back, so one of them must be hidden too although neither is small.
      const t = tableIn(published, '2');
      assert.equal(t.cells[0]![1], SUPPRESSED, 'the 4 men');
      assert.ok(t.cells[0]![0] === SUPPRESSED || t.rowTotals[0] === SUPPRESSED, `a complement of the 4 is hidden: ${t.cells[0]![0]} women, ${t.rowTotals[0]} adults`);
      // Across the release, figures of 5 or more are hidden only as complements: there must be some.
      const complements = checked().flatMap((d) => {
        const shown = figuresOf(tableIn(published, d.id));
        return figuresOf(expected[d.id]!).flatMap((line, r) => line.filter((count, c) => count >= (d.sparse ? 10 : 5) && shown[r]![c] === SUPPRESSED));
      });
      assert.ok(complements.length > 0);
    });

    it('shows a figure that several tables publish alike in each: table 1a’s routes are the other tables’ referrals and reports', () => {
      // Table 1a counts NRM referrals and Duty to Notify reports together. Its NRM column is, quarter by
      // quarter, table 1b's row totals, and in all the grand total of every table of NRM referrals (11);
      // its Duty to Notify column total is the grand total of the tables 13 (4, a small count). Were one
      // shown where the other is hidden, the hidden one would be known — and with 1a's grand total (15),
      // 15 − 11 would give away the 4 reports.
      const t1a = tableIn(published, '1a');
      const t1b = tableIn(published, '1b');
      const nrm = t1a.columns.indexOf('National Referral Mechanism');
      const dtn = t1a.columns.indexOf('Duty to Notify');
      const same: [string, PublishedCount | undefined, PublishedCount | undefined][] = [
        ['NRM referrals: 1a column total, table 2 grand total', t1a.columnTotals[nrm], tableIn(published, '2').grandTotal],
        ['Duty to Notify reports: 1a column total, table 13b grand total', t1a.columnTotals[dtn], tableIn(published, '13b').grandTotal],
        ...t1a.rows.map((quarter, r): [string, PublishedCount | undefined, PublishedCount | undefined] =>
          [`NRM referrals in ${quarter}: 1a cell, 1b row total`, t1a.cells[r]![nrm], t1b.rowTotals[t1b.rows.indexOf(quarter)]]),
      ];
      for (const [what, a, b] of same) assert.equal(a, b, what);
      assert.equal(t1a.columnTotals[dtn], SUPPRESSED, 'the 4 reports');
    });

    it('an "any mention" figure is hidden when a combination it adds up is hidden', () => {
      // 3a "Labour exploitation", adults = 3b "Labour exploitation" (4, hidden) + "Labour and sexual" (1, hidden).
      assert.equal(tableIn(published, '3b').cells[3]![0], SUPPRESSED);
      assert.equal(tableIn(published, '3a').cells[2]![0], SUPPRESSED);
      for (const [mentions, combinations] of [['3a', '3b'], ['8d', '8c'], ['9d', '9c'], ['13e', '13a']] as const) {
        const source = tableIn(published, combinations);
        const t = tableIn(published, mentions);
        t.rows.forEach((type, r) => t.columns.forEach((_, c) => {
          const parts = source.rows.map((combination, i) => (combination.split(' and ').includes(type) ? source.cells[i]![c] : undefined)).filter((v) => v !== undefined);
          if (parts.includes(SUPPRESSED)) assert.equal(t.cells[r]![c], SUPPRESSED, `${mentions} ${type} [${c}]`);
          else assert.equal(t.cells[r]![c], (parts as number[]).reduce((a, b) => a + b, 0), `${mentions} ${type} [${c}]`);
        }));
      }
    });

    it('table 10 takes its numbers of decisions from tables 8a and 9a as published, and hides medians of fewer than 10 and shares of fewer than 20', () => {
      const rg = tableIn(published, '8a');
      const cg = tableIn(published, '9a');
      for (const x of published.timeliness) {
        const source = x.stage === 'rg' ? rg : cg;
        const decided = x.ageGroup === 'all' ? source.grandTotal : source.columnTotals[x.ageGroup === 'adult' ? 0 : 1];
        assert.equal(x.decided, decided, `${x.stage} ${x.ageGroup}: decisions`);
        // At most 8 RG and 3 CG decisions: too few for a median or a percentage.
        assert.deepEqual([x.median, x.lowerQuartile, x.upperQuartile], [SUPPRESSED, SUPPRESSED, SUPPRESSED], `${x.stage} ${x.ageGroup}`);
        assert.equal(x.onTimePercent, x.stage === 'rg' ? SUPPRESSED : null, `${x.stage} ${x.ageGroup}: share on time`);
      }
    });
  });
});
