import { and, asc, desc, eq, gte, inArray, isNotNull, lt, ne, sql } from 'drizzle-orm';
import type { Db } from '../platform/db/database.js';
import { StaleVersionError } from '../platform/db/errors.js';
import { organisations } from '../organisations/tables.js';
import {
  actionPlans, planActionParties, planActions, planCarryOvers, planCarryOverTargets, planChapters, planObjectives, planProgressUpdates,
} from './tables.js';
import type { ProgressStatus } from './progress-status.js';

export type ActionPlan = typeof actionPlans.$inferSelect;
export type PlanAction = typeof planActions.$inferSelect;
export type ProgressUpdate = typeof planProgressUpdates.$inferSelect;

export interface PlanSummary extends ActionPlan {
  actionCount: number;
  predecessorTitle: string | null;
}

export async function listPlans(db: Db): Promise<PlanSummary[]> {
  const rows = await db.select({
    plan: actionPlans,
    actionCount: sql<number>`(SELECT count(*)::int FROM plan_actions a WHERE a.plan_id = ${actionPlans.id})`,
    predecessorTitle: sql<string | null>`(SELECT p.title FROM action_plans p WHERE p.id = ${actionPlans.predecessorId})`,
  }).from(actionPlans).orderBy(desc(actionPlans.publishedOn));
  return rows.map((r) => ({ ...r.plan, actionCount: r.actionCount, predecessorTitle: r.predecessorTitle }));
}

export async function findPlan(db: Db, id: string): Promise<ActionPlan | undefined> {
  const [row] = await db.select().from(actionPlans).where(eq(actionPlans.id, id));
  return row;
}

export async function findPlanBySlug(db: Db, slug: string): Promise<ActionPlan | undefined> {
  const [row] = await db.select().from(actionPlans).where(eq(actionPlans.slug, slug));
  return row;
}

export interface ActionRow extends PlanAction {
  chapterCode: string;
  chapterTitle: string;
  chapterPosition: number;
  objectiveNumber: number;
  objectiveTitle: string;
}

const actionColumns = {
  action: planActions,
  chapterCode: planChapters.code,
  chapterTitle: planChapters.title,
  chapterPosition: planChapters.position,
  objectiveNumber: planObjectives.number,
  objectiveTitle: planObjectives.title,
};
type ActionSelect = { action: PlanAction; chapterCode: string; chapterTitle: string; chapterPosition: number; objectiveNumber: number; objectiveTitle: string };
const flatten = (r: ActionSelect): ActionRow => ({ ...r.action, chapterCode: r.chapterCode, chapterTitle: r.chapterTitle, chapterPosition: r.chapterPosition, objectiveNumber: r.objectiveNumber, objectiveTitle: r.objectiveTitle });

/** A plan's actions in Annex A's order: chapter, then action number. */
export async function listActions(db: Db, planId: string): Promise<ActionRow[]> {
  const rows = await db.select(actionColumns).from(planActions)
    .innerJoin(planObjectives, eq(planObjectives.id, planActions.objectiveId))
    .innerJoin(planChapters, eq(planChapters.id, planObjectives.chapterId))
    .where(eq(planActions.planId, planId))
    .orderBy(asc(planChapters.position), asc(planActions.number));
  return rows.map(flatten);
}

export async function findAction(db: Db, actionId: string, options: { lock?: boolean } = {}): Promise<ActionRow | undefined> {
  const query = db.select(actionColumns).from(planActions)
    .innerJoin(planObjectives, eq(planObjectives.id, planActions.objectiveId))
    .innerJoin(planChapters, eq(planChapters.id, planObjectives.chapterId))
    .where(eq(planActions.id, actionId));
  const [row] = options.lock ? await query.for('update', { of: planActions }) : await query;
  return row ? flatten(row) : undefined;
}

export interface PartyRow {
  actionId: string;
  name: string;
  organisationId: string | null;
  organisationName: string | null;
}

export function listParties(db: Db, actionIds: string[]): Promise<PartyRow[]> {
  if (actionIds.length === 0) return Promise.resolve([]);
  return db.select({
    actionId: planActionParties.actionId, name: planActionParties.name,
    organisationId: planActionParties.organisationId, organisationName: organisations.name,
  }).from(planActionParties)
    .leftJoin(organisations, eq(organisations.id, planActionParties.organisationId))
    .where(inArray(planActionParties.actionId, actionIds))
    .orderBy(asc(planActionParties.actionId), asc(planActionParties.position));
}

