import type { Config } from '../platform/config.js';
import { startServices } from '../platform/runtime.js';
import { buildApp } from '../platform/http/app.js';
import { demoSignInsText, seedDemoData } from '../demo/seed.js';

/** Serves until SIGINT or SIGTERM, then finishes in-flight requests, closes the database and exits. */
export async function serve(config: Config): Promise<void> {
  const services = await startServices(config, `palermo serve on port ${config.port}`);
  let seeded = false;
  if (config.demo) seeded = (await seedDemoData(services)) === 'seeded';
  const app = await buildApp(services);
  const purge = setInterval(() => {
    services.sessionStore.purgeExpired().catch((err: unknown) => app.log.warn({ err }, 'session purge failed'));
    services.drafts.purgeExpired().catch((err: unknown) => app.log.warn({ err }, 'draft referral purge failed'));
    // Offers of support not answered in time give their place back (also checked whenever allocations are read or answered).
    services.support.allocations.expireOverdue().catch((err: unknown) => app.log.warn({ err: { type: (err as Error)?.name } }, 'support offer expiry failed'));
  }, 15 * 60_000);
  purge.unref();
  // Decision letters leave through the outbox: written with the decision, sent here, retried with backoff.
  let delivering: Promise<void> | null = null;
  const letters = setInterval(() => {
    if (delivering) return;
    // Logged by kind only: a failure here may quote a letter's data.
    delivering = services.notices.deliverPending()
      .then(() => undefined, (err: unknown) => app.log.warn({ err: { type: (err as Error)?.name, code: (err as { code?: string })?.code } }, 'decision letter delivery failed'))
      .finally(() => { delivering = null; });
  }, 5_000);
  letters.unref();
  // Alerts about missing people are sent again until someone at each organisation acknowledges them.
  let repeating: Promise<void> | null = null;
  const missingAlerts = setInterval(() => {
    if (repeating) return;
    repeating = services.missing.repeatUnacknowledged()
      .then(() => undefined, (err: unknown) => app.log.warn({ err: { type: (err as Error)?.name, code: (err as { code?: string })?.code } }, 'missing-person alert repeat failed'))
      .finally(() => { repeating = null; });
  }, 30_000);
  missingAlerts.unref();
  // Residence permits nearing expiry: the Competent Authority is reminded once at each threshold (the job is safe to repeat).
  let reminding: Promise<void> | null = null;
  const permitReminders = setInterval(() => {
    if (reminding) return;
    reminding = services.casework.permits.sendPermitReminders()
      .then(() => undefined, (err: unknown) => app.log.warn({ err: { type: (err as Error)?.name, code: (err as { code?: string })?.code } }, 'residence permit reminders failed'))
      .finally(() => { reminding = null; });
  }, 60 * 60_000);
  permitReminders.unref();

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down');
    clearInterval(purge);
    clearInterval(letters);
    clearInterval(missingAlerts);
    clearInterval(permitReminders);
    await app.close();
    await delivering;
    await repeating;
    await reminding;
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
