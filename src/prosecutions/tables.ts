import { check, date, index, integer, pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { organisations } from '../organisations/tables.js';
import { referrals } from '../referrals/tables.js';
import { courtTypes, defendantRoles, results, sentenceKinds } from './schema.js';
import { offenceCodes } from './offences.js';

const inList = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '));

/**
 * A prosecution as the prosecution service's case-management system last sent it. The service's own
 * reference is unique per organisation: a later post (newer `source_updated_at`) revises the record
 * in place and moves its version on.
 */
export const prosecutions = pgTable('prosecutions', {
  id: uuid('id').primaryKey().defaultRandom(),
  organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
  reference: text('reference').notNull(),
  courtName: text('court_name').notNull(),
  courtType: text('court_type').notNull(),
  chargedOn: date('charged_on').notNull(),
  concludedOn: date('concluded_on'),
  /** When the case-management system last changed the record, as it said. */
  sourceUpdatedAt: timestamp('source_updated_at', { withTimezone: true }).notNull(),
  /** Hash of the content last stored: a repeat of the same revision changes nothing. */
  contentHash: text('content_hash').notNull(),
  version: integer('version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
}, (t) => [
  unique('prosecutions_reference_unique').on(t.organisationId, t.reference),
  check('prosecutions_court_type_check', sql`${t.courtType} IN (${inList(courtTypes)})`),
  check('prosecutions_dates_check', sql`${t.concludedOn} IS NULL OR ${t.concludedOn} >= ${t.chargedOn}`),
  // The statistics count convictions by the year the prosecution concluded.
  index('prosecutions_concluded_idx').on(t.concludedOn),
]);

/** A defendant, known only by the case-management system's pseudonymous label (sealed all the same). */
export const prosecutionDefendants = pgTable('prosecution_defendants', {
  id: uuid('id').primaryKey().defaultRandom(),
  prosecutionId: uuid('prosecution_id').notNull().references(() => prosecutions.id, { onDelete: 'cascade' }),
  position: integer('position').notNull(),
  labelSealed: text('label_sealed').notNull(),
  role: text('role').notNull(),
}, (t) => [
  unique('prosecution_defendants_position_unique').on(t.prosecutionId, t.position),
  check('prosecution_defendants_role_check', sql`${t.role} IN (${inList(defendantRoles)})`),
]);

/** One offence charged against one defendant, its result and, on conviction, its sentence. */
export const prosecutionCharges = pgTable('prosecution_charges', {
  id: uuid('id').primaryKey().defaultRandom(),
  prosecutionId: uuid('prosecution_id').notNull().references(() => prosecutions.id, { onDelete: 'cascade' }),
  defendantId: uuid('defendant_id').notNull().references(() => prosecutionDefendants.id, { onDelete: 'cascade' }),
  position: integer('position').notNull(),
  offence: text('offence').notNull(),
  result: text('result').notNull(),
  sentenceKind: text('sentence_kind'),
  sentenceMonths: integer('sentence_months'),
}, (t) => [
  unique('prosecution_charges_offence_unique').on(t.defendantId, t.offence),
  check('prosecution_charges_offence_check', sql`${t.offence} IN (${inList(offenceCodes)})`),
  check('prosecution_charges_result_check', sql`${t.result} IN (${inList(results)})`),
  check('prosecution_charges_sentence_check', sql`${t.sentenceKind} IS NULL OR (${t.result} = 'convicted' AND ${t.sentenceKind} IN (${inList(sentenceKinds)}))`),
  check('prosecution_charges_months_check', sql`(${t.sentenceMonths} IS NULL) = (${t.sentenceKind} IS NULL OR ${t.sentenceKind} NOT IN ('custody', 'suspended')) AND (${t.sentenceMonths} IS NULL OR ${t.sentenceMonths} > 0)`),
  index('prosecution_charges_prosecution_idx').on(t.prosecutionId),
]);

/** The referrals of the victims a prosecution concerns. */
export const prosecutionVictims = pgTable('prosecution_victims', {
  prosecutionId: uuid('prosecution_id').notNull().references(() => prosecutions.id, { onDelete: 'cascade' }),
  referralId: uuid('referral_id').notNull().references(() => referrals.id),
}, (t) => [
  primaryKey({ columns: [t.prosecutionId, t.referralId] }),
  // The case page reads a referral's prosecutions.
  index('prosecution_victims_referral_idx').on(t.referralId),
]);

/**
 * Each accepted post, by its Idempotency-Key (unique per organisation): a retry with the same key and
 * body is answered as the first time; the same key with another body is refused.
 */
export const prosecutionSubmissions = pgTable('prosecution_submissions', {
  id: uuid('id').primaryKey().defaultRandom(),
  organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
  idempotencyKey: text('idempotency_key').notNull(),
  requestHash: text('request_hash').notNull(),
  prosecutionId: uuid('prosecution_id').notNull().references(() => prosecutions.id),
  outcome: text('outcome').notNull(),
  version: integer('version').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
}, (t) => [
  unique('prosecution_submissions_key_unique').on(t.organisationId, t.idempotencyKey),
  check('prosecution_submissions_outcome_check', sql`${t.outcome} IN ('created', 'revised', 'unchanged')`),
]);