/** Whether the organisation is one of the action's responsible parties. */
export async function isResponsibleParty(db: Db, actionId: string, organisationId: string): Promise<boolean> {
  const [row] = await db.select({ id: planActionParties.id }).from(planActionParties)
    .where(and(eq(planActionParties.actionId, actionId), eq(planActionParties.organisationId, organisationId))).limit(1);
  return Boolean(row);
}

export interface UpdateRow extends ProgressUpdate {
  proposedByName: string | null;
  proposedByOrganisationName: string | null;
  decidedByName: string | null;
}

const proposer = sql<string | null>`(SELECT u.name FROM users u WHERE u.id = ${planProgressUpdates.proposedBy})`;
const proposerOrganisation = sql<string | null>`(SELECT o.name FROM organisations o WHERE o.id = ${planProgressUpdates.proposedByOrganisationId})`;
const decider = sql<string | null>`(SELECT u.name FROM users u WHERE u.id = ${planProgressUpdates.decidedBy})`;

export async function listUpdates(db: Db, actionId: string): Promise<UpdateRow[]> {
  const rows = await db.select({ update: planProgressUpdates, proposedByName: proposer, proposedByOrganisationName: proposerOrganisation, decidedByName: decider })
    .from(planProgressUpdates).where(eq(planProgressUpdates.actionId, actionId))
    .orderBy(desc(planProgressUpdates.notedOn), desc(planProgressUpdates.proposedAt));
  return rows.map((r) => ({ ...r.update, proposedByName: r.proposedByName, proposedByOrganisationName: r.proposedByOrganisationName, decidedByName: r.decidedByName }));
}

export async function findUpdate(db: Db, id: string, options: { lock?: boolean } = {}): Promise<ProgressUpdate | undefined> {
  const query = db.select().from(planProgressUpdates).where(eq(planProgressUpdates.id, id));
  const [row] = options.lock ? await query.for('update') : await query;
  return row;
}

export async function findUpdateByKey(db: Db, userId: string, key: string): Promise<ProgressUpdate | undefined> {
  const [row] = await db.select().from(planProgressUpdates)
    .where(and(eq(planProgressUpdates.proposedBy, userId), eq(planProgressUpdates.idempotencyKey, key)));
  return row;
}

export interface PendingRow extends UpdateRow {
  actionNumber: number;
  actionText: string;
  planId: string;
  planTitle: string;
}

/** Updates waiting for a policy lead, oldest first. */
export async function listPending(db: Db): Promise<PendingRow[]> {
  const rows = await db.select({
    update: planProgressUpdates, proposedByName: proposer, proposedByOrganisationName: proposerOrganisation, decidedByName: decider,
    actionNumber: planActions.number, actionText: planActions.text, planId: actionPlans.id, planTitle: actionPlans.title,
  }).from(planProgressUpdates)
    .innerJoin(planActions, eq(planActions.id, planProgressUpdates.actionId))
    .innerJoin(actionPlans, eq(actionPlans.id, planActions.planId))
    .where(eq(planProgressUpdates.state, 'proposed'))
    .orderBy(asc(planProgressUpdates.proposedAt));
  return rows.map((r) => ({
    ...r.update, proposedByName: r.proposedByName, proposedByOrganisationName: r.proposedByOrganisationName, decidedByName: r.decidedByName,
    actionNumber: r.actionNumber, actionText: r.actionText, planId: r.planId, planTitle: r.planTitle,
  }));
}

export async function insertUpdate(db: Db, values: typeof planProgressUpdates.$inferInsert): Promise<ProgressUpdate> {
  const [row] = await db.insert(planProgressUpdates).values(values).returning();
  return row!;
}

export async function decideUpdate(
  db: Db, id: string, version: number, decision: { state: 'approved' | 'returned'; decidedBy: string; decidedAt: Date; returnReason?: string | null },
): Promise<ProgressUpdate> {
  const [row] = await db.update(planProgressUpdates)
    .set({ state: decision.state, decidedBy: decision.decidedBy, decidedAt: decision.decidedAt, returnReason: decision.returnReason ?? null, version: sql`${planProgressUpdates.version} + 1` })
    .where(and(eq(planProgressUpdates.id, id), eq(planProgressUpdates.version, version), eq(planProgressUpdates.state, 'proposed')))
    .returning();
  if (!row) throw new StaleVersionError('This progress update');
  return row;
}

