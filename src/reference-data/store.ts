import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../platform/db/database.js';
import { StaleVersionError } from '../platform/db/errors.js';
import { referenceItems } from './tables.js';
import type { ItemInput } from './schema.js';

export type ReferenceItem = typeof referenceItems.$inferSelect;
export type NewReferenceItem = typeof referenceItems.$inferInsert;

export function listItems(db: Db, list: string, options: { includeInactive: boolean }): Promise<ReferenceItem[]> {
  return db.select().from(referenceItems)
    .where(and(eq(referenceItems.list, list), options.includeInactive ? undefined : eq(referenceItems.active, true)))
    .orderBy(asc(referenceItems.sortOrder), asc(referenceItems.label), asc(referenceItems.code));
}

export async function findItem(db: Db, list: string, code: string): Promise<ReferenceItem | undefined> {
  const [row] = await db.select().from(referenceItems).where(and(eq(referenceItems.list, list), eq(referenceItems.code, code)));
  return row;
}

/** Every (list, code) already stored for these lists, in one query: enough to tell what a load would add. */
export function storedKeys(db: Db, lists: readonly string[]): Promise<{ list: string; code: string }[]> {
  return db.select({ list: referenceItems.list, code: referenceItems.code }).from(referenceItems).where(inArray(referenceItems.list, [...lists]));
}

export async function countByList(db: Db): Promise<{ list: string; total: number; active: number }[]> {
  return db.select({
    list: referenceItems.list,
    total: sql<number>`count(*)::int`,
    active: sql<number>`(count(*) filter (where ${referenceItems.active}))::int`,
  }).from(referenceItems).groupBy(referenceItems.list);
}

/** Serialises loaders (several processes starting at once against one server); released at commit. */
export async function lockForLoading(tx: Db): Promise<void> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(7236503)`);
}

/** Inserts the rows whose (list, code) is not stored yet; a stored row, edited or not, is left alone. */
export async function insertMissingItems(db: Db, rows: NewReferenceItem[]): Promise<{ list: string; code: string }[]> {
  const inserted: { list: string; code: string }[] = [];
  for (let i = 0; i < rows.length; i += 500) { // well under PostgreSQL's limit of parameters per statement
    inserted.push(...await db.insert(referenceItems).values(rows.slice(i, i + 500)).onConflictDoNothing()
      .returning({ list: referenceItems.list, code: referenceItems.code }));
  }
  return inserted;
}

export async function insertItem(db: Db, row: NewReferenceItem): Promise<ReferenceItem> {
  const [inserted] = await db.insert(referenceItems).values(row).returning();
  return inserted!;
}

export async function updateItem(db: Db, list: string, code: string, version: number, input: ItemInput, now: Date): Promise<ReferenceItem> {
  const [row] = await db.update(referenceItems)
    .set({ label: input.label, active: input.active, sortOrder: input.sortOrder, version: sql`${referenceItems.version} + 1`, updatedAt: now })
    .where(and(eq(referenceItems.list, list), eq(referenceItems.code, code), eq(referenceItems.version, version)))
    .returning();
  if (!row) throw new StaleVersionError('This item');
  return row;
}
