import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../platform/db/database.js';
import { organisations } from './tables.js';
import type { OrganisationInput } from './schema.js';
import { scopeCondition, type Scope, type ScopeSubject } from '../platform/auth/policy.js';
import { StaleVersionError } from '../platform/db/errors.js';

export type Organisation = typeof organisations.$inferSelect;

export function listOrganisations(db: Db, scope: Scope, subject: ScopeSubject): Promise<Organisation[]> {
  return db.select().from(organisations)
    .where(scopeCondition(scope, subject, { organisation: organisations.id }))
    .orderBy(asc(organisations.name));
}

export async function findOrganisation(db: Db, id: string, scope: Scope, subject: ScopeSubject): Promise<Organisation | undefined> {
  const [row] = await db.select().from(organisations)
    .where(and(eq(organisations.id, id), scopeCondition(scope, subject, { organisation: organisations.id })));
  return row;
}

export async function findOrganisationByName(db: Db, name: string): Promise<Organisation | undefined> {
  const [row] = await db.select().from(organisations).where(eq(organisations.name, name));
  return row;
}

export async function insertOrganisation(db: Db, input: OrganisationInput): Promise<Organisation> {
  const [row] = await db.insert(organisations).values(input).returning();
  return row!;
}

export async function updateOrganisation(db: Db, id: string, version: number, input: OrganisationInput, now: Date): Promise<Organisation> {
  const [row] = await db.update(organisations)
    .set({ ...input, primeContractorId: input.primeContractorId ?? null, areaCode: input.areaCode ?? null, competentAuthorityCode: input.competentAuthorityCode ?? null, version: sql`${organisations.version} + 1`, updatedAt: now })
    .where(and(eq(organisations.id, id), eq(organisations.version, version)))
    .returning();
  if (!row) throw new StaleVersionError('This organisation');
  return row;
}

export async function countOrganisations(db: Db): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(organisations);
  return row?.n ?? 0;
}
