import { sql, type SQL } from 'drizzle-orm';
import type { Scope } from './units.js';

/**
 * The categories of the first NRM statistics (STATISTICS.md, "Historic compatibility"), so that figures
 * for 2009–2011 can be compared with what was published then: referrals by referring agency (public
 * bodies by kind, NGOs by name) and by reasonable grounds outcome, one outcome per referral.
 *
 * They are published (tables h1 and h2) only for a period that overlaps the historic series, 1 April
 * 2009 (the NRM began) to 31 December 2011: later publications use today's categories (tables 5 and 8).
 */
export const historicSeries = { from: '2009-04-01', to: '2011-12-31' } as const;

/** Organisation types the early statistics counted as "UKBA": the UK Border Agency and its successors. */
const immigrationTypes = ['ukba', 'home_office_ukvi', 'home_office_immigration_enforcement', 'home_office_border_force'];

/**
 * The referring agency as the early statistics named it, from the referring organisation (alias `o`):
 * the UK Border Agency (also when set up as the Competent Authority that refers, as in the demo data)
 * and later immigration bodies; police; local authorities; the Crown Prosecution Service (prosecution);
 * the NHS (health); an NGO or support provider by its own name, as "Poppy", "Kalayaan", "TARA" and
 * "Migrant Helpline" were; anything else "other". Codes start with their place in the 2009 tables
 * (tables sort their rows by code): `1_ukba` … `7_other`, an NGO's `4_ngo:` and its name.
 */
export const historicAgency: SQL = sql`CASE
    WHEN o.type IN (${sql.join(immigrationTypes.map((t) => sql`${t}`), sql`, `)}) OR o.competent_authority_code = 'ukba' THEN '1_ukba'
    WHEN o.type = 'police' THEN '2_police'
    WHEN o.type = 'local_authority' THEN '3_local_authority'
    WHEN o.type IN ('ngo', 'support_provider') THEN '4_ngo:' || o.name
    WHEN o.type = 'prosecution' THEN '5_cps'
    WHEN o.type = 'health' THEN '6_nhs'
    ELSE '7_other' END`;

/**
 * The referral's reasonable grounds outcome as the early statistics gave it, as it stood at the cut-off
 * (referral alias `r`): the RG decision then standing (the last issued, so a decision on reconsideration
 * replaces the one reconsidered), positive or negative; without one, suspended if it was suspended
 * then (the person missing), withdrawn if it had been withdrawn; otherwise no decision recorded. A
 * decision comes first: a case withdrawn after a positive RG decision counts as positive. (A withdrawal
 * ends any suspension, so a case is never both.) Codes start with their place in the 2009 tables.
 */
export function historicRgOutcome(scope: Scope): SQL {
  const cutOff = sql`${scope.cutOff.toISOString()}::timestamptz`;
  return sql`coalesce(
    (SELECT CASE WHEN x.positive THEN '1_positive' ELSE '2_negative' END FROM decisions x
      WHERE x.referral_id = r.id AND x.stage = 'rg' AND x.status = 'issued' AND x.issued_at <= ${cutOff}
      ORDER BY x.issued_at DESC, x.id DESC LIMIT 1),
    CASE
      WHEN EXISTS (SELECT 1 FROM case_suspensions s WHERE s.referral_id = r.id AND s.started_at <= ${cutOff} AND (s.ended_at IS NULL OR s.ended_at > ${cutOff})) THEN '3_suspended'
      WHEN EXISTS (SELECT 1 FROM case_events e WHERE e.referral_id = r.id AND e.event = 'withdrawn' AND e.occurred_at <= ${cutOff}) THEN '4_withdrawn'
      ELSE '5_no_decision' END)`;
}

export const historicAgencyLabels: Record<string, string> = {
  '1_ukba': 'UK Border Agency (UKBA) and immigration services',
  '2_police': 'Police',
  '3_local_authority': 'Local authorities',
  '5_cps': 'Crown Prosecution Service (CPS)',
  '6_nhs': 'NHS',
  '7_other': 'Other organisations',
};

export const historicRgOutcomeLabels: Record<string, string> = {
  '1_positive': 'Positive',
  '2_negative': 'Negative',
  '3_suspended': 'Suspended',
  '4_withdrawn': 'Withdrawn',
  '5_no_decision': 'No decision recorded',
};

/** An NGO's category is its name. */
export function historicAgencyLabel(code: string): string {
  return code.startsWith('4_ngo:') ? code.slice('4_ngo:'.length) : historicAgencyLabels[code] ?? code;
}
