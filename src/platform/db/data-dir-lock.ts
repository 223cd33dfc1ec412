import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The embedded database can be opened by one process at a time. This lock file names the holder,
 * so a second process (a CLI command while the server runs) stops with a clear message instead of
 * corrupting the data directory. A lock left by a process that has died is taken over.
 */
export class DataDirLockedError extends Error {
  constructor(readonly dataDir: string, readonly holderPid: number, readonly holderCommand: string) {
    super(
      `The embedded database in ${dataDir} is in use by another Palermo process (pid ${holderPid}: ${holderCommand}). ` +
        'Stop that process first, or use a PostgreSQL server (DATABASE_URL) so several processes can share the database. Nothing was changed.',
    );
  }
}

export interface DataDirLock {
  release(): void;
}

export function lockDataDir(dataDir: string, command: string): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'palermo.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, JSON.stringify({ pid: process.pid, command }), { flag: 'wx' });
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          const holder = JSON.parse(readFileSync(file, 'utf8')) as { pid: number };
          if (holder.pid === process.pid) rmSync(file);
        } catch {
          /* already gone */
        }
      };
      process.once('exit', release);
      return { release };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readHolder(file);
      if (holder && holder.pid !== process.pid && isAlive(holder.pid)) {
        throw new DataDirLockedError(dataDir, holder.pid, holder.command);
      }
      rmSync(file, { force: true }); // stale: its process has gone
    }
  }
  throw new Error(`Could not lock ${dataDir}`);
}

function readHolder(file: string): { pid: number; command: string } | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as { pid: number; command: string };
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
