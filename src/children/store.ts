import { and, asc, desc, eq, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../platform/db/database.js';
import { scopeCondition, type Scope, type ScopeSubject } from '../platform/auth/policy.js';
import { organisations } from '../organisations/tables.js';
import { referralPeople, referrals } from '../referrals/tables.js';
import { users } from '../users/tables.js';
import { childSafeguarding, multiAgencyEntries } from './tables.js';

export type SafeguardingRow = typeof childSafeguarding.$inferSelect;
export type EntryRow = typeof multiAgencyEntries.$inferSelect;

/** A child's referral: an NRM referral of a person treated as a child (a Duty to Notify report never is). */
const isChild = and(eq(referrals.treatedAsChild, true), eq(referrals.route, 'nrm'))!;
const areaColumns = { area: referrals.localAuthorityCode };
const authority = alias(organisations, 'authority');

/** The children in the principal's scope (their local authority's area), newest referral first; one more than asked, to tell if there is a next page. */
export function listChildren(db: Db, scope: Scope, subject: ScopeSubject, page: { limit: number; offset: number }) {
  return db.select({
    id: referrals.id, reference: referrals.reference, status: referrals.status, receivedAt: referrals.receivedAt,
    reasonableGroundsDueDate: referrals.reasonableGroundsDueDate, gender: referrals.gender,
    planStatus: childSafeguarding.planStatus, planAgreedOn: childSafeguarding.planAgreedOn,
    placementType: childSafeguarding.placementType, guardianAppointedOn: childSafeguarding.guardianAppointedOn,
  }).from(referrals).leftJoin(childSafeguarding, eq(childSafeguarding.referralId, referrals.id))
    .where(and(isChild, scopeCondition(scope, subject, areaColumns)))
    .orderBy(desc(referrals.receivedAt), desc(referrals.reference)).limit(page.limit + 1).offset(page.offset);
}

/** How many children are in scope, and how many of them have no safeguarding plan yet. */
export async function countChildren(db: Db, scope: Scope, subject: ScopeSubject): Promise<{ children: number; withoutPlan: number }> {
  const [row] = await db.select({
    children: sql<number>`count(*)::int`, withoutPlan: sql<number>`count(*) FILTER (WHERE ${childSafeguarding.planStatus} IS NULL)::int`,
  }).from(referrals).leftJoin(childSafeguarding, eq(childSafeguarding.referralId, referrals.id))
    .where(and(isChild, scopeCondition(scope, subject, areaColumns)));
  return { children: Number(row?.children ?? 0), withoutPlan: Number(row?.withoutPlan ?? 0) };
}

/** A child's referral by reference, only within the scope, with the names of the referrer and Competent Authority. */
export async function findVisibleChild(db: Db, reference: string, scope: Scope, subject: ScopeSubject) {
  const [row] = await db.select({ referral: referrals, organisationName: organisations.name, authorityName: authority.name })
    .from(referrals)
    .innerJoin(organisations, eq(organisations.id, referrals.organisationId))
    .leftJoin(authority, eq(authority.id, referrals.competentAuthorityId))
    .where(and(eq(referrals.reference, reference), isChild, scopeCondition(scope, subject, areaColumns)));
  return row;
}

/** A child's referral by reference, whoever may see it: to tell a refusal (audited) from an unknown reference. */
export async function findChildReferral(db: Db, reference: string) {
  const [row] = await db.select({ id: referrals.id, reference: referrals.reference }).from(referrals).where(and(eq(referrals.reference, reference), isChild));
  return row;
}

export async function findPerson(db: Db, referralId: string) {
  const [row] = await db.select({ sealed: referralPeople.sealed }).from(referralPeople).where(eq(referralPeople.referralId, referralId));
  return row;
}

export async function findSafeguarding(db: Db, referralId: string, options: { lock?: boolean } = {}): Promise<SafeguardingRow | undefined> {
  const query = db.select().from(childSafeguarding).where(eq(childSafeguarding.referralId, referralId));
  const [row] = options.lock ? await query.for('update') : await query;
  return row;
}

export type SafeguardingChange = Partial<Omit<typeof childSafeguarding.$inferInsert, 'referralId' | 'version' | 'createdAt'>> & { updatedBy: string; updatedAt: Date };

/** The first write of a child's record (version 1). Two at once: the second fails on the primary key. */
export async function insertSafeguarding(db: Db, referralId: string, change: SafeguardingChange): Promise<void> {
  await db.insert(childSafeguarding).values({ ...change, referralId, version: 1, createdAt: change.updatedAt });
}

/** Updates the record only at the version the editor read, moving it on; false when it had moved on already. */
export async function updateSafeguarding(db: Db, referralId: string, version: number, change: SafeguardingChange): Promise<boolean> {
  const rows = await db.update(childSafeguarding).set({ ...change, version: sql`${childSafeguarding.version} + 1` })
    .where(and(eq(childSafeguarding.referralId, referralId), eq(childSafeguarding.version, version))).returning({ version: childSafeguarding.version });
  return rows.length === 1;
}

export type AgencyKind = 'referrer' | 'competent_authority' | 'local_authority' | 'police' | 'support_provider';

/**
 * The organisations involved with a child, and why: the referring organisation, the Competent Authority
 * the case is routed to, the child's local authority, the police force of the area (the referral's, else
 * the local authority's force) and the support providers given by the caller. Whether the principal's
 * organisation is among them is the policy's scope condition, worked out in the same query.
 */
export async function involvedAgencies(db: Db, referralId: string, providerIds: string[], scope: Scope, subject: ScopeSubject) {
  const involved: SQL = sql`
    SELECT r.organisation_id AS id, 'referrer' AS kind FROM referrals r WHERE r.id = ${referralId}
    UNION SELECT r.competent_authority_id, 'competent_authority' FROM referrals r WHERE r.id = ${referralId} AND r.competent_authority_id IS NOT NULL
    UNION SELECT la.id, 'local_authority' FROM referrals r JOIN organisations la ON la.area_code = r.local_authority_code AND la.type = 'local_authority' AND la.active
      WHERE r.id = ${referralId}
    UNION SELECT p.id, 'police' FROM referrals r JOIN organisations p ON p.type = 'police' AND p.active AND p.area_code = coalesce(r.police_force_code,
        (SELECT i.parent_code FROM reference_items i WHERE i.list = 'local_authority' AND i.code = r.local_authority_code))
      WHERE r.id = ${referralId}
    UNION SELECT unnest(${`{${providerIds.join(',')}}`}::uuid[]), 'support_provider'`;
  const allowed = scopeCondition(scope, subject, { involved: sql`SELECT a.id FROM (${involved}) a` });
  const result = (await db.execute(sql`SELECT o.id, o.name, a.kind, (${allowed}) AS allowed FROM (${involved}) a JOIN organisations o ON o.id = a.id
    ORDER BY array_position(ARRAY['referrer','competent_authority','local_authority','police','support_provider'], a.kind), o.name`)) as unknown as
    { rows: { id: string; name: string; kind: AgencyKind; allowed: boolean }[] };
  // One organisation may be involved in two ways (a local authority that referred its own child).
  const agencies = new Map<string, { id: string; name: string; kinds: AgencyKind[] }>();
  for (const { id, name, kind } of result.rows) {
    const agency = agencies.get(id) ?? { id, name, kinds: [] };
    agency.kinds.push(kind);
    agencies.set(id, agency);
  }
  return { agencies: [...agencies.values()], allowed: result.rows.length > 0 && result.rows[0]!.allowed === true };
}

export function listEntries(db: Db, referralId: string) {
  return db.select({ entry: multiAgencyEntries, authorName: users.name, organisationName: organisations.name })
    .from(multiAgencyEntries)
    .innerJoin(users, eq(users.id, multiAgencyEntries.authorId))
    .innerJoin(organisations, eq(organisations.id, multiAgencyEntries.organisationId))
    .where(eq(multiAgencyEntries.referralId, referralId))
    .orderBy(asc(multiAgencyEntries.topic), desc(multiAgencyEntries.askedOn), desc(multiAgencyEntries.createdAt));
}

export async function insertEntry(db: Db, values: typeof multiAgencyEntries.$inferInsert): Promise<string> {
  const [row] = await db.insert(multiAgencyEntries).values(values).returning({ id: multiAgencyEntries.id });
  return row!.id;
}
