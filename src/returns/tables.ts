// Tables of this domain, exported to the query builder and the migration generator through src/platform/db/tables.ts.
import { check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid, date } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { organisations } from '../organisations/tables.js';
import { users } from '../users/tables.js';
import { referrals } from '../referrals/tables.js';

/**
 * A re-trafficking risk assessment before a voluntary return. Kept as a history: each assessment is a
 * new row, and the latest counts. The answers are structured (for the rule in risk-assessment.ts); the
 * evidence for a factor present may name people, so it is sealed, as one JSON object per assessment.
 */
export const reTraffickingRiskAssessments = pgTable('re_trafficking_risk_assessments', {
  id: uuid('id').primaryKey().defaultRandom(),
  referralId: uuid('referral_id').notNull().references(() => referrals.id),
  /** Factor code → present / not_present / not_known. */
  answers: jsonb('answers').notNull(),
  /** Sealed JSON: factor code → evidence, for the factors present. */
  evidenceSealed: text('evidence_sealed').notNull(),
  level: text('level').notNull(),
  /** The reasons the rule gave for the level, as shown when it was made (factor codes and text, no personal details). */
  reasons: jsonb('reasons').notNull(),
  assessedBy: uuid('assessed_by').notNull().references(() => users.id),
  assessedByOrganisationId: uuid('assessed_by_organisation_id').notNull().references(() => organisations.id),
  assessedAt: timestamp('assessed_at', { withTimezone: true }).notNull(),
  /** A high level needs a Competent Authority manager's sign-off before a return can be recorded. */
  signedOffBy: uuid('signed_off_by').references(() => users.id),
  signedOffAt: timestamp('signed_off_at', { withTimezone: true }),
  version: integer('version').notNull().default(1),
  /** An API client's Idempotency-Key: a retried submission returns the assessment it made. */
  idempotencyKey: text('idempotency_key'),
}, (t) => [
  index('re_trafficking_risk_assessments_referral_idx').on(t.referralId, t.assessedAt),
  uniqueIndex('re_trafficking_risk_assessments_idempotency_idx').on(t.referralId, t.idempotencyKey).where(sql`idempotency_key IS NOT NULL`),
  check('re_trafficking_risk_assessments_level_check', sql`${t.level} IN ('low', 'medium', 'high')`),
  check('re_trafficking_risk_assessments_sign_off_check', sql`(${t.signedOffBy} IS NULL) = (${t.signedOffAt} IS NULL)`),
]);

/**
 * A voluntary return: requested (destination and date asked for), then recorded once it happened, on
 * the latest risk assessment — which, when high, must be signed off and the return must name a
 * reintegration partner in the destination country. Cancelled if the person no longer wishes to return.
 */
export const voluntaryReturns = pgTable('voluntary_returns', {
  id: uuid('id').primaryKey().defaultRandom(),
  referralId: uuid('referral_id').notNull().references(() => referrals.id),
  /** From the nationality reference list (ISO 3166-1 alpha-2). */
  destinationCountry: text('destination_country').notNull(),
  requestedOn: date('requested_on').notNull(),
  status: text('status').notNull(),
  requestedBy: uuid('requested_by').notNull().references(() => users.id),
  requestedAt: timestamp('requested_at', { withTimezone: true }).notNull(),
  /** The organisation in the destination country that supports the person after return. */
  reintegrationPartner: text('reintegration_partner'),
  returnedOn: date('returned_on'),
  /** The assessment the return was recorded on. */
  assessmentId: uuid('assessment_id').references(() => reTraffickingRiskAssessments.id),
  recordedBy: uuid('recorded_by').references(() => users.id),
  recordedAt: timestamp('recorded_at', { withTimezone: true }),
  version: integer('version').notNull().default(1),
}, (t) => [
  index('voluntary_returns_referral_idx').on(t.referralId),
  // One return at a time is open on a case.
  uniqueIndex('voluntary_returns_one_open_idx').on(t.referralId).where(sql`status = 'requested'`),
  check('voluntary_returns_status_check', sql`${t.status} IN ('requested', 'returned', 'cancelled')`),
  check('voluntary_returns_recorded_check', sql`${t.status} <> 'returned' OR (${t.returnedOn} IS NOT NULL AND ${t.assessmentId} IS NOT NULL AND ${t.recordedBy} IS NOT NULL)`),
]);
