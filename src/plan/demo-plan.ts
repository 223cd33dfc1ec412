import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Db } from '../platform/db/database.js';
import type { Clock } from '../platform/clock.js';
import type { AuditContext, AuditLog } from '../platform/audit/audit-log.js';
import { projectRoot } from '../platform/paths.js';
import { parsePlanFile, storePlan } from './plan-import.js';

/** The October 2009 update to the UK action plan (Annex A and B), as transcribed from the published document. */
export const uk2009PlanFile = path.join(projectRoot, 'action-plans', 'uk-2009-update.json');

/**
 * Demo data: the 2009 plan, so that a user of a responsible organisation (the Metropolitan Police
 * Service's first responder, named for actions 12 and 36) can propose progress and a policy lead approve it.
 */
export async function seedPlanDemo(tx: Db, audit: AuditLog, clock: Clock, context: AuditContext): Promise<void> {
  const parsed = parsePlanFile(readFileSync(uk2009PlanFile, 'utf8'));
  if (!parsed.ok) throw new Error(`${uk2009PlanFile}: ${parsed.problems.map((p) => `line ${p.line}: ${p.field}: ${p.message}`).join('; ')}`);
  await storePlan(tx, audit, clock, parsed.plan, context);
}
