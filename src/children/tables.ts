import { sql } from 'drizzle-orm';
import { check, date, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { organisations } from '../organisations/tables.js';
import { referrals } from '../referrals/tables.js';
import { users } from '../users/tables.js';
import { multiAgencyTopicCodes, placementTypeCodes, planStatusCodes } from './vocabulary.js';

const inList = (codes: readonly string[]) => sql.raw(codes.map((c) => `'${c}'`).join(', '));

/**
 * What the child's local authority records about a referred child: the safeguarding plan, the current
 * placement and the independent child trafficking guardian. One row per child, edited with optimistic
 * locking (`version`). Free text that may name people or places (the plan's summary, the placement's
 * address) is sealed with the field cipher.
 */
export const childSafeguarding = pgTable('child_safeguarding', {
  referralId: uuid('referral_id').primaryKey().references(() => referrals.id),
  planStatus: text('plan_status'),
  planAgreedOn: date('plan_agreed_on'),
  leadSocialWorker: text('lead_social_worker'),
  planSummarySealed: text('plan_summary_sealed'),
  placementType: text('placement_type'),
  placementStartedOn: date('placement_started_on'),
  placementDetailsSealed: text('placement_details_sealed'),
  guardianName: text('guardian_name'),
  guardianOrganisation: text('guardian_organisation'),
  guardianAppointedOn: date('guardian_appointed_on'),
  version: integer('version').notNull().default(1),
  updatedBy: uuid('updated_by').notNull().references(() => users.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
}, (t) => [
  check('child_safeguarding_plan_status_check', sql`${t.planStatus} IS NULL OR ${t.planStatus} IN (${inList(planStatusCodes)})`),
  check('child_safeguarding_placement_type_check', sql`${t.placementType} IS NULL OR ${t.placementType} IN (${inList(placementTypeCodes)})`),
  // A plan is recorded whole (status, lead social worker, summary); so are a placement and a guardian.
  check('child_safeguarding_plan_whole_check', sql`(${t.planStatus} IS NULL) = (${t.planSummarySealed} IS NULL) AND (${t.planStatus} IS NULL) = (${t.leadSocialWorker} IS NULL)`),
  check('child_safeguarding_placement_whole_check', sql`(${t.placementType} IS NULL) = (${t.placementStartedOn} IS NULL)`),
  check('child_safeguarding_guardian_whole_check', sql`(${t.guardianName} IS NULL) = (${t.guardianAppointedOn} IS NULL)`),
]);

/**
 * The shared multi-agency record: what has already been asked of the child and answered, so that the
 * agencies involved read it instead of asking again. Question and answer are sealed: they are the
 * child's own account.
 */
export const multiAgencyEntries = pgTable('multi_agency_entries', {
  id: uuid('id').primaryKey().defaultRandom(),
  referralId: uuid('referral_id').notNull().references(() => referrals.id),
  topic: text('topic').notNull(),
  questionSealed: text('question_sealed').notNull(),
  answerSealed: text('answer_sealed').notNull(),
  /** The day the question was asked (an interview may be recorded later). */
  askedOn: date('asked_on').notNull(),
  organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
  authorId: uuid('author_id').notNull().references(() => users.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
}, (t) => [
  check('multi_agency_entries_topic_check', sql`${t.topic} IN (${inList(multiAgencyTopicCodes)})`),
  index('multi_agency_entries_referral_idx').on(t.referralId, t.createdAt),
]);
