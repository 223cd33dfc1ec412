/** Organisation types and nations from the data model (DATA-MODEL.md, Organisation). */
export const organisationTypes = [
  'police',
  'local_authority',
  'home_office_ukvi',
  'home_office_immigration_enforcement',
  'home_office_border_force',
  'ukba',
  'nca',
  'gla',
  'ngo',
  'health',
  'prosecution',
  'competent_authority',
  'support_provider',
  'government_other',
] as const;
export type OrganisationType = (typeof organisationTypes)[number];

export const organisationTypeLabels: Record<OrganisationType, string> = {
  police: 'Police force',
  local_authority: 'Local authority',
  home_office_ukvi: 'Home Office – UK Visas and Immigration',
  home_office_immigration_enforcement: 'Home Office – Immigration Enforcement',
  home_office_border_force: 'Home Office – Border Force',
  ukba: 'UK Border Agency (historic)',
  nca: 'National Crime Agency',
  gla: 'Gangmasters (and Labour Abuse) Licensing Authority',
  ngo: 'Non-governmental organisation',
  health: 'Health',
  prosecution: 'Prosecution service',
  competent_authority: 'Competent Authority',
  support_provider: 'Support provider',
  government_other: 'Other government',
};

/** HTCDS org_Type for each organisation type. */
export const htcdsOrgType: Record<OrganisationType, string> = {
  police: 'LawEnforcement',
  local_authority: 'LocalGovernmentOrganisation',
  home_office_ukvi: 'ImmigrationService',
  home_office_immigration_enforcement: 'ImmigrationService',
  home_office_border_force: 'ImmigrationService',
  ukba: 'ImmigrationService',
  nca: 'LawEnforcement',
  gla: 'LawEnforcement',
  ngo: 'NGO',
  health: 'HealthServiceOrganisation',
  prosecution: 'LegalService',
  competent_authority: 'CentralGovernmentOrganisation',
  support_provider: 'NGO',
  government_other: 'CentralGovernmentOrganisation',
};

export const nations = ['england', 'wales', 'scotland', 'northern_ireland'] as const;
export type Nation = (typeof nations)[number];

export const nationLabels: Record<Nation, string> = {
  england: 'England',
  wales: 'Wales',
  scotland: 'Scotland',
  northern_ireland: 'Northern Ireland',
};
