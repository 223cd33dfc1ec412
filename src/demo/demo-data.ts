import type { OrganisationType, Nation } from '../organisations/kinds.js';
import type { Role } from '../platform/auth/roles.js';
import type { CompetentAuthorityCode } from '../referrals/routing.js';

/** The password every demo account shares. Demo data is refused in production. */
export const DEMO_PASSWORD = 'palermo-demo-password';

interface DemoOrganisation {
  name: string;
  type: OrganisationType;
  nation: Nation;
  areaCode?: string;
  designatedFirstResponder?: boolean;
  providesSupport?: boolean;
  primeContractor?: string;
  competentAuthorityCode?: CompetentAuthorityCode;
}

// Organisations of the 2009 National Referral Mechanism: its two Competent Authorities, first
// responders in England and Scotland, and the support providers under the prime contractor.
export const demoOrganisations: DemoOrganisation[] = [
  { name: 'UK Human Trafficking Centre', type: 'competent_authority', nation: 'england', competentAuthorityCode: 'ukhtc' },
  { name: 'UK Border Agency', type: 'competent_authority', nation: 'england', designatedFirstResponder: true, competentAuthorityCode: 'ukba' },
  // Their successors, to which referrals received today are routed.
  { name: 'Single Competent Authority', type: 'competent_authority', nation: 'england', competentAuthorityCode: 'sca' },
  { name: 'Immigration Enforcement Competent Authority', type: 'competent_authority', nation: 'england', competentAuthorityCode: 'iecca' },
  { name: 'Metropolitan Police Service', type: 'police', nation: 'england', areaCode: 'E23000001', designatedFirstResponder: true },
  { name: 'South Yorkshire Police', type: 'police', nation: 'england', areaCode: 'E23000011', designatedFirstResponder: true },
  { name: 'Police Scotland', type: 'police', nation: 'scotland', areaCode: 'S23000009', designatedFirstResponder: true },
  { name: 'London Borough of Hillingdon', type: 'local_authority', nation: 'england', areaCode: 'E09000017', designatedFirstResponder: true },
  { name: 'Glasgow City Council', type: 'local_authority', nation: 'scotland', areaCode: 'S12000049', designatedFirstResponder: true },
  { name: 'The Salvation Army', type: 'support_provider', nation: 'england', providesSupport: true },
  { name: 'Poppy Project', type: 'ngo', nation: 'england', designatedFirstResponder: true, providesSupport: true, primeContractor: 'The Salvation Army' },
  { name: 'Migrant Helpline', type: 'ngo', nation: 'england', designatedFirstResponder: true, providesSupport: true, primeContractor: 'The Salvation Army' },
  { name: 'Kalayaan', type: 'ngo', nation: 'england', designatedFirstResponder: true },
  { name: 'TARA', type: 'ngo', nation: 'scotland', designatedFirstResponder: true },
  { name: 'Home Office', type: 'government_other', nation: 'england' },
  // A responsible party of the 2009 action plan's police actions (15, 16 and 34).
  { name: 'Association of Chief Police Officers', type: 'government_other', nation: 'england' },
  // Posts prosecution outcomes from its case-management system.
  { name: 'Crown Prosecution Service', type: 'prosecution', nation: 'england' },
];

export interface DemoUser {
  role: Role;
  email: string;
  name: string;
  organisation: string;
}

export const demoUsers: DemoUser[] = [
  { role: 'first_responder', email: 'first.responder@palermo.example', name: 'Fiona Reid', organisation: 'Metropolitan Police Service' },
  { role: 'ca_caseworker', email: 'caseworker@palermo.example', name: 'Kwame Mensah', organisation: 'Single Competent Authority' },
  // A second caseworker: negative decisions need another caseworker's review.
  { role: 'ca_caseworker', email: 'second.caseworker@palermo.example', name: 'Daniel Evans', organisation: 'Single Competent Authority' },
  { role: 'ca_manager', email: 'ca.manager@palermo.example', name: 'Priya Shah', organisation: 'Single Competent Authority' },
  { role: 'support_worker', email: 'support.worker@palermo.example', name: 'Sam Lewis', organisation: 'The Salvation Army' },
  { role: 'la_childrens_services', email: 'childrens.services@palermo.example', name: 'Aisha Khan', organisation: 'London Borough of Hillingdon' },
  { role: 'analyst', email: 'analyst@palermo.example', name: 'Tom Hughes', organisation: 'UK Human Trafficking Centre' },
  { role: 'policy_lead', email: 'policy.lead@palermo.example', name: 'Rachel Green', organisation: 'Home Office' },
  { role: 'admin', email: 'admin@palermo.example', name: 'Alex Morgan', organisation: 'Home Office' },
  { role: 'auditor', email: 'auditor@palermo.example', name: 'Jordan Ellis', organisation: 'Home Office' },
  { role: 'prosecution_service', email: 'prosecution.service@palermo.example', name: 'Morgan Blake', organisation: 'Crown Prosecution Service' },
];
