import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { FixedClock } from '../support/test-services.js';
import { users } from '../../src/users/tables.js';
import { organisations } from '../../src/organisations/tables.js';
import { referrals } from '../../src/referrals/tables.js';
import { decisions } from '../../src/casework/tables.js';
import { actorOf, type Principal } from '../../src/platform/auth/principal.js';
import { systemActor } from '../../src/platform/audit/audit-log.js';
import { TimelinessReports, type TimelinessReport } from '../../src/casework/timeliness/timeliness.js';
import type { Role } from '../../src/platform/auth/roles.js';

/**
 * A fixture whose figures are worked out by hand. Today is Friday 27 November 2026. Receipts are at
 * 10:00 UTC, the same UK date in summer and winter. Due dates are 5 working days after receipt
 * (Easter 2026 moves B's; St Andrew's Day, Monday 30 November, moves Q's in Scotland).
 *
 * Decided, received in the default period (28 November 2025 to 27 November 2026), days to first issued RG:
 *   A 2 Mar (due 9 Mar) RG 6 Mar = 4 on time; CG 2 Sep = 184
 *   B 1 Apr (due 10 Apr, Easter) RG 10 Apr = 9 on time (on the due date); then withdrawn
 *   C 1 Jun (due 8 Jun) negative RG 15 Jun = 14 late; positive on reconsideration 20 Jul; a negative CG awaits review (made 25 Nov)
 *   D 1 Sep (due 8 Sep) a returned RG dated 4 Sep does not count; RG 22 Sep = 21 late
 *   E 5 Oct (due 12 Oct) RG 9 Oct = 4 on time
 *   F 1 Dec 2025 (due 8 Dec) RG 5 Dec = 4 on time; negative CG 30 Jun 2026 = 211
 *   J 2 Feb (due 9 Feb) RG 9 Feb = 7 on time
 *   RG days 4 4 4 7 9 14 21: 5 of 7 on time (71.4%), quartiles 4, 7, 11.5. CG days 184 211: 190.75, 197.5, 204.25.
 * Before the period: G 3 Jun 2024, RG 7 Jun 2024; H 4 Nov 2024, RG 20 Jun 2025. Both still wait for CG.
 * Waiting for CG (C D E J G H), days since positive RG 130 66 49 291 903 525 (median 210.5), since receipt
 *   179 87 53 298 907 753 (median 238.5).
 * Awaiting RG now: overdue M (Kwame, due 23 Nov), T (Kwame, due 16 Nov; its negative RG awaits review, made 20 Nov),
 *   M2 (Dana, due 9 Nov), N and N2 (unassigned, due 25 and 26 Nov); due soon O (Kwame, due today), P (Dana, due 30 Nov),
 *   Q (Scotland, unassigned, due 2 Dec: within 2 Scottish working days); not yet R2 (England, due 2 Dec); S suspended.
 * Another Competent Authority: K (positive RG 30 Oct, late) and K2 (overdue). A Duty to Notify report never counts.
 */
const clock = new FixedClock(new Date('2026-11-27T10:00:00Z'));
const today = '2026-11-27';
let t: TestApp;
const people: Record<string, Principal> = {};
const ids: Record<string, string> = {};

const adult = {
  under18: 'no', consent: true,
  person: { givenName: 'Amina', familyName: 'Yusuf', dateOfBirth: '1990-05-01', gender: 'female', nationalities: ['NG'], letterRecipient: 'first_responder', asylumClaim: 'no', detention: 'none', immigrationStatus: 'leave_to_remain' },
  situations: [{ types: ['labour'], startMonth: '2023-01', endMonth: '2023-06', ukPlaces: ['sheffield'], narrative: 'Worked without pay.' }],
};
/** A foreign national without leave: the Immigration Enforcement Competent Authority's. */
const liableToRemoval = { ...adult, person: { ...adult.person, immigrationStatus: 'no_leave' } };
const dutyToNotify = { under18: 'no', consent: false, person: { gender: 'male', nationalities: ['AL'] }, situations: [{ types: ['labour'], startMonth: '2026-02', ongoing: true, locationUnknown: true }] };

async function principal(email: string): Promise<Principal> {
  const [row] = await t.ctx.database.db.select({ user: users, organisationName: organisations.name }).from(users)
    .innerJoin(organisations, eq(organisations.id, users.organisationId)).where(eq(users.email, email));
  const u = row!.user;
  return { userId: u.id, email: u.email, name: u.name, role: u.role as Role, organisationId: u.organisationId, organisationName: row!.organisationName, via: 'session' };
}

