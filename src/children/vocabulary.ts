/** The fixed lists of children's safeguarding, as codes with the words the pages show. */

export const planStatuses = {
  in_preparation: 'Being prepared',
  agreed: 'Agreed',
  under_review: 'Under review',
  closed: 'Closed',
} as const;
export type PlanStatus = keyof typeof planStatuses;
export const planStatusCodes = Object.keys(planStatuses) as [PlanStatus, ...PlanStatus[]];

export const placementTypes = {
  foster_care: 'Foster care',
  residential: 'Residential children’s home',
  supported_lodgings: 'Supported lodgings',
  kinship: 'Kinship care',
  secure: 'Secure accommodation',
  other: 'Other',
} as const;
export type PlacementType = keyof typeof placementTypes;
export const placementTypeCodes = Object.keys(placementTypes) as [PlacementType, ...PlacementType[]];

/** What a question to the child was about, so that agencies find what has already been asked. */
export const multiAgencyTopics = {
  identity: 'Identity and age',
  family: 'Family',
  journey: 'Journey to and within the UK',
  exploitation: 'Exploitation',
  health: 'Health',
  education: 'Education',
  risks: 'Risks and safety',
  other: 'Other',
} as const;
export type MultiAgencyTopic = keyof typeof multiAgencyTopics;
export const multiAgencyTopicCodes = Object.keys(multiAgencyTopics) as [MultiAgencyTopic, ...MultiAgencyTopic[]];
