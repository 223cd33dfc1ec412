import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../platform/db/database.js';
import { scopeCondition, type Scope, type ScopeSubject } from '../../platform/auth/policy.js';
import type { OutcomeFilter, RecordFilters } from './schema.js';

/**
 * The analysts' pseudonymised records. Every query here reads descriptive columns only: never
 * `referral_people`, a sealed column, the reference, the internal id (but for the audit event) or an
 * exact date — dates leave as months, and time as whole days between two of them.
 */

/** A type, not an interface: the policy's `visibleFields` takes it as a plain record. */
export type PseudonymisedRow = {
  pseudonym: string;
  receivedMonth: string;
  route: string;
  competentAuthority: string | null;
  ageGroup: string;
  gender: string;
  nationalities: string[];
  exploitationTypes: string[];
  countyLines: boolean;
  exploitationLocation: string;
  responderOrganisationType: string;
  nation: string;
  policeForceArea: string | null;
  rgOutcome: string | null;
  rgDecisionMonth: string | null;
  daysToRg: number | null;
  cgOutcome: string | null;
  cgDecisionMonth: string | null;
  daysToCg: number | null;
};

export interface SituationRow {
  position: number;
  types: string[];
  countyLines: boolean;
  startMonth: string | null;
  endMonth: string | null;
  ongoing: boolean;
  inUk: boolean;
  overseas: boolean;
}

export interface DecisionRow {
  stage: string;
  outcome: string;
  decisionMonth: string;
  daysFromReceipt: number;
  onReconsideration: boolean;
}

export interface ListScope {
  scope: Scope;
  subject: ScopeSubject;
}

const receivedOn = sql`(r.received_at AT TIME ZONE 'Europe/London')::date`;
const receivedMonth = sql`to_char(r.received_at AT TIME ZONE 'Europe/London', 'YYYY-MM')`;

/** Whether the standing (latest issued) decision of a stage is positive: null when there is none. */
const standingPositive = (stage: 'rg' | 'cg') =>
  sql`(SELECT d.positive FROM decisions d WHERE d.referral_id = r.id AND d.stage = ${stage} AND d.status = 'issued' ORDER BY d.issued_at DESC LIMIT 1)`;

const outcomeConditions: Record<OutcomeFilter, () => SQL> = {
  no_rg: () => sql`r.route = 'nrm' AND ${standingPositive('rg')} IS NULL`,
  rg_positive: () => sql`${standingPositive('rg')} IS TRUE`,
  rg_negative: () => sql`${standingPositive('rg')} IS FALSE`,
  no_cg: () => sql`${standingPositive('rg')} IS TRUE AND ${standingPositive('cg')} IS NULL`,
  cg_positive: () => sql`${standingPositive('cg')} IS TRUE`,
  cg_negative: () => sql`${standingPositive('cg')} IS FALSE`,
};

/** The role's scope and the filters, as one condition on `referrals r`. */
function conditions(filters: RecordFilters, { scope, subject }: ListScope): SQL {
  const parts: SQL[] = [scopeCondition(scope, subject, {})];
  // Months are UK months: a referral received at 00:30 on 1 April (BST) is April's.
  if (filters.from) parts.push(sql`r.received_at >= (${`${filters.from}-01`}::timestamp AT TIME ZONE 'Europe/London')`);
  if (filters.to) parts.push(sql`r.received_at < ((${`${filters.to}-01`}::date + interval '1 month')::timestamp AT TIME ZONE 'Europe/London')`);
  if (filters.nation) parts.push(sql`r.nation = ${filters.nation}`);
  if (filters.ageGroup) parts.push(sql`r.age_group = ${filters.ageGroup}`);
  if (filters.exploitationType) parts.push(sql`r.exploitation_types @> ARRAY[${filters.exploitationType}]::text[]`);
  if (filters.outcome) parts.push(outcomeConditions[filters.outcome]());
  return sql.join(parts, sql` AND `);
}

/** The standing decision of a stage, for the chosen referrals only. */
const standing = (stage: 'rg' | 'cg') => sql`LEFT JOIN LATERAL (
    SELECT d.outcome, d.decided_on FROM decisions d
    WHERE d.referral_id = r.id AND d.stage = ${stage} AND d.status = 'issued' ORDER BY d.issued_at DESC LIMIT 1
  ) ${sql.raw(stage)} ON true`;

