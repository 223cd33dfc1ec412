import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { getTableColumns, getTableName, sql, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import pg from 'pg';
import * as tables from './tables.js';
import { migrationsFolder } from '../paths.js';
import { lockDataDir, type DataDirLock } from './data-dir-lock.js';

export type Tables = typeof tables;
/** A connection or a transaction: stores take this, so the caller decides the transaction. */
export type Db = PgDatabase<PgQueryResultHKT, Tables>;
export type Engine = 'pglite' | 'postgresql';

export interface Database {
  engine: Engine;
  db: Db;
  /** Runs `work` in one transaction: all of it is stored, or none of it. Every write goes through here. */
  transaction<T>(work: (tx: Db) => Promise<T>): Promise<T>;
  /** Raw rows for the few queries the builder cannot express. */
  rows<T>(query: SQL, executor?: Db): Promise<T[]>;
  migrate(): Promise<void>;
  close(): Promise<void>;
}

export interface OpenOptions {
  databaseUrl?: string;
  dataDir: string;
  /** What holds the embedded database, shown to a second process that tries to open it. */
  purpose: string;
  poolSize?: number;
}

export async function openDatabase(options: OpenOptions): Promise<Database> {
  return options.databaseUrl ? openPostgres(options.databaseUrl, options.poolSize ?? 10) : openPglite(options.dataDir, options.purpose);
}

async function rowsOf<T>(executor: Db, query: SQL): Promise<T[]> {
  const result = (await executor.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/** `memory://` keeps the embedded database in memory (tests); anything else is a data directory on disk. */
export const IN_MEMORY = 'memory://';

async function openPglite(dataDir: string, purpose: string): Promise<Database> {
  const lock: DataDirLock = dataDir === IN_MEMORY ? { release: () => undefined } : lockDataDir(dataDir, purpose);
  let client: PGlite;
  try {
    client = await PGlite.create(dataDir === IN_MEMORY ? IN_MEMORY : path.join(dataDir, 'pglite'));
  } catch (error) {
    lock.release();
    throw error;
  }
  const db = drizzlePglite({ client, schema: tables }) as unknown as Db;
  return {
    engine: 'pglite',
    db,
    transaction: (work) => db.transaction(work),
    rows: (query, executor) => rowsOf(executor ?? db, query),
    migrate: () => migratePglite(db as never, { migrationsFolder }),
    async close() {
      await client.close();
      lock.release();
    },
  };
}

async function openPostgres(url: string, max: number): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max });
  // A broken idle connection must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  const db = drizzlePg({ client: pool, schema: tables }) as unknown as Db;
  return {
    engine: 'postgresql',
    db,
    transaction: (work) => db.transaction(work),
    rows: (query, executor) => rowsOf(executor ?? db, query),
    async migrate() {
      // Several app processes may start at once: one migrates, the others wait for it.
      const client = await pool.connect();
      try {
        await client.query('SELECT pg_advisory_lock(7236501)');
        await migratePg(drizzlePg({ client }), { migrationsFolder });
      } finally {
        await client.query('SELECT pg_advisory_unlock(7236501)').catch(() => undefined);
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

/**
 * An INSERT of any number of rows passed as one JSON parameter: the statement text is built once, and
 * a request only serialises its rows. Columns not named in `keys` take their defaults; a named key
 * whose value is undefined is stored as NULL.
 */
export function jsonInsert<T extends PgTable>(table: T, keys: readonly (keyof T['$inferInsert'] & string)[]): (rows: T['$inferInsert'][]) => SQL {
  const columns = getTableColumns(table) as Record<string, { name: string }>;
  const names = keys.map((key) => columns[key]!.name);
  const list = names.map((name) => `"${name}"`).join(', ');
  const head = sql.raw(`INSERT INTO "${getTableName(table)}" (${list}) SELECT ${list} FROM json_populate_recordset(NULL::"${getTableName(table)}", `);
  const tail = sql.raw(')');
  return (rows) => {
    const json = rows.map((row) => Object.fromEntries(keys.map((key, i) => [names[i], (row as Record<string, unknown>)[key] ?? null])));
    return sql`${head}${JSON.stringify(json)}${tail}`;
  };
}

/** `statements` run as WITH clauses of `main`, named w0, w1…: one statement, one round trip, all or nothing. */
export function withStatements(statements: SQL[], main: SQL): SQL {
  if (statements.length === 0) return main;
  const clauses = statements.map((statement, i) => sql`${sql.raw(`w${i}`)} AS (${statement})`);
  return sql`WITH ${sql.join(clauses, sql`, `)} ${main}`;
}

export { sql };
