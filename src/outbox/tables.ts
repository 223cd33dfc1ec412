import { index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { organisations } from '../organisations/tables.js';

/**
 * Transactional outbox: a message is written in the same transaction as the change that causes it,
 * then delivered (and retried) by a sender. Write first, then notify: nothing is announced that was
 * not stored, and nothing stored goes unannounced.
 */
export const outboxMessages = pgTable('outbox_messages', {
  id: uuid('id').primaryKey().defaultRandom(),
  topic: text('topic').notNull(),
  recipientOrganisationId: uuid('recipient_organisation_id').references(() => organisations.id),
  subjectType: text('subject_type').notNull(),
  subjectId: uuid('subject_id').notNull(),
  /** What the recipient needs to act; never identifying data (the sender renders it at delivery). */
  payload: jsonb('payload').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  availableAt: timestamp('available_at', { withTimezone: true }).notNull(),
  deliveredAt: timestamp('delivered_at', { withTimezone: true }),
  attempts: integer('attempts').notNull().default(0),
  lastError: text('last_error'),
}, (t) => [index('outbox_pending_idx').on(t.deliveredAt, t.availableAt), index('outbox_subject_idx').on(t.subjectType, t.subjectId)]);
