import { boolean, check, index, integer, pgTable, text, timestamp, unique, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { organisations } from '../organisations/tables.js';
import { users } from '../users/tables.js';
import { referrals } from '../referrals/tables.js';

/**
 * A referred person gone missing, from the moment they were last seen until the episode is closed with
 * its outcome. Trafficked children go missing from care fast, often within a day: the episode alerts
 * every organisation concerned and suspends a pending Reasonable Grounds decision. The circumstances
 * may name people and places, so they are sealed.
 */
export const missingEpisodes = pgTable('missing_episodes', {
  id: uuid('id').primaryKey().defaultRandom(),
  referralId: uuid('referral_id').notNull().references(() => referrals.id),
  /** Whether the person was treated as a child when reported (the dashboard flags them; statistics count by it). */
  child: boolean('child').notNull(),
  lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull(),
  /** Where they were last seen and the circumstances, sealed. */
  circumstancesSealed: text('circumstances_sealed').notNull(),
  reportedBy: uuid('reported_by').notNull().references(() => users.id),
  reportedByOrganisationId: uuid('reported_by_organisation_id').notNull().references(() => organisations.id),
  reportedAt: timestamp('reported_at', { withTimezone: true }).notNull(),
  /** The referral's police force area when reported; no police organisation for it is said on the episode. */
  policeForceCode: text('police_force_code'),
  /** Whether the report suspended a pending RG decision (so finding the person resumes it). */
  suspendedCase: boolean('suspended_case').notNull().default(false),
  outcome: text('outcome'),
  endedAt: timestamp('ended_at', { withTimezone: true }),
  closedBy: uuid('closed_by').references(() => users.id),
  closedAt: timestamp('closed_at', { withTimezone: true }),
  /** A retried API report carries the same key and gets the first episode back. */
  idempotencyKey: text('idempotency_key'),
  version: integer('version').notNull().default(1),
}, (t) => [
  // One open episode per referral: a second report while the person is missing is refused.
  uniqueIndex('missing_episodes_one_open_idx').on(t.referralId).where(sql`outcome IS NULL`),
  unique('missing_episodes_idempotency_unique').on(t.reportedByOrganisationId, t.idempotencyKey),
  index('missing_episodes_referral_idx').on(t.referralId),
  // The statistics select a period's episodes by the instant the person was last seen.
  index('missing_episodes_last_seen_idx').on(t.lastSeenAt),
  check('missing_episodes_outcome_check', sql`${t.outcome} IS NULL OR ${t.outcome} IN ('found', 'not_found', 'returned_home')`),
  check('missing_episodes_closed_check', sql`(${t.outcome} IS NULL) = (${t.endedAt} IS NULL) AND (${t.outcome} IS NULL) = (${t.closedAt} IS NULL)`),
  check('missing_episodes_end_check', sql`${t.endedAt} IS NULL OR ${t.endedAt} >= ${t.lastSeenAt}`),
]);

/**
 * An alert to one organisation concerned by an episode. It is sent through the outbox when the episode
 * is reported and again at the repeat interval (each time counted here) until someone at the
 * organisation acknowledges it.
 */
export const missingAlerts = pgTable('missing_alerts', {
  id: uuid('id').primaryKey().defaultRandom(),
  episodeId: uuid('episode_id').notNull().references(() => missingEpisodes.id),
  organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
  /** Why this organisation is alerted: police, competent_authority, local_authority or support_provider. */
  concern: text('concern').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  sentCount: integer('sent_count').notNull().default(1),
  lastSentAt: timestamp('last_sent_at', { withTimezone: true }).notNull(),
  acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true }),
  acknowledgedBy: uuid('acknowledged_by').references(() => users.id),
}, (t) => [
  unique('missing_alerts_episode_organisation_unique').on(t.episodeId, t.organisationId),
  index('missing_alerts_organisation_idx').on(t.organisationId, t.acknowledgedAt),
  // The repeat job reads the unacknowledged alerts by when they were last sent.
  index('missing_alerts_repeat_idx').on(t.lastSentAt).where(sql`acknowledged_at IS NULL`),
  check('missing_alerts_concern_check', sql`${t.concern} IN ('police', 'competent_authority', 'local_authority', 'support_provider')`),
  check('missing_alerts_acknowledged_check', sql`(${t.acknowledgedAt} IS NULL) = (${t.acknowledgedBy} IS NULL)`),
]);
