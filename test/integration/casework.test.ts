import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { eq, sql } from 'drizzle-orm';
import { createTestServices, FixedClock, type TestContext } from '../support/test-services.js';
import { principalFor } from '../support/principals.js';
import type { Principal } from '../../src/platform/auth/principal.js';
import { actorOf } from '../../src/platform/auth/principal.js';
import { referrals } from '../../src/referrals/tables.js';
import { decisions, reconsiderations, recoveryPeriods, residencePermitConsiderations } from '../../src/casework/tables.js';
import { outboxMessages } from '../../src/outbox/tables.js';
import { auditEvents } from '../../src/platform/audit/tables.js';
import { CaseworkRefusedError } from '../../src/casework/errors.js';
import { StaleVersionError } from '../../src/platform/db/errors.js';
import { ReferralForbiddenError } from '../../src/referrals/case-file.js';

// Monday 2 March 2026, 10:00 UK time.
const clock = new FixedClock(new Date('2026-03-02T10:00:00Z'));
let s: TestContext;
let fiona: Principal; // first responder, Metropolitan Police
let kwame: Principal; // caseworker
let grace: Principal; // second caseworker
let priya: Principal; // manager
let other: Principal; // manager of another Competent Authority
const ctx = (p: Principal) => ({ actor: actorOf(p) });
let n = 0;

const adult = (overrides: Record<string, unknown> = {}) => ({
  under18: 'no', consent: true,
  person: {
    givenName: 'Amina', familyName: `Case${n}`, dateOfBirth: '1995-04-12', gender: 'female', nationalities: ['NG'], languages: ['en'],
    letterRecipient: 'first_responder', asylumClaim: 'yes', detention: 'none', immigrationStatus: 'asylum_seeker', ...overrides,
  },
  situations: [{ types: ['sexual'], startMonth: '2025-01', endMonth: '2026-01', ukPlaces: ['sheffield'] }],
});

/** A child with a local authority to tell at referral. */
const childReferral = () => ({
  under18: 'yes',
  person: { givenName: 'Lan', familyName: `Q${n}`, estimatedAge: 15, gender: 'male', nationalities: ['VN'], languages: ['vi'], letterRecipient: 'first_responder', asylumClaim: 'yes', detention: 'none', immigrationStatus: 'asylum_seeker' },
  childLocalAuthority: { code: 'E09000017', contactName: 'Duty team', contactEmail: 'mash@hillingdon.example' },
  situations: [{ types: ['criminal'], startMonth: '2026-01', ongoing: true, ukPlaces: ['london'] }],
});

async function refer(body: object = adult()): Promise<string> {
  n++;
  const submitted = await s.referrals.submit(fiona, body, `case-${n}`, ctx(fiona));
  return submitted.reference;
}
async function version(reference: string): Promise<number> {
  const [row] = await s.database.db.select({ v: referrals.version }).from(referrals).where(eq(referrals.reference, reference));
  return row!.v;
}
async function decisionsOn(reference: string) {
  return s.database.db.select().from(decisions).where(eq(decisions.referralId, (await status(reference)).id));
}
async function status(reference: string) {
  const [row] = await s.database.db.select().from(referrals).where(eq(referrals.reference, reference));
  return row!;
}
const at = (iso: string) => clock.set(new Date(iso));

before(async () => {
  s = await createTestServices({ clock });
  fiona = await principalFor(s, 'first.responder@palermo.example');
  kwame = await principalFor(s, 'caseworker@palermo.example');
  grace = await principalFor(s, 'second.caseworker@palermo.example');
  priya = await principalFor(s, 'ca.manager@palermo.example');
  const [iecca] = await s.database.db.execute(sql`select id from organisations where competent_authority_code = 'iecca'`).then((r) => (r as unknown as { rows: { id: string }[] }).rows);
  await s.users.create({ email: 'manager@iecca.example', name: 'Other Manager', organisationId: iecca!.id, role: 'ca_manager', password: 'a long enough password' }, { actor: actorOf(priya) });
  other = await principalFor(s, 'manager@iecca.example');
});
after(async () => { await s.drop(); });

