import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.js';
import { historicAgency, historicRgOutcome } from './historic.js';

/**
 * What a statistics table counts, as pseudonymised rows: never a name, date of birth or narrative —
 * only the descriptive columns of referrals and decisions. Each unit has a stable `unit_id` (the
 * referral's pseudonym, or the decision's id) so totals count each unit once even where a breakdown
 * lists it under several categories (exploitation types are multi-select). `unitsOf` gives one row
 * per unit.
 *
 * Units come from one of two sources, which give the same rows (a test holds them to it):
 * - 'kept': `statistics_cases`, one narrow row per referral kept by triggers in the transaction of
 *   every change, read through covering indexes — what the publication uses;
 * - 'tables': the referrals, organisations and decisions themselves — the definition, and what is
 *   used where the kept rows cannot answer: the cases awaiting a CG decision when a decision was
 *   issued after the cut-off (the kept rows know each case's decisions as they are now), the
 *   historic categories and missing episodes.
 */
export type Basis = 'any_route' | 'referral' | 'duty_to_notify' | 'rg_decision' | 'cg_decision' | 'awaiting_cg' | 'historic_referral' | 'missing_episode';

/** Where units are read from (see above). */
export type UnitSource = 'kept' | 'tables';

export interface Scope {
  /** First and last day (YYYY-MM-DD, UK dates) of the period. */
  from: string;
  to: string;
  /** One nation, or the whole UK. */
  nation?: string;
  /** Data as it stood at this instant: later referrals and decisions are left out (revisions compare cut-offs). */
  cutOff: Date;
}

const receivedOn = sql`(r.received_at AT TIME ZONE 'Europe/London')::date`;

/** The descriptive columns every basis offers, named as the breakdowns use them. */
const referralColumns = sql`
  r.pseudonym::text AS unit_id,
  to_char(${receivedOn}, 'YYYY "Q"Q') AS quarter,
  r.route, coalesce(ca.competent_authority_code, 'none') AS authority, r.age_group, r.gender,
  r.exploitation_types AS types, r.county_lines, coalesce(r.nationalities[1], 'XX') AS nationality,
  o.type AS responder_type, coalesce(r.police_force_code, 'not_recorded') AS police_force, r.nation, r.exploitation_location AS location,
  ${receivedOn} AS received_on, r.reasonable_grounds_due_date`;

// Every referral has its referring organisation (a required foreign key), so the left join finds it just
// as an inner join would; but it leaves the planner no way to join the organisations first, and none at
// all when a table does not use them.
const referralJoins = sql`FROM referrals r
  LEFT JOIN organisations o ON o.id = r.organisation_id
  LEFT JOIN organisations ca ON ca.id = r.competent_authority_id`;

/**
 * Received in the period: the UK days from..to, written as a range of instants (midnight, UK time, to
 * midnight after the last day) so that an index on `received_at` serves it. Midnight is never in a
 * clock change in the UK (they happen at 01:00 UTC), so the two are the same.
 */
function receivedIn(scope: Scope): SQL {
  return sql`r.received_at >= ${ukMidnight(scope.from, 0)} AND r.received_at < ${ukMidnight(scope.to, 1)}`;
}

/** The instant of midnight, UK time, at the start of the day `days` after `day` (YYYY-MM-DD). */
function ukMidnight(day: string, days: number): SQL {
  return sql`(${day}::date + ${sql.raw(String(Math.trunc(days)))})::timestamp AT TIME ZONE 'Europe/London'`;
}

function where(scope: Scope, inPeriod: SQL, extra: SQL): SQL {
  const nation = scope.nation ? sql` AND r.nation = ${scope.nation}` : sql``;
  return sql`WHERE ${inPeriod} AND r.received_at <= ${scope.cutOff.toISOString()}::timestamptz${nation} AND ${extra}`;
}

/**
 * The first issued decision of a stage for each case, issued by the cut-off, when it was made in the
 * period. Found from the decisions made in the period (an index on stage and date), keeping each one
 * that no earlier issued decision of its case and stage precedes (by issue, then id), rather than by
 * looking up every case's first decision.
 */
function decisionUnits(stage: 'rg' | 'cg', scope: Scope): SQL {
  const cutOff = sql`${scope.cutOff.toISOString()}::timestamptz`;
  return sql`SELECT ${referralColumns}, d.id::text AS decision_id, d.outcome, d.positive, d.reason_category, d.decided_on,
      (d.decided_on - ${receivedOn}) AS days, (d.decided_on <= coalesce(d.due_date, r.reasonable_grounds_due_date)) AS on_time
    FROM decisions d
    JOIN referrals r ON r.id = d.referral_id
    LEFT JOIN organisations o ON o.id = r.organisation_id
    LEFT JOIN organisations ca ON ca.id = r.competent_authority_id
    ${where(scope, sql`d.decided_on BETWEEN ${scope.from}::date AND ${scope.to}::date`, sql`r.route = 'nrm'`)}
      AND d.stage = ${stage} AND d.status = 'issued' AND d.issued_at <= ${cutOff}
      AND NOT EXISTS (
        SELECT 1 FROM decisions x
        WHERE x.referral_id = d.referral_id AND x.stage = ${stage} AND x.status = 'issued' AND x.issued_at <= ${cutOff}
          AND (x.issued_at, x.id) < (d.issued_at, d.id)
      )`;
}

