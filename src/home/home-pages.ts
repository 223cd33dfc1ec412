import { can, type Action } from '../platform/auth/policy.js';
import type { Role } from '../platform/auth/roles.js';

interface Task {
  text: string;
  href: string;
  hint: string;
  action: Action;
}

interface Home {
  heading: string;
  lead: string;
  tasks: { text: string; href: string; hint: string }[];
  /** The one thing the role most often comes to do, as a button. */
  primaryAction?: { text: string; href: string };
  /** Whether the page lists the organisation's referrals in progress. */
  showsDrafts: boolean;
  /** Whether the page counts the Competent Authority's questions waiting for the organisation's answer. */
  showsQuestions: boolean;
  /** Whether the page shows the support provider's allocations and episodes (and, for the prime contractor, people waiting). */
  showsSupport: boolean;
  /** Whether the page counts the alerts about missing people waiting for the organisation's acknowledgement. */
  showsMissingAlerts: boolean;
  /** Whether the page counts the children referred in the local authority's area. */
  showsChildren: boolean;
}

/** What each role is here to do, in its own words. Tasks appear only when the role may do them. */
const homes: Record<Role, { heading: string; lead: string }> = {
  first_responder: { heading: 'Refer a potential victim', lead: 'Refer a potential victim of trafficking or slavery to the National Referral Mechanism, and follow your referrals.' },
  ca_caseworker: { heading: 'Your casework', lead: 'Make reasonable grounds and conclusive grounds decisions on referrals routed to your Competent Authority.' },
  ca_manager: { heading: 'Casework management', lead: 'Assign referrals, review negative decisions and keep decisions on time.' },
  support_worker: { heading: 'Support', lead: 'Accept support allocations, record accommodation and outreach, move-on and safe return.' },
  la_childrens_services: { heading: "Children's safeguarding", lead: 'Children referred in your area, their safeguarding plans and missing episodes.' },
  analyst: { heading: 'Statistics', lead: 'Quarterly NRM statistics and pseudonymised analysis for the central repository.' },
  policy_lead: { heading: 'Action plan and statistics', lead: 'Monitor the action plan and read the published statistics.' },
  admin: { heading: 'Administration', lead: 'Manage organisations and user accounts.' },
  auditor: { heading: 'Audit', lead: 'Review who read or changed what, when and from where.' },
  prosecution_service: { heading: 'Prosecution outcomes', lead: 'Your case-management system sends prosecution outcomes, linked to the victims’ referrals, through the Palermo API (POST /api/v1/prosecutions).' },
};

const tasks: Task[] = [
  { text: 'Organisations', href: '/admin/organisations', hint: 'Add organisations and change their details.', action: 'organisations:manage' },
  { text: 'Users', href: '/admin/users', hint: 'Add users, change roles, deactivate and unlock accounts.', action: 'users:manage' },
  { text: 'Reference data', href: '/admin/reference-data', hint: 'Keep the lists forms offer: nationalities, languages, police forces, local authorities and places.', action: 'reference-data:manage' },
  { text: 'Pseudonymised records', href: '/repository/records', hint: 'Browse, filter and download referrals without identities: a pseudonym for each case, dates as months.', action: 'repository:records' },
  { text: 'Prosecution statistics', href: '/statistics/prosecutions', hint: 'Convictions and sentences for trafficking and slavery offences, by offence and year, after disclosure control.', action: 'prosecutions:statistics' },
  { text: 'Missing people', href: '/missing', hint: 'Report a referred person missing, acknowledge alerts to your organisation and close episodes.', action: 'missing:view' },
  { text: 'Intelligence triage', href: '/intelligence', hint: 'Search, grade and triage intelligence from agencies and the public, and see it by police force area.', action: 'intelligence:triage' },
  { text: 'Send intelligence', href: '/intelligence/new', hint: 'Send intelligence about places, businesses, vehicles and people to the central repository, and read what your organisation has sent.', action: 'intelligence:submit' },
  { text: 'Allocations', href: '/support/allocations', hint: 'Accept or decline places offered to your organisation, start and end support, and read the cases you support.', action: 'support:respond' },
  { text: 'Support services', href: '/support/services', hint: 'Safe accommodation and outreach of every provider, with the places taken now.', action: 'support:services' },
  { text: 'Residence permits expiring soon', href: '/casework/residence-permits', hint: 'Permits on your Competent Authority’s cases that expire in the next 60 days, to renew in time.', action: 'casework:residence-permit' },
  { text: 'Audit log', href: '/audit', hint: 'Search every sign-in, view, change and refusal.', action: 'audit:search' },
  { text: 'Action plans', href: '/plans', hint: 'The UK action plan on tackling human trafficking: its actions, who is responsible and the progress reported.', action: 'plan:view' },
  { text: 'Progress updates to approve', href: '/plans/progress', hint: 'Approve or return the progress responsible organisations report on their actions.', action: 'plan:approve-progress' },
];

export function homeFor(role: Role): Home {
  const refers = can(role, 'referrals:create');
  return {
    ...homes[role],
    tasks: tasks.filter((t) => can(role, t.action)).map(({ text, href, hint }) => ({ text, href, hint })),
    ...(refers ? { primaryAction: { text: 'Make a referral', href: '/referrals/new' } } : {}),
    showsDrafts: refers,
    showsQuestions: can(role, 'casework:answer-information'),
    showsSupport: can(role, 'support:respond'),
    showsMissingAlerts: can(role, 'missing:view'),
    showsChildren: can(role, 'children:list'),
  };
}
