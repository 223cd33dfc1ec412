import { boolean, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from '../users/tables.js';
import { referrals } from '../referrals/tables.js';

/**
 * A published statistics release, kept exactly as published (a trigger refuses changes) with the
 * cut-off of the data it was computed from, so a later release for the same period can show revisions.
 * It holds only published figures, after disclosure control.
 */
export const statisticsReleases = pgTable('statistics_releases', {
  id: uuid('id').primaryKey().defaultRandom(),
  periodFrom: date('period_from').notNull(),
  periodTo: date('period_to').notNull(),
  /** A nation, or 'uk'. */
  area: text('area').notNull(),
  cutOff: timestamp('cut_off', { withTimezone: true }).notNull(),
  rule: jsonb('rule').notNull(),
  tables: jsonb('tables').notNull(),
  publishedAt: timestamp('published_at', { withTimezone: true }).notNull(),
  publishedBy: uuid('published_by').references(() => users.id),
}, (t) => [index('statistics_releases_period_idx').on(t.periodFrom, t.periodTo, t.area, t.publishedAt)]);

/**
 * What the publication counts, one row per referral: its pseudonym, the categories of every breakdown
 * (organisation type and Competent Authority code looked up), its first issued RG and CG decisions, and
 * the days its case started and stopped awaiting a CG decision. Never a name, a date of birth or a
 * narrative. Kept by triggers on referrals, decisions and organisations (migration 0018), in the
 * transaction of every change, as the view `statistics_cases_source` defines it; so the publication
 * reads narrow rows through covering indexes (also in that migration) instead of the referrals
 * themselves, and a test checks that the table and its definition agree. The columns are in the
 * view's order (the triggers insert the view's rows as they are).
 */
export const statisticsCases = pgTable('statistics_cases', {
  referralId: uuid('referral_id').primaryKey().references(() => referrals.id, { onDelete: 'cascade' }),
  unitId: text('unit_id').notNull(),
  receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
  route: text('route').notNull(),
  authority: text('authority').notNull(),
  ageGroup: text('age_group').notNull(),
  gender: text('gender').notNull(),
  types: text('types').array().notNull(),
  countyLines: boolean('county_lines').notNull(),
  nationality: text('nationality').notNull(),
  responderType: text('responder_type'),
  policeForce: text('police_force').notNull(),
  nation: text('nation').notNull(),
  location: text('location').notNull(),
  reasonableGroundsDueDate: date('reasonable_grounds_due_date'),
  rgDecisionId: uuid('rg_decision_id'),
  rgDecidedOn: date('rg_decided_on'),
  rgIssuedAt: timestamp('rg_issued_at', { withTimezone: true }),
  rgOutcome: text('rg_outcome'),
  rgPositive: boolean('rg_positive'),
  rgReasonCategory: text('rg_reason_category'),
  rgDueDate: date('rg_due_date'),
  cgDecisionId: uuid('cg_decision_id'),
  cgDecidedOn: date('cg_decided_on'),
  cgIssuedAt: timestamp('cg_issued_at', { withTimezone: true }),
  cgOutcome: text('cg_outcome'),
  cgPositive: boolean('cg_positive'),
  cgReasonCategory: text('cg_reason_category'),
  cgDueDate: date('cg_due_date'),
  /** The earliest day of an issued positive RG decision: from then the case awaits a CG decision. */
  positiveRgOn: date('positive_rg_on'),
  /** The earliest day of an issued CG decision, or infinity: until then the case awaits one. */
  earliestCgOn: date('earliest_cg_on').notNull(),
});

/**
 * The NRM cases awaiting a CG decision now (an issued positive RG decision, no issued CG decision), counted
 * by the day received, age group and nation: kept from statistics_cases by a trigger (migration 0018), so
 * that the cases awaiting one at the end of a recent period (table 11) are these counts corrected by
 * the few cases whose decisions came since, not a count of every such case.
 */
export const statisticsAwaitingCg = pgTable('statistics_awaiting_cg', {
  receivedOn: date('received_on').notNull(),
  ageGroup: text('age_group').notNull(),
  nation: text('nation').notNull(),
  cases: integer('cases').notNull(),
}, (t) => [primaryKey({ columns: [t.receivedOn, t.ageGroup, t.nation] })]);