export async function setActionStatus(
  db: Db, actionId: string, version: number, status: { status: ProgressStatus; note: string; on: string; withdrawalReason: string | null; now: Date },
): Promise<PlanAction> {
  const [row] = await db.update(planActions)
    .set({ status: status.status, statusNote: status.note, statusOn: status.on, withdrawalReason: status.withdrawalReason, updatedAt: status.now, version: sql`${planActions.version} + 1` })
    .where(and(eq(planActions.id, actionId), eq(planActions.version, version)))
    .returning();
  if (!row) throw new StaleVersionError('This action');
  return row;
}

export interface CarryOverRow {
  id: string;
  position: number;
  section: string | null;
  previousNumber: number;
  previousText: string;
  outcome: string;
  disposition: string;
  nowActions: { id: string; number: number }[];
}

export async function listCarryOvers(db: Db, planId: string): Promise<CarryOverRow[]> {
  const rows = await db.select().from(planCarryOvers).where(eq(planCarryOvers.planId, planId)).orderBy(asc(planCarryOvers.position));
  const targets = rows.length === 0 ? [] : await db.select({ carryOverId: planCarryOverTargets.carryOverId, id: planActions.id, number: planActions.number })
    .from(planCarryOverTargets).innerJoin(planActions, eq(planActions.id, planCarryOverTargets.actionId))
    .where(inArray(planCarryOverTargets.carryOverId, rows.map((r) => r.id)))
    .orderBy(asc(planActions.number));
  return rows.map((r) => ({
    id: r.id, position: r.position, section: r.section, previousNumber: r.previousNumber, previousText: r.previousText,
    outcome: r.outcome, disposition: r.disposition,
    nowActions: targets.filter((t) => t.carryOverId === r.id).map(({ id, number }) => ({ id, number })),
  }));
}

/** The carry-over rows that lead into one action ("2008 action 25: Ongoing. Now Action Point 15"). */
export function carriedInto(db: Db, actionId: string) {
  return db.select({ previousNumber: planCarryOvers.previousNumber, previousText: planCarryOvers.previousText, outcome: planCarryOvers.outcome })
    .from(planCarryOverTargets).innerJoin(planCarryOvers, eq(planCarryOvers.id, planCarryOverTargets.carryOverId))
    .where(eq(planCarryOverTargets.actionId, actionId)).orderBy(asc(planCarryOvers.previousNumber));
}

/** Approved updates decided since a day (the last meeting), newest first. */
export async function changedSince(db: Db, planId: string, since: Date) {
  return db.select({
    id: planProgressUpdates.id, actionId: planActions.id, actionNumber: planActions.number, actionText: planActions.text,
    fromStatus: planProgressUpdates.fromStatus, status: planProgressUpdates.status, note: planProgressUpdates.note,
    notedOn: planProgressUpdates.notedOn, decidedAt: planProgressUpdates.decidedAt,
  }).from(planProgressUpdates)
    .innerJoin(planActions, eq(planActions.id, planProgressUpdates.actionId))
    .where(and(eq(planActions.planId, planId), eq(planProgressUpdates.state, 'approved'), isNotNull(planProgressUpdates.proposedBy), gte(planProgressUpdates.decidedAt, since)))
    .orderBy(desc(planProgressUpdates.decidedAt));
}

/** Open actions past their due day, one row for each responsible party. */
export async function overdueByParty(db: Db, planId: string, today: string) {
  return db.select({
    party: sql<string>`coalesce(${organisations.name}, ${planActionParties.name})`,
    actionId: planActions.id, actionNumber: planActions.number, actionText: planActions.text, dueOn: planActions.dueOn, status: planActions.status,
  }).from(planActions)
    .innerJoin(planActionParties, eq(planActionParties.actionId, planActions.id))
    .leftJoin(organisations, eq(organisations.id, planActionParties.organisationId))
    .where(and(eq(planActions.planId, planId), lt(planActions.dueOn, today), ne(planActions.status, 'completed'), ne(planActions.status, 'withdrawn')))
    .orderBy(sql`1`, asc(planActions.number));
}
