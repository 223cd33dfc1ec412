import { sql, type SQL } from 'drizzle-orm';

/**
 * What a statistics table counts, as pseudonymised rows: never a name, date of birth or narrative —
 * only the descriptive columns of referrals and decisions. Each unit has a stable `unit_id` (the
 * referral's pseudonym, or the decision's id) so totals count each unit once even where a breakdown
 * lists it under several categories (exploitation types are multi-select).
 */
export type Basis = 'any_route' | 'referral' | 'duty_to_notify' | 'rg_decision' | 'cg_decision' | 'awaiting_cg';

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

const referralJoins = sql`FROM referrals r
  JOIN organisations o ON o.id = r.organisation_id
  LEFT JOIN organisations ca ON ca.id = r.competent_authority_id`;

function where(scope: Scope, dateColumn: SQL, extra: SQL): SQL {
  const nation = scope.nation ? sql` AND r.nation = ${scope.nation}` : sql``;
  return sql`WHERE ${dateColumn} BETWEEN ${scope.from}::date AND ${scope.to}::date AND r.received_at <= ${scope.cutOff.toISOString()}::timestamptz${nation} AND ${extra}`;
}

/** The first issued decision of a stage for each case, issued by the cut-off. */
function decisionUnits(stage: 'rg' | 'cg', scope: Scope): SQL {
  const decidedOn = sql`d.decided_on`;
  return sql`SELECT ${referralColumns}, d.id::text AS decision_id, d.outcome, d.decided_on,
      (d.decided_on - ${receivedOn}) AS days, (d.decided_on <= coalesce(d.due_date, r.reasonable_grounds_due_date)) AS on_time
    ${referralJoins}
    JOIN LATERAL (
      SELECT * FROM decisions x
      WHERE x.referral_id = r.id AND x.stage = ${stage} AND x.status = 'issued' AND x.issued_at <= ${scope.cutOff.toISOString()}::timestamptz
      ORDER BY x.issued_at LIMIT 1
    ) d ON true
    ${where(scope, decidedOn, sql`r.route = 'nrm'`)}`;
}

export function unitsOf(basis: Basis, scope: Scope): SQL {
  switch (basis) {
    case 'any_route':
      return sql`SELECT ${referralColumns} ${referralJoins} ${where(scope, receivedOn, sql`true`)}`;
    case 'referral':
      return sql`SELECT ${referralColumns} ${referralJoins} ${where(scope, receivedOn, sql`r.route = 'nrm'`)}`;
    case 'duty_to_notify':
      return sql`SELECT ${referralColumns} ${referralJoins} ${where(scope, receivedOn, sql`r.route = 'duty_to_notify'`)}`;
    case 'rg_decision':
      return decisionUnits('rg', scope);
    case 'cg_decision':
      return decisionUnits('cg', scope);
    case 'awaiting_cg':
      // Cases with a positive RG and no CG decision at the end of the period, by the age of the case then.
      return sql`SELECT ${referralColumns},
          CASE WHEN ${scope.to}::date - ${receivedOn} <= 90 THEN 'under_3_months'
               WHEN ${scope.to}::date - ${receivedOn} <= 182 THEN '3_to_6_months'
               WHEN ${scope.to}::date - ${receivedOn} <= 365 THEN '6_to_12_months'
               WHEN ${scope.to}::date - ${receivedOn} <= 730 THEN '1_to_2_years'
               ELSE 'over_2_years' END AS case_age
        ${referralJoins}
        WHERE r.route = 'nrm' AND r.received_at <= ${scope.cutOff.toISOString()}::timestamptz AND ${receivedOn} <= ${scope.to}::date
          ${scope.nation ? sql`AND r.nation = ${scope.nation}` : sql``}
          AND EXISTS (SELECT 1 FROM decisions x WHERE x.referral_id = r.id AND x.stage = 'rg' AND x.positive AND x.status = 'issued' AND x.decided_on <= ${scope.to}::date AND x.issued_at <= ${scope.cutOff.toISOString()}::timestamptz)
          AND NOT EXISTS (SELECT 1 FROM decisions x WHERE x.referral_id = r.id AND x.stage = 'cg' AND x.status = 'issued' AND x.decided_on <= ${scope.to}::date AND x.issued_at <= ${scope.cutOff.toISOString()}::timestamptz)`;
  }
}
