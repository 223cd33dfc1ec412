import type { Config } from './config.js';
import { openDatabase } from './db/database.js';
import { resolveSecrets } from './crypto/secrets.js';
import { systemClock, type Clock } from './clock.js';
import { createServices, type Services } from '../services.js';

/**
 * Opens the database the configuration names (a PostgreSQL server, or the embedded one in the data
 * directory), applies any pending migrations, builds the services and adds any reference list items
 * the data files have and the database lacks (in every environment: forms depend on them).
 */
export async function startServices(config: Config, purpose: string, clock: Clock = systemClock): Promise<Services> {
  const secrets = resolveSecrets(config);
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, purpose });
  try {
    await database.migrate();
    const services = createServices(config, secrets, database, clock);
    await services.referenceData.load();
    return services;
  } catch (error) {
    await database.close();
    throw error;
  }
}
