import type { Config } from '../platform/config.js';
import { startServices } from '../platform/runtime.js';
import { buildApp } from '../platform/http/app.js';
import { demoSignInsText, seedDemoData } from '../demo/seed.js';
import { every } from './periodic-jobs.js';

/** Serves until SIGINT or SIGTERM, then finishes in-flight requests, closes the database and exits. */
export async function serve(config: Config): Promise<void> {
  const services = await startServices(config, `palermo serve on port ${config.port}`);
  let seeded = false;
  if (config.demo) seeded = (await seedDemoData(services)) === 'seeded';
  const app = await buildApp(services);
  const jobs = [
    every(15 * 60_000, 'session purge', () => services.sessionStore.purgeExpired(), app.log),
    every(15 * 60_000, 'draft referral purge', () => services.drafts.purgeExpired(), app.log),
    // Offers of support not answered in time give their place back (also checked whenever allocations are read or answered).
    every(15 * 60_000, 'support offer expiry', () => services.support.allocations.expireOverdue(), app.log),
    // Decision letters leave through the outbox: written with the decision, sent here, retried with backoff.
    every(5_000, 'decision letter delivery', () => services.notices.deliverPending(), app.log),
    // Alerts about missing people are sent again until someone at each organisation acknowledges them.
    every(30_000, 'missing-person alert repeat', () => services.missing.repeatUnacknowledged(), app.log),
    // Residence permits nearing expiry: the Competent Authority is reminded once at each threshold.
    every(60 * 60_000, 'residence permit reminders', () => services.casework.permits.sendPermitReminders(), app.log),
  ];

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down');
    const stopped = jobs.map((job) => job.stop()); // no new runs from here; runs in hand finish
    await app.close();
    await Promise.all(stopped);
    await services.database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const lines = [
    '',
    `Palermo is running at http://localhost:${port}`,
    `Database: ${services.database.engine === 'pglite' ? `embedded (${config.dataDir})` : 'PostgreSQL server'}`,
  ];
  if (config.demo) lines.push(seeded ? 'Demo data loaded.' : 'Existing data kept (demo data is only loaded into an empty database).', demoSignInsText());
  process.stdout.write(`${lines.join('\n')}\n\n`);
}
