import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, IN_MEMORY, type Database } from '../../src/platform/db/database.js';
import { loadConfig, type Config } from '../../src/platform/config.js';
import { FixedClock, systemClock, type Clock } from '../../src/platform/clock.js';
import { createServices, type Services } from '../../src/services.js';
import { seedDemoData } from '../../src/demo/seed.js';

/**
 * A fresh, migrated database for one test file, on the engine under test: the embedded one (in
 * memory), or — when DATABASE_URL is set — a database of its own on that PostgreSQL server,
 * dropped afterwards, so test files cannot interfere.
 */
export interface TestDatabase {
  database: Database;
  /** The connection string of the database created for this test file (PostgreSQL only). */
  url?: string;
  drop(): Promise<void>;
}

export const engineUnderTest = process.env.DATABASE_URL ? 'postgresql' : 'pglite';

export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const database = await openDatabase({ dataDir: IN_MEMORY, purpose: 'test' });
    await database.migrate();
    return { database, drop: () => database.close() };
  }
  const name = `palermo_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString(), dataDir: IN_MEMORY, purpose: 'test', poolSize: 5 });
  await database.migrate();
  return {
    database,
    url: url.toString(),
    async drop() {
      await database.close();
      const cleanup = new pg.Client({ connectionString: serverUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}

export const testSecrets = { sessionSecret: 'test-session-secret-'.padEnd(48, 'x'), encryptionKey: randomBytes(32), demo: false };

export interface TestContext extends Services {
  drop(): Promise<void>;
}

export async function createTestServices(options: { clock?: Clock; seed?: boolean; config?: Partial<Config> } = {}): Promise<TestContext> {
  const { database, drop } = await createTestDatabase();
  const config: Config = { ...loadConfig({ PALERMO_DATA_DIR: IN_MEMORY, LOG_LEVEL: 'silent', PALERMO_SIGN_IN_RATE_LIMIT: '1000', PALERMO_PUBLIC_REPORT_RATE_LIMIT: '1000' }), ...options.config };
  const services = createServices(config, testSecrets, database, options.clock ?? systemClock);
  await services.referenceData.load(); // as startServices does
  if (options.seed !== false) await seedDemoData(services);
  return { ...services, drop };
}

export { FixedClock };
