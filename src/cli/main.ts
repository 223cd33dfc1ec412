#!/usr/bin/env node
import { Command, Option } from 'commander';
import { loadConfig, ConfigError } from '../platform/config.js';
import { DataDirLockedError } from '../platform/db/data-dir-lock.js';
import { packageVersion } from '../platform/paths.js';
import { startServices } from '../platform/runtime.js';
import { systemActor } from '../platform/audit/audit-log.js';
import { roles } from '../platform/auth/roles.js';
import { newUserInput } from '../users/schema.js';
import { seedDemoData, demoSignInsText } from '../demo/seed.js';
import { serve } from './serve.js';
import type { Services } from '../services.js';
import { nations } from '../organisations/kinds.js';
import { exportToFile, HtcdsCommandError, importFromFile } from '../repository/htcds/commands.js';
import { publishToFile, releaseFormats, StatsCommandError } from '../statistics/commands.js';
import { importingAdministrator, importLegacyFile, ImportRefusedError } from '../repository/import/import-file.js';
import { generateReferrals, GenerateRefusedError } from '../demo/generate/generate.js';

/**
 * `palermo`: the service and its administration, on the same database the server uses
 * (DATABASE_URL, or the embedded database in PALERMO_DATA_DIR).
 */
const program = new Command('palermo').version(packageVersion).description('Palermo: National Referral Mechanism casework and the central repository.');

// Outside production, commands may use (or create) the demo secrets of the data directory.
const cliConfig = () => { const base = loadConfig(); return loadConfig(process.env, { demo: !base.production }); };

async function withServices<T>(purpose: string, work: (services: Services) => Promise<T>): Promise<T> {
  const services = await startServices(cliConfig(), purpose);
  try {
    return await work(services);
  } finally {
    await services.database.close();
  }
}

program.command('serve').description('Start the web service and JSON API')
  .option('--demo', 'demo mode: generate secrets in the data directory and load demo data into an empty database')
  .action(async (options: { demo?: boolean }) => {
    await serve(loadConfig(process.env, { demo: Boolean(options.demo) }));
  });

program.command('migrate').description('Apply pending database migrations').action(async () => {
  await withServices('palermo migrate', async () => undefined);
  process.stdout.write('Migrations applied.\n');
});

program.command('seed').description('Load demo data into an empty database')
  .requiredOption('--demo', 'load the demo organisations and one user per role')
  .action(async () => {
    const result = await withServices('palermo seed --demo', seedDemoData);
    process.stdout.write(result === 'seeded' ? `Demo data loaded.\n${demoSignInsText()}\n` : 'The database already has data; nothing was changed.\n');
  });

const users = program.command('users').description('Manage user accounts');
users.command('add').description('Add a user; the password is read from PALERMO_NEW_PASSWORD or standard input')
  .requiredOption('--email <email>')
  .requiredOption('--name <name>')
  .requiredOption('--organisation <name>', 'the organisation, by its exact name')
  .addOption(new Option('--role <role>').choices([...roles]).makeOptionMandatory())
  .action(async (options: { email: string; name: string; organisation: string; role: string }) => {
    const password = process.env.PALERMO_NEW_PASSWORD ?? (await readStdin()).trim();
    const parsed = newUserInput.omit({ organisationId: true }).safeParse({ ...options, password });
    if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n'));
    const id = await withServices('palermo users add', (s) =>
      s.users.createInOrganisationNamed({ ...parsed.data, organisationName: options.organisation }, { actor: systemActor }));
    process.stdout.write(`User ${parsed.data.email} added (${id}).\n`);
  });

const tokens = program.command('tokens').description('Manage API tokens');
tokens.command('create').description('Create an API token for a user and print it (once) on standard output')
  .requiredOption('--email <email>')
  .option('--label <label>', 'what the token is for', 'API token')
  .action(async (options: { email: string; label: string }) => {
    const { token } = await withServices('palermo tokens create', (s) => s.apiTokens.create(options.email, options.label));
    process.stdout.write(`${token}\n`);
  });
tokens.command('revoke').description('Revoke an API token by its id').argument('<id>')
  .action(async (id: string) => {
    const revoked = await withServices('palermo tokens revoke', (s) => s.apiTokens.revoke(id));
    if (!revoked) throw new UsageError(`No active token with id ${id}.`);
    process.stdout.write('Token revoked.\n');
  });

