import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestDatabase, engineUnderTest, type TestDatabase } from '../support/test-services.js';
import { projectRoot } from '../../src/platform/paths.js';

/** `palermo import FILE`, run as a separate process on its own database. */
let dataDir: string;
let server: TestDatabase | undefined;
let env: NodeJS.ProcessEnv;

before(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'palermo-import-cli-'));
  const { DATABASE_URL: _ignored, ...rest } = process.env;
  env = { ...rest, PALERMO_DATA_DIR: dataDir, LOG_LEVEL: 'silent' };
  if (engineUnderTest === 'postgresql') {
    server = await createTestDatabase();
    await server.database.close(); // the CLI opens its own connections
    env.DATABASE_URL = server.url;
  }
});
after(async () => {
  if (server) await server.drop().catch(() => undefined);
  rmSync(dataDir, { recursive: true, force: true });
});

function palermo(args: string[]) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'src/cli/main.ts'), ...args], {
    env, encoding: 'utf8', cwd: projectRoot, timeout: 240_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const record = (externalId: string) => JSON.stringify({
  externalId, receivedAt: '2009-06-01T10:00:00Z', organisation: 'Kalayaan',
  referral: {
    under18: 'no', consent: true,
    person: { givenName: 'Rosa', familyName: externalId, estimatedAge: 30, gender: 'female', nationalities: ['PH'], letterRecipient: 'first_responder' },
    situations: [{ types: ['domestic_servitude'], startMonth: '2008-03', endMonth: '2009-05', locationUnknown: true }],
  },
  decisions: [{ stage: 'rg', outcome: 'positive', decidedOn: '2009-06-04', reasons: 'Indicators of domestic servitude.' }],
});

describe('palermo import', () => {
  it('imports a file as an administrator, reports bad lines, and refuses anyone else', () => {
    assert.equal(palermo(['seed', '--demo']).status, 0);
    const good = path.join(dataDir, 'good.jsonl');
    writeFileSync(good, `${record('K-1')}\n${record('K-2')}\n`);
    const bad = path.join(dataDir, 'bad.jsonl');
    writeFileSync(bad, `${record('K-3')}\n{"externalId":"K-4"}\n`);

    const refused = palermo(['import', good, '--as', 'caseworker@palermo.example']);
    assert.equal(refused.status, 2);
    assert.match(refused.stderr, /Only an administrator/);

    const rejected = palermo(['import', bad, '--as', 'admin@palermo.example']);
    assert.equal(rejected.status, 1);
    assert.match(rejected.stderr, /Nothing was imported: 1 of 2 lines has problems/);
    assert.match(rejected.stderr, /line 2 \(K-4\): receivedAt: /);

    const imported = palermo(['import', good, '--as', 'admin@palermo.example']);
    assert.equal(imported.status, 0, imported.stderr);
    assert.match(imported.stdout, /^Imported 2 referrals \(2 decisions\); 0 already present; 2 lines\. File SHA-256 [0-9a-f]{64}\.\n$/);
    const again = palermo(['import', good, '--as', 'admin@palermo.example', '--dry-run']);
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stdout, /would import 0 referrals .*; 2 already present/);
  });
});