async function addUser(email: string, name: string, organisation: string, role: Role): Promise<void> {
  const [org] = await t.ctx.database.db.select().from(organisations).where(eq(organisations.name, organisation));
  await t.ctx.users.create({ email, name, organisationId: org!.id, role, password: 'a long enough password' }, { actor: systemActor });
}

/** Submits a referral received at 10:00 UTC on `on`, then sets its state as casework would have left it. */
async function received(name: string, on: string, state: { status?: string; assignedTo?: string } = {}, by = people.responder!, input: object = adult): Promise<string> {
  clock.set(new Date(`${on}T10:00:00Z`));
  const submitted = await t.ctx.referrals.submit(by, input, `timeliness-${name}`, { actor: actorOf(by) });
  ids[name] = submitted.id;
  if (state.status || state.assignedTo) await t.ctx.database.db.update(referrals).set(state).where(eq(referrals.id, submitted.id));
  return submitted.id;
}

async function decision(name: string, stage: 'rg' | 'cg', on: string, options: { positive: boolean; status?: 'issued' | 'awaiting_review' | 'returned'; reconsiderationOf?: string }): Promise<string> {
  const status = options.status ?? 'issued';
  const outcome = stage === 'rg' ? (options.positive ? 'positive' : 'negative') : (options.positive ? 'trafficking' : 'not_recognised');
  const at = new Date(`${on}T10:00:00Z`);
  const reviewed = !options.positive && status !== 'awaiting_review';
  const [row] = await t.ctx.database.db.insert(decisions).values({
    referralId: ids[name]!, stage, outcome, positive: options.positive, reasonsSealed: 'sealed', reasonCategory: options.positive ? null : 'insufficient_information', standardOfProof: 'test', status,
    decidedOn: on, madeBy: people.kwame!.userId, madeAt: at,
    reviewedBy: reviewed ? people.manager!.userId : null, reviewedAt: reviewed ? at : null,
    issuedAt: status === 'issued' ? at : null, reconsiderationOf: options.reconsiderationOf ?? null,
  }).returning();
  return row!.id;
}

before(async () => {
  t = await startTestApp({ clock });
  await addUser('dana.okafor@sca.example', 'Dana Okafor', 'Single Competent Authority', 'ca_caseworker');
  await addUser('officer@scotland.example', 'Morag Officer', 'Police Scotland', 'first_responder');
  await addUser('manager@iecca.example', 'Ifeoma Manager', 'Immigration Enforcement Competent Authority', 'ca_manager');
  people.responder = await principal('first.responder@palermo.example');
  people.scottish = await principal('officer@scotland.example');
  people.kwame = await principal('caseworker@palermo.example');
  people.dana = await principal('dana.okafor@sca.example');
  people.manager = await principal('ca.manager@palermo.example');
  people.ieccaManager = await principal('manager@iecca.example');
  const kwame = people.kwame.userId;
  const dana = people.dana.userId;

  await received('A', '2026-03-02', { status: 'cg_positive' });
  await decision('A', 'rg', '2026-03-06', { positive: true });
  await decision('A', 'cg', '2026-09-02', { positive: true });
  await received('B', '2026-04-01', { status: 'withdrawn' });
  await decision('B', 'rg', '2026-04-10', { positive: true });
  await received('C', '2026-06-01', { status: 'rg_positive' });
  const negative = await decision('C', 'rg', '2026-06-15', { positive: false });
  await decision('C', 'rg', '2026-07-20', { positive: true, reconsiderationOf: negative });
  await decision('C', 'cg', '2026-11-25', { positive: false, status: 'awaiting_review' });
  await received('D', '2026-09-01', { status: 'rg_positive' });
  await decision('D', 'rg', '2026-09-04', { positive: false, status: 'returned' });
  await decision('D', 'rg', '2026-09-22', { positive: true });
  await received('E', '2026-10-05', { status: 'awaiting_cg' });
  await decision('E', 'rg', '2026-10-09', { positive: true });
  await received('F', '2025-12-01', { status: 'cg_negative' });
  await decision('F', 'rg', '2025-12-05', { positive: true });
  await decision('F', 'cg', '2026-06-30', { positive: false });
  await received('J', '2026-02-02', { status: 'rg_positive' });
  await decision('J', 'rg', '2026-02-09', { positive: true });
  await received('G', '2024-06-03', { status: 'rg_positive' });
  await decision('G', 'rg', '2024-06-07', { positive: true });
  await received('H', '2024-11-04', { status: 'rg_positive' });
  await decision('H', 'rg', '2025-06-20', { positive: true });

  await received('M', '2026-11-16', { assignedTo: kwame });
  await received('T', '2026-11-09', { assignedTo: kwame });
  await decision('T', 'rg', '2026-11-20', { positive: false, status: 'awaiting_review' });
  await received('M2', '2026-11-02', { assignedTo: dana });
  await received('N', '2026-11-18');
  await received('N2', '2026-11-19');
  await received('O', '2026-11-20', { assignedTo: kwame });
  await received('P', '2026-11-23', { assignedTo: dana });
  await received('Q', '2026-11-24', {}, people.scottish);
  await received('R2', '2026-11-25', { assignedTo: dana });
  await received('S', '2026-11-03', { status: 'suspended_missing', assignedTo: dana });

  await received('K', '2026-10-05', { status: 'rg_positive' }, people.responder, liableToRemoval);
  await decision('K', 'rg', '2026-10-30', { positive: true });
  await received('K2', '2026-11-16', {}, people.responder, liableToRemoval);

  // Even a Duty to Notify report somehow routed to the authority, overdue, is not a case for a decision.
  await received('DTN', today, {}, people.responder, dutyToNotify);
  const [sca] = await t.ctx.database.db.select().from(organisations).where(eq(organisations.competentAuthorityCode, 'sca'));
  await t.ctx.database.db.update(referrals).set({ competentAuthorityId: sca!.id, status: 'awaiting_rg', reasonableGroundsDueDate: '2026-11-20' }).where(eq(referrals.id, ids.DTN!));
  clock.set(new Date(`${today}T10:00:00Z`));
});
after(async () => { await t.close(); });

