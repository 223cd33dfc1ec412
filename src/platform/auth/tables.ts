import { index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from '../../users/tables.js';

/** Web sessions live in the database so any app process can serve any request. */
export const sessions = pgTable('sessions', {
  /** SHA-256 of the session id: a copy of this table cannot be replayed as cookies. */
  idHash: text('id_hash').primaryKey(),
  userId: uuid('user_id').references(() => users.id),
  data: jsonb('data').notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('sessions_expires_idx').on(t.expiresAt), index('sessions_user_idx').on(t.userId)]);
