/**
 * Work-queue benchmark: latency of the Competent Authority's work queue — the page (/casework) and
 * its API (/api/v1/casework/queue) — for a caseworker of an authority holding a large share of
 * 1,000,000 generated referrals on PostgreSQL, over real HTTP connections, one request at a time.
 * Every filter and a deep page are measured. Baseline in the same run: GET /api/v1/me, the least an
 * authenticated request does (the token's lookup), so the ratio shows what the queue adds.
 * Target: p99 under 50 ms. Any variant slower than that has its query plan printed.
 *
 * Usage: DATABASE_URL=postgres://… npm run bench:work-queue [-- --referrals 1000000 --requests 200]
 */
import { parseArgs } from 'node:util';
import http from 'node:http';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { buildApp } from '../src/platform/http/app.js';
import { ukDate } from '../src/platform/working-days.js';
import type { QueueFilter } from '../src/casework/work-queue.js';
import { HttpAgent } from '../test/support/http-agent.js';
import { principalFor } from '../test/support/principals.js';
import { openGeneratedDatabase } from './support/generated-database.js';

const { values } = parseArgs({ options: { referrals: { type: 'string', default: '1000000' }, requests: { type: 'string', default: '200' } } });
const requests = Number(values.requests);
const target = 50;
const caseworkerEmail = 'caseworker@palermo.example';

const variants: { name: string; filters: QueueFilter[]; page: number }[] = [
  { name: 'first page', filters: [], page: 1 },
  { name: 'page 20', filters: [], page: 20 },
  { name: 'overdue', filters: ['overdue'], page: 1 },
  { name: 'children', filters: ['child'], page: 1 },
  { name: 'detained', filters: ['detained'], page: 1 },
  { name: 'unassigned', filters: ['unassigned'], page: 1 },
  { name: 'assigned to me', filters: ['mine'], page: 1 },
  { name: 'missing', filters: ['missing'], page: 1 },
  { name: 'second review', filters: ['review'], page: 1 },
  { name: 'reconsideration', filters: ['reconsideration'], page: 1 },
  { name: 'children, overdue', filters: ['child', 'overdue'], page: 1 },
];

async function main() {
  const generated = await openGeneratedDatabase({ referrals: Number(values.referrals) });
  const services = generated.services;
  const app = await buildApp(services, { logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const port = (app.server.address() as { port: number }).port;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

  const caseworker = await principalFor(services, caseworkerEmail);
  const [open] = await services.database.rows<{ n: number }>(sql`
    SELECT count(*)::int AS n FROM referrals WHERE competent_authority_id = ${caseworker.organisationId} AND queue_step IS NOT NULL`);
  // Some cases assigned to the caseworker, so that "assigned to me" has something to find.
  await services.database.rows(sql`
    UPDATE referrals SET assigned_to = ${caseworker.userId}
    WHERE id IN (SELECT id FROM referrals WHERE competent_authority_id = ${caseworker.organisationId} AND queue_step IS NOT NULL AND assigned_to IS NULL ORDER BY reference LIMIT 2000)`);

  const browser = new HttpAgent(app);
  await browser.signIn(caseworkerEmail);
  const cookie = browser.cookieHeader();
  const { id: tokenId, token } = await services.apiTokens.create(caseworkerEmail, 'work-queue benchmark');

  const get = (path: string, headers: Record<string, string>) => timedGet(agent, port, path, headers);
  const pageOf = (v: (typeof variants)[number]) => `/casework?${[...v.filters.map((f) => `filter=${f}`), `page=${v.page}`].join('&')}`;
  const apiOf = (v: (typeof variants)[number]) => `/api/v1/casework/queue?${[...v.filters.map((f) => `filter=${f}`), `page=${v.page}`].join('&')}`;

  console.log(`engine: ${services.database.engine}; referrals: ${generated.referrals.toLocaleString('en-GB')}; open cases in the caseworker's authority: ${open!.n.toLocaleString('en-GB')}; ${requests} requests per variant, one at a time`);
  const baseline = await measure(() => get('/api/v1/me', { authorization: `Bearer ${token}` }));
  console.log(`baseline GET /api/v1/me: p50 ${baseline.p50.toFixed(1)} ms, p99 ${baseline.p99.toFixed(1)} ms`);
  console.log('');
  console.log('variant              | page p50 | page p99 | API p50 | API p99 | page p50 / baseline p50');
  const slow: (typeof variants)[number][] = [];
  const all = { page: [] as number[], api: [] as number[] };
  for (const v of variants) {
    const page = await measure(() => get(pageOf(v), { cookie }));
    const api = await measure(() => get(apiOf(v), { authorization: `Bearer ${token}` }));
    all.page.push(...page.samples);
    all.api.push(...api.samples);
    if (page.p99 > target || api.p99 > target) slow.push(v);
    console.log(`${v.name.padEnd(20)} | ${fmt(page.p50)} | ${fmt(page.p99)} | ${fmt(api.p50, 7)} | ${fmt(api.p99, 7)} | ${(page.p50 / baseline.p50).toFixed(1)}`);
  }
  const page = percentiles(all.page);
  const api = percentiles(all.api);
  console.log(`${'all variants'.padEnd(20)} | ${fmt(page.p50)} | ${fmt(page.p99)} | ${fmt(api.p50, 7)} | ${fmt(api.p99, 7)} | ${(page.p50 / baseline.p50).toFixed(1)}`);
  console.log('');
  console.log(`target p99 < ${target} ms: page ${page.p99 < target ? 'met' : 'NOT met'} (${page.p99.toFixed(1)} ms), API ${api.p99 < target ? 'met' : 'NOT met'} (${api.p99.toFixed(1)} ms); p99 ratio to baseline: page ${(page.p99 / baseline.p99).toFixed(1)}, API ${(api.p99 / baseline.p99).toFixed(1)}`);

  for (const v of slow) {
    const query = services.casework.queue.query(caseworker, v.filters, { limit: 50, offset: (v.page - 1) * 50 }, ukDate(services.clock.now())).toSQL();
    const client = new pg.Client({ connectionString: generated.url });
    await client.connect();
    const plan = await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${query.sql}`, query.params as unknown[]);
    await client.end();
    console.log(`\nQuery plan for "${v.name}" (p99 over ${target} ms):`);
    for (const row of plan.rows as { 'QUERY PLAN': string }[]) console.log(`  ${row['QUERY PLAN']}`);
  }

  await services.apiTokens.revoke(tokenId);
  agent.destroy();
  await app.close();
  await generated.close();
}

async function measure(request: () => Promise<number>) {
  for (let i = 0; i < 10; i++) await request(); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < requests; i++) samples.push(await request());
  return { ...percentiles(samples), samples };
}

function percentiles(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  return { p50: at(0.5), p99: at(0.99) };
}

function fmt(ms: number, width = 8): string {
  return `${ms.toFixed(1)} ms`.padStart(width);
}

/** One GET over a kept-alive connection; resolves with the milliseconds to the last byte of the response. */
function timedGet(agent: http.Agent, port: number, path: string, headers: Record<string, string>): Promise<number> {
  const start = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path, agent, headers }, (response) => {
      response.resume();
      response.on('end', () => {
        if (response.statusCode !== 200) reject(new Error(`GET ${path}: ${response.statusCode}`));
        else resolve(Number(process.hrtime.bigint() - start) / 1e6);
      });
    }).on('error', reject);
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
