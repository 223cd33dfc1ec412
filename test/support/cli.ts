import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestDatabase, engineUnderTest, type TestDatabase } from './test-services.js';
import { projectRoot } from '../../src/platform/paths.js';

/**
 * The `palermo` command run as a separate process, as an operator runs it: a data directory of its
 * own and, on PostgreSQL, a database of its own that the command opens with its own connections.
 */
export interface CliWorkspace {
  dataDir: string;
  /** The environment the command runs with (DATABASE_URL only when testing on PostgreSQL). */
  env: NodeJS.ProcessEnv;
  /** The arguments that start the command with Node (for a long-running `serve`). */
  argsFor(args: string[]): string[];
  run(args: string[], extraEnv?: NodeJS.ProcessEnv, input?: string): { status: number | null; stdout: string; stderr: string };
  close(): Promise<void>;
}

export async function createCliWorkspace(prefix: string): Promise<CliWorkspace> {
  const dataDir = mkdtempSync(path.join(tmpdir(), prefix));
  const { DATABASE_URL: _ignored, ...rest } = process.env;
  const env: NodeJS.ProcessEnv = { ...rest, PALERMO_DATA_DIR: dataDir, LOG_LEVEL: 'silent' };
  let server: TestDatabase | undefined;
  if (engineUnderTest === 'postgresql') {
    server = await createTestDatabase();
    await server.database.close(); // the command opens its own connections
    env.DATABASE_URL = server.url;
  }
  const argsFor = (args: string[]) => ['--import', 'tsx', path.join(projectRoot, 'src/cli/main.ts'), ...args];
  return {
    dataDir, env, argsFor,
    run(args, extraEnv = {}, input) {
      // Compiling the TypeScript on the fly is slow on a busy machine: a generous limit.
      const result = spawnSync(process.execPath, argsFor(args), { env: { ...env, ...extraEnv }, input, encoding: 'utf8', cwd: projectRoot, timeout: 240_000 });
      return { status: result.status, stdout: result.stdout, stderr: result.stderr };
    },
    async close() {
      if (server) await server.drop().catch(() => undefined);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
