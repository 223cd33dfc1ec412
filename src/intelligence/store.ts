import { and, arrayContains, asc, count, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../platform/db/database.js';
import { scopeCondition, type Scope, type ScopeSubject } from '../platform/auth/policy.js';
import { organisations } from '../organisations/tables.js';
import { referrals } from '../referrals/tables.js';
import { intelligenceReportReferrals, intelligenceReports } from './tables.js';
import type { ReportFilters } from './schema.js';

export type ReportRow = typeof intelligenceReports.$inferSelect;
export type NewReport = typeof intelligenceReports.$inferInsert;

const scopeColumns = { organisation: intelligenceReports.organisationId };
const referralScopeColumns = { organisation: referrals.organisationId, authority: referrals.competentAuthorityId };

/** Full-text search over the plain search document (see tables.ts for what it holds and why). */
export function searchCondition(q: string): SQL {
  return sql`to_tsvector('english', ${intelligenceReports.searchText}) @@ plainto_tsquery('english', ${q})`;
}

function filterConditions(filters: Partial<ReportFilters>): SQL[] {
  const list: SQL[] = [];
  if (filters.q) list.push(searchCondition(filters.q));
  if (filters.status) list.push(eq(intelligenceReports.triageStatus, filters.status));
  if (filters.source) list.push(eq(intelligenceReports.source, filters.source));
  if (filters.policeForceCode) {
    list.push(filters.policeForceCode === 'none' ? sql`${intelligenceReports.policeForceCode} IS NULL` : eq(intelligenceReports.policeForceCode, filters.policeForceCode));
  }
  if (filters.exploitationType) list.push(arrayContains(intelligenceReports.exploitationTypes, [filters.exploitationType]));
  return list;
}

export async function insertReport(db: Db, values: NewReport): Promise<ReportRow> {
  const [row] = await db.insert(intelligenceReports).values(values).returning();
  return row!;
}

export async function insertLinks(db: Db, rows: (typeof intelligenceReportReferrals.$inferInsert)[]): Promise<void> {
  if (rows.length > 0) await db.insert(intelligenceReportReferrals).values(rows).onConflictDoNothing();
}

export async function findByIdempotencyKey(db: Db, organisationId: string, key: string): Promise<ReportRow | undefined> {
  const [row] = await db.select().from(intelligenceReports)
    .where(and(eq(intelligenceReports.organisationId, organisationId), eq(intelligenceReports.idempotencyKey, key)));
  return row;
}

export async function findVisibleReport(db: Db, reference: string, scope: Scope, subject: ScopeSubject) {
  const [row] = await db.select({ report: intelligenceReports, organisationName: organisations.name })
    .from(intelligenceReports)
    .leftJoin(organisations, eq(organisations.id, intelligenceReports.organisationId))
    .where(and(eq(intelligenceReports.reference, reference), scopeCondition(scope, subject, scopeColumns)));
  return row;
}

export async function reportExists(db: Db, reference: string): Promise<boolean> {
  const [row] = await db.select({ id: intelligenceReports.id }).from(intelligenceReports).where(eq(intelligenceReports.reference, reference));
  return Boolean(row);
}

/** The columns a list shows: never the sealed ones. */
const listColumns = {
  id: intelligenceReports.id,
  reference: intelligenceReports.reference,
  source: intelligenceReports.source,
  receivedAt: intelligenceReports.receivedAt,
  organisationName: organisations.name,
  places: intelligenceReports.places,
  businesses: intelligenceReports.businesses,
  exploitationTypes: intelligenceReports.exploitationTypes,
  policeForceCode: intelligenceReports.policeForceCode,
  sourceEvaluation: intelligenceReports.sourceEvaluation,
  intelligenceAssessment: intelligenceReports.intelligenceAssessment,
  handlingCode: intelligenceReports.handlingCode,
  triageStatus: intelligenceReports.triageStatus,
};

export async function listReports(db: Db, scope: Scope, subject: ScopeSubject, filters: Partial<ReportFilters>, page: { limit: number; offset: number }) {
  const where = and(scopeCondition(scope, subject, scopeColumns), ...filterConditions(filters));
  const [rows, [total]] = await Promise.all([
    db.select(listColumns).from(intelligenceReports)
      .leftJoin(organisations, eq(organisations.id, intelligenceReports.organisationId))
      .where(where)
      .orderBy(desc(intelligenceReports.receivedAt), asc(intelligenceReports.reference))
      .limit(page.limit).offset(page.offset),
    db.select({ count: count() }).from(intelligenceReports).where(where),
  ]);
  return { rows, total: total?.count ?? 0 };
}

/** Counts by police force area and triage status, for the location view. */
export function countByArea(db: Db, scope: Scope, subject: ScopeSubject, filters: Partial<ReportFilters>) {
  return db.select({ policeForceCode: intelligenceReports.policeForceCode, triageStatus: intelligenceReports.triageStatus, count: count() })
    .from(intelligenceReports)
    .where(and(scopeCondition(scope, subject, scopeColumns), ...filterConditions(filters)))
    .groupBy(intelligenceReports.policeForceCode, intelligenceReports.triageStatus);
}

/**
 * The referrals a report is linked to. With a referral scope, only those the reader may see (agency
 * users read references); without one, all of them (analysts read pseudonyms).
 */
export function linkedReferrals(db: Db, reportId: string, referralScope?: { scope: Scope; subject: ScopeSubject }) {
  return db.select({ referralId: referrals.id, reference: referrals.reference, pseudonym: referrals.pseudonym })
    .from(intelligenceReportReferrals)
    .innerJoin(referrals, eq(referrals.id, intelligenceReportReferrals.referralId))
    .where(and(
      eq(intelligenceReportReferrals.reportId, reportId),
      referralScope ? scopeCondition(referralScope.scope, referralScope.subject, referralScopeColumns) : undefined,
    ))
    .orderBy(asc(intelligenceReportReferrals.linkedAt), asc(referrals.reference));
}

export async function findReferralIdsVisible(db: Db, references: string[], scope: Scope, subject: ScopeSubject): Promise<Map<string, string>> {
  if (references.length === 0) return new Map();
  const rows = await db.select({ id: referrals.id, reference: referrals.reference }).from(referrals)
    .where(and(inArray(referrals.reference, references), scopeCondition(scope, subject, referralScopeColumns)));
  return new Map(rows.map((r) => [r.reference, r.id]));
}

export async function findReferralIdByPseudonym(db: Db, pseudonym: string): Promise<string | undefined> {
  const [row] = await db.select({ id: referrals.id }).from(referrals).where(eq(referrals.pseudonym, pseudonym));
  return row?.id;
}

/** Moves the version on only from the version the analyst saw; no row back means it was stale. */
export async function updateTriage(db: Db, id: string, version: number, values: Partial<NewReport>): Promise<ReportRow | undefined> {
  const [row] = await db.update(intelligenceReports)
    .set({ ...values, version: sql`${intelligenceReports.version} + 1` })
    .where(and(eq(intelligenceReports.id, id), eq(intelligenceReports.version, version)))
    .returning();
  return row;
}

export type ReportSummaryRow = Awaited<ReturnType<typeof listReports>>['rows'][number];
