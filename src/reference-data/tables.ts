import { boolean, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Reference lists (nationalities, languages, police forces, local authorities, UK places): loaded
 * from the data files in reference-data/ and editable by administrators. Codes are stable; labels
 * and the active flag may change. Referrals store codes, never labels.
 */
export const referenceItems = pgTable('reference_items', {
  list: text('list').notNull(),
  code: text('code').notNull(),
  label: text('label').notNull(),
  /** England, Wales, Scotland or Northern Ireland, where the item belongs to one. */
  nation: text('nation'),
  /** A related item's code: a local authority's or place's police force. */
  parentCode: text('parent_code'),
  attributes: jsonb('attributes').notNull().default({}),
  active: boolean('active').notNull().default(true),
  sortOrder: integer('sort_order').notNull().default(0),
  version: integer('version').notNull().default(1),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.list, t.code] })]);
