import { and, asc, count, desc, eq, isNull, lte } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../platform/db/database.js';
import { scopeCondition, type Scope, type ScopeSubject } from '../platform/auth/policy.js';
import { referrals } from '../referrals/tables.js';
import { organisations } from '../organisations/tables.js';
import { users } from '../users/tables.js';
import { decisions, recoveryPeriods } from '../casework/tables.js';
import { outboxMessages } from '../outbox/tables.js';
import { devMailbox, noticeDeliveries, notices } from './tables.js';

export type NoticeRow = typeof notices.$inferSelect;

export const noticeSendTopic = 'notice.send';

const scopeColumns = { organisation: referrals.organisationId, authority: referrals.competentAuthorityId };
const authority = alias(organisations, 'authority');

export async function findDecision(db: Db, id: string) {
  const [row] = await db.select().from(decisions).where(eq(decisions.id, id));
  return row;
}

/** The referral with who made it and who decides it: what a letter's heading and addresses need. */
export async function findReferralForLetter(db: Db, referralId: string) {
  const [row] = await db.select({
    id: referrals.id, reference: referrals.reference, nation: referrals.nation, organisationId: referrals.organisationId, details: referrals.details,
    organisationName: organisations.name, authorityName: authority.name, submitterName: users.name, submitterEmail: users.email,
  }).from(referrals)
    .innerJoin(organisations, eq(organisations.id, referrals.organisationId))
    .innerJoin(users, eq(users.id, referrals.submittedBy))
    .leftJoin(authority, eq(authority.id, referrals.competentAuthorityId))
    .where(eq(referrals.id, referralId));
  return row;
}

export async function findRecoveryPeriod(db: Db, referralId: string) {
  const [row] = await db.select().from(recoveryPeriods).where(eq(recoveryPeriods.referralId, referralId));
  return row;
}

export async function decisionHasNotices(db: Db, decisionId: string): Promise<boolean> {
  const [row] = await db.select({ id: notices.id }).from(notices).where(eq(notices.decisionId, decisionId)).limit(1);
  return Boolean(row);
}

export async function insertNotice(db: Db, values: typeof notices.$inferInsert): Promise<NoticeRow> {
  const [row] = await db.insert(notices).values(values).returning();
  return row!;
}

/**
 * The next letter waiting to be sent, locked for this transaction. SKIP LOCKED lets several processes
 * deliver at once: each takes a different message, and none sends a letter another is sending.
 */
export async function lockNextNoticeMessage(db: Db, now: Date) {
  const [row] = await db.select().from(outboxMessages)
    .where(and(eq(outboxMessages.topic, noticeSendTopic), isNull(outboxMessages.deliveredAt), lte(outboxMessages.availableAt, now)))
    .orderBy(asc(outboxMessages.availableAt), asc(outboxMessages.createdAt))
    .limit(1)
    .for('update', { skipLocked: true });
  return row;
}

export async function findNotice(db: Db, id: string) {
  const [row] = await db.select().from(notices).where(eq(notices.id, id));
  return row;
}

export async function markMessageDelivered(db: Db, messageId: string, now: Date, attempts: number): Promise<void> {
  await db.update(outboxMessages).set({ deliveredAt: now, attempts }).where(eq(outboxMessages.id, messageId));
}

export async function deferMessage(db: Db, messageId: string, attempts: number, availableAt: Date, error: string): Promise<void> {
  await db.update(outboxMessages).set({ attempts, availableAt, lastError: error }).where(eq(outboxMessages.id, messageId));
}

export async function insertDelivery(db: Db, values: typeof noticeDeliveries.$inferInsert): Promise<void> {
  await db.insert(noticeDeliveries).values(values);
}

export async function setNoticeStatus(db: Db, id: string, status: 'sent' | 'failed', sentAt: Date | null): Promise<void> {
  await db.update(notices).set({ status, ...(sentAt ? { sentAt } : {}) }).where(eq(notices.id, id));
}

/** A notice of one referral: the caller has already found the referral within the principal's scope. */
export async function findNoticeOfReferral(db: Db, referralId: string, noticeId: string) {
  const [row] = await db.select().from(notices).where(and(eq(notices.id, noticeId), eq(notices.referralId, referralId)));
  return row;
}

/** A referral's notices without their letters, only if the principal's scope includes the referral. */
export function listNotices(db: Db, referralId: string, scope: Scope, subject: ScopeSubject) {
  return db.select({
    id: notices.id, decisionId: notices.decisionId, recipient: notices.recipient, subject: notices.subject, status: notices.status,
    createdAt: notices.createdAt, sentAt: notices.sentAt, deliveries: count(noticeDeliveries.id),
  }).from(notices)
    .innerJoin(referrals, eq(referrals.id, notices.referralId))
    .leftJoin(noticeDeliveries, eq(noticeDeliveries.noticeId, notices.id))
    .where(and(eq(notices.referralId, referralId), scopeCondition(scope, subject, scopeColumns)))
    .groupBy(notices.id)
    .orderBy(asc(notices.createdAt), asc(notices.recipient));
}

export function listMailbox(db: Db, limit: number) {
  return db.select().from(devMailbox).orderBy(desc(devMailbox.sentAt)).limit(limit);
}

export async function findMail(db: Db, id: string) {
  const [row] = await db.select().from(devMailbox).where(eq(devMailbox.id, id));
  return row;
}
