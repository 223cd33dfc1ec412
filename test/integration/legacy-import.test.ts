import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { asc, eq, inArray } from 'drizzle-orm';
import { createTestServices, FixedClock, type TestContext } from '../support/test-services.js';
import { principalFor } from '../support/principals.js';
import type { Principal } from '../../src/platform/auth/principal.js';
import { referrals } from '../../src/referrals/tables.js';
import { organisations } from '../../src/organisations/tables.js';
import { caseEvents, caseSuspensions, decisions, recoveryPeriods } from '../../src/casework/tables.js';
import { auditEvents } from '../../src/platform/audit/tables.js';
import { users } from '../../src/users/tables.js';
import { reasonableGroundsDue } from '../../src/casework/deadlines.js';
import { importingAdministrator, importLegacyFile, ImportRefusedError, type ImportOutcome } from '../../src/repository/import/import-file.js';

// Monday 2 March 2026, 10:00 UK time.
const clock = new FixedClock(new Date('2026-03-02T10:00:00Z'));
let s: TestContext;
let admin: Principal;
let dir: string;
let files = 0;

const adult = (person: Record<string, unknown> = {}) => ({
  under18: 'no', consent: true,
  person: {
    givenName: 'Amina', familyName: 'Legacy', dateOfBirth: '1985-04-12', gender: 'female', nationalities: ['NG'], languages: ['en'],
    letterRecipient: 'first_responder', asylumClaim: 'no', detention: 'none', immigrationStatus: 'no_leave', ...person,
  },
  situations: [{ types: ['labour'], startMonth: '2008-01', endMonth: '2009-05', locationUnknown: true }],
});

const line = (externalId: string, fields: Record<string, unknown>) => JSON.stringify({
  externalId, receivedAt: '2009-06-01T10:00:00Z', organisation: 'Metropolitan Police Service', referral: adult(), ...fields,
});

