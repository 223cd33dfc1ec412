import { and, asc, desc, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../platform/db/database.js';
import { StaleVersionError } from '../platform/db/errors.js';
import { scopeCondition, type Scope, type ScopeSubject } from '../platform/auth/policy.js';
import { organisations } from '../organisations/tables.js';
import { referralPeople, referrals, referralSituations } from '../referrals/tables.js';
import { decisions, recoveryPeriods } from '../casework/tables.js';
import { supportAllocations, supportEpisodes, supportServices } from './tables.js';

export type ServiceRow = typeof supportServices.$inferSelect;
export type AllocationRow = typeof supportAllocations.$inferSelect;
export type EpisodeRow = typeof supportEpisodes.$inferSelect;

/** Statuses of a case in which support may be offered: after a positive RG, before the CG decision. */
export const allocatableStatuses = ['rg_positive', 'awaiting_cg'];

/**
 * The support providers involved with a referral now: those with an offer waiting for an answer, an
 * accepted placement, or a support episode not yet ended.
 */
export async function providersInvolved(db: Db, referralId: string): Promise<string[]> {
  const rows = await db.selectDistinct({ id: supportAllocations.organisationId }).from(supportAllocations)
    .leftJoin(supportEpisodes, eq(supportEpisodes.allocationId, supportAllocations.id))
    .where(and(eq(supportAllocations.referralId, referralId),
      or(inArray(supportAllocations.status, ['offered', 'accepted']), and(sql`${supportEpisodes.id} IS NOT NULL`, isNull(supportEpisodes.endedOn)))));
  return rows.map((r) => r.id).sort();
}

// Services and occupancy.

export function listServices(db: Db) {
  return db.select({ service: supportServices, providerName: organisations.name, primeContractorId: organisations.primeContractorId })
    .from(supportServices).innerJoin(organisations, eq(organisations.id, supportServices.organisationId))
    .where(eq(organisations.active, true))
    .orderBy(asc(organisations.name), asc(supportServices.kind), asc(supportServices.name));
}

export async function findService(db: Db, id: string): Promise<ServiceRow | undefined> {
  const [row] = await db.select().from(supportServices).where(eq(supportServices.id, id));
  return row;
}

export async function insertService(db: Db, values: typeof supportServices.$inferInsert): Promise<ServiceRow> {
  const [row] = await db.insert(supportServices).values(values).returning();
  return row!;
}

export async function updateService(db: Db, id: string, version: number, values: Pick<ServiceRow, 'places' | 'languages' | 'active'>, now: Date): Promise<ServiceRow> {
  const [row] = await db.update(supportServices).set({ ...values, version: sql`${supportServices.version} + 1`, updatedAt: now })
    .where(and(eq(supportServices.id, id), eq(supportServices.version, version))).returning();
  if (!row) throw new StaleVersionError('This service');
  return row;
}

/**
 * Takes one place, only if one is free: a single statement, so of two allocations racing for the last
 * place exactly one gets a row back. The CHECK constraint on the table refuses anything else.
 */
export async function takePlace(db: Db, serviceId: string, now: Date): Promise<ServiceRow | undefined> {
  const [row] = await db.update(supportServices).set({ placesTaken: sql`${supportServices.placesTaken} + 1`, updatedAt: now })
    .where(and(eq(supportServices.id, serviceId), eq(supportServices.active, true), lt(supportServices.placesTaken, supportServices.places)))
    .returning();
  return row;
}

/** Gives a place back, in the transaction that ends the offer or the support holding it. */
export async function releasePlace(db: Db, serviceId: string, now: Date): Promise<void> {
  await db.update(supportServices).set({ placesTaken: sql`${supportServices.placesTaken} - 1`, updatedAt: now }).where(eq(supportServices.id, serviceId));
}

// Allocations.

export async function insertAllocation(db: Db, values: typeof supportAllocations.$inferInsert): Promise<AllocationRow> {
  const [row] = await db.insert(supportAllocations).values(values).returning();
  return row!;
}

/** An allocation, locked for update, only if it was made to this provider. */
export async function lockProviderAllocation(db: Db, id: string, organisationId: string): Promise<AllocationRow | undefined> {
  const [row] = await db.select().from(supportAllocations)
    .where(and(eq(supportAllocations.id, id), eq(supportAllocations.organisationId, organisationId))).for('update');
  return row;
}

export async function allocationExists(db: Db, id: string): Promise<boolean> {
  return (await db.select({ id: supportAllocations.id }).from(supportAllocations).where(eq(supportAllocations.id, id))).length > 0;
}

export async function setAllocationStatus(db: Db, id: string, values: Partial<Pick<AllocationRow, 'status' | 'respondedBy' | 'respondedAt' | 'declineReasonSealed'>>): Promise<AllocationRow> {
  const [row] = await db.update(supportAllocations).set({ ...values, version: sql`${supportAllocations.version} + 1` }).where(eq(supportAllocations.id, id)).returning();
  return row!;
}

/** Offers not answered in time, locked: each is expired and its place given back. */
export function lockOverdueOffers(db: Db, now: Date): Promise<AllocationRow[]> {
  return db.select().from(supportAllocations)
    .where(and(eq(supportAllocations.status, 'offered'), lt(supportAllocations.respondBy, now))).for('update', { skipLocked: true });
}

export async function openAllocationFor(db: Db, referralId: string): Promise<AllocationRow | undefined> {
  const [row] = await db.select().from(supportAllocations).where(and(eq(supportAllocations.referralId, referralId), inArray(supportAllocations.status, ['offered', 'accepted'])));
  return row;
}

/** A provider's offers and placements (newest first), with the case reference and the service. */
export function listProviderAllocations(db: Db, organisationId: string, statuses: string[]) {
  return db.select({
    allocation: supportAllocations, reference: referrals.reference, serviceName: supportServices.name, serviceKind: supportServices.kind,
    episode: supportEpisodes,
  }).from(supportAllocations)
    .innerJoin(referrals, eq(referrals.id, supportAllocations.referralId))
    .innerJoin(supportServices, eq(supportServices.id, supportAllocations.serviceId))
    .leftJoin(supportEpisodes, eq(supportEpisodes.allocationId, supportAllocations.id))
    .where(and(eq(supportAllocations.organisationId, organisationId), inArray(supportAllocations.status, statuses)))
    .orderBy(desc(supportAllocations.offeredAt));
}

/** A provider's support episodes, open ones first. */
export function listProviderEpisodes(db: Db, organisationId: string) {
  return db.select({ episode: supportEpisodes, reference: referrals.reference, serviceName: supportServices.name })
    .from(supportEpisodes)
    .innerJoin(referrals, eq(referrals.id, supportEpisodes.referralId))
    .innerJoin(supportServices, eq(supportServices.id, supportEpisodes.serviceId))
    .where(eq(supportEpisodes.organisationId, organisationId))
    .orderBy(sql`${supportEpisodes.endedOn} IS NOT NULL`, desc(supportEpisodes.startedOn));
}

/** One allocation made to this provider, with the case reference, the service and its episode. */
export async function findProviderAllocation(db: Db, id: string, organisationId: string) {
  const [row] = await db.select({
    allocation: supportAllocations, reference: referrals.reference, serviceName: supportServices.name, serviceKind: supportServices.kind, episode: supportEpisodes,
  }).from(supportAllocations)
    .innerJoin(referrals, eq(referrals.id, supportAllocations.referralId))
    .innerJoin(supportServices, eq(supportServices.id, supportAllocations.serviceId))
    .leftJoin(supportEpisodes, eq(supportEpisodes.allocationId, supportAllocations.id))
    .where(and(eq(supportAllocations.id, id), eq(supportAllocations.organisationId, organisationId)));
  return row;
}

/** Counts for the support worker's home page: offers waiting for the provider's answer, open episodes, people waiting for an offer. */
export async function supportCounts(db: Db, organisationId: string, now: Date) {
  const [row] = await db.select({
    offers: sql<number>`(SELECT count(*)::int FROM support_allocations a WHERE a.organisation_id = ${organisationId} AND a.status = 'offered' AND a.respond_by >= ${now.toISOString()}::timestamptz)`,
    episodes: sql<number>`(SELECT count(*)::int FROM support_episodes e WHERE e.organisation_id = ${organisationId} AND e.ended_on IS NULL)`,
    waiting: sql<number>`(SELECT count(*)::int FROM referrals r JOIN recovery_periods p ON p.referral_id = r.id WHERE r.route = 'nrm'
      AND r.status IN ('rg_positive', 'awaiting_cg') AND r.consent AND NOT r.treated_as_child
      AND NOT EXISTS (SELECT 1 FROM support_allocations a WHERE a.referral_id = r.id AND a.status IN ('offered', 'accepted')))`,
  }).from(sql`(SELECT 1) AS one`);
  return row!;
}

// Episodes.

export async function insertEpisode(db: Db, values: typeof supportEpisodes.$inferInsert): Promise<EpisodeRow> {
  const [row] = await db.insert(supportEpisodes).values(values).returning();
  return row!;
}

export async function lockProviderEpisode(db: Db, id: string, organisationId: string): Promise<EpisodeRow | undefined> {
  const [row] = await db.select().from(supportEpisodes).where(and(eq(supportEpisodes.id, id), eq(supportEpisodes.organisationId, organisationId))).for('update');
  return row;
}

export async function episodeExists(db: Db, id: string): Promise<boolean> {
  return (await db.select({ id: supportEpisodes.id }).from(supportEpisodes).where(eq(supportEpisodes.id, id))).length > 0;
}

export async function episodeForAllocation(db: Db, allocationId: string): Promise<EpisodeRow | undefined> {
  const [row] = await db.select().from(supportEpisodes).where(eq(supportEpisodes.allocationId, allocationId));
  return row;
}

export async function endEpisode(db: Db, id: string, version: number, values: Pick<EpisodeRow, 'endedOn' | 'endReason' | 'moveOn' | 'endedBy'>): Promise<EpisodeRow> {
  const [row] = await db.update(supportEpisodes).set({ ...values, version: sql`${supportEpisodes.version} + 1` })
    .where(and(eq(supportEpisodes.id, id), eq(supportEpisodes.version, version))).returning();
  if (!row) throw new StaleVersionError('This support episode');
  return row;
}

export function episodesForReferral(db: Db, referralId: string, organisationId: string) {
  return db.select({ episode: supportEpisodes, serviceName: supportServices.name }).from(supportEpisodes)
    .innerJoin(supportServices, eq(supportServices.id, supportEpisodes.serviceId))
    .where(and(eq(supportEpisodes.referralId, referralId), eq(supportEpisodes.organisationId, organisationId)))
    .orderBy(desc(supportEpisodes.startedOn));
}

// The cases.

/** Adults who consented, after a positive RG and before the CG, with no offer or placement open: the allocator's list. */
export function listWaitingForSupport(db: Db, limit = 100) {
  return db.select({
    id: referrals.id, reference: referrals.reference, status: referrals.status, gender: referrals.gender, nation: referrals.nation,
    policeForceCode: referrals.policeForceCode, exploitationTypes: referrals.exploitationTypes, details: referrals.details,
    rgDecidedOn: recoveryPeriods.startedOn,
  }).from(referrals)
    .innerJoin(recoveryPeriods, eq(recoveryPeriods.referralId, referrals.id))
    .where(and(eligible(),
      sql`NOT EXISTS (SELECT 1 FROM support_allocations a WHERE a.referral_id = ${referrals.id} AND a.status IN ('offered', 'accepted'))`))
    .orderBy(asc(recoveryPeriods.startedOn), asc(referrals.reference)).limit(limit);
}

function eligible() {
  return and(eq(referrals.route, 'nrm'), inArray(referrals.status, allocatableStatuses), eq(referrals.consent, true), eq(referrals.treatedAsChild, false));
}

/** One case the allocator may offer support to, with the date its recovery period began (the positive RG). */
export async function findAllocatableCase(db: Db, reference: string) {
  const [row] = await db.select({ referral: referrals, rgDecidedOn: recoveryPeriods.startedOn }).from(referrals)
    .innerJoin(recoveryPeriods, eq(recoveryPeriods.referralId, referrals.id))
    .where(and(eq(referrals.reference, reference), eligible()));
  return row;
}

export async function findReferralByReference(db: Db, reference: string) {
  const [row] = await db.select().from(referrals).where(eq(referrals.reference, reference));
  return row;
}

/**
 * The allocation through which the principal may see this person, within the support_case scope (a provider's
 * own allocations): an offer, a placement or past support — not one it declined or let expire.
 */
export async function visibleAllocationFor(db: Db, referralId: string, scope: Scope, subject: ScopeSubject): Promise<AllocationRow | undefined> {
  const [row] = await db.select().from(supportAllocations)
    .where(and(eq(supportAllocations.referralId, referralId), scopeCondition(scope, subject, { organisation: supportAllocations.organisationId }),
      inArray(supportAllocations.status, ['offered', 'accepted', 'ended'])))
    .orderBy(desc(supportAllocations.offeredAt)).limit(1);
  return row;
}

export async function findPersonSealed(db: Db, referralId: string): Promise<string | undefined> {
  const [row] = await db.select({ sealed: referralPeople.sealed }).from(referralPeople).where(eq(referralPeople.referralId, referralId));
  return row?.sealed;
}

export function sealedNarratives(db: Db, referralId: string) {
  return db.select({ position: referralSituations.position, narrativeSealed: referralSituations.narrativeSealed }).from(referralSituations)
    .where(eq(referralSituations.referralId, referralId)).orderBy(asc(referralSituations.position));
}

/** The key dates of a case: issued decisions and the recovery period. */
export async function keyDates(db: Db, referralId: string) {
  const [issued, [period]] = await Promise.all([
    db.select({ stage: decisions.stage, positive: decisions.positive, decidedOn: decisions.decidedOn }).from(decisions)
      .where(and(eq(decisions.referralId, referralId), eq(decisions.status, 'issued'))).orderBy(desc(decisions.decidedOn), desc(decisions.madeAt)),
    db.select({ startedOn: recoveryPeriods.startedOn, currentEnd: recoveryPeriods.currentEnd }).from(recoveryPeriods).where(eq(recoveryPeriods.referralId, referralId)),
  ]);
  const rg = issued.find((d) => d.stage === 'rg');
  const cg = issued.find((d) => d.stage === 'cg');
  return {
    rg: rg ? { on: rg.decidedOn, positive: rg.positive } : null,
    cg: cg ? { on: cg.decidedOn, positive: cg.positive } : null,
    recoveryPeriodStart: period?.startedOn ?? null,
    recoveryPeriodEnd: period?.currentEnd ?? null,
  };
}

export async function findOrganisationRow(db: Db, id: string) {
  const [row] = await db.select().from(organisations).where(eq(organisations.id, id));
  return row;
}
