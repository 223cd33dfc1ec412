import { readFile } from 'node:fs/promises';
import type { Database, Db } from '../platform/db/database.js';
import type { Clock } from '../platform/clock.js';
import type { AuditContext, AuditLog } from '../platform/audit/audit-log.js';
import { organisations } from '../organisations/tables.js';
import {
  actionPlans, planActionParties, planActions, planCarryOvers, planCarryOverTargets, planChapters, planObjectives, planProgressUpdates,
} from './tables.js';
import { planFileSchema, chapterCodes, type PlanFile } from './schema.js';
import { findPlanBySlug } from './store.js';
import { jsonValueLines, lineOf } from './json-lines.js';

export interface ImportProblem {
  line: number;
  field: string;
  message: string;
}

export type PlanImportOutcome =
  | { ok: true; planId: string; created: boolean; actions: number; carryOvers: number; linkedParties: number; parties: number }
  | { ok: false; problems: ImportProblem[] };

/** Reads and checks a plan file: every problem with its line and field, or the plan. */
export function parsePlanFile(text: string): { ok: true; plan: PlanFile } | { ok: false; problems: ImportProblem[] } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const position = /position (\d+)/.exec((error as Error).message);
    const line = position ? text.slice(0, Number(position[1])).split('\n').length : 1;
    return { ok: false, problems: [{ line, field: '(file)', message: `Not valid JSON: ${(error as Error).message}` }] };
  }
  const parsed = planFileSchema.safeParse(json);
  const lines = jsonValueLines(text);
  if (!parsed.success) {
    return { ok: false, problems: parsed.error.issues.map((i) => ({ line: lineOf(lines, i.path), field: i.path.join('.') || '(file)', message: i.message })) };
  }
  const problems = crossCheck(parsed.data).map((p) => ({ ...p, line: lineOf(lines, p.path), field: p.path.join('.') }));
  return problems.length > 0 ? { ok: false, problems: problems.map(({ line, field, message }) => ({ line, field, message })) } : { ok: true, plan: parsed.data };
}

/** What one field cannot say alone: numbers unique, objectives and carried-over actions that exist. */
function crossCheck(plan: PlanFile): { path: (string | number)[]; message: string }[] {
  const problems: { path: (string | number)[]; message: string }[] = [];
  const chapters = new Map(plan.chapters.map((c) => [c.code, new Set(c.objectives.map((o) => o.number))]));
  plan.chapters.forEach((c, i) => {
    if (plan.chapters.findIndex((d) => d.code === c.code) !== i) problems.push({ path: ['chapters', i, 'code'], message: `Chapter ${c.code} appears twice` });
  });
  const numbers = new Set<number>();
  plan.actions.forEach((a, i) => {
    if (numbers.has(a.number)) problems.push({ path: ['actions', i, 'number'], message: `Action ${a.number} appears twice` });
    numbers.add(a.number);
    if (!chapters.get(a.chapter)?.has(a.objective)) problems.push({ path: ['actions', i, 'objective'], message: `The ${a.chapter} chapter has no objective ${a.objective}` });
  });
  const previous = new Set<number>();
  plan.carryOvers.forEach((c, i) => {
    if (previous.has(c.previousNumber)) problems.push({ path: ['carryOvers', i, 'previousNumber'], message: `Previous action ${c.previousNumber} appears twice` });
    previous.add(c.previousNumber);
    c.nowActions.forEach((n, j) => {
      if (!numbers.has(n)) problems.push({ path: ['carryOvers', i, 'nowActions', j], message: `There is no action ${n} in this plan` });
    });
  });
  if (plan.carryOvers.length > 0 && !plan.predecessor) problems.push({ path: ['predecessor'], message: 'Carried-over actions need the plan they come from' });
  return problems;
}

/**
 * Stores a checked plan in one transaction with its audit event: the predecessor (by its slug,
 * added if missing), chapters, objectives, actions with their parties (linked to the organisation of
 * that name where there is one), each action's published progress as an approved update, and the
 * carry-over from the predecessor. A plan whose slug is already stored is left as it is.
 */
