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
};

const tasks: Task[] = [
  { text: 'Organisations', href: '/admin/organisations', hint: 'Add organisations and change their details.', action: 'organisations:manage' },
  { text: 'Users', href: '/admin/users', hint: 'Add users, change roles, deactivate and unlock accounts.', action: 'users:manage' },
  { text: 'Reference data', href: '/admin/reference-data', hint: 'Keep the lists forms offer: nationalities, languages, police forces, local authorities and places.', action: 'reference-data:manage' },
  { text: 'Pseudonymised records', href: '/repository/records', hint: 'Browse, filter and download referrals without identities: a pseudonym for each case, dates as months.', action: 'repository:records' },
  { text: 'Audit log', href: '/audit', hint: 'Search every sign-in, view, change and refusal.', action: 'audit:search' },
];

export function homeFor(role: Role): Home {
  const refers = can(role, 'referrals:create');
  return {
    ...homes[role],
    tasks: tasks.filter((t) => can(role, t.action)).map(({ text, href, hint }) => ({ text, href, hint })),
    ...(refers ? { primaryAction: { text: 'Make a referral', href: '/referrals/new' } } : {}),
    showsDrafts: refers,
    showsQuestions: can(role, 'casework:answer-information'),
  };
}
