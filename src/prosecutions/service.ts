import { createHash } from 'node:crypto';
import type { Database, Db } from '../platform/db/database.js';
import type { Clock } from '../platform/clock.js';
import type { AuditContext, AuditLog } from '../platform/audit/audit-log.js';
import { canonicalJson } from '../platform/audit/chain.js';
import type { FieldCipher } from '../platform/crypto/field-encryption.js';
import { can } from '../platform/auth/policy.js';
import type { Principal } from '../platform/auth/principal.js';
import { ForbiddenError } from '../platform/auth/forbidden.js';
import { isUniqueViolation } from '../platform/db/errors.js';
import { ukDate } from '../platform/working-days.js';
import { checkProsecution, prosecutionSubmissionSchema, zodProblems, type FieldProblem, type ProsecutionSubmission } from './schema.js';
import * as store from './store.js';
import { prosecutionTables, type ProsecutionStatistics } from './statistics.js';

/** The body is malformed (400) or breaks a rule across fields (422); nothing was written. */
export class ProsecutionValidationError extends Error {
  constructor(readonly problems: FieldProblem[], readonly status: 400 | 422) {
    super(status === 400 ? 'The prosecution outcome is not valid' : 'The prosecution outcome breaks a rule');
  }
}
export class ProsecutionForbiddenError extends ForbiddenError {
  constructor() {
    super('Only a prosecution service posts prosecution outcomes');
  }
}
export class IdempotencyConflictError extends Error {
  constructor() {
    super('This Idempotency-Key was already used for a different prosecution outcome. Use a new key for a new post.');
  }
}
/** A revision older than, or as old as but different from, the one stored. */
export class StaleRevisionError extends Error {
  constructor(stored: Date) {
    super(`A revision updated at ${stored.toISOString()} is already stored: send a revision updated later than that.`);
  }
}

export type SubmissionOutcome = 'created' | 'revised' | 'unchanged';

export interface SubmittedProsecution {
  id: string;
  reference: string;
  version: number;
  outcome: SubmissionOutcome;
  replayed: boolean;
}

const hash = (value: unknown) => createHash('sha256').update(canonicalJson(value)).digest('hex');

/**
 * Prosecution outcomes from the prosecution service's case-management system, linked to the victims'
 * referrals (2009 plan, chapter 2). A post creates the prosecution or revises it in place, by its
 * reference; the Competent Authority reads them on the case.
 */
export class ProsecutionService {
  constructor(private readonly database: Database, private readonly audit: AuditLog, private readonly clock: Clock, private readonly cipher: FieldCipher) {}

