import { check, date, index, integer, pgTable, text, timestamp, uniqueIndex, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { organisations } from '../organisations/tables.js';
import { users } from '../users/tables.js';

/**
 * Action-plan monitoring (DATA-MODEL.md, Action plan): a plan update, its chapters, objectives and
 * numbered actions, the progress reported on each action, and how the previous update's actions
 * carried over (Annex B). Policy text, not about any person.
 */

const statusList = sql.raw(`'new_action', 'on_track', 'ongoing', 'delayed', 'completed', 'withdrawn'`);

export const actionPlans = pgTable('action_plans', {
  id: uuid('id').primaryKey().defaultRandom(),
  /** A stable key for imports (`uk-2009-update`): importing the same plan twice changes nothing. */
  slug: text('slug').notNull().unique(),
  title: text('title').notNull(),
  /** Unknown for a predecessor known only from its successor's Annex B. */
  publishedOn: date('published_on'),
  predecessorId: uuid('predecessor_id').references((): AnyPgColumn => actionPlans.id),
  version: integer('version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const planChapters = pgTable('plan_chapters', {
  id: uuid('id').primaryKey().defaultRandom(),
  planId: uuid('plan_id').notNull().references(() => actionPlans.id),
  code: text('code').notNull(),
  title: text('title').notNull(),
  position: integer('position').notNull(),
}, (t) => [
  uniqueIndex('plan_chapters_code_idx').on(t.planId, t.code),
  check('plan_chapters_code_check', sql`${t.code} IN ('prevention', 'investigation', 'adult_victims', 'child_victims')`),
]);

export const planObjectives = pgTable('plan_objectives', {
  id: uuid('id').primaryKey().defaultRandom(),
  chapterId: uuid('chapter_id').notNull().references(() => planChapters.id),
  /** The objective's number within its chapter, as the plan numbers it. */
  number: integer('number').notNull(),
  title: text('title').notNull(),
}, (t) => [uniqueIndex('plan_objectives_number_idx').on(t.chapterId, t.number)]);

export const planActions = pgTable('plan_actions', {
  id: uuid('id').primaryKey().defaultRandom(),
  planId: uuid('plan_id').notNull().references(() => actionPlans.id),
  objectiveId: uuid('objective_id').notNull().references(() => planObjectives.id),
  number: integer('number').notNull(),
  text: text('text').notNull(),
  /** Assessment tools and indicators, one an entry. */
  indicators: text('indicators').array().notNull(),
  /** As the plan words it ("Dec 2009 April 2010", "Ongoing"). */
  timetable: text('timetable').notNull(),
  /** The last day of the timetable, where it names one: what "overdue" is measured against. */
  dueOn: date('due_on'),
  /** The responsible parties as the plan names them; `plan_action_parties` holds them one by one. */
  responsibleText: text('responsible_text').notNull(),
  /** The current status and the note that set it (the latest approved progress update). */
  status: text('status').notNull(),
  statusNote: text('status_note').notNull(),
  statusOn: date('status_on').notNull(),
  withdrawalReason: text('withdrawal_reason'),
  version: integer('version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('plan_actions_number_idx').on(t.planId, t.number),
  index('plan_actions_objective_idx').on(t.objectiveId),
  check('plan_actions_status_check', sql`${t.status} IN (${statusList})`),
  check('plan_actions_withdrawal_check', sql`${t.status} <> 'withdrawn' OR ${t.withdrawalReason} IS NOT NULL`),
]);

/** A responsible party as the plan names it ("UKHTC", "ACPO"), linked to an organisation where one matches. */
export const planActionParties = pgTable('plan_action_parties', {
  id: uuid('id').primaryKey().defaultRandom(),
  actionId: uuid('action_id').notNull().references(() => planActions.id),
  position: integer('position').notNull(),
  name: text('name').notNull(),
  organisationId: uuid('organisation_id').references(() => organisations.id),
}, (t) => [
  uniqueIndex('plan_action_parties_position_idx').on(t.actionId, t.position),
  index('plan_action_parties_organisation_idx').on(t.organisationId),
]);

/**
 * A dated progress note with a status. Proposed by a responsible organisation's user, then approved
 * (it becomes the action's status) or returned by a policy lead. The import records each action's
 * progress as published as an approved update.
 */
export const planProgressUpdates = pgTable('plan_progress_updates', {
  id: uuid('id').primaryKey().defaultRandom(),
  actionId: uuid('action_id').notNull().references(() => planActions.id),
  /** The action's status when the update was proposed. */
  fromStatus: text('from_status').notNull(),
  status: text('status').notNull(),
  note: text('note').notNull(),
  notedOn: date('noted_on').notNull(),
  withdrawalReason: text('withdrawal_reason'),
  state: text('state').notNull(),
  proposedBy: uuid('proposed_by').references(() => users.id),
  proposedByOrganisationId: uuid('proposed_by_organisation_id').references(() => organisations.id),
  proposedAt: timestamp('proposed_at', { withTimezone: true }).notNull(),
  decidedBy: uuid('decided_by').references(() => users.id),
  decidedAt: timestamp('decided_at', { withTimezone: true }),
  /** Why a policy lead returned it. */
  returnReason: text('return_reason'),
  /** An API client's Idempotency-Key: a retried submission answers with the first update. */
  idempotencyKey: text('idempotency_key'),
  version: integer('version').notNull().default(1),
}, (t) => [
  index('plan_progress_updates_action_idx').on(t.actionId, t.proposedAt),
  index('plan_progress_updates_pending_idx').on(t.proposedAt).where(sql`state = 'proposed'`),
  index('plan_progress_updates_decided_idx').on(t.decidedAt),
  uniqueIndex('plan_progress_updates_idempotency_idx').on(t.proposedBy, t.idempotencyKey).where(sql`idempotency_key IS NOT NULL`),
  check('plan_progress_updates_state_check', sql`${t.state} IN ('proposed', 'approved', 'returned')`),
  check('plan_progress_updates_status_check', sql`${t.status} IN (${statusList}) AND ${t.fromStatus} IN (${statusList})`),
  check('plan_progress_updates_withdrawal_check', sql`${t.status} <> 'withdrawn' OR ${t.withdrawalReason} IS NOT NULL`),
  check('plan_progress_updates_return_check', sql`${t.state} <> 'returned' OR ${t.returnReason} IS NOT NULL`),
]);

/** One row of Annex B: an action of the previous update and what became of it. */
export const planCarryOvers = pgTable('plan_carry_overs', {
  id: uuid('id').primaryKey().defaultRandom(),
  planId: uuid('plan_id').notNull().references(() => actionPlans.id),
  previousPlanId: uuid('previous_plan_id').notNull().references(() => actionPlans.id),
  position: integer('position').notNull(),
  /** The heading Annex B lists it under (none for the first row). */
  section: text('section'),
  previousNumber: integer('previous_number').notNull(),
  previousText: text('previous_text').notNull(),
  outcome: text('outcome').notNull(),
  /** What the outcome text says happened: ongoing, completed or withdrawn. */
  disposition: text('disposition').notNull(),
}, (t) => [
  uniqueIndex('plan_carry_overs_previous_idx').on(t.planId, t.previousNumber),
  check('plan_carry_overs_disposition_check', sql`${t.disposition} IN ('ongoing', 'completed', 'withdrawn')`),
]);

/** The actions of the new plan a previous action carried over into ("Now action points 1 and 2"). */
export const planCarryOverTargets = pgTable('plan_carry_over_targets', {
  carryOverId: uuid('carry_over_id').notNull().references(() => planCarryOvers.id),
  actionId: uuid('action_id').notNull().references(() => planActions.id),
}, (t) => [uniqueIndex('plan_carry_over_targets_idx').on(t.carryOverId, t.actionId)]);