/** The columns of each chosen referral (`chosen`: its id, received month and pseudonym, in order). */
function describe(chosen: SQL, extra: SQL = sql``): SQL {
  return sql`WITH chosen AS (${chosen})
    SELECT r.pseudonym::text AS pseudonym, c.month AS "receivedMonth", r.route, ca.competent_authority_code AS "competentAuthority",
      r.age_group AS "ageGroup", r.gender, r.nationalities, r.exploitation_types AS "exploitationTypes", r.county_lines AS "countyLines",
      r.exploitation_location AS "exploitationLocation", o.type AS "responderOrganisationType", r.nation, r.police_force_code AS "policeForceArea",
      rg.outcome AS "rgOutcome", to_char(rg.decided_on, 'YYYY-MM') AS "rgDecisionMonth", rg.decided_on - ${receivedOn} AS "daysToRg",
      cg.outcome AS "cgOutcome", to_char(cg.decided_on, 'YYYY-MM') AS "cgDecisionMonth", cg.decided_on - ${receivedOn} AS "daysToCg"${extra}
    FROM chosen c
    JOIN referrals r ON r.id = c.id
    JOIN organisations o ON o.id = r.organisation_id
    LEFT JOIN organisations ca ON ca.id = r.competent_authority_id
    ${standing('rg')}
    ${standing('cg')}
    ORDER BY c.month DESC, c.pseudonym DESC`;
}

/**
 * One page of the list: newest month first, then by pseudonym, which is random, so the order within a
 * month says nothing of the order (or day) of receipt.
 */
export function recordPage(database: Database, filters: RecordFilters, scope: ListScope, page: { limit: number; offset: number }): Promise<PseudonymisedRow[]> {
  return database.rows<PseudonymisedRow>(describe(sql`
    SELECT r.id, ${receivedMonth} AS month, r.pseudonym FROM referrals r
    WHERE ${conditions(filters, scope)}
    ORDER BY month DESC, r.pseudonym DESC
    LIMIT ${page.limit} OFFSET ${page.offset}`));
}

/** The next records after `after` in the list's order, for reading the whole list a page at a time (the CSV). */
export function recordsAfter(database: Database, filters: RecordFilters, scope: ListScope, after: { month: string; pseudonym: string } | null, limit: number): Promise<PseudonymisedRow[]> {
  return database.rows<PseudonymisedRow>(describe(sql`
    SELECT r.id, ${receivedMonth} AS month, r.pseudonym FROM referrals r
    WHERE ${conditions(filters, scope)}
      ${after ? sql`AND (${receivedMonth}, r.pseudonym) < (${after.month}, ${after.pseudonym}::uuid)` : sql``}
    ORDER BY month DESC, r.pseudonym DESC
    LIMIT ${limit}`));
}

export async function countRecords(database: Database, filters: RecordFilters, scope: ListScope): Promise<number> {
  const [row] = await database.rows<{ total: number }>(sql`SELECT count(*)::int AS total FROM referrals r WHERE ${conditions(filters, scope)}`);
  return row?.total ?? 0;
}

/** One record by its pseudonym, within the scope; `referralId` is for the audit event only. */
export async function findRecord(database: Database, pseudonym: string, scope: ListScope): Promise<(PseudonymisedRow & { referralId: string }) | undefined> {
  const [row] = await database.rows<PseudonymisedRow & { referralId: string }>(describe(sql`
    SELECT r.id, ${receivedMonth} AS month, r.pseudonym FROM referrals r
    WHERE r.pseudonym = ${pseudonym}::uuid AND ${scopeCondition(scope.scope, scope.subject, {})}`, sql`, r.id::text AS "referralId"`));
  return row;
}

/** The situations of exploitation: types, months, and UK or overseas — not the places, nor the narrative. */
export function situationsOf(database: Database, referralId: string): Promise<SituationRow[]> {
  return database.rows<SituationRow>(sql`
    SELECT s.position, s.types, s.county_lines AS "countyLines", s.start_month AS "startMonth", s.end_month AS "endMonth", s.ongoing,
      cardinality(s.uk_places) > 0 AS "inUk", cardinality(s.overseas_countries) > 0 AS overseas
    FROM referral_situations s WHERE s.referral_id = ${referralId}::uuid ORDER BY s.position`);
}

/** Issued decisions, in the order they were issued: stage, outcome and months — not the reasons or who made them. */
export function decisionsOf(database: Database, referralId: string): Promise<DecisionRow[]> {
  return database.rows<DecisionRow>(sql`
    SELECT d.stage, d.outcome, to_char(d.decided_on, 'YYYY-MM') AS "decisionMonth", d.decided_on - ${receivedOn} AS "daysFromReceipt",
      d.reconsideration_of IS NOT NULL AS "onReconsideration"
    FROM decisions d JOIN referrals r ON r.id = d.referral_id
    WHERE d.referral_id = ${referralId}::uuid AND d.status = 'issued'
    ORDER BY d.issued_at`);
}
