import { date, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from '../users/tables.js';

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
