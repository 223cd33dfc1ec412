import { exploitationTypes, genders, meansOfControl, recruitmentMethods } from '../../referrals/vocabulary.js';
import { htcdsOrgType, type OrganisationType } from '../../organisations/kinds.js';

/**
 * The Human Trafficking Case Data Standard (HTCDS v2.0) exchange: a CSV whose header row holds HTCDS
 * field names and whose multi-select values are separated by semicolons (DATA-MODEL.md). It carries no
 * names, contact details or dates of birth: the case id is the referral's pseudonym.
 */
export const htcdsFields = [
  'cas_CaseID',
  'cas_IncomingReferralDate',
  'prs_Gender',
  'prs_AgeBroad',
  'prs_Citizenship',
  'prs_PrimaryLanguage',
  'vic_TypeOfExploitation',
  'vic_MethodsOfControl',
  'vic_MethodsOfRecruitment',
  'vic_TraffickingStatus',
  'org_Type',
] as const;
export type HtcdsField = (typeof htcdsFields)[number];

/** A line without these cannot be pooled: it would be a case of no one in particular. */
export const requiredFields: readonly HtcdsField[] = ['cas_CaseID', 'prs_Gender', 'prs_AgeBroad'];

export const multiSelectFields: readonly HtcdsField[] = ['prs_Citizenship', 'vic_TypeOfExploitation', 'vic_MethodsOfControl', 'vic_MethodsOfRecruitment'];

export const SEPARATOR = ';';

const htcdsOf = (v: Record<string, { htcds: string }>) => [...new Set(Object.values(v).map((x) => x.htcds))];

/** HTCDS vic_TraffickingStatus, from the Conclusive Grounds decision (DATA-MODEL.md, Decision). */
export const traffickingStatuses = ['PossibleVictimOfTrafficking', 'ActualVictimOfTrafficking', 'NotAVictimOfTrafficking'] as const;

/** The values each closed HTCDS field may take. */
export const htcdsVocabulary = {
  prs_Gender: htcdsOf(genders),
  prs_AgeBroad: ['Adult', 'Minor', 'Unknown'],
  vic_TypeOfExploitation: htcdsOf(exploitationTypes),
  vic_MethodsOfControl: htcdsOf(meansOfControl),
  vic_MethodsOfRecruitment: htcdsOf(recruitmentMethods),
  vic_TraffickingStatus: [...traffickingStatuses],
  org_Type: [...new Set(Object.values(htcdsOrgType))],
} satisfies Partial<Record<HtcdsField, string[]>>;

/**
 * The fields that would identify a person. HTCDS keeps them out of exchange; a partner file that
 * carries any of them is refused whole, so identities never enter the central repository this way.
 */
const identityPatterns: RegExp[] = [
  /name/i, /birth/i, /\bdob\b|_dob$|^dob/i, /e-?mail/i, /phone|mobile|telephone/i, /address|postcode|post_code|zip/i,
  /passport|national_?id|document_?number|idnumber/i, /contact/i, /photo/i, /alias/i,
];
export function isIdentityField(header: string): boolean {
  return identityPatterns.some((p) => p.test(header));
}

/** One case in HTCDS terms, normalised: multi-select values deduplicated and sorted, blanks as null. */
export interface HtcdsRecord {
  caseId: string;
  referralDate: string | null;
  gender: string;
  ageBroad: string;
  citizenship: string[];
  primaryLanguage: string | null;
  exploitationTypes: string[];
  methodsOfControl: string[];
  methodsOfRecruitment: string[];
  traffickingStatus: string | null;
  orgType: string | null;
}

/** What the export reads of a referral: descriptive, pseudonymised columns only. */
export interface ExportedReferral {
  caseId: string;
  receivedOn: string;
  gender: string;
  ageGroup: string;
  nationalities: string[];
  primaryLanguage: string | null;
  exploitationTypes: string[];
  meansOfControl: string[];
  recruitment: string[];
  /** The latest issued Conclusive Grounds decision's outcome: null when there is none. */
  cgPositive: boolean | null;
  organisationType: string;
}

const ageBroad: Record<string, string> = { adult: 'Adult', child: 'Minor', not_specified: 'Unknown' };

/**
 * A partner's gender and age group in Palermo's own codes (the columns the central repository pools
 * with referrals). HTCDS's values map one to one onto them.
 */
export function palermoGender(htcds: string): string {
  return Object.entries(genders).find(([, v]) => v.htcds === htcds)?.[0] ?? 'not_specified';
}
export function palermoAgeGroup(htcds: string): string {
  return Object.entries(ageBroad).find(([, v]) => v === htcds)?.[0] ?? 'not_specified';
}

export function normaliseList(values: Iterable<string>): string[] {
  return [...new Set([...values].map((v) => v.trim()).filter((v) => v !== ''))].sort();
}

function mapCodes(vocabulary: Record<string, { htcds: string }>, codes: readonly string[], fallback: string): string[] {
  return normaliseList(codes.map((code) => (Object.hasOwn(vocabulary, code) ? vocabulary[code]!.htcds : fallback)));
}

export function traffickingStatusOf(cgPositive: boolean | null): (typeof traffickingStatuses)[number] {
  if (cgPositive === null) return 'PossibleVictimOfTrafficking';
  return cgPositive ? 'ActualVictimOfTrafficking' : 'NotAVictimOfTrafficking';
}

export function recordFromReferral(r: ExportedReferral): HtcdsRecord {
  return {
    caseId: r.caseId,
    referralDate: r.receivedOn,
    gender: Object.hasOwn(genders, r.gender) ? genders[r.gender as keyof typeof genders].htcds : 'Unknown',
    ageBroad: ageBroad[r.ageGroup] ?? 'Unknown',
    citizenship: normaliseList(r.nationalities.map((c) => c.toUpperCase())),
    primaryLanguage: r.primaryLanguage ? r.primaryLanguage.toLowerCase() : null,
    exploitationTypes: mapCodes(exploitationTypes, r.exploitationTypes, 'Unknown'),
    methodsOfControl: mapCodes(meansOfControl, r.meansOfControl, 'Other'),
    methodsOfRecruitment: mapCodes(recruitmentMethods, r.recruitment, 'Unknown'),
    traffickingStatus: traffickingStatusOf(r.cgPositive),
    orgType: Object.hasOwn(htcdsOrgType, r.organisationType) ? htcdsOrgType[r.organisationType as OrganisationType] : null,
  };
}

/** A record as one CSV line, by HTCDS field name. */
export function toHtcdsLine(record: HtcdsRecord): Record<HtcdsField, string> {
  const list = (values: string[]) => values.join(SEPARATOR);
  return {
    cas_CaseID: record.caseId,
    cas_IncomingReferralDate: record.referralDate ?? '',
    prs_Gender: record.gender,
    prs_AgeBroad: record.ageBroad,
    prs_Citizenship: list(record.citizenship),
    prs_PrimaryLanguage: record.primaryLanguage ?? '',
    vic_TypeOfExploitation: list(record.exploitationTypes),
    vic_MethodsOfControl: list(record.methodsOfControl),
    vic_MethodsOfRecruitment: list(record.methodsOfRecruitment),
    vic_TraffickingStatus: record.traffickingStatus ?? '',
    org_Type: record.orgType ?? '',
  };
}
