/**
 * The fixed vocabularies of a referral (DATA-MODEL.md). Codes are stored; labels are shown. The HTCDS
 * names each code maps to are kept beside them for the exchange format.
 */
type Vocabulary<K extends string> = Record<K, { label: string; htcds?: string }>;

function codes<K extends string>(v: Vocabulary<K>): [K, ...K[]] {
  return Object.keys(v) as [K, ...K[]];
}

export const genders = {
  female: { label: 'Female', htcds: 'Female' },
  male: { label: 'Male', htcds: 'Male' },
  other: { label: 'Other', htcds: 'Other' },
  not_specified: { label: 'Not specified', htcds: 'Unknown' },
} satisfies Vocabulary<string>;
export const genderCodes = codes(genders);

export const exploitationTypes = {
  sexual: { label: 'Sexual exploitation', htcds: 'SexualExploitation' },
  labour: { label: 'Labour exploitation', htcds: 'ForcedLabour' },
  domestic_servitude: { label: 'Domestic servitude', htcds: 'DomesticServitude' },
  criminal: { label: 'Criminal exploitation', htcds: 'ForcedCriminalActivity' },
  organ_harvesting: { label: 'Organ harvesting', htcds: 'OrganRemoval' },
  benefit_fraud: { label: 'Benefit fraud', htcds: 'Other' },
  not_specified: { label: 'Not specified or unknown', htcds: 'Unknown' },
} satisfies Vocabulary<string>;
export const exploitationTypeCodes = codes(exploitationTypes);

/** HTCDS vic_MethodsOfControl. */
export const meansOfControl = {
  physical_threats: { label: 'Threats of physical harm', htcds: 'ThreatsOfViolence' },
  threats_of_law_enforcement: { label: 'Threats of police or immigration action', htcds: 'ThreatsOfLawEnforcementAction' },
  threats_to_family: { label: 'Threats to family', htcds: 'ThreatsAgainstFamily' },
  debt_bondage: { label: 'Debt bondage', htcds: 'DebtBondage' },
  false_promises: { label: 'False promises', htcds: 'FalsePromises' },
  physical_abuse: { label: 'Physical abuse', htcds: 'PhysicalAbuse' },
  sexual_abuse: { label: 'Sexual abuse', htcds: 'SexualAbuse' },
  takes_earnings: { label: 'Takes their earnings', htcds: 'TakesEarnings' },
  restricts_financial_access: { label: 'Restricts access to money', htcds: 'RestrictsFinancialAccess' },
  restricts_medical_care: { label: 'Restricts medical care', htcds: 'RestrictsMedicalCare' },
  withholds_necessities: { label: 'Withholds food, sleep or other necessities', htcds: 'WithholdsNecessities' },
  psychological_abuse: { label: 'Psychological abuse', htcds: 'PsychologicalAbuse' },
  psychoactive_substances: { label: 'Forced use of drugs or alcohol', htcds: 'PsychoactiveSubstances' },
  excessive_working_hours: { label: 'Excessive working hours', htcds: 'ExcessiveWorkingHours' },
  withholds_documents: { label: 'Withholds identity documents', htcds: 'WithholdsDocuments' },
  restricts_movement: { label: 'Restricts movement', htcds: 'RestrictsMovement' },
  other: { label: 'Other', htcds: 'Other' },
} satisfies Vocabulary<string>;
export const meansOfControlCodes = codes(meansOfControl);

