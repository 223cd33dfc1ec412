import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.js';
import { scopeCondition, type Scope, type ScopeSubject } from '../../platform/auth/policy.js';
import type { Nation } from '../../organisations/kinds.js';
import { referrals } from '../../referrals/tables.js';
import { users } from '../../users/tables.js';
import { decisions } from '../tables.js';

/**
 * The timeliness figures, counted and averaged in the database: only counts, medians and caseworker
 * names leave it, never a case. Plain PostgreSQL, so the embedded database and a server agree.
 * Days are calendar days between UK dates; `today` is the service clock's UK date, never CURRENT_DATE.
 */

export interface CaseFilter {
  scope: Scope;
  subject: ScopeSubject;
  nation: Nation | null;
}

export interface DecisionTimesRow {
  stage: 'rg' | 'cg';
  decided: number;
  on_time: number;
  percent_on_time: number;
  lower_quartile_days: number;
  median_days: number;
  upper_quartile_days: number;
}

export interface WaitingSummaryRow {
  cases: number;
  median_days_since_positive_rg: number | null;
  median_days_since_receipt: number | null;
}

export interface WaitingBandRow {
  since: 'positive_rg' | 'receipt';
  band: AgeBand;
  cases: number;
}

export interface DueByCaseworkerRow {
  caseworker: string | null;
  overdue: number;
  longest_overdue_days: number | null;
  due_soon: number;
}

export interface AwaitingReviewRow {
  stage: 'rg' | 'cg';
  decisions: number;
  median_days_waiting: number;
  longest_days_waiting: number;
}

export const ageBands = ['under_3_months', '3_to_6_months', '6_to_12_months', '1_to_2_years', 'over_2_years', 'not_known'] as const;
export type AgeBand = (typeof ageBands)[number];

/** Referrals are received at an instant; their deadlines count from the UK date. */
const receivedOn = sql`(${referrals.receivedAt} AT TIME ZONE 'Europe/London')::date`;

/**
 * The Competent Authority's NRM cases the role may see. Duty to Notify reports are anonymous
 * notifications, not referrals for a decision, so they never count. Only the authority column is offered:
 * these are the authority's figures, and a scope by referring organisation returns nothing.
 */
function casesIn(filter: CaseFilter): SQL {
  const nation = filter.nation ? sql` AND ${referrals.nation} = ${filter.nation}` : sql``;
  return sql`${scopeCondition(filter.scope, filter.subject, { authority: referrals.competentAuthorityId })} AND ${referrals.route} <> 'duty_to_notify'${nation}`;
}

async function rows<T>(db: Db, query: SQL): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
}

/**
 * RG and CG decision times for cases received in the period: days from receipt to the first issued
 * decision of each stage (a reconsideration does not reset the clock), and for RG whether it was made
 * by the due date, which already allows for the nation's bank holidays.
 */
export function decisionTimes(db: Db, filter: CaseFilter, period: { from: string; to: string }): Promise<DecisionTimesRow[]> {
  return rows(db, sql`
    WITH received AS (
      SELECT ${referrals.id} AS id, ${referrals.reasonableGroundsDueDate} AS due_on, ${receivedOn} AS received_on
      FROM ${referrals}
      WHERE ${casesIn(filter)} AND ${receivedOn} BETWEEN ${period.from}::date AND ${period.to}::date
    ),
    first_issued AS (
      -- The due date a decision was made against is kept on it: a reconsideration sets the case a new one.
      SELECT DISTINCT ON (${decisions.referralId}, ${decisions.stage})
        ${decisions.referralId} AS referral_id, ${decisions.stage} AS stage, ${decisions.decidedOn} AS decided_on, ${decisions.dueDate} AS due_on
      FROM ${decisions}
      WHERE ${decisions.status} = 'issued' AND ${decisions.referralId} IN (SELECT id FROM received)
      ORDER BY ${decisions.referralId}, ${decisions.stage}, ${decisions.decidedOn}, ${decisions.issuedAt}
    )
    SELECT f.stage,
      count(*)::int AS decided,
      (count(*) FILTER (WHERE f.decided_on <= coalesce(f.due_on, r.due_on)))::int AS on_time,
      (100.0 * count(*) FILTER (WHERE f.decided_on <= coalesce(f.due_on, r.due_on)) / count(*))::float8 AS percent_on_time,
      (percentile_cont(0.25) WITHIN GROUP (ORDER BY f.decided_on - r.received_on))::float8 AS lower_quartile_days,
      (percentile_cont(0.5) WITHIN GROUP (ORDER BY f.decided_on - r.received_on))::float8 AS median_days,
      (percentile_cont(0.75) WITHIN GROUP (ORDER BY f.decided_on - r.received_on))::float8 AS upper_quartile_days
    FROM first_issued f JOIN received r ON r.id = f.referral_id
    GROUP BY f.stage`);
}

/**
 * Cases with a positive RG decision and no CG decision yet, whenever they were received: the wait is
 * the figure, and cutting it by date of receipt would hide the longest waits. It counts from the first
 * issued positive RG decision (a negative one reconsidered counts from the positive).
 */
