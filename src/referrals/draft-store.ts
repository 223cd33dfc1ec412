import { and, asc, eq, gt, lte, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../platform/db/database.js';
import { scopeCondition, type Scope, type ScopeSubject } from '../platform/auth/policy.js';
import { users } from '../users/tables.js';
import { referralDrafts } from './tables.js';

/** The SQL of referral drafts. Every read is limited to the principal's scope and to drafts not yet expired. */
export type DraftRow = typeof referralDrafts.$inferSelect;

const scopeColumns = { organisation: referralDrafts.organisationId, owner: referralDrafts.createdBy };
const live = (now: Date) => gt(referralDrafts.expiresAt, now);

export async function insertDraft(db: Db, values: typeof referralDrafts.$inferInsert): Promise<DraftRow> {
  const [row] = await db.insert(referralDrafts).values(values).returning();
  return row!;
}

/** One live draft in scope, locked for update when read inside a transaction that will change it. */
export async function findDraft(db: Db, id: string, scope: Scope, subject: ScopeSubject, now: Date, options: { lock?: boolean } = {}): Promise<DraftRow | undefined> {
  const query = db.select().from(referralDrafts).where(and(eq(referralDrafts.id, id), live(now), scopeCondition(scope, subject, scopeColumns)));
  const [row] = options.lock ? await query.for('update') : await query;
  return row;
}

/** Stores new answers if the draft is still at `version`; undefined when someone else saved first. */
export async function updateDraft(db: Db, id: string, version: number, values: { sealed: string; updatedBy: string; updatedAt: Date; expiresAt: Date }): Promise<DraftRow | undefined> {
  const [row] = await db.update(referralDrafts)
    .set({ ...values, version: sql`${referralDrafts.version} + 1` })
    .where(and(eq(referralDrafts.id, id), eq(referralDrafts.version, version)))
    .returning();
  return row;
}

export async function deleteDraft(db: Db, id: string, scope: Scope, subject: ScopeSubject): Promise<boolean> {
  const rows = await db.delete(referralDrafts).where(and(eq(referralDrafts.id, id), scopeCondition(scope, subject, scopeColumns))).returning({ id: referralDrafts.id });
  return rows.length > 0;
}

export async function deleteExpiredDrafts(db: Db, now: Date): Promise<{ id: string; organisationId: string }[]> {
  return db.delete(referralDrafts).where(lte(referralDrafts.expiresAt, now)).returning({ id: referralDrafts.id, organisationId: referralDrafts.organisationId });
}

const starter = alias(users, 'starter');
const editor = alias(users, 'editor');

/** Live drafts in scope, those expiring first at the top; who started and last changed each. */
export function listDrafts(db: Db, scope: Scope, subject: ScopeSubject, now: Date) {
  return db.select({
    id: referralDrafts.id, createdAt: referralDrafts.createdAt, updatedAt: referralDrafts.updatedAt, expiresAt: referralDrafts.expiresAt,
    createdByName: starter.name, updatedByName: editor.name,
  }).from(referralDrafts)
    .innerJoin(starter, eq(starter.id, referralDrafts.createdBy))
    .innerJoin(editor, eq(editor.id, referralDrafts.updatedBy))
    .where(and(live(now), scopeCondition(scope, subject, scopeColumns)))
    .orderBy(asc(referralDrafts.expiresAt))
    .limit(200);
}