/** HTCDS vic_MethodsOfRecruitment. */
export const recruitmentMethods = {
  job_offer: { label: 'Offer of a job', htcds: 'JobOffer' },
  education_offer: { label: 'Offer of education', htcds: 'EducationOffer' },
  travel_offer: { label: 'Offer of travel or migration', htcds: 'TravelOffer' },
  relationship: { label: 'Romantic relationship or marriage offer', htcds: 'IntimatePartner' },
  family_member: { label: 'By a family member', htcds: 'FamilyMember' },
  friend_or_acquaintance: { label: 'By a friend or acquaintance', htcds: 'PersonalRelationship' },
  abduction: { label: 'Abduction', htcds: 'Abduction' },
  sold: { label: 'Sold by someone else', htcds: 'Sold' },
  online: { label: 'Online or social media', htcds: 'Online' },
  other: { label: 'Other', htcds: 'Other' },
  unknown: { label: 'Not known', htcds: 'Unknown' },
} satisfies Vocabulary<string>;
export const recruitmentCodes = codes(recruitmentMethods);

/** Indicators of trafficking observed by the first responder. */
export const indicators = {
  no_identity_documents: { label: 'No access to their identity documents' },
  not_allowed_to_speak_freely: { label: 'Not allowed to speak for themselves' },
  fearful_or_anxious: { label: 'Fearful, anxious or distrustful of authorities' },
  signs_of_physical_injury: { label: 'Signs of physical injury or neglect' },
  lives_at_workplace: { label: 'Lives at or is transported to the workplace' },
  little_or_no_pay: { label: 'Little or no pay, or pay held by someone else' },
  owes_debt: { label: 'Owes a debt they cannot repay' },
  excessive_hours: { label: 'Works excessive hours' },
  poor_living_conditions: { label: 'Poor or overcrowded living conditions' },
  unfamiliar_with_area: { label: 'Does not know their home or work address' },
  scripted_answers: { label: 'Gives scripted or rehearsed answers' },
  found_in_cannabis_farm: { label: 'Found in a cannabis farm or other criminal setting' },
  county_lines_signs: { label: 'Signs of county lines: unexplained travel, cash or phones' },
  missing_episodes: { label: 'Has gone missing from home or care' },
  sexual_health_concerns: { label: 'Sexual health concerns or advertised for sex' },
} satisfies Vocabulary<string>;
export const indicatorCodes = codes(indicators);

export const immigrationStatuses = {
  british_or_irish: { label: 'British or Irish citizen' },
  settled: { label: 'Settled or pre-settled status' },
  leave_to_remain: { label: 'Other leave to remain (for example a visa)' },
  asylum_seeker: { label: 'Asylum seeker' },
  refugee_or_protection: { label: 'Refugee or humanitarian protection' },
  no_leave: { label: 'No leave to remain' },
  unknown: { label: 'Not known' },
} satisfies Vocabulary<string>;
export const immigrationStatusCodes = codes(immigrationStatuses);

export const asylumClaims = {
  yes: { label: 'Yes' },
  intends_to: { label: 'Intends to claim' },
  no: { label: 'No' },
  unknown: { label: 'Not known' },
} satisfies Vocabulary<string>;
export const asylumClaimCodes = codes(asylumClaims);

export const detentions = {
  none: { label: 'Not detained' },
  immigration_detention: { label: 'Immigration detention' },
  prison: { label: 'Prison' },
  police_custody: { label: 'Police custody' },
  unknown: { label: 'Not known' },
} satisfies Vocabulary<string>;
export const detentionCodes = codes(detentions);

export const letterRecipients = {
  person: { label: 'The person, at their safe contact details' },
  first_responder: { label: 'The first responder only' },
  representative: { label: 'A legal representative or support worker they name' },
} satisfies Vocabulary<string>;
export const letterRecipientCodes = codes(letterRecipients);

export const supportNeeds = {
  accommodation: { label: 'Safe accommodation' },
  outreach: { label: 'Outreach support' },
  interpreter: { label: 'An interpreter' },
  medical: { label: 'Medical care' },
  urgent_safety: { label: 'Urgent safety: the person is in immediate danger' },
} satisfies Vocabulary<string>;
export const supportNeedCodes = codes(supportNeeds);

export const under18Answers = {
  yes: { label: 'Yes' },
  no: { label: 'No' },
  not_sure: { label: 'Not sure' },
} satisfies Vocabulary<string>;
export const under18Codes = codes(under18Answers);
