import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../platform/db/database.js';
import { organisations } from '../organisations/tables.js';
import { referrals } from '../referrals/tables.js';
import { prosecutionCharges, prosecutionDefendants, prosecutionSubmissions, prosecutionVictims, prosecutions } from './tables.js';

export type ProsecutionRow = typeof prosecutions.$inferSelect;
export type SubmissionRow = typeof prosecutionSubmissions.$inferSelect;

export async function organisationType(db: Db, organisationId: string): Promise<string | undefined> {
  const [row] = await db.select({ type: organisations.type }).from(organisations).where(eq(organisations.id, organisationId));
  return row?.type;
}

export async function findSubmission(db: Db, organisationId: string, idempotencyKey: string): Promise<SubmissionRow | undefined> {
  const [row] = await db.select().from(prosecutionSubmissions)
    .where(and(eq(prosecutionSubmissions.organisationId, organisationId), eq(prosecutionSubmissions.idempotencyKey, idempotencyKey)));
  return row;
}

export async function insertSubmission(db: Db, row: typeof prosecutionSubmissions.$inferInsert): Promise<void> {
  await db.insert(prosecutionSubmissions).values(row);
}

export async function findProsecutionById(db: Db, id: string): Promise<ProsecutionRow | undefined> {
  const [row] = await db.select().from(prosecutions).where(eq(prosecutions.id, id));
  return row;
}

/** The organisation's prosecution with this reference, locked against a concurrent revision. */
export async function lockProsecution(db: Db, organisationId: string, reference: string): Promise<ProsecutionRow | undefined> {
  const [row] = await db.select().from(prosecutions)
    .where(and(eq(prosecutions.organisationId, organisationId), eq(prosecutions.reference, reference))).for('update');
  return row;
}

/** Referral ids by reference, for the references that exist. */
export async function referralIds(db: Db, references: readonly string[]): Promise<Map<string, string>> {
  if (references.length === 0) return new Map();
  const rows = await db.select({ id: referrals.id, reference: referrals.reference }).from(referrals).where(inArray(referrals.reference, [...references]));
  return new Map(rows.map((r) => [r.reference, r.id]));
}

export type ProsecutionFields = Pick<ProsecutionRow, 'courtName' | 'courtType' | 'chargedOn' | 'concludedOn' | 'sourceUpdatedAt' | 'contentHash' | 'updatedAt'>;

export async function insertProsecution(db: Db, row: ProsecutionFields & { organisationId: string; reference: string; createdAt: Date }): Promise<ProsecutionRow> {
  const [created] = await db.insert(prosecutions).values(row).returning();
  return created!;
}

/** Moves the version on; the caller holds the row's lock. */
export async function reviseProsecution(db: Db, id: string, fields: ProsecutionFields): Promise<ProsecutionRow> {
  const [revised] = await db.update(prosecutions).set({ ...fields, version: sql`${prosecutions.version} + 1` }).where(eq(prosecutions.id, id)).returning();
  return revised!;
}

export interface ChargeInput {
  offence: string;
  result: string;
  sentenceKind: string | null;
  sentenceMonths: number | null;
}

/** Replaces the defendants, their charges and the linked referrals with the ones given. */
export async function replaceParts(
  db: Db, prosecutionId: string,
  defendants: readonly { labelSealed: string; role: string; charges: readonly ChargeInput[] }[],
  victimReferralIds: readonly string[],
): Promise<void> {
  await db.delete(prosecutionDefendants).where(eq(prosecutionDefendants.prosecutionId, prosecutionId)); // charges go with them
  await db.delete(prosecutionVictims).where(eq(prosecutionVictims.prosecutionId, prosecutionId));
  const inserted = await db.insert(prosecutionDefendants)
    .values(defendants.map((d, position) => ({ prosecutionId, position, labelSealed: d.labelSealed, role: d.role })))
    .returning({ id: prosecutionDefendants.id, position: prosecutionDefendants.position });
  const idAt = new Map(inserted.map((d) => [d.position, d.id]));
  const charges = defendants.flatMap((d, position) => d.charges.map((c, n) => ({ prosecutionId, defendantId: idAt.get(position)!, position: n, ...c })));
  await db.insert(prosecutionCharges).values(charges);
  if (victimReferralIds.length > 0) await db.insert(prosecutionVictims).values(victimReferralIds.map((referralId) => ({ prosecutionId, referralId })));
}

/** The referral ids a prosecution is linked to now. */
export async function linkedReferralIds(db: Db, prosecutionId: string): Promise<string[]> {
  const rows = await db.select({ id: prosecutionVictims.referralId }).from(prosecutionVictims).where(eq(prosecutionVictims.prosecutionId, prosecutionId));
  return rows.map((r) => r.id);
}

/** The prosecutions linked to one referral, with their defendants and charges, oldest charge first. */
export async function prosecutionsOfReferral(db: Db, referralId: string) {
  const rows = await db.select({ prosecution: prosecutions, organisationName: organisations.name })
    .from(prosecutionVictims)
    .innerJoin(prosecutions, eq(prosecutions.id, prosecutionVictims.prosecutionId))
    .innerJoin(organisations, eq(organisations.id, prosecutions.organisationId))
    .where(eq(prosecutionVictims.referralId, referralId))
    .orderBy(asc(prosecutions.chargedOn), asc(prosecutions.reference));
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.prosecution.id);
  const [defendants, charges] = await Promise.all([
    db.select().from(prosecutionDefendants).where(inArray(prosecutionDefendants.prosecutionId, ids)).orderBy(asc(prosecutionDefendants.position)),
    db.select().from(prosecutionCharges).where(inArray(prosecutionCharges.prosecutionId, ids)).orderBy(asc(prosecutionCharges.position)),
  ]);
  return rows.map(({ prosecution, organisationName }) => ({
    ...prosecution,
    organisationName,
    defendants: defendants.filter((d) => d.prosecutionId === prosecution.id).map((d) => ({ ...d, charges: charges.filter((c) => c.defendantId === d.id) })),
  }));
}

export interface ConvictionCount {
  offence: string;
  year: number;
  sentenceKind: string | null;
  count: number;
}

/**
 * Convictions (one defendant convicted of one offence) of prosecutions concluded in the years given,
 * by offence, year of conclusion and sentence. Reads no defendant label and no victim.
 */
export async function convictionCounts(db: Db, fromYear: number, toYear: number): Promise<ConvictionCount[]> {
  const year = sql<number>`extract(year from ${prosecutions.concludedOn})::int`;
  const rows = await db.select({ offence: prosecutionCharges.offence, year, sentenceKind: prosecutionCharges.sentenceKind, count: sql<number>`count(*)::int` })
    .from(prosecutionCharges)
    .innerJoin(prosecutions, eq(prosecutions.id, prosecutionCharges.prosecutionId))
    .where(and(
      eq(prosecutionCharges.result, 'convicted'),
      sql`${prosecutions.concludedOn} >= ${`${fromYear}-01-01`}::date AND ${prosecutions.concludedOn} <= ${`${toYear}-12-31`}::date`,
    ))
    .groupBy(prosecutionCharges.offence, year, prosecutionCharges.sentenceKind);
  return rows.map((r) => ({ ...r, year: Number(r.year), count: Number(r.count) }));
}
