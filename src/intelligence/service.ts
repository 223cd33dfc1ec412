import { createHash } from 'node:crypto';
import type { z } from 'zod';
import type { Database, Db } from '../platform/db/database.js';
import type { Clock } from '../platform/clock.js';
import type { AuditContext, AuditLog } from '../platform/audit/audit-log.js';
import type { FieldCipher } from '../platform/crypto/field-encryption.js';
import type { ReferenceDataService } from '../reference-data/service.js';
import { can, fieldsFor, scopeFor, visibleFields } from '../platform/auth/policy.js';
import type { Principal } from '../platform/auth/principal.js';
import { isUniqueViolation, NotFoundError, StaleVersionError } from '../platform/db/errors.js';
import { exploitationTypes } from '../referrals/vocabulary.js';
import { agencyReportSchema, publicReportSchema, reportContentSchema, type Person, type ReportFilters, type TriageInput } from './schema.js';
import type { Grading } from './grading.js';
import { newIntelligenceReference } from './reference.js';
import * as store from './store.js';

export interface Problem {
  field: string;
  message: string;
}

export class IntelligenceValidationError extends Error {
  constructor(readonly problems: Problem[]) {
    super('The report has problems');
  }
}

export class IdempotencyConflictError extends Error {
  constructor() {
    super('This Idempotency-Key was already used for a different report. Use a new key for a new report.');
  }
}

export interface SubmittedReport {
  id: string;
  reference: string;
  receivedAt: Date;
  replayed: boolean;
}

type ReportContent = z.infer<typeof reportContentSchema>;

function problemsOf(error: z.ZodError): Problem[] {
  return error.issues.map((i) => ({ field: i.path.map(String).join('.') || 'what', message: i.message }));
}

/** The start of the UK day, as an instant: an anonymous report keeps only the day it arrived. */
function ukDay(now: Date): Date {
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  return new Date(`${day}T00:00:00Z`);
}

/**
 * Intelligence reports: agencies submit and read their own organisation's; the public submits
 * anonymously; analysts list, search, grade and triage every report. Every read by a person is audited.
 */
export class IntelligenceService {
  constructor(
    private readonly database: Database,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly cipher: FieldCipher,
    private readonly referenceData: ReferenceDataService,
  ) {}

  /** An agency user's report: validated, linked to referrals the user may see, stored with its audit event. */
  async submitFromAgency(principal: Principal, body: unknown, idempotencyKey: string, context: AuditContext): Promise<SubmittedReport> {
    const parsed = agencyReportSchema.safeParse(body ?? {});
    if (!parsed.success) throw new IntelligenceValidationError(problemsOf(parsed.error));
    const input = parsed.data;
    const requestHash = createHash('sha256').update(JSON.stringify(input)).digest('hex');
    const db = this.database.db;

    const earlier = await store.findByIdempotencyKey(db, principal.organisationId, idempotencyKey);
    if (earlier) return this.replay(earlier, requestHash);

    const problems = await this.checkCodes(input);
    const references = [...new Set(input.referralReferences)];
    const visible = await store.findReferralIdsVisible(db, references, scopeFor(principal.role, 'referral'), principal);
    input.referralReferences.forEach((reference, index) => {
      if (!visible.has(reference)) problems.push({ field: `referralReferences.${index}`, message: `${reference} is not a referral you may see` });
    });
    if (problems.length > 0) throw new IntelligenceValidationError(problems);

    const now = this.clock.now();
    const content = await this.contentColumns(input); // before the transaction: on PGlite a read outside it would wait for it
    try {
      return await this.database.transaction(async (tx) => {
        const row = await store.insertReport(tx, {
          ...content,
          reference: newIntelligenceReference(),
          source: 'agency',
          organisationId: principal.organisationId,
          submittedBy: principal.userId,
          receivedAt: now,
          sourceEvaluation: input.grading.source,
          intelligenceAssessment: input.grading.intelligence,
          handlingCode: input.grading.handling,
          idempotencyKey,
          requestHash,
          createdAt: now,
          updatedAt: now,
        });
        await store.insertLinks(tx, [...visible.values()].map((referralId) => ({ reportId: row.id, referralId, linkedBy: principal.userId, linkedAt: now })));
        await this.audit.record(tx, context, {
          action: 'create', recordType: 'intelligence_report', recordId: row.id,
          fields: ['what', 'people', 'places', 'businesses', 'vehicles', 'phoneNumbers', 'exploitationTypes', 'policeForceCode', 'grading', 'linkedReferrals'],
          details: { source: 'agency', linkedReferrals: visible.size },
        });
        return { id: row.id, reference: row.reference, receivedAt: row.receivedAt, replayed: false };
      });
    } catch (error) {
      // A concurrent retry with the same key won: answer with its report.
      if (!isUniqueViolation(error)) throw error;
      const winner = await store.findByIdempotencyKey(db, principal.organisationId, idempotencyKey);
      if (!winner) throw error;
      return this.replay(winner, requestHash);
    }
  }

