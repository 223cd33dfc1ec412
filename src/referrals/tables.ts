import { boolean, date, index, integer, jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { organisations } from '../organisations/tables.js';
import { users } from '../users/tables.js';

/**
 * A referral keeps what identifies the person (names, date of birth, contact details, narratives)
 * apart from what describes the case: identifying data lives only in `sealed` columns, encrypted with
 * a key outside the database, so analysts, statistics and exports never touch it.
 */
export const referrals = pgTable('referrals', {
  id: uuid('id').primaryKey().defaultRandom(),
  reference: text('reference').notNull().unique(),
  /** Stable pseudonymous id for statistics and HTCDS exports. */
  pseudonym: uuid('pseudonym').notNull().unique().defaultRandom(),
  route: text('route').notNull(),
  status: text('status').notNull(),
  receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
  /** The nation where the referral was made: its bank holidays set the working-day deadlines. */
  nation: text('nation').notNull(),
  organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
  submittedBy: uuid('submitted_by').notNull().references(() => users.id),
  competentAuthorityId: uuid('competent_authority_id').references(() => organisations.id),
  routingRule: text('routing_rule'),
  routingExplanation: text('routing_explanation'),
  ageGroup: text('age_group').notNull(),
  treatedAsChild: boolean('treated_as_child').notNull(),
  consent: boolean('consent'),
  gender: text('gender').notNull(),
  nationalities: text('nationalities').array().notNull(),
  exploitationTypes: text('exploitation_types').array().notNull(),
  countyLines: boolean('county_lines').notNull().default(false),
  exploitationLocation: text('exploitation_location').notNull(),
  policeForceCode: text('police_force_code'),
  localAuthorityCode: text('local_authority_code'),
  detained: boolean('detained'),
  asylumClaim: text('asylum_claim'),
  immigrationStatus: text('immigration_status'),
  reasonableGroundsDueDate: date('reasonable_grounds_due_date'),
  /** The caseworker who holds the case. */
  assignedTo: uuid('assigned_to').references(() => users.id),
  assignedAt: timestamp('assigned_at', { withTimezone: true }),
  /**
   * The case's place in the Competent Authority's work queue: its next step and the day that step is
   * due (null when the case has left the queue). Worked out by the database function
   * casework_queue_position from the case, its decisions, recovery period and reconsiderations, and
   * stored whenever those change, so the queue is read in order from an index however many cases there are.
   */
  queueStep: text('queue_step'),
  queueDueOn: date('queue_due_on'),
  /** Structured, non-identifying answers (languages, support needs, agency references). */
  details: jsonb('details').notNull(),
  idempotencyKey: text('idempotency_key').notNull(),
  /** The record's id in the legacy system it was imported from; importing it again changes nothing. */
  externalId: text('external_id').unique(),
  requestHash: text('request_hash').notNull(),
  version: integer('version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  unique('referrals_idempotency_unique').on(t.organisationId, t.idempotencyKey),
  index('referrals_organisation_idx').on(t.organisationId, t.receivedAt),
  index('referrals_ca_idx').on(t.competentAuthorityId, t.status),
  index('referrals_assignee_idx').on(t.assignedTo),
  // The statistics select a period's referrals by the instant of receipt.
  index('referrals_received_idx').on(t.receivedAt),
  // Children's services list the children referred in their area, newest first.
  index('referrals_child_area_idx').on(t.localAuthorityCode, t.receivedAt).where(sql`treated_as_child`),
]);

/** Who the person is: sealed (encrypted) identity, plus keyed hashes of names and date of birth for duplicate checks. */
export const referralPeople = pgTable('referral_people', {
  referralId: uuid('referral_id').primaryKey().references(() => referrals.id),
  sealed: text('sealed').notNull(),
  nameKeys: text('name_keys').array().notNull(),
  birthDateKey: text('birth_date_key'),
}, (t) => [
  index('referral_people_birth_idx').on(t.birthDateKey),
  // The duplicate check looks for any shared name key: without this it reads every identity row.
  index('referral_people_name_keys_idx').using('gin', t.nameKeys),
]);

/** One period of exploitation: what, when, where and how. The narrative is sealed. */
export const referralSituations = pgTable('referral_situations', {
  id: uuid('id').primaryKey().defaultRandom(),
  referralId: uuid('referral_id').notNull().references(() => referrals.id),
  position: integer('position').notNull(),
  types: text('types').array().notNull(),
  countyLines: boolean('county_lines').notNull().default(false),
  startMonth: text('start_month'),
  endMonth: text('end_month'),
  ongoing: boolean('ongoing').notNull().default(false),
  ukPlaces: text('uk_places').array().notNull(),
  overseasCountries: text('overseas_countries').array().notNull(),
  recruitment: text('recruitment').array().notNull(),
  meansOfControl: text('means_of_control').array().notNull(),
  indicators: text('indicators').array().notNull(),
  narrativeSealed: text('narrative_sealed'),
}, (t) => [index('referral_situations_referral_idx').on(t.referralId)]);

/** Information a first responder adds after submission. Sealed: it may name people. */
export const referralNotes = pgTable('referral_notes', {
  id: uuid('id').primaryKey().defaultRandom(),
  referralId: uuid('referral_id').notNull().references(() => referrals.id),
  authorId: uuid('author_id').notNull().references(() => users.id),
  organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
  sealed: text('sealed').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('referral_notes_referral_idx').on(t.referralId)]);

/** Possible matches found at submission, for the Competent Authority only. */
export const possibleDuplicates = pgTable('possible_duplicates', {
  id: uuid('id').primaryKey().defaultRandom(),
  referralId: uuid('referral_id').notNull().references(() => referrals.id),
  candidateId: uuid('candidate_id').notNull().references(() => referrals.id),
  reasons: text('reasons').array().notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  resolvedAt: timestamp('resolved_at', { withTimezone: true }),
  resolution: text('resolution'),
}, (t) => [index('possible_duplicates_referral_idx').on(t.referralId)]);

/**
 * A referral in progress. It belongs to the organisation (a colleague can take it over), its answers
 * are sealed, and it is removed only in the transaction that stores the referral made from it.
 * Its idempotency key is fixed when the draft is created, so retries and double clicks of the final
 * submit carry the same key.
 */
export const referralDrafts = pgTable('referral_drafts', {
  id: uuid('id').primaryKey().defaultRandom(),
  organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
  createdBy: uuid('created_by').notNull().references(() => users.id),
  updatedBy: uuid('updated_by').notNull().references(() => users.id),
  sealed: text('sealed').notNull(),
  idempotencyKey: text('idempotency_key').notNull().unique(),
  version: integer('version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
}, (t) => [index('referral_drafts_organisation_idx').on(t.organisationId, t.expiresAt)]);
