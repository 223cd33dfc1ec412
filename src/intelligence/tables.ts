import { check, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { organisations } from '../organisations/tables.js';
import { users } from '../users/tables.js';
import { referrals } from '../referrals/tables.js';

/**
 * Intelligence on trafficking sent to the central repository (2009 action 15): from signed-in agency
 * users, or anonymously from the public.
 *
 * What is sealed and what is plain: the account of what is happening (`what_sealed`) and the people
 * described (`people_sealed`) may name victims, so they are encrypted with the FieldCipher and cannot be
 * searched. The places, businesses, vehicles and phone numbers are intelligence about where and by whom
 * exploitation happens — what analysts triage and match across reports — so they are stored plain, and
 * `search_text` (those lists with the exploitation types and police force area) is what full-text search
 * reads. The forms say so, and ask for people only in the sealed "who" section.
 *
 * An anonymous report keeps nothing about its sender: no organisation, user, address, user agent or
 * idempotency key (the checks below), and its time of receipt only to the day.
 */
export const intelligenceReports = pgTable('intelligence_reports', {
  id: uuid('id').primaryKey().defaultRandom(),
  /** Random, not sequential: it acknowledges receipt and reveals neither volume nor order. */
  reference: text('reference').notNull().unique(),
  source: text('source').notNull(),
  organisationId: uuid('organisation_id').references(() => organisations.id),
  submittedBy: uuid('submitted_by').references(() => users.id),
  receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
  whatSealed: text('what_sealed').notNull(),
  /** JSON list of { role, description }, sealed. */
  peopleSealed: text('people_sealed'),
  places: text('places').array().notNull().default(sql`'{}'::text[]`),
  businesses: text('businesses').array().notNull().default(sql`'{}'::text[]`),
  vehicles: text('vehicles').array().notNull().default(sql`'{}'::text[]`),
  phoneNumbers: text('phone_numbers').array().notNull().default(sql`'{}'::text[]`),
  exploitationTypes: text('exploitation_types').array().notNull().default(sql`'{}'::text[]`),
  policeForceCode: text('police_force_code'),
  /** UK 3x5x2 grading: source evaluation A–C, intelligence assessment 1–5, handling code P or C. */
  sourceEvaluation: text('source_evaluation'),
  intelligenceAssessment: text('intelligence_assessment'),
  handlingCode: text('handling_code'),
  triageStatus: text('triage_status').notNull().default('new'),
  triagedBy: uuid('triaged_by').references(() => users.id),
  triagedAt: timestamp('triaged_at', { withTimezone: true }),
  searchText: text('search_text').notNull(),
  idempotencyKey: text('idempotency_key'),
  requestHash: text('request_hash'),
  version: integer('version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('intelligence_reports_idempotency_idx').on(t.organisationId, t.idempotencyKey).where(sql`idempotency_key IS NOT NULL`),
  index('intelligence_reports_organisation_idx').on(t.organisationId, t.receivedAt),
  index('intelligence_reports_triage_idx').on(t.triageStatus, t.receivedAt),
  index('intelligence_reports_force_idx').on(t.policeForceCode),
  index('intelligence_reports_search_idx').using('gin', sql`to_tsvector('english', ${t.searchText})`),
  check('intelligence_reports_source_check', sql`${t.source} IN ('agency', 'public')`),
  check('intelligence_reports_sender_check', sql`CASE WHEN ${t.source} = 'agency'
    THEN ${t.organisationId} IS NOT NULL AND ${t.submittedBy} IS NOT NULL
    ELSE ${t.organisationId} IS NULL AND ${t.submittedBy} IS NULL AND ${t.idempotencyKey} IS NULL AND ${t.requestHash} IS NULL END`),
  check('intelligence_reports_triage_check', sql`${t.triageStatus} IN ('new', 'triaged', 'actioned', 'no_further_action')`),
  check('intelligence_reports_grading_check', sql`(${t.sourceEvaluation} IS NULL OR ${t.sourceEvaluation} IN ('A', 'B', 'C'))
    AND (${t.intelligenceAssessment} IS NULL OR ${t.intelligenceAssessment} IN ('1', '2', '3', '4', '5'))
    AND (${t.handlingCode} IS NULL OR ${t.handlingCode} IN ('P', 'C'))`),
]);

/** Referrals a report concerns, linked by an agency user who may see the referral or by an analyst through its pseudonym. */
export const intelligenceReportReferrals = pgTable('intelligence_report_referrals', {
  reportId: uuid('report_id').notNull().references(() => intelligenceReports.id),
  referralId: uuid('referral_id').notNull().references(() => referrals.id),
  linkedBy: uuid('linked_by').notNull().references(() => users.id),
  linkedAt: timestamp('linked_at', { withTimezone: true }).notNull(),
}, (t) => [
  primaryKey({ columns: [t.reportId, t.referralId] }),
  index('intelligence_report_referrals_referral_idx').on(t.referralId),
]);
