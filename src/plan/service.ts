import type { Database } from '../platform/db/database.js';
import type { Clock } from '../platform/clock.js';
import type { AuditLog } from '../platform/audit/audit-log.js';
import type { Principal } from '../platform/auth/principal.js';
import { NotFoundError } from '../platform/db/errors.js';
import { ukDate } from '../platform/working-days.js';
import { PlanImporter } from './plan-import.js';
import { ProgressUpdates } from './progress.js';
import { ActionDetails } from './action-details.js';
import { nextStatuses, progressStatuses, type ProgressStatus } from './progress-status.js';
import {
  carriedInto, changedSince, findAction, findPlan, isResponsibleParty, listActions, listCarryOvers, listParties, listPending, listPlans, listUpdates, overdueByParty,
  type ActionPlan, type ActionRow, type CarryOverRow, type PartyRow,
} from './store.js';

export interface ActionWithParties extends ActionRow {
  parties: PartyRow[];
}

export interface AnnexA {
  plan: ActionPlan;
  chapters: { code: string; title: string; objectives: { number: number; title: string; actions: ActionWithParties[] }[] }[];
  actions: ActionWithParties[];
}

export interface AnnexB {
  plan: ActionPlan;
  predecessor: ActionPlan | null;
  rows: CarryOverRow[];
}

/** Reading plans: Annex A and B as stored, one action with its history, and the monitoring figures. */
export class ActionPlanReader {
  constructor(private readonly database: Database, private readonly clock: Clock) {}

  list() {
    return listPlans(this.database.db);
  }

  async plan(planId: string): Promise<ActionPlan> {
    const plan = await findPlan(this.database.db, planId);
    if (!plan) throw new NotFoundError('Action plan not found');
    return plan;
  }

  async annexA(planId: string): Promise<AnnexA> {
    const plan = await this.plan(planId);
    const rows = await listActions(this.database.db, planId);
    const parties = await listParties(this.database.db, rows.map((r) => r.id));
    const actions = rows.map((r) => ({ ...r, parties: parties.filter((p) => p.actionId === r.id) }));
    const chapters: AnnexA['chapters'] = [];
    for (const action of actions) {
      let chapter = chapters.find((c) => c.code === action.chapterCode);
      if (!chapter) chapters.push((chapter = { code: action.chapterCode, title: action.chapterTitle, objectives: [] }));
      let objective = chapter.objectives.find((o) => o.number === action.objectiveNumber);
      if (!objective) chapter.objectives.push((objective = { number: action.objectiveNumber, title: action.objectiveTitle, actions: [] }));
      objective.actions.push(action);
    }
    return { plan, chapters, actions };
  }

  async annexB(planId: string): Promise<AnnexB> {
    const plan = await this.plan(planId);
    const predecessor = plan.predecessorId ? (await findPlan(this.database.db, plan.predecessorId)) ?? null : null;
    return { plan, predecessor, rows: await listCarryOvers(this.database.db, planId) };
  }

  async actionDetails(actionId: string): Promise<ActionRow> {
    const action = await findAction(this.database.db, actionId);
    if (!action) throw new NotFoundError('Action not found');
    return action;
  }

  /** One action, its progress history and what the principal may do with it. */
  async action(principal: Principal, actionId: string) {
    const db = this.database.db;
    const action = await findAction(db, actionId);
    if (!action) throw new NotFoundError('Action not found');
    const [plan, parties, updates, carried, responsible] = await Promise.all([
      this.plan(action.planId), listParties(db, [actionId]), listUpdates(db, actionId), carriedInto(db, actionId),
      isResponsibleParty(db, actionId, principal.organisationId),
    ]);
    return { plan, action: { ...action, parties }, updates, carried, responsible, nextStatuses: nextStatuses(action.status as ProgressStatus) };
  }

  pending() {
    return listPending(this.database.db);
  }

  /** For the ministerial group: actions by chapter and status, overdue actions by party, changes since a day. */
  async dashboard(planId: string, since?: string) {
    const annex = await this.annexA(planId);
    const today = ukDate(this.clock.now());
    const byChapter = annex.chapters.map((c) => {
      const actions = c.objectives.flatMap((o) => o.actions);
      return { title: c.title, total: actions.length, counts: Object.fromEntries(progressStatuses.map((s) => [s, actions.filter((a) => a.status === s).length])) as Record<ProgressStatus, number> };
    });
    const totals = Object.fromEntries(progressStatuses.map((s) => [s, annex.actions.filter((a) => a.status === s).length])) as Record<ProgressStatus, number>;
    const overdueRows = await overdueByParty(this.database.db, planId, today);
    const overdue: { party: string; actions: { id: string; number: number; text: string; dueOn: string | null; status: string }[] }[] = [];
    for (const row of overdueRows) {
      let party = overdue.find((p) => p.party === row.party);
      if (!party) overdue.push((party = { party: row.party, actions: [] }));
      if (!party.actions.some((a) => a.id === row.actionId)) party.actions.push({ id: row.actionId, number: row.actionNumber, text: row.actionText, dueOn: row.dueOn, status: row.status });
    }
    const changes = since ? await changedSince(this.database.db, planId, new Date(`${since}T00:00:00Z`)) : [];
    return { plan: annex.plan, today, byChapter, totals, total: annex.actions.length, overdue, since, changes };
  }
}

export interface ActionPlans {
  reader: ActionPlanReader;
  progress: ProgressUpdates;
  details: ActionDetails;
  importer: PlanImporter;
}

export function createActionPlans(database: Database, audit: AuditLog, clock: Clock): ActionPlans {
  return {
    reader: new ActionPlanReader(database, clock),
    progress: new ProgressUpdates(database, audit, clock),
    details: new ActionDetails(database, audit, clock),
    importer: new PlanImporter(database, audit, clock),
  };
}
