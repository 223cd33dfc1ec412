import { writeFile } from 'node:fs/promises';
import type { Services } from '../services.js';
import { systemActor } from '../platform/audit/audit-log.js';
import { releaseRequestSchema } from './request-schema.js';
import { releaseCsv } from './outputs/csv.js';
import { releaseJson } from './outputs/json.js';
import { releaseOds } from './outputs/ods.js';
import type { Release } from './releases.js';

export class StatsCommandError extends Error {}

export const releaseFormats = ['csv', 'ods', 'json'] as const;

/** `palermo stats publish`: publishes and stores the release for a period and area, and writes it in one format. */
export async function publishToFile(services: Services, options: { from: string; to: string; nation?: string; format: (typeof releaseFormats)[number]; out: string }): Promise<Release> {
  const parsed = releaseRequestSchema.safeParse(options);
  if (!parsed.success) throw new StatsCommandError(parsed.error.issues.map((i) => i.message).join('; '));
  const release = await services.statistics.publish(parsed.data, null, { actor: systemActor });
  const content = options.format === 'csv' ? releaseCsv(release) : options.format === 'json' ? releaseJson(release) : releaseOds(release);
  if (options.out === '-') process.stdout.write(content);
  else await writeFile(options.out, content);
  return release;
}