function fileOf(lines: string[]): string {
  files += 1;
  const file = path.join(dir, `legacy-${files}.jsonl`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

async function importOk(file: string, options: Parameters<typeof importLegacyFile>[3] = {}) {
  const outcome = await importLegacyFile(s, admin, file, options);
  assert.ok(outcome.ok, JSON.stringify(outcome));
  return outcome.summary;
}

async function byExternalId(externalId: string) {
  const [row] = await s.database.db.select().from(referrals).where(eq(referrals.externalId, externalId));
  assert.ok(row, `no referral ${externalId}`);
  const [period] = await s.database.db.select().from(recoveryPeriods).where(eq(recoveryPeriods.referralId, row.id));
  const decided = await s.database.db.select().from(decisions).where(eq(decisions.referralId, row.id)).orderBy(asc(decisions.decidedOn));
  const [authority] = await s.database.db.select().from(organisations).where(eq(organisations.id, row.competentAuthorityId!));
  return { referral: row, period, decisions: decided, authority };
}

const good = [
  // 2009: positive RG on its original date, the 45-day recovery period then in force; routed under the 2009 model.
  line('L-2009-1', { decisions: [{ stage: 'rg', outcome: 'positive', decidedOn: '2009-06-05', reasons: 'Credible account of forced labour.' }] }),
  // 2009, asylum claimed: the UK Border Agency under the 2009 model.
  line('L-2009-2', { receivedAt: '2009-07-01T09:00:00+01:00', referral: adult({ familyName: 'Second', asylumClaim: 'yes' }) }),
  // 2023: positive RG (30 days from 13 December 2022), then a CG after the period, in England's outcomes of the day.
  line('L-2023-1', {
    receivedAt: '2023-02-20T12:00:00Z', referral: { ...adult({ familyName: 'Third', nationalities: ['AL'] }), situations: [{ types: ['sexual'], startMonth: '2022-06', ongoing: true, locationUnknown: true }] },
    decisions: [
      { stage: 'rg', outcome: 'positive', decidedOn: '2023-03-01', reasons: 'Indicators of sexual exploitation.' },
      { stage: 'cg', outcome: 'trafficking', decidedOn: '2023-05-10', reasons: 'Recognised on the balance of probabilities.' },
    ],
  }),
  // Scotland, received on Christmas Eve 2024: its RG due date skips Scotland's 25, 26 December, 1 and 2 January. Negative RG.
  line('L-SCT-1', {
    receivedAt: '2024-12-24T11:00:00Z', organisation: 'Police Scotland', referral: { ...adult({ familyName: 'Fourth' }), situations: [{ types: ['criminal'], startMonth: '2024-01', endMonth: '2024-11', locationUnknown: true }] },
    decisions: [{ stage: 'rg', outcome: 'negative', decidedOn: '2025-01-06', reasons: 'No indicators found.' }],
  }),
  // Withdrawn before any decision.
  line('L-2010-W', { receivedAt: '2010-03-01T10:00:00Z', referral: adult({ familyName: 'Fifth' }), status: 'withdrawn', statusOn: '2010-03-04' }),
];

before(async () => {
  s = await createTestServices({ clock });
  admin = await principalFor(s, 'admin@palermo.example');
  dir = mkdtempSync(path.join(tmpdir(), 'palermo-legacy-'));
});
after(async () => {
  await s?.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe('historical import', () => {
  it('refuses anyone but an administrator', async () => {
    await assert.rejects(importingAdministrator(s, 'caseworker@palermo.example'), ImportRefusedError);
    await assert.rejects(importingAdministrator(s, 'nobody@palermo.example'), ImportRefusedError);
    const caseworker = await principalFor(s, 'caseworker@palermo.example');
    await assert.rejects(importLegacyFile(s, caseworker, fileOf(good)), ImportRefusedError);
    assert.equal((await importingAdministrator(s, 'admin@palermo.example')).userId, admin.userId);
  });

  it('a dry run checks and rehearses everything and stores nothing', async () => {
    const summary = await importOk(fileOf(good), { dryRun: true });
    assert.equal(summary.imported, 5);
    assert.equal(summary.dryRun, true);
    const stored = await s.database.db.select({ id: referrals.id }).from(referrals).where(inArray(referrals.externalId, ['L-2009-1', 'L-SCT-1']));
    assert.equal(stored.length, 0);
  });

  it('imports nothing when one line is bad, and reports every bad line with its number and reason', async () => {
    const before = (await s.database.db.select({ id: referrals.id }).from(referrals)).length;
    const file = fileOf([
      good[0]!,
      '{"externalId": "L-BROKEN", ',
      good[1]!,
      // A CG decision 20 days after a positive RG in 2010, inside the 45-day recovery period then in force.
      line('L-EARLY-CG', { decisions: [{ stage: 'rg', outcome: 'positive', decidedOn: '2009-06-05', reasons: 'x' }, { stage: 'cg', outcome: 'positive', decidedOn: '2009-06-25', reasons: 'y' }] }),
      line('L-NO-ORG', { organisation: 'Metropolitan Police' }),
      // England and Wales outcomes at CG began on 31 July 2015.
      line('L-OUTCOME', { decisions: [{ stage: 'rg', outcome: 'positive', decidedOn: '2009-06-05', reasons: 'x' }, { stage: 'cg', outcome: 'trafficking', decidedOn: '2009-09-01', reasons: 'y' }] }),
      // Aged 14 when received in 2009 (an adult now): the age is checked as of the day received.
      line('L-AGE', { referral: adult({ dateOfBirth: '1995-01-01' }) }),
      line('L-2009-1', {}),
      '',
    ]);
    const outcome: ImportOutcome = await importLegacyFile(s, admin, file);
    assert.equal(outcome.ok, false);
    if (outcome.ok) return;
    const reported = Object.fromEntries(outcome.problems.map((p) => [p.line, p.problems.map((x) => `${x.field}: ${x.message}`).join(' | ')]));
    assert.deepEqual(Object.keys(reported).map(Number), [2, 4, 5, 6, 7, 8]);
    assert.match(reported[2]!, /^line: Not valid JSON/);
    assert.match(reported[4]!, /decisions\.1\.decidedOn: A conclusive grounds decision cannot be made before the recovery period ends on 2009-07-20.*earliest date is 2009-07-21/);
    assert.match(reported[5]!, /organisation: No organisation named “Metropolitan Police”/);
    assert.match(reported[6]!, /decisions\.1\.outcome: .* on 2009-09-01 in England: the outcomes in force were positive, negative/);
    assert.match(reported[7]!, /referral\.under18: The date of birth shows the person is 14/);
    assert.match(reported[8]!, /externalId: “L-2009-1” is also the externalId of line 1/);
    assert.equal((await s.database.db.select({ id: referrals.id }).from(referrals)).length, before);
  });

  it('imports with original dates and the dates the rules in force then derive, with progress', async () => {
    const progress: string[] = [];
    const summary = await importOk(fileOf(good), { progress: (l) => progress.push(l), progressEvery: 2 });
    assert.deepEqual([summary.imported, summary.alreadyPresent, summary.lines, summary.decisions], [5, 0, 5, 4]);
    assert.deepEqual(progress, ['validated 2 of 5 lines', 'validated 4 of 5 lines', 'imported 2 of 5 referrals', 'imported 4 of 5 referrals']);

    const first = await byExternalId('L-2009-1');
    assert.match(first.referral.reference, /^NRM-2009-\d{6}$/);
    assert.equal(first.referral.receivedAt.toISOString(), '2009-06-01T10:00:00.000Z');
    assert.equal(first.referral.status, 'rg_positive');
    assert.equal(first.referral.idempotencyKey, 'import:L-2009-1');
    assert.equal(first.referral.reasonableGroundsDueDate, '2009-06-08');
    assert.equal(first.authority?.competentAuthorityCode, 'ukhtc');
    assert.equal(first.referral.routingRule, 'nrm-2009/general');
    assert.deepEqual([first.period?.startedOn, first.period?.minimumEnd, first.period?.currentEnd, first.period?.caseReviewDue], ['2009-06-05', '2009-07-20', '2009-07-20', '2009-07-05']);
    assert.equal(first.period?.removalStayed, true);
    assert.match(first.period!.ruleSource, /^45 days/);
    const [rg] = first.decisions;
    assert.deepEqual([rg!.status, rg!.decidedOn, rg!.dueDate, rg!.positive], ['issued', '2009-06-05', '2009-06-08', true]);
    assert.match(rg!.standardOfProof, /I suspect but cannot prove/);
    assert.equal(s.cipher.decrypt(rg!.reasonsSealed), 'Credible account of forced labour.');

    const second = await byExternalId('L-2009-2');
    assert.equal(second.authority?.competentAuthorityCode, 'ukba');
    assert.equal(second.referral.routingRule, 'nrm-2009/asylum-claim');
    assert.equal(second.referral.status, 'awaiting_rg');
    // Numbered in order of receipt within the year's series.
    assert.ok(second.referral.reference > first.referral.reference);

    const recent = await byExternalId('L-2023-1');
    assert.equal(recent.authority?.competentAuthorityCode, 'iecca'); // a foreign national without leave, 2023
    assert.deepEqual([recent.period?.startedOn, recent.period?.minimumEnd], ['2023-03-01', '2023-03-31']);
    assert.match(recent.period!.ruleSource, /^30 days/);
    assert.equal(recent.referral.status, 'cg_positive');
    const cg = recent.decisions.find((d) => d.stage === 'cg')!;
    assert.deepEqual([cg.outcome, cg.moveOnEnd, cg.dueDate], ['trafficking', '2023-06-24', null]);
    assert.match(recent.decisions.find((d) => d.stage === 'rg')!.standardOfProof, /reasonable grounds to believe/);

    const scottish = await byExternalId('L-SCT-1');
    assert.equal(scottish.referral.nation, 'scotland');
    assert.equal(scottish.referral.reasonableGroundsDueDate, '2025-01-06');
    assert.equal(reasonableGroundsDue('2024-12-24', 'england'), '2025-01-03'); // England has no 2 January holiday
    assert.equal(scottish.referral.status, 'rg_negative');
    assert.equal(scottish.period, undefined);
    const [negative] = scottish.decisions;
    assert.ok(negative!.reviewedBy && negative!.reviewedBy !== negative!.madeBy);
    const placeholders = await s.database.db.select().from(users).where(inArray(users.id, [negative!.madeBy, negative!.reviewedBy]));
    assert.deepEqual(placeholders.map((u) => u.active), [false, false]);

    const withdrawn = await byExternalId('L-2010-W');
    assert.equal(withdrawn.referral.status, 'withdrawn');
    const history = await s.database.db.select().from(caseEvents).where(eq(caseEvents.referralId, withdrawn.referral.id)).orderBy(asc(caseEvents.occurredAt));
    assert.deepEqual(history.map((e) => e.event), ['withdrawn', 'legacy_imported']);
    assert.equal(history[1]!.actorId, admin.userId);
  });

  it('records one audit event for the import, and the chain still verifies', async () => {
    const events = await s.database.db.select().from(auditEvents).where(eq(auditEvents.recordType, 'legacy_import'));
    assert.equal(events.length, 1);
    const details = events[0]!.details as Record<string, unknown>;
    assert.equal(events[0]!.actorEmail, 'admin@palermo.example');
    assert.equal(events[0]!.action, 'create');
    assert.equal(details.imported, 5);
    assert.match(String(details.sha256), /^[0-9a-f]{64}$/);
    const verified = await s.audit.verify();
    assert.ok(verified.ok, JSON.stringify(verified));
  });

  it('importing the same records again changes nothing', async () => {
    const count = async () => (await s.database.db.select({ id: referrals.id }).from(referrals)).length;
    const before = await count();
    const suspended = line('L-SUSP', { receivedAt: '2011-05-02T10:00:00Z', referral: adult({ familyName: 'Sixth' }), status: 'suspended_missing', statusOn: '2011-05-04' });
    const summary = await importOk(fileOf([...good, suspended]));
    assert.deepEqual([summary.imported, summary.alreadyPresent], [1, 5]);
    assert.equal(await count(), before + 1);
    const { referral } = await byExternalId('L-SUSP');
    assert.equal(referral.status, 'suspended_missing');
    const [suspension] = await s.database.db.select().from(caseSuspensions).where(eq(caseSuspensions.referralId, referral.id));
    // Received on Monday 2 May 2011, a bank holiday: due five working days later, on 9 May; suspended on 4 May with 3 left.
    assert.deepEqual([referral.reasonableGroundsDueDate, suspension?.statusBefore, suspension?.workingDaysLeft], ['2011-05-09', 'awaiting_rg', 3]);
    const again = await importOk(fileOf([...good, suspended]));
    assert.deepEqual([again.imported, again.alreadyPresent], [0, 6]);
    assert.equal(await count(), before + 1);
    assert.ok((await s.audit.verify()).ok);
  });
});
