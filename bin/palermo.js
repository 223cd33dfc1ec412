#!/usr/bin/env node
// Runs the compiled CLI (built by `npm ci` / `npm run build`).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const main = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(main))) {
  process.stderr.write('palermo: not built yet. Run `npm run build` (npm ci does this) and try again.\n');
  process.exit(2);
}
await import(main.href);
