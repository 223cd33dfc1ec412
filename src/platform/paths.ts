import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

// src/platform/paths.ts and dist/platform/paths.js sit at the same depth, so one rule finds the root.
export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const sourceRoot = path.join(projectRoot, 'src');
export const migrationsFolder = path.join(projectRoot, 'migrations');
/** The reference lists' CSV files, loaded into the database at start. */
export const referenceDataFolder = path.join(projectRoot, 'reference-data');

/** The version reported by /healthz and the CLI. */
export const packageVersion: string = (
  JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { version: string }
).version;
