import { boolean, integer, pgTable, text, timestamp, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';

export const organisations = pgTable('organisations', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull().unique(),
  type: text('type').notNull(),
  nation: text('nation').notNull(),
  /** Police force area or local authority code (ONS/GSS), where relevant. */
  areaCode: text('area_code'),
  designatedFirstResponder: boolean('designated_first_responder').notNull().default(false),
  providesSupport: boolean('provides_support').notNull().default(false),
  primeContractorId: uuid('prime_contractor_id').references((): AnyPgColumn => organisations.id),
  /** Which Competent Authority this organisation is, for routing (see src/referrals/routing.ts). */
  competentAuthorityCode: text('competent_authority_code').unique(),
  active: boolean('active').notNull().default(true),
  version: integer('version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