const audit = program.command('audit').description('The audit log');
audit.command('verify').description('Check the hash chain of the audit log; exits non-zero at the first broken link')
  .action(async () => {
    const result = await withServices('palermo audit verify', (s) => s.audit.verify());
    if (result.ok) {
      process.stdout.write(`Audit chain intact: ${result.checked} events verified.\n`);
    } else {
      process.stderr.write(`Audit chain BROKEN at event ${result.brokenSeq} (id ${result.brokenId}): ${result.reason}. ${result.checked} events before it verified.\n`);
      process.exitCode = 1;
    }
  });

program.command('import').description('Import historical referrals from a legacy system (JSON Lines, docs/IMPORT.md): every line is checked, and any bad line stops the whole file')
  .argument('<file>')
  .requiredOption('--as <email>', 'the administrator importing it, for the audit trail')
  .option('--dry-run', 'check the file and rehearse the import, then store nothing')
  .action(async (file: string, options: { as: string; dryRun?: boolean }) => {
    const outcome = await withServices('palermo import', async (s) => {
      const principal = await importingAdministrator(s, options.as);
      return importLegacyFile(s, principal, file, { dryRun: options.dryRun, progress: (line) => process.stderr.write(`${line}\n`) });
    }).catch((error: unknown) => {
      throw error instanceof ImportRefusedError ? new UsageError(error.message) : error;
    });
    if (outcome.ok) {
      const { summary: r } = outcome;
      process.stdout.write(`${r.dryRun ? 'Dry run, nothing stored: would import' : 'Imported'} ${r.imported} ${r.imported === 1 ? 'referral' : 'referrals'} `
        + `(${r.decisions} decisions); ${r.alreadyPresent} already present; ${r.lines} lines. File SHA-256 ${r.sha256}.\n`);
    } else {
      process.stderr.write(`Nothing was imported: ${outcome.problems.length} of ${outcome.lines} ${outcome.lines === 1 ? 'line' : 'lines'} ${outcome.problems.length === 1 ? 'has' : 'have'} problems.\n`);
      for (const line of outcome.problems) {
        for (const p of line.problems) process.stderr.write(`line ${line.line}${line.externalId ? ` (${line.externalId})` : ''}: ${p.field}: ${p.message}\n`);
      }
      process.exitCode = 1;
    }
  });

const htcds = program.command('htcds').description('Exchange case records in the Human Trafficking Case Data Standard (HTCDS v2.0)');
htcds.command('export').description('Write the NRM referrals received in a period as pseudonymised HTCDS CSV')
  .requiredOption('--from <date>', 'first day of the period, YYYY-MM-DD')
  .requiredOption('--to <date>', 'last day of the period, YYYY-MM-DD')
  .addOption(new Option('--nation <nation>', 'only referrals made in this nation').choices([...nations]))
  .requiredOption('--out <file>', 'the CSV file to write, or - for standard output')
  .action(async (options: { from: string; to: string; nation?: string; out: string }) => {
    const cases = await withServices('palermo htcds export', (s) => exportToFile(s, options)).catch(usageError);
    process.stderr.write(`${cases} ${cases === 1 ? 'case' : 'cases'} exported.\n`);
  });
htcds.command('import').description("Import a partner organisation's HTCDS CSV file: every line is checked, and any bad line stops the whole file")
  .argument('<file>')
  .requiredOption('--partner <name>', 'the partner organisation the file came from, by its exact name')
  .requiredOption('--as <email>', 'the administrator importing it, for the audit trail')
  .action(async (file: string, options: { partner: string; as: string }) => {
    const outcome = await withServices('palermo htcds import', (s) => importFromFile(s, file, options)).catch(usageError);
    if (outcome.ok) {
      process.stdout.write(`${outcome.imported} new ${outcome.imported === 1 ? 'case' : 'cases'} imported from ${outcome.partner}; ${outcome.alreadyPresent} already present.\n`);
    } else {
      process.stderr.write(`Nothing was imported: ${outcome.problems.length} ${outcome.problems.length === 1 ? 'line has' : 'lines have'} problems.\n`);
      for (const problem of outcome.problems) process.stderr.write(`line ${problem.line}: ${problem.reason}\n`);
      process.exitCode = 1;
    }
  });