export async function storePlan(tx: Db, audit: AuditLog, clock: Clock, plan: PlanFile, context: AuditContext): Promise<Extract<PlanImportOutcome, { ok: true }>> {
  const existing = await findPlanBySlug(tx, plan.slug);
  if (existing) return { ok: true, planId: existing.id, created: false, actions: 0, carryOvers: 0, linkedParties: 0, parties: 0 };
  const now = clock.now();
  let predecessorId: string | null = null;
  if (plan.predecessor) {
    const found = await findPlanBySlug(tx, plan.predecessor.slug);
    predecessorId = found?.id ?? (await tx.insert(actionPlans).values({ slug: plan.predecessor.slug, title: plan.predecessor.title, createdAt: now, updatedAt: now }).returning())[0]!.id;
  }
  const [row] = await tx.insert(actionPlans).values({ slug: plan.slug, title: plan.title, publishedOn: plan.publishedOn, predecessorId, createdAt: now, updatedAt: now }).returning();
  const planId = row!.id;

  const objectiveIds = new Map<string, string>();
  const ordered = [...plan.chapters].sort((a, b) => chapterCodes.indexOf(a.code) - chapterCodes.indexOf(b.code));
  const chapterRows = await tx.insert(planChapters).values(ordered.map((c, i) => ({ planId, code: c.code, title: c.title, position: i + 1 }))).returning();
  for (const chapter of ordered) {
    const chapterId = chapterRows.find((r) => r.code === chapter.code)!.id;
    const objectives = await tx.insert(planObjectives).values(chapter.objectives.map((o) => ({ chapterId, number: o.number, title: o.title }))).returning();
    for (const o of objectives) objectiveIds.set(`${chapter.code}:${o.number}`, o.id);
  }

  const actionRows = await tx.insert(planActions).values(plan.actions.map((a) => ({
    planId, objectiveId: objectiveIds.get(`${a.chapter}:${a.objective}`)!, number: a.number, text: a.text, indicators: a.indicators,
    timetable: a.timetable, dueOn: a.dueOn, responsibleText: a.responsible, status: a.progress.status, statusNote: a.progress.note,
    statusOn: plan.publishedOn, createdAt: now, updatedAt: now,
  }))).returning({ id: planActions.id, number: planActions.number });
  const actionIds = new Map(actionRows.map((r) => [r.number, r.id]));

  const organisationIds = new Map((await tx.select({ id: organisations.id, name: organisations.name }).from(organisations)).map((o) => [o.name.toLowerCase(), o.id]));
  const parties = plan.actions.flatMap((a) => a.parties.map((p, i) => ({
    actionId: actionIds.get(a.number)!, position: i + 1, name: p.name,
    organisationId: organisationIds.get((p.organisation ?? p.name).toLowerCase()) ?? null,
  })));
  await tx.insert(planActionParties).values(parties);

  // The progress the plan published, as each action's first approved update, dated on publication.
  await tx.insert(planProgressUpdates).values(plan.actions.map((a) => ({
    actionId: actionIds.get(a.number)!, fromStatus: a.progress.status, status: a.progress.status, note: a.progress.note, notedOn: plan.publishedOn,
    state: 'approved', proposedAt: now, decidedAt: now,
  })));

  if (plan.carryOvers.length > 0) {
    const carried = await tx.insert(planCarryOvers).values(plan.carryOvers.map((c, i) => ({
      planId, previousPlanId: predecessorId!, position: i + 1, section: c.section, previousNumber: c.previousNumber,
      previousText: c.previousText, outcome: c.outcome, disposition: c.disposition,
    }))).returning({ id: planCarryOvers.id, previousNumber: planCarryOvers.previousNumber });
    const targets = plan.carryOvers.flatMap((c) => c.nowActions.map((n) => ({
      carryOverId: carried.find((r) => r.previousNumber === c.previousNumber)!.id, actionId: actionIds.get(n)!,
    })));
    if (targets.length > 0) await tx.insert(planCarryOverTargets).values(targets);
  }

  const linkedParties = parties.filter((p) => p.organisationId).length;
  await audit.record(tx, context, {
    action: 'create', recordType: 'action_plan', recordId: planId,
    details: { slug: plan.slug, actions: plan.actions.length, carryOvers: plan.carryOvers.length, parties: parties.length, linkedParties },
  });
  return { ok: true, planId, created: true, actions: plan.actions.length, carryOvers: plan.carryOvers.length, linkedParties, parties: parties.length };
}

/** `palermo plan import FILE`: all or nothing, idempotent. */
export class PlanImporter {
  constructor(private readonly database: Database, private readonly audit: AuditLog, private readonly clock: Clock) {}

  async importText(text: string, context: AuditContext): Promise<PlanImportOutcome> {
    const parsed = parsePlanFile(text);
    if (!parsed.ok) return parsed;
    return this.database.transaction((tx) => storePlan(tx, this.audit, this.clock, parsed.plan, context));
  }

  async importFile(file: string, context: AuditContext): Promise<PlanImportOutcome> {
    return this.importText(await readFile(file, 'utf8'), context);
  }
}
