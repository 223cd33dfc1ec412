/**
 * `npm run bench`: every benchmark, one after the other. Intake runs on either engine; the work queue
 * and the statistics publication need a million referrals in PostgreSQL (DATABASE_URL) and say so
 * without one. The first run on a server generates the million (minutes); later runs reuse them.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const benches = [
  { file: 'intake.bench.ts', title: 'Referral intake through the API', needsPostgres: false },
  { file: 'work-queue.bench.ts', title: 'Work queue over 1,000,000 referrals', needsPostgres: true },
  { file: 'publication.bench.ts', title: 'Statistics publication over 1,000,000 referrals', needsPostgres: true },
];

let failed = 0;
for (const bench of benches) {
  console.log(`\n== ${bench.title} (bench/${bench.file})`);
  if (bench.needsPostgres && !process.env.DATABASE_URL) {
    console.log('   skipped: needs a PostgreSQL server — set DATABASE_URL, e.g. postgres://postgres@127.0.0.1:5432/test');
    continue;
  }
  const run = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(new URL(bench.file, import.meta.url))], { stdio: 'inherit' });
  if (run.status !== 0) failed++;
}
process.exit(failed === 0 ? 0 : 1);