  /**
   * A member of the public's report. Nothing about the sender is taken or kept: no principal, no
   * address, no user agent, no audit event (whose request id and source address would point back to
   * the request), and the time of receipt only to the day.
   */
  async submitFromPublic(body: unknown): Promise<{ reference: string }> {
    const parsed = publicReportSchema.safeParse(body ?? {});
    if (!parsed.success) throw new IntelligenceValidationError(problemsOf(parsed.error));
    const problems = await this.checkCodes(parsed.data);
    if (problems.length > 0) throw new IntelligenceValidationError(problems);
    const row = await store.insertReport(this.database.db, {
      ...(await this.contentColumns(parsed.data)),
      reference: newIntelligenceReference(),
      source: 'public',
      receivedAt: ukDay(this.clock.now()),
    });
    return { reference: row.reference };
  }

  /** Reports in the reader's scope, filtered and searched; the list view is audited with its filters, never their values. */
  async list(principal: Principal, filters: Partial<ReportFilters>, page: { limit: number; offset: number }, context: AuditContext) {
    const result = await store.listReports(this.database.db, scopeFor(principal.role, 'intelligence_report'), principal, filters, page);
    await this.audit.recordAlone(context, {
      action: 'view', recordType: 'intelligence_reports',
      fields: ['reference', 'source', 'receivedAt', 'organisation', 'places', 'businesses', 'exploitationTypes', 'policeForceCode', 'grading', 'triageStatus'],
      details: { filters: Object.keys(filters).filter((k) => k !== 'page' && filters[k as keyof ReportFilters] !== undefined), shown: result.rows.length, total: result.total },
    });
    return result;
  }

  /** Counts by police force area and status, and each area's reports, for the location view. */
  async byArea(principal: Principal, filters: Partial<ReportFilters>, context: AuditContext) {
    const counts = await store.countByArea(this.database.db, scopeFor(principal.role, 'intelligence_report'), principal, filters);
    await this.audit.recordAlone(context, {
      action: 'view', recordType: 'intelligence_reports', fields: ['policeForceCode', 'triageStatus'],
      details: { view: 'by_area', filters: Object.keys(filters).filter((k) => k !== 'page' && filters[k as keyof ReportFilters] !== undefined) },
    });
    return counts;
  }

  /** One report as the reader may see it, in scope, fields filtered by role; every read and refusal audited. */
  async open(principal: Principal, reference: string, context: AuditContext) {
    const db = this.database.db;
    const found = await store.findVisibleReport(db, reference, scopeFor(principal.role, 'intelligence_report'), principal);
    if (!found) {
      // Another organisation's report is not found, as if it did not exist; the attempt is recorded.
      if (await store.reportExists(db, reference)) {
        await this.audit.recordAlone(context, { action: 'permission_denied', outcome: 'denied', recordType: 'intelligence_report', details: { reference } });
      }
      throw new NotFoundError('No intelligence report with this reference');
    }
    const r = found.report;
    const allowed = new Set(fieldsFor(principal.role, 'intelligence_report'));
    const people: Person[] = r.peopleSealed && (allowed.has('people') || allowed.has('possibleVictims')) ? JSON.parse(this.cipher.decrypt(r.peopleSealed)) as Person[] : [];
    // Analysts see every linked referral by its pseudonym; agency users see the references of those they may
    // see, and a role that sees no referrals sees no links.
    const byPseudonym = can(principal.role, 'intelligence:triage');
    const referralScope = scopeFor(principal.role, 'referral');
    const links = byPseudonym ? await store.linkedReferrals(db, r.id)
      : referralScope === 'none' ? [] : await store.linkedReferrals(db, r.id, { scope: referralScope, subject: principal });
    const grading = r.sourceEvaluation && r.intelligenceAssessment && r.handlingCode
      ? { source: r.sourceEvaluation, intelligence: r.intelligenceAssessment, handling: r.handlingCode } as Grading : null;
    const report = {
      id: r.id, reference: r.reference, version: r.version, source: r.source as 'agency' | 'public', receivedAt: r.receivedAt,
      organisation: found.organisationName ? { name: found.organisationName } : null,
      what: allowed.has('what') ? this.cipher.decrypt(r.whatSealed) : undefined,
      people: people.filter((p) => p.role !== 'possible_victim'),
      possibleVictims: people.filter((p) => p.role === 'possible_victim'),
      places: r.places, businesses: r.businesses, vehicles: r.vehicles, phoneNumbers: r.phoneNumbers,
      exploitationTypes: r.exploitationTypes, policeForceCode: r.policeForceCode, grading, triageStatus: r.triageStatus, triagedAt: r.triagedAt,
      linkedReferrals: links.map((l) => (byPseudonym ? { pseudonym: l.pseudonym } : { reference: l.reference })),
    };
    const visible = visibleFields(principal.role, 'intelligence_report', report);
    await this.audit.recordAlone(context, {
      action: 'view', recordType: 'intelligence_report', recordId: r.id, fields: Object.keys(visible).filter((k) => k !== 'id' && k !== 'version'),
    });
    return visible as Partial<typeof report> & Pick<typeof report, 'id' | 'reference' | 'version' | 'source' | 'receivedAt'>;
  }