/** How long ago a case was received, at the end of the period, in the bands of table 11. */
function caseAge(receivedAt: SQL, scope: Scope): SQL {
  return sql`CASE WHEN ${receivedAt} >= ${ukMidnight(scope.to, -90)} THEN 'under_3_months'
    WHEN ${receivedAt} >= ${ukMidnight(scope.to, -182)} THEN '3_to_6_months'
    WHEN ${receivedAt} >= ${ukMidnight(scope.to, -365)} THEN '6_to_12_months'
    WHEN ${receivedAt} >= ${ukMidnight(scope.to, -730)} THEN '1_to_2_years'
    ELSE 'over_2_years' END`;
}

export function unitsOf(basis: Basis, scope: Scope, source: UnitSource = 'tables'): SQL {
  if (source === 'kept' && basis in keptUnits) return keptUnits[basis as keyof typeof keptUnits](scope);
  switch (basis) {
    case 'any_route':
      return sql`SELECT ${referralColumns} ${referralJoins} ${where(scope, receivedIn(scope), sql`true`)}`;
    case 'referral':
      return sql`SELECT ${referralColumns} ${referralJoins} ${where(scope, receivedIn(scope), sql`r.route = 'nrm'`)}`;
    case 'duty_to_notify':
      return sql`SELECT ${referralColumns} ${referralJoins} ${where(scope, receivedIn(scope), sql`r.route = 'duty_to_notify'`)}`;
    case 'historic_referral':
      // The NRM referrals of the period (as 'referral'), with the categories of the first statistics.
      return sql`SELECT ${referralColumns}, ${historicAgency} AS historic_agency, ${historicRgOutcome(scope)} AS historic_rg_outcome
        ${referralJoins} ${where(scope, receivedIn(scope), sql`r.route = 'nrm'`)}`;
    case 'missing_episode':
      // Missing episodes that started (the person was last seen) in the period and were reported by the
      // cut-off, by whether the person was treated as a child and the outcome as it stood at the cut-off.
      // The circumstances (sealed) are never read.
      return sql`SELECT e.id::text AS unit_id, CASE WHEN e.child THEN 'child' ELSE 'adult' END AS missing_age_group,
          CASE WHEN e.closed_at <= ${scope.cutOff.toISOString()}::timestamptz THEN e.outcome ELSE 'still_missing' END AS missing_outcome
        FROM missing_episodes e JOIN referrals r ON r.id = e.referral_id
        WHERE e.last_seen_at >= ${ukMidnight(scope.from, 0)} AND e.last_seen_at < ${ukMidnight(scope.to, 1)}
          AND e.reported_at <= ${scope.cutOff.toISOString()}::timestamptz ${scope.nation ? sql`AND r.nation = ${scope.nation}` : sql``}`;
    case 'rg_decision':
      return decisionUnits('rg', scope);
    case 'cg_decision':
      return decisionUnits('cg', scope);
    case 'awaiting_cg':
      // Cases with a positive RG and no CG decision at the end of the period, by the age of the case then.
      // Every case received by then is looked at, so days are compared as instants (UK midnights worked
      // out once), not by converting each case's receipt: received within 90 days of the period's end
      // is received on or after midnight at the start of its 90th day before.
      return sql`SELECT ${referralColumns}, ${caseAge(sql`r.received_at`, scope)} AS case_age
        ${referralJoins}
        WHERE r.route = 'nrm' AND r.received_at <= ${scope.cutOff.toISOString()}::timestamptz AND r.received_at < ${ukMidnight(scope.to, 1)}
          ${scope.nation ? sql`AND r.nation = ${scope.nation}` : sql``}
          AND EXISTS (SELECT 1 FROM decisions x WHERE x.referral_id = r.id AND x.stage = 'rg' AND x.positive AND x.status = 'issued' AND x.decided_on <= ${scope.to}::date AND x.issued_at <= ${scope.cutOff.toISOString()}::timestamptz)
          AND NOT EXISTS (SELECT 1 FROM decisions x WHERE x.referral_id = r.id AND x.stage = 'cg' AND x.status = 'issued' AND x.decided_on <= ${scope.to}::date AND x.issued_at <= ${scope.cutOff.toISOString()}::timestamptz)`;
  }
}

// The same units from statistics_cases (src/statistics/tables.ts), column for column.

const keptReceivedOn = sql`(s.received_at AT TIME ZONE 'Europe/London')::date`;

const keptColumns = sql`
  s.unit_id, to_char(${keptReceivedOn}, 'YYYY "Q"Q') AS quarter,
  s.route, s.authority, s.age_group, s.gender, s.types, s.county_lines, s.nationality,
  s.responder_type, s.police_force, s.nation, s.location, ${keptReceivedOn} AS received_on, s.reasonable_grounds_due_date`;

