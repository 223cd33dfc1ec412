import { and, arrayOverlaps, asc, desc, eq, inArray, ne, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../platform/db/database.js';
import { possibleDuplicates, referralNotes, referralPeople, referrals, referralSituations } from './tables.js';
import { organisations } from '../organisations/tables.js';
import { referenceItems } from '../reference-data/tables.js';
import { scopeCondition, type Scope, type ScopeSubject } from '../platform/auth/policy.js';

export type ReferralRow = typeof referrals.$inferSelect;
export type SituationRow = typeof referralSituations.$inferSelect;

const scopeColumns = { organisation: referrals.organisationId, authority: referrals.competentAuthorityId };

export async function findByIdempotencyKey(db: Db, organisationId: string, key: string): Promise<ReferralRow | undefined> {
  const [row] = await db.select().from(referrals).where(and(eq(referrals.organisationId, organisationId), eq(referrals.idempotencyKey, key)));
  return row;
}

/** The next number in a series such as NRM-2026, under a row lock: concurrent submissions never share one. */
export async function nextReferenceNumber(db: Db, series: string): Promise<number> {
  const result = (await db.execute(sql`
    INSERT INTO reference_counters (series, last_number) VALUES (${series}, 1)
    ON CONFLICT (series) DO UPDATE SET last_number = reference_counters.last_number + 1
    RETURNING last_number`)) as unknown as { rows: { last_number: number }[] };
  return Number(result.rows[0]!.last_number);
}

export async function findCompetentAuthority(db: Db, code: string) {
  const [row] = await db.select().from(organisations).where(and(eq(organisations.competentAuthorityCode, code), eq(organisations.active, true)));
  return row;
}

export async function findLocalAuthorityOrganisation(db: Db, areaCode: string) {
  const [row] = await db.select().from(organisations)
    .where(and(eq(organisations.areaCode, areaCode), eq(organisations.type, 'local_authority'), eq(organisations.active, true)));
  return row;
}

/** Codes among `wanted` that are not active items of their reference list. */
export async function unknownReferenceCodes(db: Db, wanted: { list: string; code: string }[]): Promise<{ list: string; code: string }[]> {
  if (wanted.length === 0) return [];
  const lists = [...new Set(wanted.map((w) => w.list))];
  const found = await db.select({ list: referenceItems.list, code: referenceItems.code }).from(referenceItems)
    .where(and(inArray(referenceItems.list, lists), inArray(referenceItems.code, [...new Set(wanted.map((w) => w.code))]), eq(referenceItems.active, true)));
  const known = new Set(found.map((f) => `${f.list}:${f.code}`));
  return wanted.filter((w) => !known.has(`${w.list}:${w.code}`));
}

export async function insertReferral(db: Db, values: typeof referrals.$inferInsert): Promise<ReferralRow> {
  const [row] = await db.insert(referrals).values(values).returning();
  return row!;
}

export async function insertPerson(db: Db, values: typeof referralPeople.$inferInsert): Promise<void> {
  await db.insert(referralPeople).values(values);
}

export async function insertSituations(db: Db, values: (typeof referralSituations.$inferInsert)[]): Promise<void> {
  if (values.length > 0) await db.insert(referralSituations).values(values);
}

/** Earlier referrals sharing a name key or the date of birth, across every organisation. */
export async function duplicateCandidates(db: Db, referralId: string, keys: string[], birthKey: string | null) {
  const conditions = [];
  if (keys.length > 0) conditions.push(arrayOverlaps(referralPeople.nameKeys, keys));
  if (birthKey) conditions.push(eq(referralPeople.birthDateKey, birthKey));
  if (conditions.length === 0) return [];
  return db.select({
    id: referrals.id, nameKeys: referralPeople.nameKeys, birthDateKey: referralPeople.birthDateKey,
    nationalities: referrals.nationalities, gender: referrals.gender,
  }).from(referralPeople).innerJoin(referrals, eq(referrals.id, referralPeople.referralId))
    .where(and(ne(referrals.id, referralId), or(...conditions))).limit(50);
}

export async function insertPossibleDuplicates(db: Db, rows: { referralId: string; candidateId: string; reasons: string[] }[]): Promise<void> {
  if (rows.length > 0) await db.insert(possibleDuplicates).values(rows);
}

const authority = alias(organisations, 'authority');

/** A referral by reference, only if the principal's scope includes it. */
export async function findVisibleReferral(db: Db, reference: string, scope: Scope, subject: ScopeSubject) {
  const [row] = await db.select({ referral: referrals, organisationName: organisations.name, authorityName: authority.name, authorityCode: authority.competentAuthorityCode })
    .from(referrals)
    .innerJoin(organisations, eq(organisations.id, referrals.organisationId))
    .leftJoin(authority, eq(authority.id, referrals.competentAuthorityId))
    .where(and(eq(referrals.reference, reference), scopeCondition(scope, subject, scopeColumns)));
  return row;
}

export async function referralExists(db: Db, reference: string): Promise<boolean> {
  const [row] = await db.select({ id: referrals.id }).from(referrals).where(eq(referrals.reference, reference));
  return Boolean(row);
}

export async function findPerson(db: Db, referralId: string) {
  const [row] = await db.select().from(referralPeople).where(eq(referralPeople.referralId, referralId));
  return row;
}

export function findSituations(db: Db, referralId: string): Promise<SituationRow[]> {
  return db.select().from(referralSituations).where(eq(referralSituations.referralId, referralId)).orderBy(asc(referralSituations.position));
}

export function findNotes(db: Db, referralId: string) {
  return db.select().from(referralNotes).where(eq(referralNotes.referralId, referralId)).orderBy(asc(referralNotes.createdAt));
}

export async function insertNote(db: Db, values: typeof referralNotes.$inferInsert): Promise<void> {
  await db.insert(referralNotes).values(values);
}

export function findPossibleDuplicates(db: Db, referralId: string) {
  return db.select({ candidateReference: referrals.reference, reasons: possibleDuplicates.reasons, createdAt: possibleDuplicates.createdAt })
    .from(possibleDuplicates).innerJoin(referrals, eq(referrals.id, possibleDuplicates.candidateId))
    .where(eq(possibleDuplicates.referralId, referralId));
}

/** The principal's referrals, newest first. */
export function listVisibleReferrals(db: Db, scope: Scope, subject: ScopeSubject, page: { limit: number; offset: number }) {
  return db.select({
    id: referrals.id, reference: referrals.reference, route: referrals.route, status: referrals.status, receivedAt: referrals.receivedAt,
    treatedAsChild: referrals.treatedAsChild, reasonableGroundsDueDate: referrals.reasonableGroundsDueDate, authorityName: authority.name,
  }).from(referrals).leftJoin(authority, eq(authority.id, referrals.competentAuthorityId))
    .where(scopeCondition(scope, subject, scopeColumns))
    .orderBy(desc(referrals.receivedAt)).limit(page.limit).offset(page.offset);
}
