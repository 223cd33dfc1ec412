import { and, asc, eq, isNotNull, isNull, lt, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Database } from '../platform/db/database.js';
import type { Clock } from '../platform/clock.js';
import type { Principal } from '../platform/auth/principal.js';
import { scopeCondition, scopeFor } from '../platform/auth/policy.js';
import { addWorkingDays, ukDate } from '../platform/working-days.js';
import type { Nation } from '../organisations/kinds.js';
import { referrals } from '../referrals/tables.js';
import { users } from '../users/tables.js';

export const queueFilters = {
  mine: 'Assigned to me',
  unassigned: 'Unassigned',
  overdue: 'Overdue',
  child: 'Children',
  detained: 'Detained',
  missing: 'Missing (suspended)',
  review: 'Awaiting second review',
  reconsideration: 'Reconsideration asked for',
} as const;
export type QueueFilter = keyof typeof queueFilters;

export interface QueueRow {
  reference: string;
  status: string;
  receivedAt: Date;
  treatedAsChild: boolean;
  detained: boolean | null;
  assigneeName: string | null;
  nextStep: string;
  dueOn: string | null;
  marker: 'overdue' | 'due_soon' | null;
}

const assignee = alias(users, 'assignee');

/**
 * The Competent Authority's work queue: every open case routed to the authority, with the next thing
 * due on it, soonest first. Each case's next step and due day are stored on the case whenever it
 * changes (queue-position.ts), so the queue is read in order from an index, however many cases.
 */
export class WorkQueue {
  constructor(private readonly database: Database, private readonly clock: Clock) {}

  async list(principal: Principal, filters: QueueFilter[], page = { limit: 50, offset: 0 }): Promise<{ rows: QueueRow[]; today: string; more: boolean }> {
    const today = ukDate(this.clock.now());
    const found = await this.query(principal, filters, page, today);
    const rows = found.slice(0, page.limit).map((r) => ({
      reference: r.reference, status: r.status, receivedAt: r.receivedAt, treatedAsChild: r.treatedAsChild, detained: r.detained,
      assigneeName: r.assigneeName, nextStep: r.nextStep!, dueOn: r.dueOn, marker: marker(r.dueOn, today, r.nation as Nation),
    }));
    return { rows, today, more: found.length > page.limit };
  }

  /** The query behind a page of the queue (one more row than the page, to tell whether there is a next page). */
  query(principal: Principal, filters: QueueFilter[], page: { limit: number; offset: number }, today: string) {
    const conditions: SQL[] = [
      isNotNull(referrals.queueStep),
      scopeCondition(scopeFor(principal.role, 'referral'), principal, { organisation: referrals.organisationId, authority: referrals.competentAuthorityId }),
    ];
    for (const filter of filters) {
      if (filter === 'mine') conditions.push(eq(referrals.assignedTo, principal.userId));
      if (filter === 'unassigned') conditions.push(isNull(referrals.assignedTo));
      if (filter === 'overdue') conditions.push(lt(referrals.queueDueOn, today));
      if (filter === 'child') conditions.push(eq(referrals.treatedAsChild, true));
      if (filter === 'detained') conditions.push(eq(referrals.detained, true));
      if (filter === 'missing') conditions.push(eq(referrals.queueStep, 'missing'));
      if (filter === 'review') conditions.push(eq(referrals.queueStep, 'second_review'));
      if (filter === 'reconsideration') conditions.push(eq(referrals.queueStep, 'reconsideration'));
    }
    return this.database.db.select({
      reference: referrals.reference, status: referrals.status, receivedAt: referrals.receivedAt, nation: referrals.nation,
      treatedAsChild: referrals.treatedAsChild, detained: referrals.detained, assigneeName: assignee.name,
      dueOn: referrals.queueDueOn, nextStep: referrals.queueStep,
    }).from(referrals)
      .leftJoin(assignee, eq(assignee.id, referrals.assignedTo))
      .where(and(...conditions))
      // Detained people and children first among cases due the same day: they are decided as soon as
      // possible. The order is that of the queue indexes (migration 0013).
      .orderBy(sql`${referrals.queueDueOn} asc nulls last`, sql`(${referrals.detained} is true) desc`, sql`${referrals.treatedAsChild} desc`, asc(referrals.receivedAt))
      .limit(page.limit + 1).offset(page.offset);
  }
}

/** Overdue once the due day has passed; due soon within the next two working days. */
export function marker(dueOn: string | null, today: string, nation: Nation): QueueRow['marker'] {
  if (!dueOn) return null;
  if (dueOn < today) return 'overdue';
  return dueOn <= addWorkingDays(today, 2, nation) ? 'due_soon' : null;
}
