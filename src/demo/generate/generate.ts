import { and, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Services } from '../../services.js';
import { jsonInsert, withStatements, type Db } from '../../platform/db/database.js';
import { systemActor } from '../../platform/audit/audit-log.js';
import { ukDate } from '../../platform/working-days.js';
import { organisations } from '../../organisations/tables.js';
import type { Nation, OrganisationType } from '../../organisations/kinds.js';
import { referralPeople, referrals, referralSituations } from '../../referrals/tables.js';
import type { CompetentAuthorityCode } from '../../referrals/routing.js';
import { users } from '../../users/tables.js';
import { insertDecisions, insertRecoveryPeriods } from '../../repository/import/store.js';
import { refreshQueuePositions } from '../../casework/queue-position.js';
import { referrerWeight, type Referrer } from './population.js';
import { planReferral, type GenerationContext, type PlannedReferral } from './referral-plan.js';

/**
 * Synthetic NRM referrals, decisions and recovery periods for demonstrations and load testing, bulk
 * loaded a thousand rows to a statement. Never in production: the rows look like casework.
 */

export interface GenerateOptions {
  referrals: number;
  seed: number;
  /** First and last day of receipt, YYYY-MM-DD. */
  from?: string;
  to?: string;
  /** Rows per INSERT statement (one transaction each). */
  batchSize?: number;
  progress?: (line: string) => void;
}

export interface GeneratedCounts {
  referrals: number;
  byRoute: Record<string, number>;
  byStatus: Record<string, number>;
  byOutcome: Record<string, number>;
  byGender: Record<string, number>;
  children: number;
  decisions: number;
  recoveryPeriods: number;
}

export class GenerateRefusedError extends Error {}

export const demoFirstResponder = 'first.responder@palermo.example';
export const demoCaseworkers = ['caseworker@palermo.example', 'second.caseworker@palermo.example'] as const;

export async function generateReferrals(services: Services, options: GenerateOptions): Promise<GeneratedCounts> {
  if (services.config.production) throw new GenerateRefusedError('Synthetic referrals are never generated in production.');
  const context = await generationContext(services, options);
  const db = services.database.db;
  const [earlier] = await db.select({ id: referrals.id }).from(referrals).where(eq(referrals.idempotencyKey, `generated:${options.seed}:0`)).limit(1);
  if (earlier) throw new GenerateRefusedError(`Referrals were already generated with seed ${options.seed}; choose another seed.`);
  const counts = emptyCounts();
  const batchSize = options.batchSize ?? 1000;
  const progress = progressReporter(options.referrals, options.progress);
  // The next batch is planned (encryption, keys) while the database stores the one before.
  let planning = planBatch(context, 0, Math.min(batchSize, options.referrals));
  for (let start = 0; start < options.referrals; start += batchSize) {
    const planned = await planning;
    const storing = services.database.transaction((tx) => storeBatch(tx, planned));
    const nextStart = start + batchSize;
    planning = planBatch(context, nextStart, Math.min(nextStart + batchSize, options.referrals));
    await Promise.all([storing, planning]);
    for (const p of planned) tally(counts, p);
    progress(start + planned.length);
  }
  await services.database.transaction((tx) => services.audit.record(tx, { actor: systemActor }, {
    action: 'create', recordType: 'generated_data',
    details: { seed: options.seed, from: context.from, to: context.to, ...counts },
  }));
  return counts;
}

/** Referrals `from` to `end` (excluded), a hundred at a time, yielding between them so the batch being stored makes progress. */
async function planBatch(context: GenerationContext, from: number, end: number): Promise<PlannedReferral[]> {
  const planned: PlannedReferral[] = [];
  for (let i = from; i < end; i += 1) {
    planned.push(planReferral(context, i));
    if (i % 100 === 99) await new Promise((resolve) => setImmediate(resolve));
  }
  return planned;
}

async function generationContext(services: Services, options: GenerateOptions): Promise<GenerationContext> {
  const today = ukDate(services.clock.now());
  const from = options.from ?? '2023-01-01';
  const wantedTo = options.to ?? '2026-10-31';
  const to = wantedTo > today ? today : wantedTo;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(from) || !/^\d{4}-\d{2}-\d{2}$/.test(wantedTo) || Number.isNaN(Date.parse(from)) || Number.isNaN(Date.parse(wantedTo))) {
    throw new GenerateRefusedError('Give --from and --to as YYYY-MM-DD.');
  }
  if (from < '2009-04-01') throw new GenerateRefusedError('The NRM began on 1 April 2009: --from must not be earlier.');
  if (from > to) throw new GenerateRefusedError(`--from must not be after --to (or today, ${today}).`);
  if (!Number.isInteger(options.referrals) || options.referrals < 1) throw new GenerateRefusedError('--referrals must be a whole number of at least 1.');
  const db = services.database.db;
  const referrerRows = await db.select({ id: organisations.id, type: organisations.type, nation: organisations.nation }).from(organisations)
    .where(and(eq(organisations.designatedFirstResponder, true), isNull(organisations.competentAuthorityCode), eq(organisations.active, true)));
  if (referrerRows.length === 0) throw new GenerateRefusedError('No first responder organisations: load the demo data first (palermo seed --demo).');
  const authorityRows = await db.select({ id: organisations.id, code: organisations.competentAuthorityCode }).from(organisations)
    .where(and(isNotNull(organisations.competentAuthorityCode), eq(organisations.active, true)));
  const people = await db.select({ id: users.id, email: users.email }).from(users).where(inArray(users.email, [demoFirstResponder, ...demoCaseworkers]));
  const userId = (email: string) => {
    const found = people.find((u) => u.email === email);
    if (!found) throw new GenerateRefusedError(`No user ${email}: load the demo data first (palermo seed --demo).`);
    return found.id;
  };
  return {
    seed: options.seed, from, to, today,
    referrers: referrerRows.map((r): Referrer => ({ ...r, type: r.type as OrganisationType, nation: r.nation as Nation, weight: referrerWeight(r.type as OrganisationType, r.nation as Nation) })),
    authorities: new Map(authorityRows.map((a) => [a.code as CompetentAuthorityCode, a.id])),
    submittedBy: userId(demoFirstResponder), caseworker: userId(demoCaseworkers[0]), secondCaseworker: userId(demoCaseworkers[1]),
    cipher: services.cipher, names: services.referrals.names,
  };
}