/** A page's text with tags removed and spaces collapsed, for reading figures as a person would. */
function text(html: string): string {
  return html.replace(/<[^>]+>/g, ' ').replace(/&nbsp;|\s+/g, ' ');
}

/** The text of the summary list or table carrying `data-testid`, up to its end. */
function section(html: string, testId: string): string {
  const start = html.indexOf(`data-testid="${testId}"`);
  assert.ok(start >= 0, `the page has ${testId}`);
  const ends = ['</dl>', '</table>'].map((tag) => html.indexOf(tag, start)).filter((i) => i >= 0);
  return text(html.slice(start, Math.min(...ends)));
}

describe('timeliness figures', () => {
  let report: TimelinessReport;
  before(async () => {
    report = await new TimelinessReports(t.ctx.database).report(people.manager!, { from: '2025-11-28', to: today, nation: null }, today);
  });

  it('has the due dates the figures rest on', async () => {
    const due = async (name: string) => (await t.ctx.database.db.select().from(referrals).where(eq(referrals.id, ids[name]!)))[0]!.reasonableGroundsDueDate;
    assert.equal(await due('B'), '2026-04-10', 'Good Friday and Easter Monday are not working days');
    assert.equal(await due('Q'), '2026-12-02', 'St Andrew’s Day is not a working day in Scotland');
    assert.equal(await due('R2'), '2026-12-02');
  });

  it('counts RG decisions made within the target, measured to the first issued decision', () => {
    assert.deepEqual(report.reasonableGrounds, {
      decided: 7, onTime: 5, late: 2, percentOnTime: (5 / 7) * 100, lowerQuartileDays: 4, medianDays: 7, upperQuartileDays: 11.5,
    });
  });

  it('gives the median and interquartile range of days to a CG decision', () => {
    assert.deepEqual(report.conclusiveGrounds, { decided: 2, lowerQuartileDays: 190.75, medianDays: 197.5, upperQuartileDays: 204.25 });
  });

  it('counts every case waiting for a CG decision by time since the positive RG and since receipt', () => {
    const w = report.awaitingConclusiveGrounds;
    assert.equal(w.cases, 6);
    assert.equal(w.medianDaysSincePositiveRg, 210.5);
    assert.equal(w.medianDaysSinceReceipt, 238.5);
    const counts = (bands: { band: string; cases: number }[]) => Object.fromEntries(bands.map((b) => [b.band, b.cases]));
    assert.deepEqual(counts(w.sincePositiveRg), { under_3_months: 2, '3_to_6_months': 1, '6_to_12_months': 1, '1_to_2_years': 1, over_2_years: 1, not_known: 0 });
    assert.deepEqual(counts(w.sinceReceipt), { under_3_months: 2, '3_to_6_months': 1, '6_to_12_months': 1, '1_to_2_years': 0, over_2_years: 2, not_known: 0 });
  });

  it('lists RG decisions overdue and due within 2 working days of the case’s nation, by caseworker', () => {
    assert.deepEqual(report.reasonableGroundsDue, {
      overdue: 5, dueSoon: 3, dueSoonWorkingDays: 2,
      byCaseworker: [
        { caseworker: 'Kwame Mensah', assigned: true, overdue: 2, longestOverdueDays: 11, dueSoon: 1 },
        { caseworker: 'Unassigned', assigned: false, overdue: 2, longestOverdueDays: 2, dueSoon: 1 },
        { caseworker: 'Dana Okafor', assigned: true, overdue: 1, longestOverdueDays: 18, dueSoon: 1 },
      ],
    });
  });

  it('counts negative decisions waiting for a second review, and their age', () => {
    assert.deepEqual(report.awaitingReview, {
      decisions: 2,
      byStage: [
        { stage: 'rg', decisions: 1, medianDaysWaiting: 7, longestDaysWaiting: 7 },
        { stage: 'cg', decisions: 1, medianDaysWaiting: 2, longestDaysWaiting: 2 },
      ],
    });
  });

  it('limits the period figures to cases received in the period, and the nation to its own cases', async () => {
    const reports = new TimelinessReports(t.ctx.database);
    const summer = await reports.report(people.manager!, { from: '2026-06-01', to: today, nation: null }, today);
    assert.deepEqual(summer.reasonableGrounds, { decided: 3, onTime: 1, late: 2, percentOnTime: 100 / 3, lowerQuartileDays: 9, medianDays: 14, upperQuartileDays: 17.5 });
    assert.deepEqual(summer.conclusiveGrounds, { decided: 0, lowerQuartileDays: null, medianDays: null, upperQuartileDays: null });
    assert.equal(summer.awaitingConclusiveGrounds.cases, 6, 'the wait for CG is for every case, whenever received');
    const scotland = await reports.report(people.manager!, { from: '2025-11-28', to: today, nation: 'scotland' }, today);
    assert.equal(scotland.reasonableGrounds.decided, 0);
    assert.equal(scotland.reasonableGrounds.percentOnTime, null);
    assert.equal(scotland.awaitingConclusiveGrounds.cases, 0);
    assert.deepEqual(scotland.reasonableGroundsDue.byCaseworker, [{ caseworker: 'Unassigned', assigned: false, overdue: 0, longestOverdueDays: null, dueSoon: 1 }]);
  });

  it('gives another Competent Authority’s manager only their own cases', async () => {
    const other = await new TimelinessReports(t.ctx.database).report(people.ieccaManager!, { from: '2025-11-28', to: today, nation: null }, today);
    assert.deepEqual(other.reasonableGrounds, { decided: 1, onTime: 0, late: 1, percentOnTime: 0, lowerQuartileDays: 25, medianDays: 25, upperQuartileDays: 25 });
    assert.equal(other.conclusiveGrounds.decided, 0);
    assert.equal(other.awaitingConclusiveGrounds.cases, 1);
    assert.deepEqual(other.reasonableGroundsDue.byCaseworker, [{ caseworker: 'Unassigned', assigned: false, overdue: 1, longestOverdueDays: 4, dueSoon: 0 }]);
    assert.equal(other.awaitingReview.decisions, 0);
  });
});