function keptWhere(scope: Scope, inPeriod: SQL, extra: SQL): SQL {
  const nation = scope.nation ? sql` AND s.nation = ${scope.nation}` : sql``;
  return sql`WHERE ${inPeriod} AND s.received_at <= ${scope.cutOff.toISOString()}::timestamptz${nation} AND ${extra}`;
}

function keptReceivedIn(scope: Scope, extra: SQL): SQL {
  return sql`SELECT ${keptColumns} FROM statistics_cases s
    ${keptWhere(scope, sql`s.received_at >= ${ukMidnight(scope.from, 0)} AND s.received_at < ${ukMidnight(scope.to, 1)}`, extra)}`;
}

/** Each case's first issued decision of the stage is kept with it; it counts when made in the period and issued by the cut-off. */
function keptDecisionUnits(stage: 'rg' | 'cg', scope: Scope): SQL {
  const c = (column: string) => sql.raw(`s.${stage}_${column}`);
  return sql`SELECT ${keptColumns}, ${c('decision_id')}::text AS decision_id, ${c('outcome')} AS outcome, ${c('positive')} AS positive,
      ${c('reason_category')} AS reason_category, ${c('decided_on')} AS decided_on, (${c('decided_on')} - ${keptReceivedOn}) AS days,
      (${c('decided_on')} <= coalesce(${c('due_date')}, s.reasonable_grounds_due_date)) AS on_time
    FROM statistics_cases s
    ${keptWhere(scope, sql`${c('decided_on')} BETWEEN ${scope.from}::date AND ${scope.to}::date`, sql`s.route = 'nrm'`)}
      AND ${c('issued_at')} <= ${scope.cutOff.toISOString()}::timestamptz`;
}

const keptUnits = {
  any_route: (scope: Scope) => keptReceivedIn(scope, sql`true`),
  referral: (scope: Scope) => keptReceivedIn(scope, sql`s.route = 'nrm'`),
  duty_to_notify: (scope: Scope) => keptReceivedIn(scope, sql`s.route = 'duty_to_notify'`),
  rg_decision: (scope: Scope) => keptDecisionUnits('rg', scope),
  cg_decision: (scope: Scope) => keptDecisionUnits('cg', scope),
  // Awaiting at the end of the period: a positive RG decision by then and no CG decision by then. The
  // cases awaiting one now, counted (statistics_awaiting_cg), less those whose positive RG decision came
  // after the period, plus those whose first CG decision did: weighted rows, not one row per case, and
  // right only if no decision was issued after the cut-off (`keptRowsAnswerAwaiting`).
  awaiting_cg: (scope: Scope) => {
    const to = sql`${scope.to}::date`;
    const nation = scope.nation ? sql` AND nation = ${scope.nation}` : sql``;
    const receivedBy = sql`received_at < ${ukMidnight(scope.to, 1)}`;
    return sql`SELECT age_group, weight, CASE WHEN received_on >= ${to} - 90 THEN 'under_3_months'
        WHEN received_on >= ${to} - 182 THEN '3_to_6_months'
        WHEN received_on >= ${to} - 365 THEN '6_to_12_months'
        WHEN received_on >= ${to} - 730 THEN '1_to_2_years'
        ELSE 'over_2_years' END AS case_age
      FROM (
        SELECT received_on, age_group, cases AS weight FROM statistics_awaiting_cg WHERE received_on <= ${to}${nation}
        UNION ALL
        SELECT ${keptReceivedOn}, age_group, -1 FROM statistics_cases s
        WHERE route = 'nrm' AND earliest_cg_on = 'infinity' AND positive_rg_on > ${to} AND ${receivedBy}${nation}
        UNION ALL
        SELECT ${keptReceivedOn}, age_group, 1 FROM statistics_cases s
        WHERE route = 'nrm' AND positive_rg_on IS NOT NULL AND earliest_cg_on <> 'infinity' AND positive_rg_on <= ${to} AND earliest_cg_on > ${to} AND ${receivedBy}${nation}
      ) w`;
  },
} satisfies Partial<Record<Basis, (scope: Scope) => SQL>>;

/**
 * Whether a basis's units are weighted rows (a `weight` column: how many units each stands for, which
 * may be negative) rather than one row per unit: only tables of one category per unit can be counted
 * from them, by summing the weights.
 */
export function isWeighted(basis: Basis, source: UnitSource): boolean {
  return source === 'kept' && basis === 'awaiting_cg';
}

/** Whether the kept rows give the cases awaiting a CG decision as they stood at the cut-off: no decision was issued after it. */
export async function keptRowsAnswerAwaiting(db: Db, scope: Scope): Promise<boolean> {
  // Stage by stage, so that the index of issued decisions (stage, issued_at) answers each.
  const after = (stage: 'rg' | 'cg') => sql`EXISTS (SELECT 1 FROM decisions WHERE stage = ${stage} AND status = 'issued' AND issued_at > ${scope.cutOff.toISOString()}::timestamptz)`;
  const result = (await db.execute(sql`SELECT NOT (${after('rg')} OR ${after('cg')}) AS ok`)) as unknown as { rows: { ok: boolean }[] };
  return result.rows[0]!.ok;
}
