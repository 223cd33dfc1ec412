import { bigint, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Append-only (a trigger refuses UPDATE, DELETE and TRUNCATE). Each event carries the hash of the one
 * before it, so `palermo audit verify` can find the first altered or missing row.
 */
export const auditEvents = pgTable('audit_events', {
  seq: bigint('seq', { mode: 'number' }).primaryKey(),
  id: uuid('id').notNull().unique(),
  occurredAt: timestamp('occurred_at', { withTimezone: true, precision: 3 }).notNull(),
  actorUserId: uuid('actor_user_id'),
  actorEmail: text('actor_email'),
  organisationId: uuid('organisation_id'),
  organisationName: text('organisation_name'),
  role: text('role'),
  action: text('action').notNull(),
  recordType: text('record_type'),
  recordId: text('record_id'),
  fields: text('fields').array().notNull(),
  outcome: text('outcome').notNull(),
  requestId: text('request_id'),
  sourceIp: text('source_ip'),
  details: jsonb('details').notNull(),
  prevHash: text('prev_hash').notNull(),
  hash: text('hash').notNull(),
}, (t) => [
  index('audit_events_occurred_idx').on(t.occurredAt),
  index('audit_events_actor_idx').on(t.actorUserId),
  index('audit_events_record_idx').on(t.recordType, t.recordId),
]);

/** One row: the head of the chain. Locked FOR UPDATE while an event is appended, so the chain has no forks. */
export const auditChainHead = pgTable('audit_chain_head', {
  id: integer('id').primaryKey(),
  lastSeq: bigint('last_seq', { mode: 'number' }).notNull(),
  lastHash: text('last_hash').notNull(),
});
