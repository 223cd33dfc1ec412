import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { openDatabase, type Database } from '../../src/platform/db/database.js';
import { engineUnderTest } from '../support/test-services.js';
import { createCliWorkspace, type CliWorkspace } from '../support/cli.js';
import { projectRoot } from '../../src/platform/paths.js';

/** The `palermo` command, run as a separate process on the same database a server would use. */
let cli: CliWorkspace;
let dataDir: string;
let env: NodeJS.ProcessEnv;

before(async () => {
  cli = await createCliWorkspace('palermo-cli-');
  ({ dataDir, env } = cli);
});
after(async () => { await cli.close(); });

const palermo = (args: string[], extraEnv: NodeJS.ProcessEnv = {}, input?: string) => cli.run(args, extraEnv, input);

/** Opens the same database directly, as an operator with database access would. */
async function openSame(): Promise<Database> {
  return openDatabase({ databaseUrl: env.DATABASE_URL, dataDir, purpose: 'test inspection' });
}

describe('palermo CLI', () => {
  it('migrates, then loads demo data once and only once', () => {
    const migrate = palermo(['migrate']);
    assert.equal(migrate.status, 0, migrate.stderr);
    assert.match(migrate.stdout, /Migrations applied/);
    const seed = palermo(['seed', '--demo']);
    assert.equal(seed.status, 0, seed.stderr);
    assert.match(seed.stdout, /admin@palermo\.example/);
    const again = palermo(['seed', '--demo']);
    assert.equal(again.status, 0);
    assert.match(again.stdout, /already has data; nothing was changed/);
  });

  it('adds a user to a named organisation, and refuses bad input clearly', () => {
    const added = palermo(['users', 'add', '--email', 'Dana@Kalayaan.example', '--name', 'Dana Cruz', '--organisation', 'Kalayaan', '--role', 'first_responder'],
      { PALERMO_NEW_PASSWORD: 'a long enough password' });
    assert.equal(added.status, 0, added.stderr);
    assert.match(added.stdout, /User dana@kalayaan\.example added/);
    const piped = palermo(['users', 'add', '--email', 'lee@kalayaan.example', '--name', 'Lee Park', '--organisation', 'Kalayaan', '--role', 'analyst'], {}, 'another long password\n');
    assert.equal(piped.status, 0, piped.stderr);
    const unknownOrg = palermo(['users', 'add', '--email', 'x@y.example', '--name', 'X', '--organisation', 'Nowhere', '--role', 'admin'], { PALERMO_NEW_PASSWORD: 'a long enough password' });
    assert.notEqual(unknownOrg.status, 0);
    assert.match(unknownOrg.stderr, /No organisation named "Nowhere"/);
    const badRole = palermo(['users', 'add', '--email', 'x@y.example', '--name', 'X', '--organisation', 'Kalayaan', '--role', 'overlord'], { PALERMO_NEW_PASSWORD: 'a long enough password' });
    assert.notEqual(badRole.status, 0);
    assert.match(badRole.stderr, /overlord/);
    const shortPassword = palermo(['users', 'add', '--email', 'z@y.example', '--name', 'Z', '--organisation', 'Kalayaan', '--role', 'admin'], { PALERMO_NEW_PASSWORD: 'short' });
    assert.notEqual(shortPassword.status, 0);
    assert.match(shortPassword.stderr, /at least 12 characters/);
  });

  it('prints a new API token alone on standard output', () => {
    const created = palermo(['tokens', 'create', '--email', 'admin@palermo.example']);
    assert.equal(created.status, 0, created.stderr);
    assert.match(created.stdout, /^plm_[A-Za-z0-9_-]{43}\n$/);
    const unknown = palermo(['tokens', 'create', '--email', 'ghost@palermo.example']);
    assert.notEqual(unknown.status, 0);
    assert.match(unknown.stderr, /No user with email/);
  });

  it('verifies the audit chain, and names the row that was tampered with', async () => {
    const intact = palermo(['audit', 'verify']);
    assert.equal(intact.status, 0, intact.stderr);
    assert.match(intact.stdout, /Audit chain intact: \d+ events verified/);

    const database = await openSame();
    try {
      await database.transaction(async (tx) => {
        await tx.execute(sql`ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update`);
        await tx.execute(sql`UPDATE audit_events SET actor_email = 'someone.else@palermo.example' WHERE seq = 3`);
        await tx.execute(sql`ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update`);
      });
    } finally {
      await database.close();
    }
    const broken = palermo(['audit', 'verify']);
    assert.equal(broken.status, 1);
    assert.match(broken.stderr, /BROKEN at event 3 \(id [0-9a-f-]{36}\)/);
  });

  it('publishes a statistics release to a file, stores it, and refuses a bad period clearly', async () => {
    const out = path.join(dataDir, 'release.json');
    const published = palermo(['stats', 'publish', '--from', '2026-01-01', '--to', '2026-03-31', '--format', 'json', '--out', out]);
    assert.equal(published.status, 0, published.stderr);
    assert.match(published.stderr, /Published the release for 2026-01-01 to 2026-03-31 \(uk\)/);
    const release = JSON.parse(readFileSync(out, 'utf8')) as { tables: { id: string }[]; rule: string };
    assert.ok(release.tables.some((t) => t.id === '2'));
    assert.match(release.rule, /\[c\]/);
    const db = await openSame();
    try {
      const [row] = (await db.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM statistics_releases`));
      assert.equal(row!.n, 1);
    } finally {
      await db.close();
    }
    const bad = palermo(['stats', 'publish', '--from', '2026-04-01', '--to', '2026-03-31', '--out', out]);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /The start of the period must be on or before its end/);
  });

  it('refuses, changing nothing, while a server holds the embedded database', { skip: engineUnderTest !== 'pglite' && 'a PostgreSQL server is shared, not locked' }, async () => {
    const holder = await openSame();
    try {
      const refused = palermo(['users', 'add', '--email', 'late@kalayaan.example', '--name', 'Late', '--organisation', 'Kalayaan', '--role', 'analyst'], { PALERMO_NEW_PASSWORD: 'a long enough password' });
      assert.equal(refused.status, 2);
      assert.match(refused.stderr, /in use by another Palermo process/);
      assert.match(refused.stderr, /Nothing was changed/);
      const [row] = await holder.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM users WHERE email = 'late@kalayaan.example'`);
      assert.equal(row!.n, 0);
    } finally {
      await holder.close();
    }
  });

  it('serves in demo mode: prints the address and sign-ins, answers /healthz, shuts down cleanly', async () => {
    const child = spawn(process.execPath, cli.argsFor(['serve', '--demo']), {
      env: { ...env, PORT: '0', HOST: '127.0.0.1' }, cwd: projectRoot,
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const deadline = Date.now() + 30_000;
      while (!/running at http:\/\/localhost:(\d+)/.test(output) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      const port = /running at http:\/\/localhost:(\d+)/.exec(output)?.[1];
      assert.ok(port, `server started: ${output}`);
      assert.match(output, /Existing data kept/, 'an existing database is not seeded again');
      assert.match(output, /auditor@palermo\.example/);
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      assert.equal(health.status, 200);
      assert.equal(((await health.json()) as { database: string }).database, engineUnderTest);
    } finally {
      child.kill('SIGTERM');
    }
    assert.equal(await exited, 0);
  });
});
