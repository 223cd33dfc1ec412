import { and, asc, desc, eq, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { jsonInsert, type Db } from '../platform/db/database.js';
import { possibleDuplicates, referralNotes, referralPeople, referrals, referralSituations } from './tables.js';
import { organisations } from '../organisations/tables.js';
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
  const result = (await db.execute(nextNumberStatement(series))) as unknown as { rows: { last_number: number }[] };
  return Number(result.rows[0]!.last_number);
}

function nextNumberStatement(series: string): SQL {
  return sql`INSERT INTO reference_counters (series, last_number) VALUES (${series}, 1)
    ON CONFLICT (series) DO UPDATE SET last_number = reference_counters.last_number + 1
    RETURNING last_number`;
}

export async function findCompetentAuthority(db: Db, code: string) {
  const [row] = await db.select().from(organisations).where(and(eq(organisations.competentAuthorityCode, code), eq(organisations.active, true)));
  return row;
}

export interface ReferenceCode {
  list: string;
  code: string;
}

/** What a submission needs to know before its transaction, read in one round trip. */
export interface IntakeContext {
  referrer: { nation: string; type: string };
  /** Codes among those asked for that are active items of their reference list. */
  knownCodes: ReferenceCode[];
  /** Active Competent Authorities: routing picks one of them by its code. */
  authorities: { id: string; name: string; code: string }[];
  /** The active local authority organisation for the child's area, when one was asked for. */
  localAuthorityId: string | null;
  /** The reference number taken with the context, when one was asked for. */
  referenceNumber: number | null;
}

/**
 * The referrer's organisation, the reference-list check and the possible recipients; undefined if the
 * organisation is missing. With a `series`, also takes the next reference number in it, in the same
 * round trip (an invalid submission then leaves a gap in the numbers, as a failed one does).
 */
export async function findIntakeContext(db: Db, organisationId: string, wanted: ReferenceCode[], localAuthorityArea: string | null, series?: string): Promise<IntakeContext | undefined> {
  const numbered = series ? sql`WITH numbered AS (${nextNumberStatement(series)}) ` : sql``;
  const result = (await db.execute(sql`${numbered}
    SELECT o.nation, o.type, ${series ? sql`(SELECT last_number FROM numbered)` : sql`NULL`} AS reference_number,
      (SELECT coalesce(json_agg(json_build_object('list', w.list, 'code', w.code)), '[]') FROM json_to_recordset(${JSON.stringify(wanted)}::json) AS w(list text, code text)
        WHERE EXISTS (SELECT 1 FROM reference_items r WHERE r.list = w.list AND r.code = w.code AND r.active)) AS known_codes,
      (SELECT coalesce(json_agg(json_build_object('id', a.id, 'name', a.name, 'code', a.competent_authority_code)), '[]') FROM organisations a
        WHERE a.competent_authority_code IS NOT NULL AND a.active) AS authorities,
      (SELECT la.id FROM organisations la WHERE la.area_code = ${localAuthorityArea} AND la.type = 'local_authority' AND la.active LIMIT 1) AS local_authority_id
    FROM organisations o WHERE o.id = ${organisationId}`)) as unknown as { rows: IntakeRow[] };
  const row = result.rows[0];
  if (!row) return undefined;
  return {
    referrer: { nation: row.nation, type: row.type },
    knownCodes: fromJson(row.known_codes), authorities: fromJson(row.authorities), localAuthorityId: row.local_authority_id,
    referenceNumber: row.reference_number === null ? null : Number(row.reference_number),
  };
}

interface IntakeRow {
  reference_number: number | string | null;
  nation: string;
  type: string;
  known_codes: unknown;
  authorities: unknown;
  local_authority_id: string | null;
}

function fromJson<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

/**
 * Records earlier referrals that may be of the same person, as an INSERT to run in the submission's
 * statement. A match needs any two of: a shared name (or alias), the same date of birth, a shared
 * nationality — names alone are too common, a date of birth alone too. Keys are blind indexes.
 */
export function duplicatesInsert(referralId: string, subject: { nameKeys: string[]; birthDateKey: string | null; nationalities: string[] }): SQL | null {
  if (subject.nameKeys.length === 0 && !subject.birthDateKey) return null;
  const keys = sql`ARRAY(SELECT json_array_elements_text(${JSON.stringify(subject.nameKeys)}::json))`;
  const nationalities = sql`ARRAY(SELECT json_array_elements_text(${JSON.stringify(subject.nationalities.filter((n) => n !== 'XX'))}::json))`;
  return sql`INSERT INTO possible_duplicates (referral_id, candidate_id, reasons)
    SELECT ${referralId}::uuid, c.id, c.reasons FROM (
      SELECT r.id, array_remove(ARRAY[
          CASE WHEN p.name_keys && ${keys} THEN 'name' END,
          CASE WHEN p.birth_date_key = ${subject.birthDateKey} THEN 'date_of_birth' END,
          CASE WHEN r.nationalities && ${nationalities} THEN 'nationality' END], NULL) AS reasons
      FROM referral_people p JOIN referrals r ON r.id = p.referral_id
      WHERE p.name_keys && ${keys} OR p.birth_date_key = ${subject.birthDateKey}
      LIMIT 50) c
    WHERE cardinality(c.reasons) >= 2`;
}

const referralColumns = [
  'id', 'reference', 'route', 'status', 'receivedAt', 'nation', 'organisationId', 'submittedBy', 'competentAuthorityId', 'routingRule',
  'routingExplanation', 'ageGroup', 'treatedAsChild', 'consent', 'gender', 'nationalities', 'exploitationTypes', 'countyLines',
  'exploitationLocation', 'policeForceCode', 'localAuthorityCode', 'detained', 'asylumClaim', 'immigrationStatus',
  'reasonableGroundsDueDate', 'queueStep', 'queueDueOn', 'details', 'idempotencyKey', 'requestHash', 'externalId',
] as const;
const insertReferrals = jsonInsert(referrals, referralColumns);
const insertPeople = jsonInsert(referralPeople, ['referralId', 'sealed', 'nameKeys', 'birthDateKey']);
const insertSituationRows = jsonInsert(referralSituations, [
  'referralId', 'position', 'types', 'countyLines', 'startMonth', 'endMonth', 'ongoing', 'ukPlaces', 'overseasCountries',
  'recruitment', 'meansOfControl', 'indicators', 'narrativeSealed',
]);

export interface StoredSubmission {
  referral: Pick<typeof referrals.$inferInsert, (typeof referralColumns)[number]> & { id: string };
  person: typeof referralPeople.$inferInsert | null;
  situations: (typeof referralSituations.$inferInsert)[];
}

/**
 * The INSERTs of the referral and everything stored with it, to be run as one statement: the rows of
 * a statement's WITH clauses are checked against their foreign keys when the whole statement ends.
 */
export function submissionInserts(s: StoredSubmission): SQL[] {
  const inserts: SQL[] = [insertReferrals([s.referral])];
  if (s.person) inserts.push(insertPeople([s.person]));
  if (s.situations.length > 0) inserts.push(insertSituationRows(s.situations));
  if (s.person) {
    const duplicates = duplicatesInsert(s.referral.id, { nameKeys: s.person.nameKeys ?? [], birthDateKey: s.person.birthDateKey ?? null, nationalities: s.referral.nationalities ?? [] });
    if (duplicates) inserts.push(duplicates);
  }
  return inserts;
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
