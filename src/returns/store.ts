import { and, desc, eq } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../platform/db/database.js';
import { referrals } from '../referrals/tables.js';
import { users } from '../users/tables.js';
import { caseEvents } from '../casework/tables.js';
import { reTraffickingRiskAssessments, voluntaryReturns } from './tables.js';

export type AssessmentRow = typeof reTraffickingRiskAssessments.$inferSelect;
export type ReturnRow = typeof voluntaryReturns.$inferSelect;

/** The NRM case, locked for the step, whoever may see it (the caller decides who may). */
export async function lockCase(db: Db, reference: string) {
  const [row] = await db.select({ id: referrals.id, reference: referrals.reference, competentAuthorityId: referrals.competentAuthorityId, status: referrals.status })
    .from(referrals).where(and(eq(referrals.reference, reference), eq(referrals.route, 'nrm'))).for('update');
  return row;
}

export async function findCase(db: Db, reference: string) {
  const [row] = await db.select({ id: referrals.id, reference: referrals.reference, competentAuthorityId: referrals.competentAuthorityId, status: referrals.status, version: referrals.version })
    .from(referrals).where(and(eq(referrals.reference, reference), eq(referrals.route, 'nrm')));
  return row;
}

const assessor = alias(users, 'assessor');
const signer = alias(users, 'signer');

/** The case's assessments, newest first: the first is the one that counts. */
export function listAssessments(db: Db, referralId: string) {
  return db.select({ a: reTraffickingRiskAssessments, assessorName: assessor.name, signerName: signer.name }).from(reTraffickingRiskAssessments)
    .innerJoin(assessor, eq(assessor.id, reTraffickingRiskAssessments.assessedBy))
    .leftJoin(signer, eq(signer.id, reTraffickingRiskAssessments.signedOffBy))
    .where(eq(reTraffickingRiskAssessments.referralId, referralId))
    .orderBy(desc(reTraffickingRiskAssessments.assessedAt), desc(reTraffickingRiskAssessments.id));
}

export async function latestAssessment(db: Db, referralId: string): Promise<AssessmentRow | undefined> {
  const [row] = await db.select().from(reTraffickingRiskAssessments).where(eq(reTraffickingRiskAssessments.referralId, referralId))
    .orderBy(desc(reTraffickingRiskAssessments.assessedAt), desc(reTraffickingRiskAssessments.id)).limit(1);
  return row;
}

export async function findAssessmentByKey(db: Db, referralId: string, key: string): Promise<AssessmentRow | undefined> {
  const [row] = await db.select().from(reTraffickingRiskAssessments)
    .where(and(eq(reTraffickingRiskAssessments.referralId, referralId), eq(reTraffickingRiskAssessments.idempotencyKey, key)));
  return row;
}

export async function insertAssessment(db: Db, values: typeof reTraffickingRiskAssessments.$inferInsert): Promise<AssessmentRow> {
  const [row] = await db.insert(reTraffickingRiskAssessments).values(values).returning();
  return row!;
}

export async function signOffAssessment(db: Db, id: string, userId: string, now: Date): Promise<AssessmentRow> {
  const [row] = await db.select().from(reTraffickingRiskAssessments).where(eq(reTraffickingRiskAssessments.id, id));
  const [updated] = await db.update(reTraffickingRiskAssessments).set({ signedOffBy: userId, signedOffAt: now, version: row!.version + 1 })
    .where(eq(reTraffickingRiskAssessments.id, id)).returning();
  return updated!;
}

export function listReturns(db: Db, referralId: string): Promise<ReturnRow[]> {
  return db.select().from(voluntaryReturns).where(eq(voluntaryReturns.referralId, referralId)).orderBy(desc(voluntaryReturns.requestedAt));
}

export async function findReturn(db: Db, referralId: string, id: string): Promise<ReturnRow | undefined> {
  const [row] = await db.select().from(voluntaryReturns).where(and(eq(voluntaryReturns.referralId, referralId), eq(voluntaryReturns.id, id)));
  return row;
}

export async function findOpenReturn(db: Db, referralId: string): Promise<ReturnRow | undefined> {
  const [row] = await db.select().from(voluntaryReturns).where(and(eq(voluntaryReturns.referralId, referralId), eq(voluntaryReturns.status, 'requested')));
  return row;
}

export async function insertReturn(db: Db, values: typeof voluntaryReturns.$inferInsert): Promise<ReturnRow> {
  const [row] = await db.insert(voluntaryReturns).values(values).returning();
  return row!;
}

export async function updateReturn(db: Db, id: string, values: Partial<typeof voluntaryReturns.$inferInsert>): Promise<ReturnRow> {
  const [row] = await db.update(voluntaryReturns).set(values).where(eq(voluntaryReturns.id, id)).returning();
  return row!;
}

/** A line in the case history the caseworkers read (no personal details). */
export async function addCaseEvent(db: Db, referralId: string, actorId: string, now: Date, event: string, details: Record<string, unknown>): Promise<void> {
  await db.insert(caseEvents).values({ referralId, occurredAt: now, actorId, event, details });
}