describe('the timeliness dashboard', () => {
  it('shows a manager the figures for the last 12 months, formatted, with the period and the as-of date', async () => {
    const manager = t.agent();
    await manager.signIn('ca.manager@palermo.example');
    const page = await manager.get('/casework/timeliness');
    assert.equal(page.statusCode, 200);
    const body = text(page.body);
    assert.match(body, /Decisions on cases received from 28 November 2025 to 27 November 2026, all nations\. Figures as of 27 November 2026\./);
    assert.match(section(page.body, 'key-figures'), /Reasonable grounds decisions made within the target 71\.4% \(5 of 7\) .*Median time to a reasonable grounds decision 7 days .*Median time to a conclusive grounds decision 197\.5 days .*Waiting for a conclusive grounds decision now 6 cases .*Reasonable grounds decisions overdue now 5 cases .*Negative decisions waiting for a second review 2 decisions/);
    assert.match(section(page.body, 'reasonable-grounds'), /Made late 2 .*Interquartile range \(the middle half of decisions\) 4 to 11\.5 days/);
    assert.match(section(page.body, 'conclusive-grounds'), /190\.8 to 204\.3 days/);
    assert.match(section(page.body, 'waiting'), /Under 3 months 2 2 .*3 to 6 months 1 1 .*6 to 12 months 1 1 .*1 to 2 years 1 0 .*Over 2 years 1 2/);
    assert.doesNotMatch(section(page.body, 'waiting'), /not recorded/);
    assert.match(section(page.body, 'due'), /Kwame Mensah 2 11 days 1 .*Unassigned 2 2 days 1 .*Dana Okafor 1 18 days 1/);
    assert.match(section(page.body, 'review'), /Reasonable grounds 1 7 days 7 days .*Conclusive grounds 1 2 days 2 days/);
    assert.match(page.body, /<caption class="govuk-table__caption govuk-table__caption--s">Cases waiting for a conclusive grounds decision, by time waited<\/caption>/);
    assert.doesNotMatch(page.body, /NaN|undefined|Amina|Yusuf|NRM-20/, 'no broken figures and no one referred named or referenced');
  });

  it('filters by period and nation from the query string, and says when there are no decisions', async () => {
    const manager = t.agent();
    await manager.signIn('ca.manager@palermo.example');
    const page = await manager.get('/casework/timeliness?from-day=1&from-month=6&from-year=2026&to-day=&to-month=&to-year=&nation=scotland');
    assert.equal(page.statusCode, 200);
    const body = text(page.body);
    assert.match(body, /from 1 June 2026 to 27 November 2026, Scotland\./);
    assert.match(section(page.body, 'key-figures'), /within the target No decisions in this period .*Median time to a conclusive grounds decision No decisions in this period/);
    assert.match(body, /No cases are waiting for a conclusive grounds decision\./);
    assert.match(section(page.body, 'due'), /Unassigned 0 – 1/);
    assert.match(page.body, /name="from-day" type="text" value="1"/);
  });

  it('refuses a period that ends in the future or runs backwards, saying what to fix', async () => {
    const manager = t.agent();
    await manager.signIn('ca.manager@palermo.example');
    const future = await manager.get('/casework/timeliness?to-day=1&to-month=1&to-year=2027');
    assert.equal(future.statusCode, 400);
    assert.match(future.body, /The end of the period must be today or in the past/);
    const backwards = await manager.get('/casework/timeliness?from-day=1&from-month=6&from-year=2026&to-day=1&to-month=5&to-year=2026');
    assert.equal(backwards.statusCode, 400);
    assert.match(backwards.body, /The start of the period must be on or before its end/);
    const unreal = await manager.get('/casework/timeliness?from-day=31&from-month=2&from-year=2026&nation=atlantis');
    assert.equal(unreal.statusCode, 400);
    assert.match(unreal.body, /The start of the period must be a real date/);
    assert.match(unreal.body, /Select a nation from the list/);
  });

  it('shows another Competent Authority’s manager none of these cases', async () => {
    const other = t.agent();
    assert.equal((await other.signIn('manager@iecca.example', 'a long enough password')).statusCode, 303);
    const page = await other.get('/casework/timeliness');
    assert.equal(page.statusCode, 200);
    assert.match(section(page.body, 'key-figures'), /within the target 0% \(0 of 1\) .*Waiting for a conclusive grounds decision now 1 case .*overdue now 1 case .*second review 0 decisions/);
    assert.doesNotMatch(page.body, /Kwame Mensah|Dana Okafor/);
  });

  it('refuses caseworkers and other roles, and sends a visitor to sign in', async () => {
    for (const email of ['caseworker@palermo.example', 'first.responder@palermo.example', 'analyst@palermo.example']) {
      const agent = t.agent();
      await agent.signIn(email);
      assert.equal((await agent.get('/casework/timeliness')).statusCode, 403, email);
    }
    const visitor = await t.agent().get('/casework/timeliness');
    assert.equal(visitor.statusCode, 302);
  });
});