  async submit(principal: Principal, input: unknown, idempotencyKey: string, context: AuditContext): Promise<SubmittedProsecution> {
    const parsed = prosecutionSubmissionSchema.safeParse(input);
    if (!parsed.success) throw new ProsecutionValidationError(zodProblems(parsed.error), 400);
    const s = parsed.data;
    const db = this.database.db;
    if ((await store.organisationType(db, principal.organisationId)) !== 'prosecution') throw new ProsecutionForbiddenError();
    const requestHash = hash(s);
    const earlier = await this.replay(db, principal, idempotencyKey, requestHash);
    if (earlier) return earlier;
    const problems = checkProsecution(s, ukDate(this.clock.now()));
    const found = await store.referralIds(db, s.victims);
    s.victims.forEach((reference, i) => {
      if (!found.has(reference)) problems.push({ field: `victims.${i}`, message: `No referral with the reference ${reference}` });
    });
    if (problems.length > 0) throw new ProsecutionValidationError(problems, 422);
    const victimIds = s.victims.map((r) => found.get(r)!);
    // A concurrent post of the same key or of a new reference loses on a unique constraint: once more, it
    // finds the winner's row.
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.database.transaction((tx) => this.store(tx, principal, s, victimIds, idempotencyKey, requestHash, context));
      } catch (error) {
        if (attempt >= 2 || !isUniqueViolation(error)) throw error;
        const winner = await this.replay(db, principal, idempotencyKey, requestHash);
        if (winner) return winner;
      }
    }
  }

  private async replay(db: Db, principal: Principal, idempotencyKey: string, requestHash: string): Promise<SubmittedProsecution | undefined> {
    const earlier = await store.findSubmission(db, principal.organisationId, idempotencyKey);
    if (!earlier) return undefined;
    if (earlier.requestHash !== requestHash) throw new IdempotencyConflictError();
    const prosecution = await store.findProsecutionById(db, earlier.prosecutionId);
    return { id: earlier.prosecutionId, reference: prosecution!.reference, version: earlier.version, outcome: earlier.outcome as SubmissionOutcome, replayed: true };
  }

  private async store(tx: Db, principal: Principal, s: ProsecutionSubmission, victimIds: string[], idempotencyKey: string, requestHash: string, context: AuditContext): Promise<SubmittedProsecution> {
    const now = this.clock.now();
    const updatedAt = new Date(s.updatedAt);
    const { updatedAt: _updatedAt, ...content } = s;
    const fields: store.ProsecutionFields = {
      courtName: s.court.name, courtType: s.court.type, chargedOn: s.chargedOn, concludedOn: s.concludedOn ?? null,
      sourceUpdatedAt: updatedAt, contentHash: hash(content), updatedAt: now,
    };
    const existing = await store.lockProsecution(tx, principal.organisationId, s.reference);
    let outcome: SubmissionOutcome;
    let row: store.ProsecutionRow;
    let previouslyLinked: string[] = [];
    if (!existing) {
      row = await store.insertProsecution(tx, { ...fields, organisationId: principal.organisationId, reference: s.reference, createdAt: now });
      outcome = 'created';
    } else if (updatedAt > existing.sourceUpdatedAt) {
      previouslyLinked = await store.linkedReferralIds(tx, existing.id);
      row = await store.reviseProsecution(tx, existing.id, fields);
      outcome = 'revised';
    } else if (updatedAt.getTime() === existing.sourceUpdatedAt.getTime() && existing.contentHash === fields.contentHash) {
      row = existing;
      outcome = 'unchanged';
    } else {
      throw new StaleRevisionError(existing.sourceUpdatedAt);
    }
    if (outcome !== 'unchanged') {
      await store.replaceParts(tx, row.id, s.defendants.map((d) => ({
        labelSealed: this.cipher.encrypt(d.label), role: d.role,
        charges: d.offences.map((c) => ({ offence: c.offence, result: c.result, sentenceKind: c.sentence?.kind ?? null, sentenceMonths: c.sentence?.months ?? null })),
      })), victimIds);
      await this.audit.record(tx, context, {
        action: outcome === 'created' ? 'create' : 'update', recordType: 'prosecution', recordId: row.id,
        fields: ['reference', 'court', 'chargedOn', 'concludedOn', 'defendants', 'victims'],
        details: { version: row.version, victims: victimIds.length },
      });
      // The victims' case records change too: an auditor asking who touched a case finds the link.
      for (const referralId of new Set([...previouslyLinked, ...victimIds])) {
        await this.audit.record(tx, context, { action: 'update', recordType: 'referral', recordId: referralId, fields: ['prosecutions'], details: { prosecution: row.id } });
      }
    }
    await store.insertSubmission(tx, { organisationId: principal.organisationId, idempotencyKey, requestHash, prosecutionId: row.id, outcome, version: row.version, createdAt: now });
    return { id: row.id, reference: row.reference, version: row.version, outcome, replayed: false };
  }

  /**
   * The prosecutions linked to a case, for a role that may see them, as part of reading the case: the
   * caller has opened (and audited) the referral; this records that its prosecutions were read too.
   */
  async forCase(principal: Principal, referralId: string, context: AuditContext): Promise<CaseProsecution[]> {
    if (!can(principal.role, 'prosecutions:view')) return [];
    const rows = await store.prosecutionsOfReferral(this.database.db, referralId);
    if (rows.length > 0) {
      await this.audit.recordAlone(context, { action: 'view', recordType: 'referral', recordId: referralId, fields: ['prosecutions'], details: { prosecutions: rows.map((r) => r.id) } });
    }
    return rows.map((p) => ({
      id: p.id, reference: p.reference, prosecutingAuthority: p.organisationName, version: p.version,
      court: { name: p.courtName, type: p.courtType }, chargedOn: p.chargedOn, concludedOn: p.concludedOn, updatedAt: p.sourceUpdatedAt,
      defendants: p.defendants.map((d) => ({
        label: this.cipher.decrypt(d.labelSealed), role: d.role,
        offences: d.charges.map((c) => ({ offence: c.offence, result: c.result, sentence: c.sentenceKind ? { kind: c.sentenceKind, months: c.sentenceMonths } : null })),
      })),
    }));
  }

  /** Convictions by offence and year after disclosure control; only published figures leave here. Audited as statistics are. */
  async statistics(fromYear: number, toYear: number, kind: 'view' | 'download', context: AuditContext): Promise<ProsecutionStatistics> {
    const result = prosecutionTables(await store.convictionCounts(this.database.db, fromYear, toYear), fromYear, toYear);
    await this.audit.recordAlone(context, { action: 'export', recordType: 'prosecution_statistics', details: { fromYear, toYear, kind } });
    return result;
  }
}

// A type, not an interface: the API's loose response schema needs its implicit index signature.
export type CaseProsecution = {
  id: string;
  reference: string;
  prosecutingAuthority: string;
  version: number;
  court: { name: string; type: string };
  chargedOn: string;
  concludedOn: string | null;
  updatedAt: Date;
  defendants: { label: string; role: string; offences: { offence: string; result: string; sentence: { kind: string; months: number | null } | null }[] }[];
};
