import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { DataDirLockedError, lockDataDir } from './data-dir-lock.js';

describe('embedded data directory lock', () => {
  it('lets one holder in and tells the next who holds it', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'palermo-lock-'));
    try {
      // A live process that is not us holds the lock.
      const other = spawnSync(process.execPath, ['-e', 'console.log(process.ppid)']);
      assert.equal(other.status, 0);
      writeFileSync(path.join(dir, 'palermo.lock'), JSON.stringify({ pid: process.ppid, command: 'palermo serve on port 3000' }));
      assert.throws(() => lockDataDir(dir, 'palermo migrate'), (error: unknown) =>
        error instanceof DataDirLockedError && /palermo serve on port 3000/.test(error.message) && /Nothing was changed/.test(error.message));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('takes over a lock left by a process that has gone, and releases it', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'palermo-lock-'));
    try {
      const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
      writeFileSync(path.join(dir, 'palermo.lock'), JSON.stringify({ pid: Number(gone), command: 'old' }));
      const lock = lockDataDir(dir, 'palermo serve');
      lock.release();
      assert.equal(existsSync(path.join(dir, 'palermo.lock')), false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
