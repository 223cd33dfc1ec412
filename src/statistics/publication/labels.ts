import { exploitationTypes, genders } from '../../referrals/vocabulary.js';
import { nationLabels, organisationTypeLabels } from '../../organisations/kinds.js';
import { competentAuthorityNames } from '../../referrals/routing.js';
import { outcomeLabels } from '../../casework/outcomes.js';
import { negativeReasonCategories } from '../../casework/reason-categories.js';
import { historicAgencyLabel, historicRgOutcomeLabels } from './historic.js';
import { outcomeLabels as missingOutcomeLabels } from '../../missing/rules.js';
import type { Variable } from './breakdowns.js';

/** How each category reads in a published table; codes from reference lists are labelled by the caller. */
const fixed: Partial<Record<Variable, Record<string, string>>> = {
  route: { nrm: 'National Referral Mechanism', duty_to_notify: 'Duty to Notify' },
  authority: { ...competentAuthorityNames, none: 'Not applicable' },
  age_group: { adult: 'Adult (18 or over)', child: 'Child (17 or under)', not_specified: 'Age not specified or unknown' },
  gender: Object.fromEntries(Object.entries(genders).map(([k, v]) => [k, v.label])),
  exploitation_type: Object.fromEntries(Object.entries(exploitationTypes).map(([k, v]) => [k, v.label])),
  county_lines: { county_lines: 'Flagged as county lines', not_county_lines: 'Not flagged' },
  responder_type: organisationTypeLabels,
  nation: nationLabels,
  location: { uk: 'UK', overseas: 'Overseas', both: 'UK and overseas', unknown: 'Not known' },
  outcome: outcomeLabels,
  case_age: { under_3_months: 'Under 3 months', '3_to_6_months': '3 to 6 months', '6_to_12_months': '6 to 12 months', '1_to_2_years': '1 to 2 years', over_2_years: 'Over 2 years' },
  police_force: { not_recorded: 'Not recorded' },
  reason_category: {
    ...Object.fromEntries(Object.entries(negativeReasonCategories).map(([k, v]) => [k, v.label])),
    not_recorded: 'Negative, reason not recorded', not_applicable: 'Not applicable: positive decision',
  },
  historic_rg_outcome: historicRgOutcomeLabels,
  missing_age_group: { adult: 'Adult', child: 'Child' },
  missing_outcome: { ...missingOutcomeLabels, still_missing: 'Still missing' },
  all: { all: 'All' },
};

export const variableLabels: Record<Variable, string> = {
  quarter: 'Quarter', route: 'Route', authority: 'Competent Authority', age_group: 'Age at exploitation', gender: 'Gender',
  exploitation_type: 'Exploitation type (any mention)', exploitation_combination: 'Exploitation types', county_lines: 'County lines',
  nationality: 'Nationality', responder_type: 'First responder organisation type', police_force: 'Police force area', nation: 'UK nation',
  location: 'Location of exploitation', outcome: 'Outcome', case_age: 'Age of case', reason_category: 'Main reason for a negative decision',
  historic_agency: 'Referring agency (as in the 2009–2011 statistics)', historic_rg_outcome: 'Reasonable grounds outcome (as in the 2009–2011 statistics)',
  days_to_decision: 'Days from referral to decision', on_time: 'Decided by the due date',
  missing_age_group: 'Age group when reported missing', missing_outcome: 'Outcome of the episode', all: 'All',
};

/** A category's label: from the fixed vocabularies, a combination of types, or a reference list. */
export function categoryLabel(variable: Variable, code: string, referenceLabels: Map<string, string> = new Map()): string {
  if (variable === 'historic_agency') return historicAgencyLabel(code);
  if (variable === 'exploitation_combination') {
    return code.split('+').map((t) => fixed.exploitation_type![t] ?? t).join(' and ');
  }
  return fixed[variable]?.[code] ?? referenceLabels.get(code) ?? code;
}