  /** An analyst's triage: status and grading, against the version seen (a stale one is refused). */
  async triage(principal: Principal, reference: string, input: TriageInput, context: AuditContext): Promise<void> {
    const found = await store.findVisibleReport(this.database.db, reference, scopeFor(principal.role, 'intelligence_report'), principal);
    if (!found) throw new NotFoundError('No intelligence report with this reference');
    const now = this.clock.now();
    await this.database.transaction(async (tx) => {
      const updated = await store.updateTriage(tx, found.report.id, input.version, {
        triageStatus: input.status, sourceEvaluation: input.grading.source, intelligenceAssessment: input.grading.intelligence,
        handlingCode: input.grading.handling, triagedBy: principal.userId, triagedAt: now, updatedAt: now,
      });
      if (!updated) throw new StaleVersionError('This report');
      await this.audit.record(tx, context, {
        action: 'update', recordType: 'intelligence_report', recordId: found.report.id, fields: ['triageStatus', 'grading'],
        details: { status: input.status },
      });
    });
  }

  /** An analyst links a report to a referral by the pseudonym analysts see, never by its reference. */
  async linkByPseudonym(principal: Principal, reference: string, pseudonym: string, context: AuditContext): Promise<void> {
    const db = this.database.db;
    const found = await store.findVisibleReport(db, reference, scopeFor(principal.role, 'intelligence_report'), principal);
    if (!found) throw new NotFoundError('No intelligence report with this reference');
    const referralId = await store.findReferralIdByPseudonym(db, pseudonym);
    if (!referralId) throw new IntelligenceValidationError([{ field: 'pseudonym', message: 'No record has this pseudonym' }]);
    await this.database.transaction(async (tx: Db) => {
      await store.insertLinks(tx, [{ reportId: found.report.id, referralId, linkedBy: principal.userId, linkedAt: this.clock.now() }]);
      await this.audit.record(tx, context, { action: 'update', recordType: 'intelligence_report', recordId: found.report.id, fields: ['linkedReferrals'] });
    });
  }

  private replay(row: store.ReportRow, requestHash: string): SubmittedReport {
    if (row.requestHash !== requestHash) throw new IdempotencyConflictError();
    return { id: row.id, reference: row.reference, receivedAt: row.receivedAt, replayed: true };
  }

  private async checkCodes(input: ReportContent): Promise<Problem[]> {
    if (!input.policeForceCode || await this.referenceData.isValid('police_force', input.policeForceCode)) return [];
    return [{ field: 'policeForceCode', message: 'Choose a police force area from the list' }];
  }

  /** The sealed and plain columns of a report's content, and its search document. */
  private async contentColumns(input: ReportContent) {
    const forceLabel = input.policeForceCode ? await this.referenceData.label('police_force', input.policeForceCode) : undefined;
    const searchText = [
      ...input.places, ...input.businesses, ...input.vehicles, ...input.phoneNumbers,
      ...input.exploitationTypes.map((code) => exploitationTypes[code].label), forceLabel ?? '',
    ].filter(Boolean).join('\n');
    return {
      whatSealed: this.cipher.encrypt(input.what),
      peopleSealed: input.people.length > 0 ? this.cipher.encrypt(JSON.stringify(input.people)) : null,
      places: input.places, businesses: input.businesses, vehicles: input.vehicles, phoneNumbers: input.phoneNumbers,
      exploitationTypes: [...new Set(input.exploitationTypes)], policeForceCode: input.policeForceCode ?? null, searchText,
    };
  }
}
