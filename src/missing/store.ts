import { and, asc, desc, eq, inArray, isNull, lte, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../platform/db/database.js';
import { scopeCondition, scopeFor } from '../platform/auth/policy.js';
import type { Principal } from '../platform/auth/principal.js';
import { organisations } from '../organisations/tables.js';
import { users } from '../users/tables.js';
import { referrals } from '../referrals/tables.js';
import { missingAlerts, missingEpisodes } from './tables.js';

export type EpisodeRow = typeof missingEpisodes.$inferSelect;
export type AlertRow = typeof missingAlerts.$inferSelect;

/**
 * The organisations involved with the person of an episode: the referrer, the Competent Authority, the
 * police force of the referral's area, the child's local authority, and every organisation alerted
 * (support providers among them). The `involved` scope of policy.ts turns it into the lists' condition.
 */
const involvedInEpisode = sql`SELECT ${referrals.organisationId} UNION ALL SELECT ${referrals.competentAuthorityId}
  UNION ALL SELECT a.organisation_id FROM missing_alerts a WHERE a.episode_id = ${missingEpisodes.id}
  UNION ALL SELECT o.id FROM organisations o WHERE (o.type = 'police' AND o.area_code = ${referrals.policeForceCode})
    OR (o.type = 'local_authority' AND o.area_code = ${referrals.localAuthorityCode})`;

function visibleTo(principal: Principal): SQL {
  return scopeCondition(scopeFor(principal.role, 'missing_episode'), principal, { involved: involvedInEpisode });
}

/** The referral a report is about, with the organisations it concerns (active ones only). */
export async function findReferralConcerns(db: Db, reference: string) {
  const [referral] = await db.select({
    id: referrals.id, reference: referrals.reference, route: referrals.route, status: referrals.status, treatedAsChild: referrals.treatedAsChild,
    organisationId: referrals.organisationId, competentAuthorityId: referrals.competentAuthorityId,
    policeForceCode: referrals.policeForceCode, localAuthorityCode: referrals.localAuthorityCode,
  }).from(referrals).where(eq(referrals.reference, reference));
  if (!referral) return undefined;
  const area = (type: string, code: string | null) => (code
    ? db.select({ id: organisations.id }).from(organisations)
      .where(and(eq(organisations.type, type), eq(organisations.areaCode, code), eq(organisations.active, true))).orderBy(asc(organisations.name))
    : Promise.resolve([]));
  const [police, localAuthorities] = await Promise.all([area('police', referral.policeForceCode), area('local_authority', referral.localAuthorityCode)]);
  return { referral, police: police.map((r) => r.id), localAuthorities: localAuthorities.map((r) => r.id) };
}

export async function insertEpisode(db: Db, values: typeof missingEpisodes.$inferInsert): Promise<EpisodeRow> {
  const [row] = await db.insert(missingEpisodes).values(values).returning();
  return row!;
}

export async function insertAlerts(db: Db, values: (typeof missingAlerts.$inferInsert)[]): Promise<AlertRow[]> {
  if (values.length === 0) return [];
  return db.insert(missingAlerts).values(values).returning();
}

export async function findByIdempotencyKey(db: Db, organisationId: string, key: string): Promise<EpisodeRow | undefined> {
  const [row] = await db.select().from(missingEpisodes).where(and(eq(missingEpisodes.reportedByOrganisationId, organisationId), eq(missingEpisodes.idempotencyKey, key)));
  return row;
}

export async function openEpisodeFor(db: Db, referralId: string): Promise<EpisodeRow | undefined> {
  const [row] = await db.select().from(missingEpisodes).where(and(eq(missingEpisodes.referralId, referralId), isNull(missingEpisodes.outcome)));
  return row;
}

export async function episodeExists(db: Db, id: string): Promise<boolean> {
  const [row] = await db.select({ id: missingEpisodes.id }).from(missingEpisodes).where(eq(missingEpisodes.id, id));
  return Boolean(row);
}

const reporter = alias(users, 'reporter');
const reporterOrganisation = alias(organisations, 'reporter_organisation');

const episodeColumns = {
  episode: missingEpisodes, reference: referrals.reference, ageGroup: referrals.ageGroup, gender: referrals.gender, nationalities: referrals.nationalities,
  reportedByName: reporter.name, reportedByOrganisationName: reporterOrganisation.name,
};

/** One episode, only if the principal's organisation is involved with the person; `lock` holds it for a change. */
export async function findVisibleEpisode(db: Db, principal: Principal, id: string, lock = false) {
  const query = db.select(episodeColumns).from(missingEpisodes)
    .innerJoin(referrals, eq(referrals.id, missingEpisodes.referralId))
    .innerJoin(reporter, eq(reporter.id, missingEpisodes.reportedBy))
    .innerJoin(reporterOrganisation, eq(reporterOrganisation.id, missingEpisodes.reportedByOrganisationId))
    .where(and(eq(missingEpisodes.id, id), visibleTo(principal)));
  const [row] = lock ? await query.for('update', { of: missingEpisodes }) : await query;
  return row;
}

/** Open episodes the principal's organisation is involved with, the longest missing first. */
export function listOpenEpisodes(db: Db, principal: Principal, limit = 200) {
  return db.select({
    ...episodeColumns,
    unacknowledged: sql<number>`(SELECT count(*)::int FROM missing_alerts a WHERE a.episode_id = ${missingEpisodes.id} AND a.acknowledged_at IS NULL)`,
  }).from(missingEpisodes)
    .innerJoin(referrals, eq(referrals.id, missingEpisodes.referralId))
    .innerJoin(reporter, eq(reporter.id, missingEpisodes.reportedBy))
    .innerJoin(reporterOrganisation, eq(reporterOrganisation.id, missingEpisodes.reportedByOrganisationId))
    .where(and(isNull(missingEpisodes.outcome), visibleTo(principal)))
    .orderBy(asc(missingEpisodes.lastSeenAt), asc(missingEpisodes.id))
    .limit(limit);
}

const acknowledger = alias(users, 'acknowledger');

/** The alerts of one episode, with each organisation's name and who acknowledged. */
export function alertsOfEpisode(db: Db, episodeId: string) {
  return db.select({ alert: missingAlerts, organisationName: organisations.name, acknowledgedByName: acknowledger.name })
    .from(missingAlerts).innerJoin(organisations, eq(organisations.id, missingAlerts.organisationId))
    .leftJoin(acknowledger, eq(acknowledger.id, missingAlerts.acknowledgedBy))
    .where(eq(missingAlerts.episodeId, episodeId)).orderBy(asc(missingAlerts.createdAt), asc(organisations.name));
}

/** The organisation's alerts about people still missing: unacknowledged first, then the longest missing. */
export function alertsForOrganisation(db: Db, organisationId: string) {
  return db.select({
    alert: missingAlerts, episodeId: missingEpisodes.id, lastSeenAt: missingEpisodes.lastSeenAt, child: missingEpisodes.child,
    reference: referrals.reference, acknowledgedByName: acknowledger.name,
  }).from(missingAlerts)
    .innerJoin(missingEpisodes, eq(missingEpisodes.id, missingAlerts.episodeId))
    .innerJoin(referrals, eq(referrals.id, missingEpisodes.referralId))
    .leftJoin(acknowledger, eq(acknowledger.id, missingAlerts.acknowledgedBy))
    .where(and(eq(missingAlerts.organisationId, organisationId), isNull(missingEpisodes.outcome)))
    .orderBy(desc(sql`${missingAlerts.acknowledgedAt} IS NULL`), asc(missingEpisodes.lastSeenAt));
}

/** How many alerts about people still missing wait for the organisation's acknowledgement (the home page's banner). */
export async function unacknowledgedCount(db: Db, organisationId: string): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(missingAlerts)
    .innerJoin(missingEpisodes, eq(missingEpisodes.id, missingAlerts.episodeId))
    .where(and(eq(missingAlerts.organisationId, organisationId), isNull(missingAlerts.acknowledgedAt), isNull(missingEpisodes.outcome)));
  return row?.n ?? 0;
}