const insertReferrals = jsonInsert(referrals, [
  'id', 'reference', 'route', 'status', 'receivedAt', 'nation', 'organisationId', 'submittedBy', 'competentAuthorityId', 'routingRule',
  'routingExplanation', 'ageGroup', 'treatedAsChild', 'consent', 'gender', 'nationalities', 'exploitationTypes', 'countyLines',
  'exploitationLocation', 'detained', 'asylumClaim', 'immigrationStatus', 'reasonableGroundsDueDate', 'details', 'idempotencyKey', 'requestHash',
]);
const insertPeople = jsonInsert(referralPeople, ['referralId', 'sealed', 'nameKeys', 'birthDateKey']);
const insertSituations = jsonInsert(referralSituations, [
  'referralId', 'position', 'types', 'countyLines', 'startMonth', 'endMonth', 'ongoing', 'ukPlaces', 'overseasCountries',
  'recruitment', 'meansOfControl', 'indicators',
]);

/** One batch: its reference numbers taken together (one counter update per series), then every row in one statement. */
async function storeBatch(tx: Db, planned: PlannedReferral[]): Promise<void> {
  const wanted = new Map<string, number>();
  for (const p of planned) wanted.set(p.series, (wanted.get(p.series) ?? 0) + 1);
  const next = new Map<string, number>();
  for (const [series, count] of wanted) next.set(series, await takeReferenceNumbers(tx, series, count));
  const rows = planned.map((p) => {
    const number = next.get(p.series)!;
    next.set(p.series, number + 1);
    return { ...p.referral, reference: `${p.series}-${String(number).padStart(6, '0')}` };
  });
  const people = planned.flatMap((p) => (p.person ? [p.person] : []));
  const decisions = planned.flatMap((p) => p.decisions);
  const periods = planned.flatMap((p) => (p.recoveryPeriod ? [p.recoveryPeriod] : []));
  const inserts = [insertReferrals(rows), insertSituations(planned.map((p) => p.situation))];
  if (people.length > 0) inserts.push(insertPeople(people));
  if (decisions.length > 0) inserts.push(insertDecisions(decisions));
  if (periods.length > 0) inserts.push(insertRecoveryPeriods(periods));
  // One statement: foreign keys between its WITH clauses are checked when the whole statement ends.
  await tx.execute(withStatements(inserts, sql`SELECT 1`));
  await refreshQueuePositions(tx, rows.map((r) => r.id));
}

/** Takes `count` consecutive numbers of a series under the counter's row lock; returns the first. */
async function takeReferenceNumbers(tx: Db, series: string, count: number): Promise<number> {
  const result = (await tx.execute(sql`
    INSERT INTO reference_counters (series, last_number) VALUES (${series}, ${count})
    ON CONFLICT (series) DO UPDATE SET last_number = reference_counters.last_number + ${count}
    RETURNING last_number`)) as unknown as { rows: { last_number: number }[] };
  return Number(result.rows[0]!.last_number) - count + 1;
}

function emptyCounts(): GeneratedCounts {
  return { referrals: 0, byRoute: {}, byStatus: {}, byOutcome: {}, byGender: {}, children: 0, decisions: 0, recoveryPeriods: 0 };
}

function tally(counts: GeneratedCounts, p: PlannedReferral): void {
  const add = (table: Record<string, number>, key: string) => (table[key] = (table[key] ?? 0) + 1);
  counts.referrals += 1;
  add(counts.byRoute, p.referral.route);
  add(counts.byStatus, p.referral.status);
  add(counts.byGender, p.referral.gender);
  if (p.referral.treatedAsChild) counts.children += 1;
  for (const d of p.decisions) add(counts.byOutcome, `${d.stage}:${d.outcome}`);
  counts.decisions += p.decisions.length;
  if (p.recoveryPeriod) counts.recoveryPeriods += 1;
}

/** "generated 120,000 of 1,000,000 referrals (12%)", each time another percent is done. */
function progressReporter(total: number, write?: (line: string) => void): (done: number) => void {
  let lastPercent = -1;
  return (done) => {
    const percent = Math.floor((done / total) * 100);
    if (!write || (percent === lastPercent && done < total)) return;
    lastPercent = percent;
    write(`generated ${done.toLocaleString('en-GB')} of ${total.toLocaleString('en-GB')} referrals (${percent}%)`);
  };
}