const stats = program.command('stats').description('The NRM statistics of the central repository');
stats.command('publish').description('Publish the statistics release for a period (stored, with disclosure control) and write it to a file')
  .requiredOption('--from <date>', 'first day of the period, YYYY-MM-DD')
  .requiredOption('--to <date>', 'last day of the period, YYYY-MM-DD')
  .addOption(new Option('--nation <nation>', 'one UK nation instead of the whole UK').choices([...nations]))
  .addOption(new Option('--format <format>', 'the file format').choices([...releaseFormats]).default('csv'))
  .requiredOption('--out <file>', 'the file to write, or - for standard output')
  .action(async (options: { from: string; to: string; nation?: string; format: (typeof releaseFormats)[number]; out: string }) => {
    const release = await withServices('palermo stats publish', (s) => publishToFile(s, options)).catch(usageError);
    process.stderr.write(`Published the release for ${release.from} to ${release.to} (${release.area}), data as at ${release.cutOff.toISOString()}: ${release.tables.length + 1} tables, ${release.revisions.length} revised figures.\n`);
  });
const plan = program.command('plan').description('Action plans on tackling human trafficking');
plan.command('import').description('Import a plan update (Annex A and its carry-over, Annex B) from a JSON file such as action-plans/uk-2009-update.json: all or nothing; a plan already stored is left as it is')
  .argument('<file>')
  .action(async (file: string) => {
    const outcome = await withServices('palermo plan import', (s) => s.plans.importer.importFile(file, { actor: systemActor }));
    if (outcome.ok) {
      process.stdout.write(outcome.created
        ? `Imported ${outcome.actions} actions and ${outcome.carryOvers} carried-over actions; ${outcome.linkedParties} of ${outcome.parties} responsible parties linked to organisations.\n`
        : 'This plan is already stored; nothing was changed.\n');
    } else {
      process.stderr.write(`Nothing was imported: ${outcome.problems.length} ${outcome.problems.length === 1 ? 'problem' : 'problems'}.\n`);
      for (const p of outcome.problems) process.stderr.write(`line ${p.line}: ${p.field}: ${p.message}\n`);
      process.exitCode = 1;
    }
  });
program.command('generate').description('Fill the database with synthetic NRM referrals, decisions and recovery periods (fictitious people; never in production)')
  .requiredOption('--referrals <n>', 'how many referrals', (v) => wholeNumber(v, '--referrals'))
  .requiredOption('--seed <s>', 'the same seed generates the same data', (v) => wholeNumber(v, '--seed'))
  .option('--from <date>', 'first day of receipt, YYYY-MM-DD', '2023-01-01')
  .option('--to <date>', 'last day of receipt, YYYY-MM-DD (at most today)', '2026-10-31')
  .action(async (options: { referrals: number; seed: number; from: string; to: string }) => {
    const started = Date.now();
    const counts = await withServices('palermo generate', (s) => generateReferrals(s, { ...options, progress: (line) => process.stderr.write(`${line}\n`) }))
      .catch((error: unknown) => {
        throw error instanceof GenerateRefusedError ? new UsageError(error.message) : error;
      });
    const seconds = (Date.now() - started) / 1000;
    process.stdout.write(`Generated ${counts.referrals.toLocaleString('en-GB')} referrals (${counts.children.toLocaleString('en-GB')} children), `
      + `${counts.decisions.toLocaleString('en-GB')} decisions and ${counts.recoveryPeriods.toLocaleString('en-GB')} recovery periods `
      + `in ${seconds.toFixed(1)} s (${Math.round(counts.referrals / seconds).toLocaleString('en-GB')} referrals a second).\n`);
  });
const wholeNumber = (value: string, option: string): number => {
  if (!/^\d+$/.test(value)) throw new UsageError(`${option} must be a whole number.`);
  return Number(value);
};
const usageError = (error: unknown): never => {
  throw error instanceof HtcdsCommandError || error instanceof StatsCommandError ? new UsageError(error.message) : error;
};

class UsageError extends Error {}

function readStdin(): Promise<string> {
  if (process.stdin.isTTY) throw new UsageError('Give the password in PALERMO_NEW_PASSWORD or on standard input.');
  return new Promise((resolve, reject) => {
    let data = '';
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (chunk) => (data += chunk));
    process.stdin.on('end', () => resolve(data));
    process.stdin.on('error', reject);
  });
}

program.parseAsync(process.argv).catch((error: unknown) => {
  const known = error instanceof ConfigError || error instanceof DataDirLockedError || error instanceof UsageError;
  process.stderr.write(`palermo: ${known || error instanceof Error ? (error as Error).message : String(error)}\n`);
  if (!known && process.env.PALERMO_DEBUG) console.error(error);
  process.exit(known ? 2 : 1);
});
