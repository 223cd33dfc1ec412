import { and, asc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Database } from '../platform/db/database.js';
import type { Clock } from '../platform/clock.js';
import type { Principal } from '../platform/auth/principal.js';
import { scopeCondition, scopeFor } from '../platform/auth/policy.js';
import { addWorkingDays, ukDate } from '../platform/working-days.js';
import type { Nation } from '../organisations/kinds.js';
import { referrals } from '../referrals/tables.js';
import { users } from '../users/tables.js';
import { decisions, reconsiderations, recoveryPeriods } from './tables.js';

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

/** Cases still in the Competent Authority's hands. */
const openStatuses = ['awaiting_rg', 'rg_positive', 'awaiting_cg', 'suspended_missing'];

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
 * due on it, soonest first. The next due date is worked out in the query so that sorting and paging
 * happen in the database:
 *  - awaiting RG: the RG due date;
 *  - in the recovery period: the case review while it is not done, then the day a CG decision may be made;
 *  - a negative decision waiting for review, or a reconsideration asked for: the day it arrived.
 */
export class WorkQueue {
  constructor(private readonly database: Database, private readonly clock: Clock) {}

  async list(principal: Principal, filters: QueueFilter[], page = { limit: 50, offset: 0 }): Promise<{ rows: QueueRow[]; today: string; more: boolean }> {
    const today = ukDate(this.clock.now());
    const pendingReview = sql<boolean>`exists (select 1 from ${decisions} d where d.referral_id = ${referrals.id} and d.status = 'awaiting_review')`;
    const pendingReconsideration = sql<boolean>`exists (select 1 from ${reconsiderations} r where r.referral_id = ${referrals.id} and r.status = 'requested')`;
    const dueOn = sql<string | null>`(case
      when ${pendingReview} then (select (min(d.made_at) at time zone 'Europe/London')::date from ${decisions} d where d.referral_id = ${referrals.id} and d.status = 'awaiting_review')
      when ${pendingReconsideration} then (select (min(r.requested_at) at time zone 'Europe/London')::date from ${reconsiderations} r where r.referral_id = ${referrals.id} and r.status = 'requested')
      when ${referrals.status} = 'awaiting_rg' then ${referrals.reasonableGroundsDueDate}
      when ${referrals.status} in ('rg_positive', 'awaiting_cg') and ${recoveryPeriods.caseReviewedOn} is null then ${recoveryPeriods.caseReviewDue}
      when ${referrals.status} in ('rg_positive', 'awaiting_cg') then ${recoveryPeriods.currentEnd} + 1
      else null end)::text`;
    const nextStep = sql<string>`(case
      when ${pendingReview} then 'second_review'
      when ${pendingReconsideration} then 'reconsideration'
      when ${referrals.status} = 'awaiting_rg' then 'rg_decision'
      when ${referrals.status} = 'suspended_missing' then 'missing'
      when ${referrals.status} in ('rg_positive', 'awaiting_cg') and ${recoveryPeriods.caseReviewedOn} is null then 'case_review'
      else 'cg_decision' end)`;

    const conditions: SQL[] = [
      eq(referrals.route, 'nrm'),
      sql`(${inArray(referrals.status, openStatuses)} or ${pendingReconsideration})`,
      scopeCondition(scopeFor(principal.role, 'referral'), principal, { organisation: referrals.organisationId, authority: referrals.competentAuthorityId }),
    ];
    for (const filter of filters) {
      if (filter === 'mine') conditions.push(eq(referrals.assignedTo, principal.userId));
      if (filter === 'unassigned') conditions.push(isNull(referrals.assignedTo));
      if (filter === 'overdue') conditions.push(sql`${dueOn} < ${today}`);
      if (filter === 'child') conditions.push(eq(referrals.treatedAsChild, true));
      if (filter === 'detained') conditions.push(eq(referrals.detained, true));
      if (filter === 'missing') conditions.push(eq(referrals.status, 'suspended_missing'));
      if (filter === 'review') conditions.push(pendingReview);
      if (filter === 'reconsideration') conditions.push(pendingReconsideration);
    }
    const found = await this.database.db.select({
      reference: referrals.reference, status: referrals.status, receivedAt: referrals.receivedAt, nation: referrals.nation,
      treatedAsChild: referrals.treatedAsChild, detained: referrals.detained, assigneeName: assignee.name, dueOn, nextStep,
    }).from(referrals)
      .leftJoin(recoveryPeriods, eq(recoveryPeriods.referralId, referrals.id))
      .leftJoin(assignee, eq(assignee.id, referrals.assignedTo))
      .where(and(...conditions))
      // Detained people and children first among cases due the same day: they are decided as soon as possible.
      .orderBy(sql`${dueOn} asc nulls last`, sql`${referrals.detained} is true desc`, sql`${referrals.treatedAsChild} desc`, asc(referrals.receivedAt))
      .limit(page.limit + 1).offset(page.offset);
    const rows = found.slice(0, page.limit).map((r) => ({
      reference: r.reference, status: r.status, receivedAt: r.receivedAt, treatedAsChild: r.treatedAsChild, detained: r.detained,
      assigneeName: r.assigneeName, nextStep: r.nextStep, dueOn: r.dueOn, marker: marker(r.dueOn, today, r.nation as Nation),
    }));
    return { rows, today, more: found.length > page.limit };
  }
}

/** Overdue once the due day has passed; due soon within the next two working days. */
export function marker(dueOn: string | null, today: string, nation: Nation): QueueRow['marker'] {
  if (!dueOn) return null;
  if (dueOn < today) return 'overdue';
  return dueOn <= addWorkingDays(today, 2, nation) ? 'due_soon' : null;
}
