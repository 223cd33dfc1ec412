import { randomBytes } from 'node:crypto';
import { eq, inArray, sql, type SQL } from 'drizzle-orm';
import { jsonInsert, withStatements, type Db } from '../../platform/db/database.js';
import { hashPassword } from '../../platform/crypto/passwords.js';
import { organisations } from '../../organisations/tables.js';
import { referenceItems } from '../../reference-data/tables.js';
import { referrals } from '../../referrals/tables.js';
import { users } from '../../users/tables.js';
import { caseEvents, caseSuspensions, decisions, recoveryPeriods } from '../../casework/tables.js';

/** The SQL of the historical import. */

export type OrganisationRow = Pick<typeof organisations.$inferSelect, 'id' | 'name' | 'type' | 'nation' | 'competentAuthorityCode' | 'active'>;

/** What every line is checked against, read once: organisations (also inactive ones: a historic referrer may have closed) and the active reference codes. */
export async function loadImportContext(db: Db): Promise<{ organisations: OrganisationRow[]; knownCodes: Set<string> }> {
  const [orgs, codes] = await Promise.all([
    db.select({
      id: organisations.id, name: organisations.name, type: organisations.type, nation: organisations.nation,
      competentAuthorityCode: organisations.competentAuthorityCode, active: organisations.active,
    }).from(organisations),
    db.select({ list: referenceItems.list, code: referenceItems.code }).from(referenceItems).where(eq(referenceItems.active, true)),
  ]);
  return { organisations: orgs, knownCodes: new Set(codes.map((c) => codeKey(c.list, c.code))) };
}

export function codeKey(list: string, code: string): string {
  return `${list}:${code}`;
}

/** Which of these legacy ids are already in Palermo, asked a thousand at a time. */
export async function existingExternalIds(db: Db, ids: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < ids.length; i += 1000) {
    const rows = await db.select({ externalId: referrals.externalId }).from(referrals).where(inArray(referrals.externalId, ids.slice(i, i + 1000)));
    for (const row of rows) if (row.externalId) found.add(row.externalId);
  }
  return found;
}

/**
 * The users historical records are attributed to: no one in Palermo made those referrals or decisions,
 * so they are recorded as made in the legacy system. Inactive, with a password nobody knows: they can
 * never sign in. Two of them, because the database holds an issued negative decision only with a
 * reviewer other than its maker (the legacy system recorded that review; Palermo does not know who did it).
 * The database knows the first by its email: only its negative decisions may lack a reason category
 * (migration 0012, `decisions_require_reason_category`), so never change that address.
 */
export const legacyUsers = {
  system: { email: 'legacy.system@palermo.invalid', name: 'Legacy system (recorded before Palermo)' },
  review: { email: 'legacy.review@palermo.invalid', name: 'Legacy system second review (recorded before Palermo)' },
} as const;

export async function findOrCreateLegacyUser(tx: Db, which: keyof typeof legacyUsers, organisationId: string): Promise<{ id: string; created: boolean }> {
  const { email, name } = legacyUsers[which];
  const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.email, email));
  if (existing) return { id: existing.id, created: false };
  const passwordHash = await hashPassword(randomBytes(32).toString('base64url'));
  const [row] = await tx.insert(users).values({ email, name, organisationId, role: 'ca_caseworker', passwordHash, active: false }).returning({ id: users.id });
  return { id: row!.id, created: true };
}

export const insertDecisions = jsonInsert(decisions, [
  'id', 'referralId', 'stage', 'outcome', 'positive', 'reasonsSealed', 'reasonCategory', 'standardOfProof', 'status', 'decidedOn', 'dueDate',
  'madeBy', 'madeAt', 'reviewedBy', 'reviewedAt', 'reviewCommentSealed', 'issuedAt', 'moveOnEnd',
]);
export const insertRecoveryPeriods = jsonInsert(recoveryPeriods, [
  'referralId', 'decisionId', 'startedOn', 'minimumEnd', 'currentEnd', 'ruleSource', 'removalStayed', 'caseReviewDue',
]);
export const insertSuspensions = jsonInsert(caseSuspensions, ['referralId', 'reason', 'startedAt', 'startedBy', 'statusBefore', 'workingDaysLeft']);
export const insertCaseEvents = jsonInsert(caseEvents, ['referralId', 'occurredAt', 'actorId', 'event', 'details']);

/** A referral's INSERTs as one statement, one round trip: foreign keys are checked when the statement ends. */
export async function runInserts(tx: Db, inserts: SQL[]): Promise<void> {
  await tx.execute(withStatements(inserts, sql`SELECT 1`));
}
