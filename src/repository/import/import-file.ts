import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { SQL } from 'drizzle-orm';
import type { Services } from '../../services.js';
import type { Db } from '../../platform/db/database.js';
import { actorOf, type Principal } from '../../platform/auth/principal.js';
import type { AuditContext } from '../../platform/audit/audit-log.js';
import { findUserByEmail } from '../../users/store.js';
import { findOrganisation } from '../../organisations/store.js';
import { nextReferenceNumber, submissionInserts } from '../../referrals/store.js';
import { personAndSituations, referralRow, requestHashOf } from '../../referrals/service.js';
import { routeOf } from '../../referrals/schema.js';
import { fingerprint } from './file-lines.js';
import { Progress } from './progress.js';
import { validateFile, type FileValidation, type LineProblem, type ValidRecord } from './validate-file.js';
import { refreshQueuePositions } from '../../casework/queue-position.js';
import { findOrCreateLegacyUser, insertCaseEvents, insertDecisions, insertRecoveryPeriods, insertSuspensions, runInserts } from './store.js';

/**
 * `palermo import FILE`: historical referrals from a legacy system (docs/IMPORT.md), all or nothing.
 * First every line is checked and every problem reported; if there is one, nothing is stored. Then
 * every record is stored in one transaction, with its original dates and the dates the rules in force
 * on them derive. Records whose externalId is already in Palermo are skipped, so a file can be run again.
 *
 * The audit log gets one event for the import (the administrator, the file's SHA-256 and the counts),
 * not one per referral: it is one act of one person, and each appended event holds the chain's lock.
 * Each referral's case history says it was imported, by whom, and names the import's event.
 */

export class ImportRefusedError extends Error {}

export interface ImportSummary {
  importId: string;
  file: string;
  sha256: string;
  lines: number;
  imported: number;
  alreadyPresent: number;
  decisions: number;
  dryRun: boolean;
}

export type ImportOutcome = { ok: true; summary: ImportSummary } | { ok: false; lines: number; problems: LineProblem[] };

export interface ImportOptions {
  dryRun?: boolean;
  /** Where progress lines go (the CLI: standard error); every `progressEvery` lines. */
  progress?: (line: string) => void;
  progressEvery?: number;
}

/** The administrator doing the import, as a principal; anyone else is refused. */
export async function importingAdministrator(services: Services, email: string): Promise<Principal> {
  const user = await findUserByEmail(services.database.db, email);
  if (!user || !user.active) throw new ImportRefusedError(`No active user with the email address ${email}.`);
  if (user.role !== 'admin') throw new ImportRefusedError(`Only an administrator may import historical referrals: ${user.email} is not one.`);
  const organisation = await findOrganisation(services.database.db, user.organisationId, 'all', { userId: user.id, organisationId: user.organisationId });
  return { userId: user.id, email: user.email, name: user.name, role: 'admin', organisationId: user.organisationId, organisationName: organisation?.name ?? '', via: 'session' };
}

export async function importLegacyFile(services: Services, principal: Principal, file: string, options: ImportOptions = {}): Promise<ImportOutcome> {
  if (principal.role !== 'admin') throw new ImportRefusedError('Only an administrator may import historical referrals.');
  const write = options.progress ?? (() => undefined);
  const every = options.progressEvery ?? 1000;
  const { sha256, lines } = await fingerprint(file);
  const validation = await validateFile(services.database.db, file, { now: services.clock.now(), progress: new Progress(write, 'validated', lines, 'lines', every) });
  if (validation.problems.length > 0) return { ok: false, lines: validation.lines, problems: validation.problems };

  const summary: ImportSummary = {
    importId: randomUUID(), file: path.basename(file), sha256, lines: validation.lines, imported: 0, alreadyPresent: validation.alreadyPresent.length,
    decisions: 0, dryRun: Boolean(options.dryRun),
  };
  const context: AuditContext = { actor: actorOf(principal) };
  try {
    await services.database.transaction(async (tx) => {
      await storeAll(services, tx, principal, context, validation, summary, new Progress(write, 'imported', validation.records.length, 'referrals', every));
      // A dry run rehearses every write, then undoes them all.
      if (options.dryRun) throw new DryRunRollback();
    });
  } catch (error) {
    if (!(error instanceof DryRunRollback)) throw error;
  }
  return { ok: true, summary };
}

class DryRunRollback extends Error {}

async function storeAll(services: Services, tx: Db, principal: Principal, context: AuditContext, validation: FileValidation, summary: ImportSummary, progress: Progress): Promise<void> {
  const legacy = {
    system: await findOrCreateLegacyUser(tx, 'system', principal.organisationId),
    review: await findOrCreateLegacyUser(tx, 'review', principal.organisationId),
  };
  // Reference numbers follow the order of receipt within each year's series.
  const records = [...validation.records].sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime() || a.line - b.line);
  const writer = new RecordWriter(services, tx, principal, { system: legacy.system.id, review: legacy.review.id }, summary);
  for (const record of records) {
    await writer.store(record);
    summary.imported += 1;
    progress.tick();
  }
  // The audit events last: the chain's lock is then held only from here to the commit.
  for (const user of Object.values(legacy).filter((u) => u.created)) {
    await services.audit.record(tx, context, { action: 'create', recordType: 'user', recordId: user.id, fields: ['email', 'name', 'organisationId', 'role'], details: { legacyImport: true, active: false } });
  }
  await services.audit.record(tx, context, {
    action: 'create', recordType: 'legacy_import', recordId: summary.importId, fields: ['referrals', 'decisions', 'recovery_periods', 'case_events'],
    details: { file: summary.file, sha256: summary.sha256, lines: summary.lines, imported: summary.imported, alreadyPresent: summary.alreadyPresent, decisions: summary.decisions },
  });
}

