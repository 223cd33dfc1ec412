import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createCliWorkspace, type CliWorkspace } from '../support/cli.js';
import { uk2009PlanFile } from '../../src/plan/demo-plan.js';

/** `palermo plan import FILE`, run as a separate process on its own (empty, not seeded) database. */
let cli: CliWorkspace;
before(async () => { cli = await createCliWorkspace('palermo-plan-cli-'); });
after(async () => { await cli.close(); });

describe('palermo plan import', () => {
  it('refuses a bad file whole, imports the 2009 update once, and changes nothing the second time', () => {
    const bad = path.join(cli.dataDir, 'bad.json');
    const file = JSON.parse(readFileSync(uk2009PlanFile, 'utf8')) as { actions: { indicators: string[] }[] };
    file.actions[32]!.indicators = [];
    writeFileSync(bad, JSON.stringify(file, null, 2));
    const refused = cli.run(['plan', 'import', bad]);
    assert.equal(refused.status, 1, refused.stderr);
    assert.match(refused.stderr, /Nothing was imported: 1 problem\.\nline \d+: actions\.32\.indicators: /);

    const imported = cli.run(['plan', 'import', uk2009PlanFile]);
    assert.equal(imported.status, 0, imported.stderr);
    assert.match(imported.stdout, /^Imported 38 actions and 68 carried-over actions; \d+ of \d+ responsible parties linked to organisations\.\n$/);
    const again = cli.run(['plan', 'import', uk2009PlanFile]);
    assert.equal(again.status, 0, again.stderr);
    assert.equal(again.stdout, 'This plan is already stored; nothing was changed.\n');
  });
});
