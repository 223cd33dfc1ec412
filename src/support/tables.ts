import { boolean, check, date, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { organisations } from '../organisations/tables.js';
import { users } from '../users/tables.js';
import { referrals } from '../referrals/tables.js';

/**
 * Victim support: what each support provider offers (safe accommodation sites and outreach, each with a
 * number of places), the allocation of a person to a service, and the support episode that follows.
 * Occupancy is kept on the service itself and changed in the transaction of the allocation or release
 * that changes it, so it is always current and two allocations can never take the same last place.
 */
export const supportServices = pgTable('support_services', {
  id: uuid('id').primaryKey().defaultRandom(),
  organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
  /** `accommodation` (a safe house or refuge) or `outreach`. */
  kind: text('kind').notNull(),
  name: text('name').notNull(),
  /** Regions served (regions.ts): an accommodation site's own region, or the regions outreach covers. */
  regions: text('regions').array().notNull(),
  /** Who the service is for: `women`, `men`, `families` or `anyone`. */
  clientGroup: text('client_group').notNull(),
  exploitationTypes: text('exploitation_types').array().notNull(),
  /** ISO 639 codes of the languages the service's staff work in. */
  languages: text('languages').array().notNull(),
  places: integer('places').notNull(),
  placesTaken: integer('places_taken').notNull().default(0),
  active: boolean('active').notNull().default(true),
  version: integer('version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('support_services_organisation_idx').on(t.organisationId),
  check('support_services_places_check', sql`${t.places} >= 0 AND ${t.placesTaken} >= 0 AND ${t.placesTaken} <= ${t.places}`),
  check('support_services_kind_check', sql`${t.kind} IN ('accommodation', 'outreach')`),
]);

/**
 * An offer of a place on a service to a person, made by the prime contractor's allocator and answered by
 * the provider within the time limit. The place is held from the offer: a decline, an expiry or the end
 * of the support gives it back.
 */
export const supportAllocations = pgTable('support_allocations', {
  id: uuid('id').primaryKey().defaultRandom(),
  referralId: uuid('referral_id').notNull().references(() => referrals.id),
  serviceId: uuid('service_id').notNull().references(() => supportServices.id),
  /** The provider the service belongs to: its support workers answer and see the case. */
  organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
  /** offered, accepted, declined, expired, ended; withdrawn when the case was withdrawn before support began. */
  status: text('status').notNull(),
  /** Whether the person agreed that the provider may read their account of the exploitation. */
  narrativeShared: boolean('narrative_shared').notNull(),
  offeredBy: uuid('offered_by').notNull().references(() => users.id),
  offeredAt: timestamp('offered_at', { withTimezone: true }).notNull(),
  respondBy: timestamp('respond_by', { withTimezone: true }).notNull(),
  respondedBy: uuid('responded_by').references(() => users.id),
  respondedAt: timestamp('responded_at', { withTimezone: true }),
  /** Why the provider declined: free text that may name people, so sealed. */
  declineReasonSealed: text('decline_reason_sealed'),
  version: integer('version').notNull().default(1),
}, (t) => [
  index('support_allocations_referral_idx').on(t.referralId),
  index('support_allocations_provider_idx').on(t.organisationId, t.status),
  // One live offer or placement per person at a time.
  uniqueIndex('support_allocations_one_open_idx').on(t.referralId).where(sql`status IN ('offered', 'accepted')`),
  check('support_allocations_status_check', sql`${t.status} IN ('offered', 'accepted', 'declined', 'expired', 'ended', 'withdrawn')`),
]);

/** Support given under an accepted allocation: from the day it starts to the day it ends, with move-on. */
export const supportEpisodes = pgTable('support_episodes', {
  id: uuid('id').primaryKey().defaultRandom(),
  allocationId: uuid('allocation_id').notNull().unique().references(() => supportAllocations.id),
  referralId: uuid('referral_id').notNull().references(() => referrals.id),
  serviceId: uuid('service_id').notNull().references(() => supportServices.id),
  organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
  startedOn: date('started_on').notNull(),
  /** The end by the support and move-on rules in force, when the episode started. */
  plannedEnd: date('planned_end'),
  plannedEndRule: text('planned_end_rule').notNull(),
  endedOn: date('ended_on'),
  endReason: text('end_reason'),
  /** Where the person moved on to (a code of `moveOnOptions`, schema.ts). */
  moveOn: text('move_on'),
  startedBy: uuid('started_by').notNull().references(() => users.id),
  endedBy: uuid('ended_by').references(() => users.id),
  version: integer('version').notNull().default(1),
}, (t) => [
  index('support_episodes_referral_idx').on(t.referralId),
  index('support_episodes_provider_idx').on(t.organisationId, t.endedOn),
  check('support_episodes_dates_check', sql`${t.endedOn} IS NULL OR ${t.endedOn} >= ${t.startedOn}`),
]);
