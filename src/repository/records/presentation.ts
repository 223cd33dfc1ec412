import { exploitationTypes, genders } from '../../referrals/vocabulary.js';
import { competentAuthorityNames } from '../../referrals/routing.js';
import { nationLabels, organisationTypeLabels } from '../../organisations/kinds.js';
import { outcomeLabels, stageLabels } from '../../casework/outcomes.js';
import type { PseudonymisedRecord } from './service.js';

/** How codes read on the pages; the CSV keeps the codes. Reference lists (nationalities, police forces) come from the database. */
export interface ReferenceLabels {
  nationality: Map<string, string>;
  policeForce: Map<string, string>;
}

type Shown = Partial<PseudonymisedRecord>;

export const routeLabels: Record<string, string> = { nrm: 'National Referral Mechanism', duty_to_notify: 'Duty to Notify' };
export const ageGroupLabels: Record<string, string> = { adult: 'Adult (18 or over)', child: 'Child (17 or under)', not_specified: 'Age not specified or unknown' };
export const locationLabels: Record<string, string> = { uk: 'UK', overseas: 'Overseas', both: 'UK and overseas', unknown: 'Not known' };

const label = (labels: Record<string, string | { label: string }>, code: string | null | undefined, none = 'Not recorded') => {
  if (!code) return none;
  const found = Object.hasOwn(labels, code) ? labels[code] : undefined;
  return typeof found === 'string' ? found : found?.label ?? code;
};

/** "2026-03" as "March 2026". */
export function monthLabel(month: string | null | undefined): string {
  if (!month) return '';
  const [year, m] = month.split('-').map(Number);
  return new Date(Date.UTC(year!, m! - 1, 1)).toLocaleDateString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
}

const days = (n: number | null | undefined) => (n === null || n === undefined ? '' : `${n} ${n === 1 ? 'day' : 'days'}`);

/** A stage's standing decision in one phrase: outcome, month and days from receipt. */
function decisionText(r: Shown, stage: 'rg' | 'cg'): string {
  if (r.route === 'duty_to_notify') return 'Not applicable';
  const [outcome, month, wait] = stage === 'rg' ? [r.rgOutcome, r.rgDecisionMonth, r.daysToRg] : [r.cgOutcome, r.cgDecisionMonth, r.daysToCg];
  if (!outcome) return 'No decision';
  return `${label(outcomeLabels, outcome)}, ${monthLabel(month)}, ${days(wait)} after receipt`;
}

/** The record's fields as the page names them, in order. A field the policy dropped is left out, not shown empty. */
export function describeRecord(r: Shown, ref: ReferenceLabels): { key: string; value: string }[] {
  const list = (codes: string[] | undefined, labels: (code: string) => string, none: string) => (codes?.length ? codes.map(labels).join(', ') : none);
  const rows: [keyof Shown, string, () => string][] = [
    ['receivedMonth', 'Received', () => monthLabel(r.receivedMonth)],
    ['route', 'Route', () => label(routeLabels, r.route)],
    ['competentAuthority', 'Competent Authority', () => label(competentAuthorityNames, r.competentAuthority, 'Not applicable')],
    ['ageGroup', 'Age at exploitation', () => label(ageGroupLabels, r.ageGroup)],
    ['gender', 'Gender', () => label(genders, r.gender)],
    ['nationalities', 'Nationality', () => list(r.nationalities, (c) => ref.nationality.get(c) ?? c, 'Not known')],
    ['exploitationTypes', 'Exploitation', () => list(r.exploitationTypes, (c) => label(exploitationTypes, c), 'Not recorded')],
    ['countyLines', 'County lines', () => (r.countyLines ? 'Yes' : 'No')],
    ['exploitationLocation', 'Location of exploitation', () => label(locationLabels, r.exploitationLocation)],
    ['responderOrganisationType', 'First responder', () => label(organisationTypeLabels, r.responderOrganisationType)],
    ['nation', 'Nation', () => label(nationLabels, r.nation)],
    ['policeForceArea', 'Police force area', () => (r.policeForceArea ? ref.policeForce.get(r.policeForceArea) ?? r.policeForceArea : 'Not recorded')],
    ['rgOutcome', 'Reasonable grounds', () => decisionText(r, 'rg')],
    ['cgOutcome', 'Conclusive grounds', () => decisionText(r, 'cg')],
  ];
  return rows.filter(([field]) => field in r).map(([, key, value]) => ({ key, value: value() }));
}

/** A situation of exploitation: its types, its months and whether it was in the UK, overseas or both. */
export function describeSituation(s: PseudonymisedRecord['situations'][number]) {
  const period = s.startMonth
    ? `${monthLabel(s.startMonth)} to ${s.ongoing ? 'now (ongoing)' : s.endMonth ? monthLabel(s.endMonth) : 'not known'}`
    : 'Not known';
  const where = s.inUk && s.overseas ? 'both' : s.inUk ? 'uk' : s.overseas ? 'overseas' : 'unknown';
  return {
    number: s.position + 1,
    types: s.types.map((t) => label(exploitationTypes, t)).join(', ') + (s.countyLines ? ' (county lines)' : ''),
    period,
    where: locationLabels[where]!,
  };
}

export function describeDecision(d: PseudonymisedRecord['decisions'][number]) {
  return {
    stage: label(stageLabels, d.stage),
    outcome: label(outcomeLabels, d.outcome),
    month: monthLabel(d.decisionMonth),
    days: days(d.daysFromReceipt),
    reconsideration: d.onReconsideration ? 'Yes' : 'No',
  };
}