/** Writes one record: the referral as the service stores a submission, then its history, in one statement. */
class RecordWriter {
  private readonly now: Date;

  constructor(
    private readonly services: Services,
    private readonly tx: Db,
    private readonly principal: Principal,
    private readonly legacy: { system: string; review: string },
    private readonly summary: ImportSummary,
  ) {
    this.now = services.clock.now();
  }

  async store(r: ValidRecord): Promise<void> {
    const { cipher } = this.services;
    const s = r.submission;
    const series = `${routeOf(s) === 'nrm' ? 'NRM' : 'DTN'}-${r.receivedOn.slice(0, 4)}`;
    const reference = `${series}-${String(await nextReferenceNumber(this.tx, series)).padStart(6, '0')}`;
    const referral = {
      ...referralRow({
        submission: s, referrer: r.referrer, now: r.receivedAt, reference, idempotencyKey: `import:${r.externalId}`, requestHash: requestHashOf(s),
        principal: { organisationId: r.organisationId, userId: this.legacy.system },
      }, r.routing, randomUUID(), r.receivedOn),
      status: r.history.status, externalId: r.externalId,
    };
    const { person, situations } = personAndSituations(cipher, this.services.referrals.names, s, referral);
    const inserts = [...submissionInserts({ referral, person, situations }), ...this.historyInserts(referral.id, r)];
    await runInserts(this.tx, inserts);
    await refreshQueuePositions(this.tx, [referral.id]);
  }

  private historyInserts(referralId: string, r: ValidRecord): SQL[] {
    const { cipher } = this.services;
    const h = r.history;
    const events: Parameters<typeof insertCaseEvents>[0] = [{
      referralId, occurredAt: this.now, actorId: this.principal.userId, event: 'legacy_imported', details: { externalId: r.externalId, importId: this.summary.importId },
    }];
    const decisionRows = h.decisions.map((d) => {
      const at = middayOf(d.decidedOn);
      events.push({ referralId, occurredAt: at, actorId: this.legacy.system, event: 'decision_issued', details: { stage: d.stage, outcome: d.outcome, reconsideration: false, legacy: true } });
      return {
        id: randomUUID(), referralId, stage: d.stage, outcome: d.outcome, positive: d.positive, reasonsSealed: cipher.encrypt(d.reasons), reasonCategory: d.reasonCategory,
        standardOfProof: d.standardOfProof, status: 'issued', decidedOn: d.decidedOn, dueDate: d.dueDate,
        madeBy: this.legacy.system, madeAt: at, issuedAt: at, moveOnEnd: d.moveOnEnd,
        // The legacy system issued it, so it was reviewed there; Palermo does not know by whom.
        reviewedBy: d.positive ? null : this.legacy.review, reviewedAt: d.positive ? null : at,
        reviewCommentSealed: d.positive ? null : cipher.encrypt('Reviewed in the legacy system before import; the reviewer is not recorded in Palermo.'),
      };
    });
    this.summary.decisions += decisionRows.length;
    const inserts: SQL[] = decisionRows.length > 0 ? [insertDecisions(decisionRows)] : [];
    const period = h.recoveryPeriod;
    if (period) {
      inserts.push(insertRecoveryPeriods([{
        referralId, decisionId: decisionRows[0]!.id, startedOn: period.startedOn, minimumEnd: period.minimumEnd, currentEnd: period.minimumEnd,
        ruleSource: period.ruleSource, removalStayed: period.removalStayed, caseReviewDue: period.caseReviewDue,
      }]));
      events.push({ referralId, occurredAt: middayOf(period.startedOn), actorId: this.legacy.system, event: 'recovery_period_opened', details: { startedOn: period.startedOn, minimumEnd: period.minimumEnd, minimumDays: period.minimumDays } });
    }
    if (h.suspension) {
      const at = middayOf(h.suspension.startedOn);
      inserts.push(insertSuspensions([{ referralId, reason: 'missing', startedAt: at, startedBy: this.legacy.system, statusBefore: h.suspension.statusBefore, workingDaysLeft: h.suspension.workingDaysLeft }]));
      events.push({ referralId, occurredAt: at, actorId: this.legacy.system, event: 'suspended_missing', details: { workingDaysLeft: h.suspension.workingDaysLeft } });
    }
    if (h.withdrawnOn) events.push({ referralId, occurredAt: middayOf(h.withdrawnOn), actorId: this.legacy.system, event: 'withdrawn', details: {} });
    inserts.push(insertCaseEvents(events));
    return inserts;
  }
}

/** A historical event known only by its date: noon UTC, which is that same date in UK time all year. */
function middayOf(date: string): Date {
  return new Date(`${date}T12:00:00Z`);
}