function waitingForConclusiveGrounds(filter: CaseFilter): SQL {
  return sql`
    WITH waiting AS (
      SELECT ${receivedOn} AS received_on,
        (SELECT min(${decisions.decidedOn}) FROM ${decisions}
          WHERE ${decisions.referralId} = ${referrals.id} AND ${decisions.stage} = 'rg' AND ${decisions.positive} AND ${decisions.status} = 'issued') AS positive_rg_on
      FROM ${referrals}
      WHERE ${casesIn(filter)} AND ${referrals.status} IN ('rg_positive', 'awaiting_cg')
    )`;
}

function ageBand(day: SQL, today: string): SQL {
  return sql`CASE
    WHEN ${day} IS NULL THEN 'not_known'
    WHEN ${day} > ${today}::date - interval '3 months' THEN 'under_3_months'
    WHEN ${day} > ${today}::date - interval '6 months' THEN '3_to_6_months'
    WHEN ${day} > ${today}::date - interval '1 year' THEN '6_to_12_months'
    WHEN ${day} > ${today}::date - interval '2 years' THEN '1_to_2_years'
    ELSE 'over_2_years' END`;
}

export async function waitingSummary(db: Db, filter: CaseFilter, today: string): Promise<WaitingSummaryRow> {
  const [row] = await rows<WaitingSummaryRow>(db, sql`${waitingForConclusiveGrounds(filter)}
    SELECT count(*)::int AS cases,
      (percentile_cont(0.5) WITHIN GROUP (ORDER BY ${today}::date - positive_rg_on))::float8 AS median_days_since_positive_rg,
      (percentile_cont(0.5) WITHIN GROUP (ORDER BY ${today}::date - received_on))::float8 AS median_days_since_receipt
    FROM waiting`);
  return row!;
}

export function waitingByAge(db: Db, filter: CaseFilter, today: string): Promise<WaitingBandRow[]> {
  return rows(db, sql`${waitingForConclusiveGrounds(filter)}
    SELECT 'positive_rg' AS since, ${ageBand(sql`positive_rg_on`, today)} AS band, count(*)::int AS cases FROM waiting GROUP BY 2
    UNION ALL
    SELECT 'receipt' AS since, ${ageBand(sql`received_on`, today)} AS band, count(*)::int AS cases FROM waiting GROUP BY 2`);
}

/**
 * Cases awaiting an RG decision that are overdue, or due today or within the next working days, by the
 * caseworker who holds them. `dueSoonUntil` is the last "due soon" day for each nation, whose bank
 * holidays differ. A suspended case (person missing) is not awaiting RG: its clock is paused.
 */
export function reasonableGroundsDue(db: Db, filter: CaseFilter, today: string, dueSoonUntil: Record<Nation, string>): Promise<DueByCaseworkerRow[]> {
  const due = referrals.reasonableGroundsDueDate;
  const until = sql`(CASE ${referrals.nation} ${sql.join(Object.entries(dueSoonUntil).map(([nation, day]) => sql`WHEN ${nation} THEN ${day}::date`), sql` `)} END)`;
  return rows(db, sql`
    SELECT ${users.name} AS caseworker,
      (count(*) FILTER (WHERE ${due} < ${today}::date))::int AS overdue,
      max(${today}::date - ${due}) FILTER (WHERE ${due} < ${today}::date) AS longest_overdue_days,
      (count(*) FILTER (WHERE ${due} >= ${today}::date AND ${due} <= ${until}))::int AS due_soon
    FROM ${referrals} LEFT JOIN ${users} ON ${users.id} = ${referrals.assignedTo}
    WHERE ${casesIn(filter)} AND ${referrals.status} = 'awaiting_rg' AND (${due} < ${today}::date OR ${due} <= ${until})
    GROUP BY ${referrals.assignedTo}, ${users.name}
    ORDER BY overdue DESC, due_soon DESC, ${users.name} NULLS LAST`);
}

/** Negative decisions waiting for a second caseworker's review before they can be issued, and how long they have waited. */
export function awaitingReview(db: Db, filter: CaseFilter, today: string): Promise<AwaitingReviewRow[]> {
  const madeOn = sql`(${decisions.madeAt} AT TIME ZONE 'Europe/London')::date`;
  return rows(db, sql`
    SELECT ${decisions.stage} AS stage, count(*)::int AS decisions,
      (percentile_cont(0.5) WITHIN GROUP (ORDER BY ${today}::date - ${madeOn}))::float8 AS median_days_waiting,
      max(${today}::date - ${madeOn})::int AS longest_days_waiting
    FROM ${decisions} JOIN ${referrals} ON ${referrals.id} = ${decisions.referralId}
    WHERE ${decisions.status} = 'awaiting_review' AND NOT ${decisions.positive} AND ${casesIn(filter)}
    GROUP BY ${decisions.stage}
    ORDER BY ${decisions.stage} DESC`);
}