/** An alert of the principal's own organisation, locked for acknowledgement. */
export async function lockOwnAlert(db: Db, id: string, organisationId: string) {
  const [row] = await db.select({ alert: missingAlerts, reference: referrals.reference, outcome: missingEpisodes.outcome })
    .from(missingAlerts).innerJoin(missingEpisodes, eq(missingEpisodes.id, missingAlerts.episodeId))
    .innerJoin(referrals, eq(referrals.id, missingEpisodes.referralId))
    .where(and(eq(missingAlerts.id, id), eq(missingAlerts.organisationId, organisationId)))
    .for('update', { of: missingAlerts });
  return row;
}

export async function alertExists(db: Db, id: string): Promise<boolean> {
  const [row] = await db.select({ id: missingAlerts.id }).from(missingAlerts).where(eq(missingAlerts.id, id));
  return Boolean(row);
}

export async function acknowledgeAlert(db: Db, id: string, userId: string, now: Date): Promise<AlertRow> {
  const [row] = await db.update(missingAlerts).set({ acknowledgedAt: now, acknowledgedBy: userId }).where(eq(missingAlerts.id, id)).returning();
  return row!;
}

export async function closeEpisode(db: Db, id: string, version: number, values: Pick<EpisodeRow, 'outcome' | 'endedAt' | 'closedBy' | 'closedAt'>): Promise<EpisodeRow | undefined> {
  const [row] = await db.update(missingEpisodes).set({ ...values, version: version + 1 })
    .where(and(eq(missingEpisodes.id, id), eq(missingEpisodes.version, version), isNull(missingEpisodes.outcome))).returning();
  return row;
}

/**
 * Unacknowledged alerts about people still missing, last sent at or before the cut-off, locked so that
 * two processes repeating at once send each alert once (SKIP LOCKED: another process has it).
 */
export function lockAlertsDue(db: Db, cutOff: Date, limit = 500) {
  return db.select({ alert: missingAlerts, reference: referrals.reference, child: missingEpisodes.child })
    .from(missingAlerts).innerJoin(missingEpisodes, eq(missingEpisodes.id, missingAlerts.episodeId))
    .innerJoin(referrals, eq(referrals.id, missingEpisodes.referralId))
    .where(and(isNull(missingAlerts.acknowledgedAt), lte(missingAlerts.lastSentAt, cutOff), isNull(missingEpisodes.outcome)))
    .orderBy(asc(missingAlerts.lastSentAt)).limit(limit)
    .for('update', { of: missingAlerts, skipLocked: true });
}

export async function markResent(db: Db, ids: string[], now: Date): Promise<void> {
  if (ids.length === 0) return;
  await db.update(missingAlerts).set({ sentCount: sql`${missingAlerts.sentCount} + 1`, lastSentAt: now }).where(inArray(missingAlerts.id, ids));
}