describe('casework', () => {
  it('a positive RG opens the recovery period by the rule in force and allows CG only after it ends', async () => {
    at('2026-03-02T10:00:00Z');
    const ref = await refer();
    await s.casework.assignment.take(kwame, ref, { version: await version(ref) }, ctx(kwame));
    const decision = await s.casework.decisions.propose(kwame, ref, 'rg', { outcome: 'positive', reasons: 'Credible account, indicators of control.', version: await version(ref) }, ctx(kwame));
    assert.equal(decision.status, 'issued');
    assert.match(decision.standardOfProof, /reasonable grounds to believe/);
    const row = await status(ref);
    assert.equal(row.status, 'rg_positive');
    assert.equal(row.assignedTo, kwame.userId);
    const [period] = await s.database.db.select().from(recoveryPeriods).where(eq(recoveryPeriods.referralId, row.id));
    assert.equal(period!.startedOn, '2026-03-02');
    assert.equal(period!.minimumEnd, '2026-04-01'); // 30 days from 13 December 2022
    assert.equal(period!.caseReviewDue, '2026-04-01');
    assert.equal(period!.removalStayed, false); // an asylum seeker is not liable to removal

    await assert.rejects(s.casework.decisions.propose(kwame, ref, 'cg', { outcome: 'trafficking', reasons: 'x', version: await version(ref), residencePermit: { recommended: false, bases: [] } }, ctx(kwame)),
      (e: Error) => e instanceof CaseworkRefusedError && /cannot be made before the recovery period ends on 2026-04-01/.test(e.message));

    // An approved extension moves the earliest CG date.
    await s.casework.recovery.requestExtension(kwame, ref, { reason: 'health', detail: 'In hospital.', newEnd: '2026-04-20', version: await version(ref) }, ctx(kwame));
    const record = await s.casework.records.load(row.id, 'england', 'ca_manager');
    await s.casework.recovery.decideExtension(priya, ref, record.extensions[0]!.id, { approve: true, version: await version(ref) }, ctx(priya));
    at('2026-04-10T10:00:00Z');
    await assert.rejects(s.casework.decisions.propose(kwame, ref, 'cg', { outcome: 'trafficking', reasons: 'x', version: await version(ref), residencePermit: { recommended: false, bases: [] } }, ctx(kwame)), /2026-04-20/);

    at('2026-04-21T10:00:00Z');
    // A positive CG needs the residence-permit consideration; Scotland's outcomes are not England's.
    await assert.rejects(s.casework.decisions.propose(kwame, ref, 'cg', { outcome: 'trafficking', reasons: 'x', version: await version(ref) }, ctx(kwame)), /residence permit/);
    await assert.rejects(s.casework.decisions.propose(kwame, ref, 'cg', { outcome: 'positive', reasons: 'x', version: await version(ref) }, ctx(kwame)), /outcomes in force/);
    const cg = await s.casework.decisions.propose(kwame, ref, 'cg', {
      outcome: 'trafficking', reasons: 'On the balance of probabilities.', version: await version(ref),
      residencePermit: { recommended: true, bases: ['police_cooperation'], periodMonths: 12 },
    }, ctx(kwame));
    assert.equal(cg.status, 'issued');
    assert.equal(cg.moveOnEnd, '2026-06-05'); // 45 days after 21 April
    assert.equal((await status(ref)).status, 'cg_positive');
  });

  it('stays removal in the recovery period for a non-EEA national without leave (routed to the Immigration Enforcement CA)', async () => {
    at('2026-03-02T10:00:00Z');
    const ref = await refer(adult({ immigrationStatus: 'no_leave', asylumClaim: 'no' }));
    await assert.rejects(s.casework.assignment.take(kwame, ref, { version: await version(ref) }, ctx(kwame)), ReferralForbiddenError);
    await s.casework.decisions.propose(other, ref, 'rg', { outcome: 'positive', reasons: 'Indicators of forced labour.', version: await version(ref) }, ctx(other));
    const [period] = await s.database.db.select().from(recoveryPeriods).where(eq(recoveryPeriods.referralId, (await status(ref)).id));
    assert.equal(period!.removalStayed, true);
  });

  it('a negative decision waits for a second caseworker; its maker cannot review it, and a returned one is never issued', async () => {
    at('2026-03-02T10:00:00Z');
    const ref = await refer();
    const negative = await s.casework.decisions.propose(kwame, ref, 'rg', { outcome: 'negative', reasonCategory: 'no_exploitation', reasons: 'No indicators.', version: await version(ref) }, ctx(kwame));
    assert.equal(negative.status, 'awaiting_review');
    assert.equal((await status(ref)).status, 'awaiting_rg');
    await assert.rejects(s.casework.decisions.propose(kwame, ref, 'rg', { outcome: 'negative', reasonCategory: 'no_exploitation', reasons: 'again', version: await version(ref) }, ctx(kwame)), /already waiting/);
    await assert.rejects(s.casework.decisions.review(kwame, ref, negative.id, { agree: true, version: await version(ref) }, ctx(kwame)), /you made it/);
    const returned = await s.casework.decisions.review(grace, ref, negative.id, { agree: false, comment: 'Consider the debt bondage.', version: await version(ref) }, ctx(grace));
    assert.equal(returned.status, 'returned');
    assert.equal((await status(ref)).status, 'awaiting_rg');

    const second = await s.casework.decisions.propose(kwame, ref, 'rg', { outcome: 'negative', reasonCategory: 'no_exploitation', reasons: 'Still no indicators.', version: await version(ref) }, ctx(kwame));
    const issued = await s.casework.decisions.review(grace, ref, second.id, { agree: true, version: await version(ref) }, ctx(grace));
    assert.equal(issued.status, 'issued');
    assert.equal(issued.reviewedBy, grace.userId);
    assert.equal((await status(ref)).status, 'rg_negative');

    // The database itself refuses an issued negative without a second reviewer.
    await assert.rejects(s.database.db.update(decisions).set({ reviewedBy: kwame.userId }).where(eq(decisions.id, issued.id)));
  });

  it('reconsideration is asked within 30 days, accepted, and the new decision links to the old one', async () => {
    at('2026-03-02T10:00:00Z');
    const ref = await refer();
    const negative = await s.casework.decisions.propose(kwame, ref, 'rg', { outcome: 'negative', reasonCategory: 'no_exploitation', reasons: 'No indicators.', version: await version(ref) }, ctx(kwame));
    await s.casework.decisions.review(grace, ref, negative.id, { agree: true, version: await version(ref) }, ctx(grace));
    at('2026-04-02T10:00:00Z'); // 31 days later
    await assert.rejects(s.casework.reconsideration.ask(fiona, ref, { grounds: 'new_evidence', detail: 'Medical report.' }, ctx(fiona)), /ended on 2026-04-01/);
    at('2026-04-01T10:00:00Z');
    await s.casework.reconsideration.ask(fiona, ref, { grounds: 'new_evidence', detail: 'Medical report.' }, ctx(fiona));
    await assert.rejects(s.casework.reconsideration.ask(fiona, ref, { grounds: 'new_evidence', detail: 'Again.' }, ctx(fiona)), /already been asked/);
    const row = await status(ref);
    const record = await s.casework.records.load(row.id, 'england', 'ca_caseworker');
    await s.casework.reconsideration.decide(priya, ref, record.reconsiderations[0]!.id, { accept: true, reasons: 'New evidence.', version: await version(ref) }, ctx(priya));
    const back = await status(ref);
    assert.equal(back.status, 'awaiting_rg');
    assert.equal(back.reasonableGroundsDueDate, '2026-04-10'); // 5 working days from 1 April, Good Friday and Easter Monday excepted
    const fresh = await s.casework.decisions.propose(kwame, ref, 'rg', { outcome: 'positive', reasons: 'With the report.', version: await version(ref) }, ctx(kwame));
    assert.equal(fresh.reconsiderationOf, negative.id);
  });

  it('refuses a CG decision on the last day of the recovery period, writing nothing, and accepts it the next day', async () => {
    at('2026-03-02T10:00:00Z');
    const ref = await refer();
    await s.casework.decisions.propose(kwame, ref, 'rg', { outcome: 'positive', reasons: 'Indicators of control.', version: await version(ref) }, ctx(kwame));
    const [period] = await s.database.db.select().from(recoveryPeriods).where(eq(recoveryPeriods.referralId, (await status(ref)).id));
    assert.equal(period!.currentEnd, '2026-04-01');
    const cg = async () => s.casework.decisions.propose(kwame, ref, 'cg', {
      outcome: 'slavery_servitude_forced_labour', reasons: 'On the balance of probabilities.', version: await version(ref), residencePermit: { recommended: false, bases: [] },
    }, ctx(kwame));

    at('2026-04-01T22:59:00Z'); // 23:59 on 1 April in the UK (BST): still the last day
    const before = await decisionsOn(ref);
    const versionBefore = await version(ref);
    await assert.rejects(cg(), (e: Error) => e instanceof CaseworkRefusedError && /ends on 2026-04-01\. The earliest date is 2026-04-02/.test(e.message));
    assert.equal((await decisionsOn(ref)).length, before.length, 'no decision row written');
    assert.equal(await version(ref), versionBefore);
    assert.equal((await status(ref)).status, 'rg_positive');

    at('2026-04-01T23:00:00Z'); // midnight: 2 April in the UK
    const issued = await cg();
    assert.equal(issued.status, 'issued');
    assert.equal(issued.decidedOn, '2026-04-02');
    assert.equal((await decisionsOn(ref)).length, before.length + 1);
    assert.equal((await status(ref)).status, 'cg_positive');
  });

  it('a child’s case from referral to a positive CG: the local authority is told at referral', async () => {
    at('2026-03-05T10:00:00Z'); // Thursday
    const ref = await refer(childReferral());
    let row = await status(ref);
    assert.equal(row.treatedAsChild, true);
    assert.equal(row.status, 'awaiting_rg');
    assert.equal(row.reasonableGroundsDueDate, '2026-03-12');
    const told = await s.database.db.select().from(outboxMessages).where(eq(outboxMessages.subjectId, row.id));
    const childReferred = told.filter((m) => m.topic === 'child.referred');
    assert.equal(childReferred.length, 1, `topics: ${told.map((m) => m.topic).join(', ')}`);
    assert.ok(childReferred[0]!.recipientOrganisationId, 'addressed to the local authority');
    assert.equal((childReferred[0]!.payload as { localAuthorityCode: string }).localAuthorityCode, 'E09000017');

    await s.casework.assignment.take(kwame, ref, { version: await version(ref) }, ctx(kwame));
    at('2026-03-09T10:00:00Z');
    await s.casework.decisions.propose(kwame, ref, 'rg', { outcome: 'positive', reasons: 'Indicators of criminal exploitation.', version: await version(ref) }, ctx(kwame));
    row = await status(ref);
    assert.equal(row.status, 'rg_positive');
    const [period] = await s.database.db.select().from(recoveryPeriods).where(eq(recoveryPeriods.referralId, row.id));
    assert.equal(period!.startedOn, '2026-03-09');
    assert.equal(period!.currentEnd, '2026-04-08');
    assert.equal(period!.caseReviewDue, '2026-04-08');

    at('2026-04-07T10:00:00Z');
    await s.casework.recovery.recordCaseReview(kwame, ref, { note: 'Placed with foster carers; attending school.', version: await version(ref) }, ctx(kwame));
    const [reviewed] = await s.database.db.select().from(recoveryPeriods).where(eq(recoveryPeriods.referralId, row.id));
    assert.equal(reviewed!.caseReviewedOn, '2026-04-07');
    assert.equal(reviewed!.caseReviewedBy, kwame.userId);
    assert.equal((await status(ref)).status, 'rg_positive');

    at('2026-04-09T10:00:00Z');
    const cg = await s.casework.decisions.propose(kwame, ref, 'cg', {
      outcome: 'trafficking', reasons: 'Recruited and moved for criminal exploitation.', version: await version(ref), residencePermit: { recommended: false, bases: [] },
    }, ctx(kwame));
    assert.equal(cg.status, 'issued');
    assert.equal(cg.moveOnEnd, '2026-05-24'); // 45 days after 9 April
    assert.equal((await status(ref)).status, 'cg_positive');
    const [permit] = await s.database.db.select().from(residencePermitConsiderations).where(eq(residencePermitConsiderations.decisionId, cg.id));
    assert.equal(permit!.recommended, false);
    assert.deepEqual(permit!.bases, []);
    assert.deepEqual((await decisionsOn(ref)).map((d) => `${d.stage}:${d.outcome}:${d.status}`).sort(), ['cg:trafficking:issued', 'rg:positive:issued']);
  });

  it('a reconsideration asked after the window writes nothing', async () => {
    at('2026-03-02T10:00:00Z');
    const ref = await refer();
    const negative = await s.casework.decisions.propose(kwame, ref, 'rg', { outcome: 'negative', reasonCategory: 'no_exploitation', reasons: 'No indicators.', version: await version(ref) }, ctx(kwame));
    await s.casework.decisions.review(grace, ref, negative.id, { agree: true, version: await version(ref) }, ctx(grace));
    const id = (await status(ref)).id;
    const countReconsiderations = async () => (await s.database.db.select().from(reconsiderations).where(eq(reconsiderations.referralId, id))).length;
    const countRequests = async () => (await s.database.db.select().from(outboxMessages).where(eq(outboxMessages.subjectId, id))).filter((m) => m.topic === 'reconsideration.requested').length;
    const versionBefore = await version(ref);

    at('2026-04-02T10:00:00Z'); // the window ended on 1 April
    await assert.rejects(s.casework.reconsideration.ask(fiona, ref, { grounds: 'not_in_line_with_guidance', detail: 'Too late.' }, ctx(fiona)), CaseworkRefusedError);
    assert.equal(await countReconsiderations(), 0);
    assert.equal(await countRequests(), 0, 'no message to the Competent Authority');
    assert.equal(await version(ref), versionBefore);
    assert.equal((await status(ref)).status, 'rg_negative');
  });

  it('suspension while missing stops the RG clock and gives back the working days left', async () => {
    at('2026-03-02T10:00:00Z'); // RG due Monday 9 March
    const ref = await refer();
    assert.equal((await status(ref)).reasonableGroundsDueDate, '2026-03-09');
    at('2026-03-04T10:00:00Z'); // 3 working days left (5, 6, 9 March)
    await s.casework.status.suspend(kwame, ref, { version: await version(ref) }, ctx(kwame));
    assert.equal((await status(ref)).status, 'suspended_missing');
    await assert.rejects(s.casework.decisions.propose(kwame, ref, 'rg', { outcome: 'positive', reasons: 'x', version: await version(ref) }, ctx(kwame)), /missing/);
    at('2026-03-20T10:00:00Z'); // found on a Friday
    await s.casework.status.resume(kwame, ref, { version: await version(ref) }, ctx(kwame));
    const resumed = await status(ref);
    assert.equal(resumed.status, 'awaiting_rg');
    assert.equal(resumed.reasonableGroundsDueDate, '2026-03-25');
    const alerts = await s.database.db.select().from(outboxMessages).where(eq(outboxMessages.topic, 'case.suspended'));
    assert.ok(alerts.some((m) => m.subjectId === resumed.id));
  });

  it('information requests go to the first responder, who answers in the system', async () => {
    at('2026-03-02T10:00:00Z');
    const ref = await refer();
    await s.casework.information.ask(kwame, ref, { question: 'Where is the person staying now?', version: await version(ref) }, ctx(kwame));
    const row = await status(ref);
    let record = await s.casework.records.load(row.id, 'england', 'first_responder');
    assert.equal(record.informationRequests[0]!.answerBy, '2026-03-04');
    await s.casework.information.answer(fiona, ref, record.informationRequests[0]!.id, { answer: 'With a friend in Leeds.' }, ctx(fiona));
    await assert.rejects(s.casework.information.answer(fiona, ref, record.informationRequests[0]!.id, { answer: 'again' }, ctx(fiona)), /already been answered/);
    record = await s.casework.records.load(row.id, 'england', 'ca_caseworker');
    assert.equal(record.informationRequests[0]!.answer, 'With a friend in Leeds.');
    assert.equal((await status(ref)).reasonableGroundsDueDate, '2026-03-09'); // the clock does not stop
  });

  it('refuses stale versions, other authorities, and closed cases; audits each step', async () => {
    at('2026-03-02T10:00:00Z');
    const ref = await refer();
    const v = await version(ref);
    await s.casework.assignment.assign(priya, ref, { userId: grace.userId, version: v }, ctx(priya));
    await assert.rejects(s.casework.assignment.take(kwame, ref, { version: v }, ctx(kwame)), StaleVersionError);
    await assert.rejects(s.casework.assignment.assign(priya, ref, { userId: fiona.userId, version: await version(ref) }, ctx(priya)), /caseworker of your Competent Authority/);
    await assert.rejects(s.casework.assignment.take(other, ref, { version: await version(ref) }, ctx(other)), ReferralForbiddenError);
    await s.casework.status.withdraw(kwame, ref, { reason: 'Referred twice.', version: await version(ref) }, ctx(kwame));
    await assert.rejects(s.casework.decisions.propose(kwame, ref, 'rg', { outcome: 'positive', reasons: 'x', version: await version(ref) }, ctx(kwame)), /withdrawn/);
    const row = await status(ref);
    const events = await s.database.db.select().from(auditEvents).where(eq(auditEvents.recordId, row.id));
    assert.ok(events.some((e) => e.action === 'permission_denied' && e.actorEmail === 'manager@iecca.example'));
    assert.ok(events.filter((e) => e.action === 'update' && e.actorEmail !== 'first.responder@palermo.example').length >= 2);
  });

  it('the work queue puts what is due soonest first, marks overdue, and filters', async () => {
    at('2026-03-02T10:00:00Z');
    const late = await refer(); // due 9 March
    at('2026-03-05T10:00:00Z');
    const child = await refer(childReferral()); // due 12 March
    at('2026-03-11T10:00:00Z');
    const queue = await s.casework.queue.list(kwame, []);
    const refs = queue.rows.map((r) => r.reference);
    assert.ok(refs.indexOf(late) < refs.indexOf(child));
    assert.equal(queue.rows.find((r) => r.reference === late)!.marker, 'overdue');
    assert.equal(queue.rows.find((r) => r.reference === child)!.marker, 'due_soon');
    const children = await s.casework.queue.list(kwame, ['child']);
    assert.deepEqual(children.rows.map((r) => r.reference), [child]);
    const overdue = await s.casework.queue.list(kwame, ['overdue']);
    assert.ok(overdue.rows.every((r) => r.marker === 'overdue'));
    assert.ok(overdue.rows.some((r) => r.reference === late));
    const elsewhere = (await s.casework.queue.list(other, [])).rows.map((r) => r.reference);
    assert.ok(!elsewhere.includes(late) && !elsewhere.includes(child));
    await s.casework.decisions.propose(kwame, late, 'rg', { outcome: 'negative', reasonCategory: 'no_exploitation', reasons: 'No indicators.', version: await version(late) }, ctx(kwame));
    const review = await s.casework.queue.list(kwame, ['review']);
    assert.ok(review.rows.some((r) => r.reference === late));
    assert.ok(review.rows.every((r) => r.nextStep === 'second_review'));
    assert.ok(!review.rows.some((r) => r.reference === child));
  });

  it('every case keeps the place in the queue that its decisions, recovery period and reconsiderations give it', async () => {
    // After all the steps above (decisions, reviews, suspensions, extensions, reconsiderations,
    // withdrawals), the stored place equals the one worked out afresh, case by case.
    const cases = await s.database.rows<{ n: number; stale: number; queued: number }>(sql`
      SELECT count(*)::int AS n, count(*) FILTER (WHERE r.queue_step IS NOT NULL)::int AS queued,
        count(*) FILTER (WHERE r.queue_step IS DISTINCT FROM q.step OR r.queue_due_on IS DISTINCT FROM q.due_on)::int AS stale
      FROM referrals r, casework_queue_position(r.id, r.route, r.status, r.reasonable_grounds_due_date) q`);
    assert.ok(cases[0]!.n > 10 && cases[0]!.queued > 3);
    assert.equal(cases[0]!.stale, 0);
  });
});
