/**
 * A PostgreSQL database holding `referrals` generated referrals (fictitious people), for the
 * benchmarks that need volume. Generating a million takes minutes, so the database is kept between
 * runs (named after the count and seed) and reused when a previous run finished generating it;
 * a half-generated one is dropped and made again. Migrations are applied on every open.
 */
import { createHash } from 'node:crypto';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { openDatabase, IN_MEMORY } from '../../src/platform/db/database.js';
import { loadConfig } from '../../src/platform/config.js';
import { createServices, type Services } from '../../src/services.js';
import { systemClock, type Clock } from '../../src/platform/clock.js';
import { seedDemoData } from '../../src/demo/seed.js';
import { generateReferrals } from '../../src/demo/generate/generate.js';

export interface GeneratedDatabase {
  services: Services;
  /** The connection string of the generated database (for a second process). */
  url: string;
  /** Referrals in the database. */
  referrals: number;
  close(): Promise<void>;
}

/** Fixed secrets: the data is fictitious, and a reused database must be readable by the next run. */
export const benchSecrets = {
  sessionSecret: 'palermo-benchmark-session-secret-'.padEnd(48, 'x'),
  encryptionKey: createHash('sha256').update('palermo benchmark data: fictitious people only').digest(),
  demo: false,
};

export async function openGeneratedDatabase(options: { referrals: number; seed?: number; clock?: Clock; log?: (line: string) => void }): Promise<GeneratedDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) throw new Error('This benchmark needs a PostgreSQL server: set DATABASE_URL (for example postgres://postgres@127.0.0.1:5432/test).');
  const seed = options.seed ?? 1;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const name = `palermo_bench_${options.referrals}_${seed}`;
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;

  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    const exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1;
    if (exists && !(await isComplete(url.toString(), seed))) {
      log(`${name}: an earlier run did not finish generating; starting again`);
      await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
    }
    if (!exists || !(await databaseExists(admin, name))) await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }

  const database = await openDatabase({ databaseUrl: url.toString(), dataDir: IN_MEMORY, purpose: 'benchmark', poolSize: 10 });
  await database.migrate();
  // Templates compiled once, as in production.
  const config = loadConfig({ PALERMO_DATA_DIR: IN_MEMORY, LOG_LEVEL: 'silent', PALERMO_SIGN_IN_RATE_LIMIT: '100000', PALERMO_TEMPLATE_CACHE: 'true' });
  const services = createServices(config, benchSecrets, database, options.clock ?? systemClock);
  await services.referenceData.load();

  let [{ n }] = await database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM referrals`) as [{ n: number }];
  if (n === 0) {
    await seedDemoData(services);
    log(`${name}: generating ${options.referrals.toLocaleString('en-GB')} referrals (once; later runs reuse them)`);
    const started = Date.now();
    await generateReferrals(services, {
      referrals: options.referrals, seed, from: '2009-04-01', to: '2026-10-31',
      progress: (line) => log(`  ${line}`),
    });
    log(`${name}: generated in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    [{ n }] = await database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM referrals`) as [{ n: number }];
  }
  await settleAfterBulkLoad(database);
  return { services, url: url.toString(), referrals: n, close: () => database.close() };
}

/**
 * Vacuums and analyses every table written since its last vacuum (by the generation, or by a migration
 * filling a new table): what autovacuum does in the background some time after a bulk load, done now so
 * that no run measures the database half-way through it (index-only scans need the visibility map).
 */
async function settleAfterBulkLoad(database: GeneratedDatabase['services']['database']): Promise<void> {
  const tables = await database.rows<{ name: string }>(sql`
    SELECT format('%I.%I', schemaname, relname) AS name FROM pg_stat_user_tables WHERE n_ins_since_vacuum > 0 OR n_mod_since_analyze > 0 OR last_vacuum IS NULL AND last_autovacuum IS NULL`);
  for (const { name } of tables as { name: string }[]) await database.rows(sql.raw(`VACUUM (ANALYZE) ${name}`));
}

async function databaseExists(admin: pg.Client, name: string): Promise<boolean> {
  return (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1;
}

/** Generation records one audit event when it has stored every batch: its absence means it stopped part-way. */
async function isComplete(url: string, seed: number): Promise<boolean> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const found = await client.query(
      `SELECT 1 FROM audit_events WHERE record_type = 'generated_data' AND (details->>'seed')::int = $1 LIMIT 1`, [seed],
    ).catch(() => ({ rowCount: 0 }));
    return found.rowCount === 1;
  } finally {
    await client.end();
  }
}
