import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { createCliWorkspace, type CliWorkspace } from '../support/cli.js';

/** `palermo import FILE`, run as a separate process on its own database. */
let cli: CliWorkspace;
let dataDir: string;

before(async () => {
  cli = await createCliWorkspace('palermo-import-cli-');
  dataDir = cli.dataDir;
});
after(async () => { await cli.close(); });

const palermo = (args: string[]) => cli.run(args);

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
