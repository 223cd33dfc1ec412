/**
 * Intake benchmark: referrals through the HTTP API (parse, validate, route, one transaction with the
 * referral, its identity, situations, audit event and outbox message) against a baseline measured in
 * the same run on the same database: raw single-row INSERTs of the same rows, one statement at a time.
 * Prints both rates and their ratio; the target is a ratio of at least 0.5.
 *
 * Usage: npm run bench:intake [-- --referrals 300 --concurrency 4]   (DATABASE_URL for PostgreSQL; embedded otherwise)
 */
import { parseArgs } from 'node:util';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import http from 'node:http';
import { sql } from 'drizzle-orm';
import { buildApp } from '../src/platform/http/app.js';
import { createTestServices } from '../test/support/test-services.js';

const { values, positionals } = parseArgs({
  options: { referrals: { type: 'string', default: '300' }, concurrency: { type: 'string', default: '4' }, client: { type: 'boolean', default: false } },
  allowPositionals: true,
});
const total = Number(values.referrals);
const concurrency = Number(values.concurrency);

function referral(i: number) {
  return {
    under18: 'no', consent: true,
    person: {
      givenName: `Person${i}`, familyName: `Bench${i % 97}`, dateOfBirth: `19${60 + (i % 40)}-0${1 + (i % 9)}-1${i % 10}`, gender: i % 2 ? 'female' : 'male',
      nationalities: [['NG', 'VN', 'AL', 'RO', 'GB'][i % 5]], languages: ['en'], letterRecipient: 'first_responder', asylumClaim: 'no', detention: 'none', immigrationStatus: 'leave_to_remain',
    },
    situations: [{ types: ['labour'], startMonth: '2025-01', endMonth: '2026-06', ukPlaces: ['sheffield'], meansOfControl: ['debt_bondage'], narrative: `Account ${i}` }],
    supportNeeds: ['outreach'],
  };
}

async function main() {
  const ctx = await createTestServices();
  const app = await buildApp(ctx, { logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const { token } = await ctx.apiTokens.create('first.responder@palermo.example', 'bench');
  const db = ctx.database;

  // Warm-up: compile paths, fill caches.
  for (let i = 0; i < 10; i++) await send(base, token, 1_000_000 + i);

  // The load comes from another process, as it would in use: the client does not take the server's CPU.
  const apiSeconds = await runClient(base, token);

  // Baseline: the same rows, copied into tables of the same shape, one single-row INSERT per statement.
  const tables = ['referrals', 'referral_people', 'referral_situations', 'audit_events', 'outbox_messages'];
  for (const table of tables) await db.rows(sql.raw(`CREATE TABLE bench_${table} (LIKE ${table} INCLUDING DEFAULTS)`));
  const rows: { table: string; row: Record<string, unknown> }[] = [];
  for (const table of tables) {
    const only = table === 'audit_events' ? ` WHERE record_type = 'referral'` : ''; // not the demo data's events
    const found = await db.rows<Record<string, unknown>>(sql.raw(`SELECT * FROM ${table}${only}`));
    for (const row of found) rows.push({ table, row });
  }
  const rawStart = process.hrtime.bigint();
  for (const { table, row } of rows) {
    const columns = Object.keys(row);
    const statement = sql.join([
      sql.raw(`INSERT INTO bench_${table} (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (`),
      sql.join(columns.map((c) => sql`${toParam(row[c])}`), sql`, `),
      sql.raw(')'),
    ], sql``);
    await db.rows(statement);
  }
  const rawSeconds = Number(process.hrtime.bigint() - rawStart) / 1e9;
  const referralsStored = (await db.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM referrals`))[0]!.n;

  const apiRate = total / apiSeconds;
  const rawRate = referralsStored / rawSeconds; // referrals' worth of rows per second
  console.log(`engine: ${db.engine}; referrals: ${total}; concurrency: ${concurrency}; rows per referral: ${(rows.length / referralsStored).toFixed(1)}`);
  console.log(`baseline (raw single-row INSERTs of the same rows): ${rawRate.toFixed(1)} referrals/s`);
  console.log(`intake through the HTTP API:                         ${apiRate.toFixed(1)} referrals/s`);
  console.log(`ratio API / baseline: ${(apiRate / rawRate).toFixed(2)} (target >= 0.50)`);
  await app.close();
  await ctx.drop();
}

function runClient(base: string, token: string): Promise<number> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--client', base, token, String(total), String(concurrency)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  return new Promise((resolve, reject) => child.on('exit', (code) => (code === 0 ? resolve(Number(out.trim())) : reject(new Error(`load client exited with ${code}`)))));
}

/** The load client: posts `count` referrals with `parallel` requests in flight; prints the seconds taken. */
async function client(base: string, token: string, count: number, parallel: number): Promise<void> {
  const start = process.hrtime.bigint();
  let next = 0;
  await Promise.all(Array.from({ length: parallel }, async () => {
    while (next < count) await send(base, token, next++);
  }));
  process.stdout.write(`${Number(process.hrtime.bigint() - start) / 1e9}\n`);
}

function toParam(value: unknown): unknown {
  if (Array.isArray(value)) return sql`${`{${value.map((v) => JSON.stringify(String(v))).join(',')}}`}`;
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) return JSON.stringify(value);
  return value;
}

// node:http with a keep-alive agent: a light client, so the load generator takes little of the machine.
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

function send(base: string, token: string, i: number): Promise<void> {
  const body = JSON.stringify(referral(i));
  return new Promise((resolve, reject) => {
    const request = http.request(`${base}/api/v1/referrals`, {
      method: 'POST', agent,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${token}`, 'idempotency-key': `bench-${i}-key` },
    }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => (response.statusCode === 201 ? resolve() : reject(new Error(`referral ${i}: ${response.statusCode} ${text}`))));
    });
    request.on('error', reject);
    request.end(body);
  });
}

(values.client ? client(positionals[0]!, positionals[1]!, Number(positionals[2]), Number(positionals[3])) : main()).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
