import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../platform/db/database.js';
import { apiTokens, users } from './tables.js';
import { organisations } from '../organisations/tables.js';
import { sessions } from '../platform/auth/tables.js';
import { scopeCondition, type Scope, type ScopeSubject } from '../platform/auth/policy.js';
import { StaleVersionError } from '../platform/db/errors.js';
import type { Role } from '../platform/auth/roles.js';

export type User = typeof users.$inferSelect;

const userWithOrganisation = {
  id: users.id,
  email: users.email,
  name: users.name,
  organisationId: users.organisationId,
  organisationName: organisations.name,
  role: users.role,
  active: users.active,
  failedSignIns: users.failedSignIns,
  lockedUntil: users.lockedUntil,
  lastSignInAt: users.lastSignInAt,
  version: users.version,
};
export type UserSummary = { [K in keyof typeof userWithOrganisation]: (typeof userWithOrganisation)[K]['_']['data'] } & { role: Role };

export async function listUsers(db: Db, scope: Scope, subject: ScopeSubject): Promise<UserSummary[]> {
  const rows = await db.select(userWithOrganisation).from(users)
    .innerJoin(organisations, eq(organisations.id, users.organisationId))
    .where(scopeCondition(scope, subject, { organisation: users.organisationId, owner: users.id }))
    .orderBy(asc(organisations.name), asc(users.name));
  return rows as UserSummary[];
}

export async function findUser(db: Db, id: string, scope: Scope, subject: ScopeSubject): Promise<UserSummary | undefined> {
  const [row] = await db.select(userWithOrganisation).from(users)
    .innerJoin(organisations, eq(organisations.id, users.organisationId))
    .where(and(eq(users.id, id), scopeCondition(scope, subject, { organisation: users.organisationId, owner: users.id })));
  return row as UserSummary | undefined;
}

/** For sign-in only: includes the password hash, never leaves the auth service. */
export async function findUserForSignIn(db: Db, email: string) {
  const [row] = await db.select({ user: users, organisationName: organisations.name, organisationActive: organisations.active })
    .from(users).innerJoin(organisations, eq(organisations.id, users.organisationId))
    .where(eq(users.email, email.toLowerCase()));
  return row;
}

export async function findUserByEmail(db: Db, email: string): Promise<User | undefined> {
  const [row] = await db.select().from(users).where(eq(users.email, email.toLowerCase()));
  return row;
}

/** The principal behind a session: only an active user of an active organisation. */
export async function findActivePrincipal(db: Db, userId: string) {
  const [row] = await db.select({ ...userWithOrganisation })
    .from(users).innerJoin(organisations, eq(organisations.id, users.organisationId))
    .where(and(eq(users.id, userId), eq(users.active, true), eq(organisations.active, true)));
  return row as UserSummary | undefined;
}

export async function insertUser(db: Db, values: { email: string; name: string; organisationId: string; role: Role; passwordHash: string }): Promise<User> {
  const [row] = await db.insert(users).values(values).returning();
  return row!;
}

export async function updateUser(db: Db, id: string, version: number,
  values: { name: string; organisationId: string; role: Role; active: boolean; unlock: boolean }, now: Date): Promise<User> {
  const [row] = await db.update(users).set({
    name: values.name,
    organisationId: values.organisationId,
    role: values.role,
    active: values.active,
    ...(values.unlock ? { failedSignIns: 0, lockedUntil: null } : {}),
    version: sql`${users.version} + 1`,
    updatedAt: now,
  }).where(and(eq(users.id, id), eq(users.version, version))).returning();
  if (!row) throw new StaleVersionError('This user');
  return row;
}

/** Counts a failed sign-in; returns the new count. Atomic, so parallel attempts cannot undercount. */
export async function recordFailedSignIn(db: Db, userId: string): Promise<number> {
  const [row] = await db.update(users).set({ failedSignIns: sql`${users.failedSignIns} + 1` })
    .where(eq(users.id, userId)).returning({ n: users.failedSignIns });
  return row?.n ?? 0;
}

export async function lockUser(db: Db, userId: string, until: Date): Promise<void> {
  await db.update(users).set({ lockedUntil: until }).where(eq(users.id, userId));
}

export async function recordSuccessfulSignIn(db: Db, userId: string, now: Date): Promise<void> {
  await db.update(users).set({ failedSignIns: 0, lockedUntil: null, lastSignInAt: now }).where(eq(users.id, userId));
}

/** Signs a user out everywhere (deactivation, role change). */
export async function deleteSessionsOf(db: Db, userId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.userId, userId));
}

export async function insertApiToken(db: Db, values: { userId: string; tokenHash: string; label: string }) {
  const [row] = await db.insert(apiTokens).values(values).returning({ id: apiTokens.id });
  return row!;
}

export async function revokeApiToken(db: Db, id: string, now: Date): Promise<boolean> {
  const rows = await db.update(apiTokens).set({ revokedAt: now }).where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt))).returning({ id: apiTokens.id });
  return rows.length > 0;
}

export function listApiTokens(db: Db, userId: string) {
  return db.select({ id: apiTokens.id, label: apiTokens.label, createdAt: apiTokens.createdAt, lastUsedAt: apiTokens.lastUsedAt, revokedAt: apiTokens.revokedAt })
    .from(apiTokens).where(eq(apiTokens.userId, userId)).orderBy(asc(apiTokens.createdAt));
}

/** The principal behind a bearer token: not revoked, user and organisation active. */
/** The active user behind an unrevoked token, with their organisation. Plain SQL: it runs on every API request. */
export async function findTokenPrincipal(db: Db, tokenHash: string): Promise<TokenPrincipal | undefined> {
  const result = (await db.execute(sql`
    SELECT t.id AS "tokenId", t.last_used_at AS "lastUsedAt", u.id, u.email, u.name, u.role, u.organisation_id AS "organisationId", o.name AS "organisationName"
    FROM api_tokens t JOIN users u ON u.id = t.user_id JOIN organisations o ON o.id = u.organisation_id
    WHERE t.token_hash = ${tokenHash} AND t.revoked_at IS NULL AND u.active AND o.active`)) as unknown as { rows: (Omit<TokenPrincipal, 'lastUsedAt'> & { lastUsedAt: Date | string | null })[] };
  const row = result.rows[0];
  return row && { ...row, lastUsedAt: row.lastUsedAt === null ? null : new Date(row.lastUsedAt) };
}

export interface TokenPrincipal {
  tokenId: string;
  lastUsedAt: Date | null;
  id: string;
  email: string;
  name: string;
  role: Role;
  organisationId: string;
  organisationName: string;
}

export async function touchApiToken(db: Db, id: string, now: Date): Promise<void> {
  await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, id));
}
