import { boolean, check, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { organisations } from '../organisations/tables.js';
import { users } from '../users/tables.js';
import { referrals } from '../referrals/tables.js';

/**
 * Casework on a referral. The referral row carries the case's current state (status, assignee, the
 * dates deadlines derive from, its version for optimistic locking); these tables keep what happened.
 * Free text written by caseworkers may name people, so it is sealed (encrypted) like the referral's.
 */

/**
 * A Reasonable or Conclusive Grounds decision. A negative one waits for a second caseworker's review
 * before it is issued; a reviewer who disagrees returns it and it is never issued. A decision on
 * reconsideration links to the decision it reconsiders.
 */
export const decisions = pgTable('decisions', {
  id: uuid('id').primaryKey().defaultRandom(),
  referralId: uuid('referral_id').notNull().references(() => referrals.id),
  stage: text('stage').notNull(),
  outcome: text('outcome').notNull(),
  /** Whether the outcome recognises the person as a victim (any positive RG or CG outcome). */
  positive: boolean('positive').notNull(),
  reasonsSealed: text('reasons_sealed').notNull(),
  /**
   * A negative decision's main reason, from `reason-categories.ts`, for statistics (table 12). Required
   * for a negative decision made in Palermo; historical decisions imported without one have none.
   */
  reasonCategory: text('reason_category'),
  /** The standard of proof shown to the decision maker, as worded by the rule in force on the decision date. */
  standardOfProof: text('standard_of_proof').notNull(),
  status: text('status').notNull(),
  decidedOn: date('decided_on').notNull(),
  /** For an RG decision, the due date it was made against (a reconsideration or resumption later sets a new one). */
  dueDate: date('due_date'),
  madeBy: uuid('made_by').notNull().references(() => users.id),
  madeAt: timestamp('made_at', { withTimezone: true }).notNull(),
  reviewedBy: uuid('reviewed_by').references(() => users.id),
  reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
  reviewCommentSealed: text('review_comment_sealed'),
  issuedAt: timestamp('issued_at', { withTimezone: true }),
  reconsiderationOf: uuid('reconsideration_of'),
  /** After a CG decision: end of move-on support by the rule in force on the decision date. */
  moveOnEnd: date('move_on_end'),
}, (t) => [
  index('decisions_referral_idx').on(t.referralId, t.stage),
  // The statistics select a period's decisions of a stage by the day they were made.
  index('decisions_stage_decided_idx').on(t.stage, t.decidedOn),
  // One decision at a time may wait for review on a case and stage.
  uniqueIndex('decisions_one_pending_idx').on(t.referralId, t.stage).where(sql`status = 'awaiting_review'`),
]);

/** The recovery and reflection period a positive RG decision opens. */
export const recoveryPeriods = pgTable('recovery_periods', {
  referralId: uuid('referral_id').primaryKey().references(() => referrals.id),
  decisionId: uuid('decision_id').notNull().references(() => decisions.id),
  startedOn: date('started_on').notNull(),
  /** The minimum end by the rule in force on the start date, before extensions. */
  minimumEnd: date('minimum_end').notNull(),
  /** The end with approved extensions: no CG decision before the day after it. */
  currentEnd: date('current_end').notNull(),
  ruleSource: text('rule_source').notNull(),
  /** Removal action stayed: a non-EEA national with irregular immigration status. */
  removalStayed: boolean('removal_stayed').notNull(),
  caseReviewDue: date('case_review_due').notNull(),
  caseReviewedOn: date('case_reviewed_on'),
  caseReviewedBy: uuid('case_reviewed_by').references(() => users.id),
  caseReviewSealed: text('case_review_sealed'),
});

/** An extension of the recovery period: asked for with a reason, approved or refused by a manager. */
export const recoveryExtensions = pgTable('recovery_extensions', {
  id: uuid('id').primaryKey().defaultRandom(),
  referralId: uuid('referral_id').notNull().references(() => referrals.id),
  reason: text('reason').notNull(),
  detailSealed: text('detail_sealed'),
  newEnd: date('new_end').notNull(),
  status: text('status').notNull(),
  requestedBy: uuid('requested_by').notNull().references(() => users.id),
  requestedAt: timestamp('requested_at', { withTimezone: true }).notNull(),
  decidedBy: uuid('decided_by').references(() => users.id),
  decidedAt: timestamp('decided_at', { withTimezone: true }),
}, (t) => [index('recovery_extensions_referral_idx').on(t.referralId)]);

/**
 * A pause of the RG clock while the person is missing. The working days left when it started are kept,
 * so the due date on resumption gives the decision maker the same time they had.
 */
export const caseSuspensions = pgTable('case_suspensions', {
  id: uuid('id').primaryKey().defaultRandom(),
  referralId: uuid('referral_id').notNull().references(() => referrals.id),
  reason: text('reason').notNull(),
  startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
  startedBy: uuid('started_by').notNull().references(() => users.id),
  statusBefore: text('status_before').notNull(),
  workingDaysLeft: integer('working_days_left'),
  endedAt: timestamp('ended_at', { withTimezone: true }),
  endedBy: uuid('ended_by').references(() => users.id),
}, (t) => [
  index('case_suspensions_referral_idx').on(t.referralId),
  uniqueIndex('case_suspensions_one_open_idx').on(t.referralId).where(sql`ended_at IS NULL`),
]);

/** A Competent Authority's request to the first responder for more information, answered in the system. */
export const informationRequests = pgTable('information_requests', {
  id: uuid('id').primaryKey().defaultRandom(),
  referralId: uuid('referral_id').notNull().references(() => referrals.id),
  organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
  questionSealed: text('question_sealed').notNull(),
  askedBy: uuid('asked_by').notNull().references(() => users.id),
  askedAt: timestamp('asked_at', { withTimezone: true }).notNull(),
  answerBy: date('answer_by').notNull(),
  answerSealed: text('answer_sealed'),
  answeredBy: uuid('answered_by').references(() => users.id),
  answeredAt: timestamp('answered_at', { withTimezone: true }),
}, (t) => [index('information_requests_referral_idx').on(t.referralId), index('information_requests_open_idx').on(t.organisationId, t.answeredAt)]);

/** A request to reconsider a negative decision, within the window in force. */
export const reconsiderations = pgTable('reconsiderations', {
  id: uuid('id').primaryKey().defaultRandom(),
  referralId: uuid('referral_id').notNull().references(() => referrals.id),
  decisionId: uuid('decision_id').notNull().references(() => decisions.id),
  grounds: text('grounds').notNull(),
  detailSealed: text('detail_sealed').notNull(),
  requestedBy: uuid('requested_by').notNull().references(() => users.id),
  requestedByOrganisationId: uuid('requested_by_organisation_id').notNull().references(() => organisations.id),
  requestedAt: timestamp('requested_at', { withTimezone: true }).notNull(),
  status: text('status').notNull(),
  respondedBy: uuid('responded_by').references(() => users.id),
  respondedAt: timestamp('responded_at', { withTimezone: true }),
  responseSealed: text('response_sealed'),
  /** The decision made on reconsideration, once issued. */
  newDecisionId: uuid('new_decision_id').references(() => decisions.id),
}, (t) => [
  index('reconsiderations_referral_idx').on(t.referralId),
  uniqueIndex('reconsiderations_one_open_idx').on(t.decisionId).where(sql`status = 'requested'`),
]);

/** After a positive CG: whether a residence permit (temporary permission to stay) is recommended, and why. */
export const residencePermitConsiderations = pgTable('residence_permit_considerations', {
  decisionId: uuid('decision_id').primaryKey().references(() => decisions.id),
  referralId: uuid('referral_id').notNull().references(() => referrals.id),
  recommended: boolean('recommended').notNull(),
  bases: text('bases').array().notNull(),
  periodMonths: integer('period_months'),
  noteSealed: text('note_sealed'),
  recordedBy: uuid('recorded_by').notNull().references(() => users.id),
  recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
});

/**
 * A residence permit (temporary permission to stay) granted after a positive CG decision. A renewal is a
 * new permit linking to the one it renews, which is then no longer current; a permit is renewed once.
 */
export const residencePermits = pgTable('residence_permits', {
  id: uuid('id').primaryKey().defaultRandom(),
  referralId: uuid('referral_id').notNull().references(() => referrals.id),
  /** The positive, issued CG decision the permit follows. */
  decisionId: uuid('decision_id').notNull().references(() => decisions.id),
  basis: text('basis').notNull(),
  grantedOn: date('granted_on').notNull(),
  expiresOn: date('expires_on').notNull(),
  renewalOf: uuid('renewal_of').references((): AnyPgColumn => residencePermits.id),
  recordedBy: uuid('recorded_by').notNull().references(() => users.id),
  recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
}, (t) => [
  index('residence_permits_referral_idx').on(t.referralId),
  index('residence_permits_expires_idx').on(t.expiresOn),
  uniqueIndex('residence_permits_renewal_idx').on(t.renewalOf).where(sql`renewal_of IS NOT NULL`),
  check('residence_permits_basis_check', sql`${t.basis} IN ('police_cooperation', 'personal_circumstances')`),
  check('residence_permits_dates_check', sql`${t.expiresOn} > ${t.grantedOn}`),
]);

/** A reminder sent before a permit expires: one row per permit and threshold, so none is sent twice. */
export const residencePermitReminders = pgTable('residence_permit_reminders', {
  permitId: uuid('permit_id').notNull().references(() => residencePermits.id),
  daysBefore: integer('days_before').notNull(),
  sentAt: timestamp('sent_at', { withTimezone: true }).notNull(),
}, (t) => [uniqueIndex('residence_permit_reminders_once_idx').on(t.permitId, t.daysBefore)]);

/** The case's history as caseworkers read it: what happened, when and by whom, without personal details. */
export const caseEvents = pgTable('case_events', {
  id: uuid('id').primaryKey().defaultRandom(),
  referralId: uuid('referral_id').notNull().references(() => referrals.id),
  occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
  actorId: uuid('actor_id').references(() => users.id),
  event: text('event').notNull(),
  details: jsonb('details').notNull(),
}, (t) => [index('case_events_referral_idx').on(t.referralId, t.occurredAt)]);
