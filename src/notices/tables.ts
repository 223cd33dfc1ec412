import { index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { referrals } from '../referrals/tables.js';
import { decisions } from '../casework/tables.js';

/**
 * A decision letter to one recipient. The letter is rendered once, when the decision is issued, and
 * kept sealed exactly as sent; its deliveries are recorded one attempt at a time.
 */
export const notices = pgTable('notices', {
  id: uuid('id').primaryKey().defaultRandom(),
  referralId: uuid('referral_id').notNull().references(() => referrals.id),
  decisionId: uuid('decision_id').notNull().references(() => decisions.id),
  /** first_responder | person | representative */
  recipient: text('recipient').notNull(),
  template: text('template').notNull(),
  subject: text('subject').notNull(),
  /** The recipient's address and name, sealed. */
  addressSealed: text('address_sealed'),
  /** The letter as rendered (HTML), sealed. */
  letterSealed: text('letter_sealed').notNull(),
  /** pending | sent | failed | no_address */
  status: text('status').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  sentAt: timestamp('sent_at', { withTimezone: true }),
}, (t) => [index('notices_referral_idx').on(t.referralId), index('notices_decision_idx').on(t.decisionId)]);

export const noticeDeliveries = pgTable('notice_deliveries', {
  id: uuid('id').primaryKey().defaultRandom(),
  noticeId: uuid('notice_id').notNull().references(() => notices.id),
  attempt: integer('attempt').notNull(),
  attemptedAt: timestamp('attempted_at', { withTimezone: true }).notNull(),
  /** delivered | failed */
  outcome: text('outcome').notNull(),
  adapter: text('adapter').notNull(),
  providerReference: text('provider_reference'),
  error: text('error'),
}, (t) => [index('notice_deliveries_notice_idx').on(t.noticeId)]);

/** The development mail adapter's mailbox: what would have been emailed, for people trying the service. */
export const devMailbox = pgTable('dev_mailbox', {
  id: uuid('id').primaryKey().defaultRandom(),
  toSealed: text('to_sealed').notNull(),
  subject: text('subject').notNull(),
  bodySealed: text('body_sealed').notNull(),
  attachmentName: text('attachment_name'),
  sentAt: timestamp('sent_at', { withTimezone: true }).notNull(),
});
