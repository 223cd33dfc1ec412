import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import type { Services } from '../../services.js';
import { actorOf, type Principal } from '../../platform/auth/principal.js';
import { systemActor } from '../../platform/audit/audit-log.js';
import { can } from '../../platform/auth/policy.js';
import { findActivePrincipal, findUserByEmail } from '../../users/store.js';
import { findOrganisationByName } from '../../organisations/store.js';
import { exportScopeSchema } from './schema.js';
import { HtcdsExport } from './export.js';
import { HtcdsImport, type ImportOutcome } from './import.js';

/** A command given wrongly: the message says what to change. */
export class HtcdsCommandError extends Error {}

/** `palermo htcds export`: writes the file (or standard output for "-") and says how many cases it holds. */
export async function exportToFile(services: Services, options: { from: string; to: string; nation?: string; out: string }): Promise<number> {
  const scope = exportScopeSchema.safeParse(options);
  if (!scope.success) throw new HtcdsCommandError(scope.error.issues.map((i) => i.message).join('\n'));
  let cases = 0;
  const csv = await new HtcdsExport(services.database, services.audit).csv(scope.data, { actor: systemActor }, () => cases++);
  await pipeline(csv, options.out === '-' ? process.stdout : createWriteStream(options.out, { mode: 0o600 }), { end: options.out !== '-' });
  return cases;
}

/** `palermo htcds import`: as the administrator named, for the partner organisation named. */
export async function importFromFile(services: Services, file: string, options: { partner: string; as: string }): Promise<ImportOutcome & { partner: string }> {
  const principal = await importerNamed(services, options.as);
  const partner = await findOrganisationByName(services.database.db, options.partner);
  if (!partner || !partner.active) throw new HtcdsCommandError(`No active organisation named "${options.partner}".`);
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new HtcdsCommandError(`Cannot read ${file}: ${error.code ?? error.message}`);
  });
  const importer = new HtcdsImport(services.database, services.audit, services.clock, services.referenceData);
  const outcome = await importer.importFile(principal, { text, partner: { id: partner.id, name: partner.name } }, { actor: actorOf(principal) });
  return { ...outcome, partner: partner.name };
}

async function importerNamed(services: Services, email: string): Promise<Principal> {
  const user = await findUserByEmail(services.database.db, email);
  const active = user ? await findActivePrincipal(services.database.db, user.id) : undefined;
  if (!active) throw new HtcdsCommandError(`No active user ${email}.`);
  if (!can(active.role, 'htcds:import')) throw new HtcdsCommandError(`${email} is not an administrator: only an administrator may import HTCDS records.`);
  return { userId: active.id, email: active.email, name: active.name, role: active.role, organisationId: active.organisationId, organisationName: active.organisationName, via: 'session' };
}
