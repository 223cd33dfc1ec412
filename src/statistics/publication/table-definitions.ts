import type { Basis } from './units.js';
import type { Variable } from './breakdowns.js';
import { historicSeries } from './historic.js';

/** A table of the quarterly publication (STATISTICS.md): what it counts and by which two variables. */
export interface TableDefinition {
  id: string;
  number: number;
  title: string;
  basis: Basis;
  row: Variable;
  column: Variable;
  /** Sparse breakdowns use the higher suppression threshold. */
  sparse?: boolean;
  /** Keep the largest categories and group the rest (e.g. nationalities). */
  topRows?: number;
  /**
   * For "any mention" of exploitation types: the combinations table it is worked out from, after that
   * table's disclosure control, so that it publishes nothing the combinations table hides.
   */
  derivedFrom?: string;
  /** Published only for a period that overlaps these dates (the historic tables). */
  onlyFor?: { from: string; to: string };
  /**
   * The basis whose shared totals the table's are, when its units are that basis's with other columns
   * (the historic tables count the NRM referrals of 'referral'), so disclosure control treats them as one.
   */
  marginBasis?: Basis;
}

export const tableDefinitions: TableDefinition[] = [
  { id: '1a', number: 1, title: 'Referrals and Duty to Notify reports by quarter and route', basis: 'any_route', row: 'quarter', column: 'route' },
  { id: '1b', number: 1, title: 'NRM referrals by quarter and Competent Authority', basis: 'referral', row: 'quarter', column: 'authority' },
  { id: '2', number: 2, title: 'Referrals by age at exploitation and gender', basis: 'referral', row: 'age_group', column: 'gender' },
  { id: '3a', number: 3, title: 'Referrals by exploitation type (any mention) and age group', basis: 'referral', row: 'exploitation_type', column: 'age_group', derivedFrom: '3b' },
  { id: '3b', number: 3, title: 'Referrals by combination of exploitation types and age group', basis: 'referral', row: 'exploitation_combination', column: 'age_group' },
  { id: '3c', number: 3, title: 'Referrals flagged as county lines, by age group', basis: 'referral', row: 'county_lines', column: 'age_group' },
  { id: '4', number: 4, title: 'Referrals by nationality and age group', basis: 'referral', row: 'nationality', column: 'age_group', topRows: 20 },
  { id: '5', number: 5, title: 'Referrals by first responder organisation type and age group', basis: 'referral', row: 'responder_type', column: 'age_group' },
  { id: '6a', number: 6, title: 'Referrals by police force area', basis: 'referral', row: 'police_force', column: 'age_group', sparse: true },
  { id: '6b', number: 6, title: 'Referrals by UK nation and age group', basis: 'referral', row: 'nation', column: 'age_group' },
  { id: '7', number: 7, title: 'Referrals by location of exploitation and age group', basis: 'referral', row: 'location', column: 'age_group' },
  { id: '8a', number: 8, title: 'Reasonable grounds decisions by outcome and age group', basis: 'rg_decision', row: 'outcome', column: 'age_group' },
  { id: '8b', number: 8, title: 'Reasonable grounds decisions by outcome and gender', basis: 'rg_decision', row: 'outcome', column: 'gender' },
  { id: '8c', number: 8, title: 'Reasonable grounds decisions by combination of exploitation types and outcome', basis: 'rg_decision', row: 'exploitation_combination', column: 'outcome' },
  { id: '8d', number: 8, title: 'Reasonable grounds decisions by exploitation type (any mention) and outcome', basis: 'rg_decision', row: 'exploitation_type', column: 'outcome', derivedFrom: '8c' },
  { id: '8e', number: 8, title: 'Reasonable grounds decisions by nationality and outcome', basis: 'rg_decision', row: 'nationality', column: 'outcome', topRows: 20 },
  { id: '9a', number: 9, title: 'Conclusive grounds decisions by outcome and age group', basis: 'cg_decision', row: 'outcome', column: 'age_group' },
  { id: '9b', number: 9, title: 'Conclusive grounds decisions by outcome and gender', basis: 'cg_decision', row: 'outcome', column: 'gender' },
  { id: '9c', number: 9, title: 'Conclusive grounds decisions by combination of exploitation types and outcome', basis: 'cg_decision', row: 'exploitation_combination', column: 'outcome' },
  { id: '9d', number: 9, title: 'Conclusive grounds decisions by exploitation type (any mention) and outcome', basis: 'cg_decision', row: 'exploitation_type', column: 'outcome', derivedFrom: '9c' },
  { id: '9e', number: 9, title: 'Conclusive grounds decisions by nationality and outcome', basis: 'cg_decision', row: 'nationality', column: 'outcome', topRows: 20 },
  { id: '11', number: 11, title: 'Cases awaiting a conclusive grounds decision at the end of the period, by age of case', basis: 'awaiting_cg', row: 'case_age', column: 'age_group' },
  // Table 12: the decisions of tables 8a and 9a by the main reason of the negative ones. The positive
  // decisions are in it, as one row, so that its totals are those of tables 8 and 9 (same margins):
  // disclosure control then hides a figure in all of them or in none.
  { id: '12a', number: 12, title: 'Reasonable grounds decisions by main reason for a negative decision and outcome', basis: 'rg_decision', row: 'reason_category', column: 'outcome' },
  { id: '12b', number: 12, title: 'Conclusive grounds decisions by main reason for a negative decision and outcome', basis: 'cg_decision', row: 'reason_category', column: 'outcome' },
  { id: '13a', number: 13, title: 'Duty to Notify reports by combination of exploitation types and gender', basis: 'duty_to_notify', row: 'exploitation_combination', column: 'gender' },
  { id: '13e', number: 13, title: 'Duty to Notify reports by exploitation type (any mention) and gender', basis: 'duty_to_notify', row: 'exploitation_type', column: 'gender', derivedFrom: '13a' },
  { id: '13b', number: 13, title: 'Duty to Notify reports by nationality', basis: 'duty_to_notify', row: 'nationality', column: 'all', topRows: 20 },
  { id: '13c', number: 13, title: 'Duty to Notify reports by organisation type', basis: 'duty_to_notify', row: 'responder_type', column: 'all' },
  { id: '13d', number: 13, title: 'Duty to Notify reports by police force area', basis: 'duty_to_notify', row: 'police_force', column: 'all', sparse: true },
  // Missing-person episodes: counted on their own units (episodes, not referrals), so their totals are their own.
  { id: '15', number: 15, title: 'Missing episodes started in the period by outcome and age group', basis: 'missing_episode', row: 'missing_outcome', column: 'missing_age_group' },
  // The categories of the first statistics (2009–2011), for comparison with what was published then;
  // not in the numbered series of the quarterly publication (number 0).
  { id: 'h1', number: 0, title: 'Referrals by referring agency, as in the 2009–2011 statistics', basis: 'historic_referral', row: 'historic_agency', column: 'all', onlyFor: historicSeries, marginBasis: 'referral' },
  { id: 'h2', number: 0, title: 'Referrals by reasonable grounds outcome at the cut-off, as in the 2009–2011 statistics', basis: 'historic_referral', row: 'historic_rg_outcome', column: 'all', onlyFor: historicSeries, marginBasis: 'referral' },
];
