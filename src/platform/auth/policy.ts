import { sql, type SQL, type Column } from 'drizzle-orm';
import type { Role } from './roles.js';
import { roles } from './roles.js';

/**
 * The one place that decides who may do what. Three enforcement points, all on the server:
 *  (a) actions a role may take — checked for every route before its handler runs;
 *  (b) which records a list may return — a scope turned into SQL by the store;
 *  (c) which fields of a record a role may see — applied before anything is rendered or returned.
 * A role not named for an action is refused; a record type with no scope for a role returns nothing.
 */

const everyone = roles;

export const actionGrants = {
  'home:view': everyone,
  'account:view': everyone,
  'api:whoami': everyone,
  'organisations:list': ['admin'],
  'organisations:manage': ['admin'],
  'users:list': ['admin'],
  'users:manage': ['admin'],
  'reference-data:list': ['admin'],
  'reference-data:manage': ['admin'],
  'audit:search': ['auditor'],
  'referrals:create': ['first_responder'],
  'referrals:view': ['first_responder', 'ca_caseworker', 'ca_manager'],
  'referrals:reroute': ['ca_manager'],
  // Casework at the Competent Authority: every caseworker decides; a manager also assigns and approves extensions.
  'casework:queue': ['ca_caseworker', 'ca_manager'],
  'casework:view': ['ca_caseworker', 'ca_manager'],
  'casework:assign': ['ca_manager'],
  'casework:take': ['ca_caseworker', 'ca_manager'],
  'casework:decide': ['ca_caseworker', 'ca_manager'],
  'casework:review': ['ca_caseworker', 'ca_manager'],
  'casework:suspend': ['ca_caseworker', 'ca_manager'],
  'casework:withdraw': ['ca_caseworker', 'ca_manager'],
  'casework:request-information': ['ca_caseworker', 'ca_manager'],
  'casework:recovery-period': ['ca_caseworker', 'ca_manager'],
  'casework:approve-extension': ['ca_manager'],
  'casework:decide-reconsideration': ['ca_caseworker', 'ca_manager'],
  'casework:timeliness': ['ca_manager'],
  // The first responder answers the Competent Authority's questions and may ask for a negative decision to be reconsidered.
  'casework:answer-information': ['first_responder'],
  'casework:ask-reconsideration': ['first_responder'],
  'notices:view': ['first_responder', 'ca_caseworker', 'ca_manager'],
  'notices:mailbox': ['admin'],
  // The central repository: statistics from pseudonymised data only; imports by administrators.
  'statistics:view': ['analyst', 'policy_lead'],
  'statistics:publish': ['analyst'],
  'htcds:export': ['analyst'],
  'htcds:import': ['admin'],
  'repository:import': ['admin'],
  // Record-level data: analysts see pseudonymised records only (STATISTICS.md); policy leads read published figures.
  'repository:records': ['analyst'],
  // Intelligence for the central repository (2009 action 15): agencies submit and read their own organisation's
  // reports; analysts triage every report, agency and anonymous public alike.
  'intelligence:submit': ['first_responder', 'ca_caseworker', 'ca_manager', 'support_worker', 'la_childrens_services'],
  'intelligence:view': ['first_responder', 'ca_caseworker', 'ca_manager', 'support_worker', 'la_childrens_services', 'analyst'],
  'intelligence:triage': ['analyst'],
  // Children's safeguarding: the child's local authority sees the children referred in its area and keeps their
  // safeguarding record; the agencies involved with a child share one record of what was asked (checked again in
  // the service: the principal's organisation must be involved with that child).
  'children:list': ['la_childrens_services'],
  'children:view': ['la_childrens_services'],
  'children:safeguard': ['la_childrens_services'],
  'multi-agency:view': ['first_responder', 'ca_caseworker', 'ca_manager', 'support_worker', 'la_childrens_services'],
  'multi-agency:add': ['first_responder', 'ca_caseworker', 'ca_manager', 'support_worker', 'la_childrens_services'],
  // The rapporteur's annual report, drafted from published figures: for policy leads (the ministerial group's secretariat) and analysts.
  'reports:annual': ['policy_lead', 'analyst'],
  // Prosecution outcomes: the prosecution service's case-management system posts them; the Competent
  // Authority sees them on the case; analysts and policy leads read the counts after disclosure control.
  'prosecutions:submit': ['prosecution_service'],
  'prosecutions:view': ['ca_caseworker', 'ca_manager'],
  'prosecutions:statistics': ['analyst', 'policy_lead'],
  // Victim support: support workers at the providers answer allocations and record support; the prime contractor's
  // support workers allocate (checked again in the service: an organisation providing support with no prime
  // contractor above it). Services and occupancy are seen by support workers and administrators, and each
  // provider's services are edited by its support workers or an administrator.
  'support:services': ['support_worker', 'admin'],
  'support:manage-services': ['support_worker', 'admin'],
  'support:allocate': ['support_worker'],
  'support:respond': ['support_worker'],
  'support:episodes': ['support_worker'],
  'support:view-case': ['support_worker'],
  // Missing persons: anyone involved with a referred person may report them missing, sees the episodes and
  // their organisation's alerts, acknowledges an alert for their organisation and closes an episode (checked
  // again in the service: the organisation must be involved with the referral).
  'missing:report': ['first_responder', 'ca_caseworker', 'ca_manager', 'support_worker', 'la_childrens_services'],
  'missing:view': ['first_responder', 'ca_caseworker', 'ca_manager', 'support_worker', 'la_childrens_services'],
  'missing:acknowledge': ['first_responder', 'ca_caseworker', 'ca_manager', 'support_worker', 'la_childrens_services'],
  'missing:close': ['first_responder', 'ca_caseworker', 'ca_manager', 'support_worker', 'la_childrens_services'],
  // Voluntary returns: the re-trafficking risk assessment before a return and the return itself, by the Competent
  // Authority on its own cases and support workers on cases their provider supports (checked again in the service);
  // a high risk is signed off by a manager. Residence permits after a positive CG decision are recorded and renewed
  // by the Competent Authority.
  'returns:view': ['ca_caseworker', 'ca_manager', 'support_worker'],
  'returns:assess': ['ca_caseworker', 'ca_manager', 'support_worker'],
  'returns:sign-off': ['ca_manager'],
  'returns:request': ['ca_caseworker', 'ca_manager', 'support_worker'],
  'returns:record': ['ca_caseworker', 'ca_manager', 'support_worker'],
  'casework:residence-permit': ['ca_caseworker', 'ca_manager'],
  // Action-plan monitoring: policy leads maintain plans and approve progress; staff of a responsible organisation
  // propose progress on its actions (checked again in the service: the user's organisation must be a responsible
  // party of that action); analysts and auditors read. The plans are published policy, not about any person.
  'plan:view': ['first_responder', 'ca_caseworker', 'ca_manager', 'support_worker', 'la_childrens_services', 'analyst', 'policy_lead', 'auditor'],
  'plan:propose-progress': ['first_responder', 'ca_caseworker', 'ca_manager', 'support_worker', 'la_childrens_services', 'policy_lead'],
  'plan:approve-progress': ['policy_lead'],
  'plan:manage': ['policy_lead'],
  'plan:monitor': ['policy_lead', 'analyst', 'auditor'],
} as const satisfies Record<string, readonly Role[]>;

export type Action = keyof typeof actionGrants;

export function can(role: Role, action: Action): boolean {
  const granted: readonly Role[] | undefined = Object.hasOwn(actionGrants, action) ? actionGrants[action] : undefined;
  return granted?.includes(role) ?? false; // an action nobody declared is refused to everybody
}

export function rolesAllowed(action: Action): readonly Role[] {
  return actionGrants[action];
}

/** How much of a record type a role's lists may return. */
export type Scope = 'all' | 'own_organisation' | 'own_authority' | 'own_area' | 'involved' | 'assigned' | 'own' | 'none';

export type RecordType = 'organisation' | 'user' | 'audit_event' | 'referral' | 'referral_draft' | 'pseudonymised_referral' | 'child' | 'multi_agency_record' | 'support_case' | 'intelligence_report' | 'missing_episode';

const scopes: Record<RecordType, Partial<Record<Role, Scope>>> = {
  // A missing episode: the organisations involved with the person (referrer, Competent Authority, the area's police
  // force, the child's local authority, a support provider, any organisation alerted).
  missing_episode: { first_responder: 'involved', ca_caseworker: 'involved', ca_manager: 'involved', support_worker: 'involved', la_childrens_services: 'involved' },
  // A support worker sees the cases allocated to their own provider (the allocation's organisation).
  support_case: { support_worker: 'own_organisation' },
  organisation: { admin: 'all' },
  user: { admin: 'all' },
  audit_event: { auditor: 'all' },
  // First responders follow their own organisation's referrals; a Competent Authority sees those routed to it.
  referral: { first_responder: 'own_organisation', ca_caseworker: 'own_authority', ca_manager: 'own_authority' },
  // A draft belongs to the organisation: a colleague can take it over.
  referral_draft: { first_responder: 'own_organisation' },
  pseudonymised_referral: { analyst: 'all' },
  // Intelligence: each agency its own organisation's reports; analysts all of them.
  intelligence_report: {
    first_responder: 'own_organisation', ca_caseworker: 'own_organisation', ca_manager: 'own_organisation',
    support_worker: 'own_organisation', la_childrens_services: 'own_organisation', analyst: 'all',
  },
  // A local authority sees the children whose referral names it as the child's local authority (its area code).
  child: { la_childrens_services: 'own_area' },
  // The multi-agency record: only an organisation involved with the child (referrer, Competent Authority, local
  // authority, the area's police force, a support provider with an allocation).
  multi_agency_record: { first_responder: 'involved', ca_caseworker: 'involved', ca_manager: 'involved', support_worker: 'involved', la_childrens_services: 'involved' },
};

export function scopeFor(role: Role, recordType: RecordType): Scope {
  return scopes[recordType][role] ?? 'none';
}

export interface ScopeSubject {
  userId: string;
  organisationId: string;
}

/** The columns a record type offers to scope by; a scope whose column is absent returns nothing. */
export interface ScopeColumns {
  organisation?: Column;
  /** The Competent Authority a record is routed to. */
  authority?: Column;
  assignee?: Column;
  owner?: Column;
  /** An area code (local authority or police force area) the record belongs to. */
  area?: Column;
  /** The organisations involved with the record, as a subquery returning their ids. */
  involved?: SQL;
}

/** A WHERE condition that limits a list to the role's scope. */
export function scopeCondition(scope: Scope, subject: ScopeSubject, columns: ScopeColumns): SQL {
  switch (scope) {
    case 'all':
      return sql`true`;
    case 'own_organisation':
      return columns.organisation ? sql`${columns.organisation} = ${subject.organisationId}` : sql`false`;
    case 'own_authority':
      return columns.authority ? sql`${columns.authority} = ${subject.organisationId}` : sql`false`;
    case 'own_area':
      // The area of the principal's own organisation; an organisation without one sees nothing.
      return columns.area ? sql`${columns.area} = (SELECT o.area_code FROM organisations o WHERE o.id = ${subject.organisationId})` : sql`false`;
    case 'involved':
      return columns.involved ? sql`${subject.organisationId}::uuid IN (${columns.involved})` : sql`false`;
    case 'assigned':
      return columns.assignee ? sql`${columns.assignee} = ${subject.userId}` : sql`false`;
    case 'own':
      return columns.owner ? sql`${columns.owner} = ${subject.userId}` : sql`false`;
    case 'none':
      return sql`false`;
  }
}

const referralCaseFields = [
  'id', 'reference', 'version', 'route', 'status', 'receivedAt', 'nation', 'organisation', 'competentAuthority', 'routing', 'ageGroup',
  'treatedAsChild', 'consent', 'gender', 'nationalities', 'exploitationTypes', 'countyLines', 'exploitationLocation',
  'policeForceCode', 'localAuthorityCode', 'detained', 'asylumClaim', 'immigrationStatus', 'reasonableGroundsDueDate', 'details', 'situations',
] as const;
/** Identifying fields, decrypted only for roles listed here. */
export const referralIdentityFields = ['person', 'narratives'] as const;

const intelligenceReportFields = [
  'id', 'reference', 'version', 'source', 'receivedAt', 'organisation', 'what', 'people', 'places', 'businesses', 'vehicles', 'phoneNumbers',
  'exploitationTypes', 'policeForceCode', 'grading', 'triageStatus', 'triagedAt', 'linkedReferrals',
] as const;

const readableFields: Record<RecordType, Partial<Record<Role, readonly string[]>>> = {
  // Everyone looking for a missing person reads the whole episode: where and when they were last seen is what they act on.
  missing_episode: Object.fromEntries((['first_responder', 'ca_caseworker', 'ca_manager', 'support_worker', 'la_childrens_services'] as const)
    .map((role) => [role, ['id', 'reference', 'version', 'person', 'child', 'ageGroup', 'gender', 'nationalities', 'lastSeenAt', 'circumstances', 'reportedAt',
      'reportedBy', 'reportedByOrganisation', 'policeForceCode', 'noPoliceForce', 'suspendedCase', 'outcome', 'endedAt', 'closedAt', 'alerts']])),
  // What a provider needs to support the person: who they are and how to reach them safely, their needs and
  // languages, the key dates — never the caseworkers' notes; the account of the exploitation only where the
  // person agreed to share it with the provider (checked on each request, see src/support/case-view.ts).
  support_case: {
    support_worker: [
      'reference', 'name', 'contact', 'gender', 'nationalities', 'languages', 'interpreterNeeded', 'supportNeeds', 'exploitationTypes',
      'rgDecidedOn', 'cgDecidedOn', 'cgPositive', 'recoveryPeriodEnd', 'supportEnd', 'allocation', 'episodes', 'narrativeShared',
    ],
  },
  organisation: {
    admin: ['id', 'name', 'type', 'nation', 'areaCode', 'designatedFirstResponder', 'providesSupport', 'primeContractorId', 'active', 'competentAuthorityCode', 'version'],
  },
  user: {
    admin: ['id', 'email', 'name', 'organisationId', 'organisationName', 'role', 'active', 'failedSignIns', 'lockedUntil', 'lastSignInAt', 'version'],
  },
  referral: {
    first_responder: [...referralCaseFields, ...referralIdentityFields, 'notes'],
    ca_caseworker: [...referralCaseFields, ...referralIdentityFields, 'notes', 'possibleDuplicates', 'assignedTo'],
    ca_manager: [...referralCaseFields, ...referralIdentityFields, 'notes', 'possibleDuplicates', 'assignedTo'],
  },
  referral_draft: {
    first_responder: ['id', 'answers', 'version', 'createdBy', 'updatedBy', 'createdAt', 'updatedAt', 'expiresAt'],
  },
  // Descriptive columns only, dates as months: never the reference, identity, narratives or sealed fields.
  pseudonymised_referral: {
    analyst: [
      'pseudonym', 'receivedMonth', 'route', 'competentAuthority', 'ageGroup', 'gender', 'nationalities', 'exploitationTypes', 'countyLines',
      'exploitationLocation', 'responderOrganisationType', 'nation', 'policeForceArea', 'rgOutcome', 'rgDecisionMonth', 'daysToRg',
      'cgOutcome', 'cgDecisionMonth', 'daysToCg', 'situations', 'decisions',
    ],
  },
  // What children's services need to safeguard the child: identity and safe contact, where the child is, the
  // referral's dates and status — not the account of the exploitation or the Competent Authority's notes.
  child: {
    la_childrens_services: [
      'id', 'reference', 'status', 'receivedAt', 'reasonableGroundsDueDate', 'competentAuthority', 'organisation', 'gender', 'nationalities',
      'languages', 'interpreterNeeded', 'person', 'safeContact', 'currentLocation', 'localAuthorityCaseNumber', 'safeguarding',
    ],
  },
  multi_agency_record: Object.fromEntries((['first_responder', 'ca_caseworker', 'ca_manager', 'support_worker', 'la_childrens_services'] as const)
    .map((role) => [role, ['id', 'reference', 'agencies', 'entries']])),
  // Analysts triage what is reported about places, businesses and suspects, never who the possible victims are.
  intelligence_report: {
    ...Object.fromEntries((['first_responder', 'ca_caseworker', 'ca_manager', 'support_worker', 'la_childrens_services'] as const)
      .map((role) => [role, [...intelligenceReportFields, 'possibleVictims']])),
    analyst: intelligenceReportFields,
  },
  audit_event: {
    auditor: ['seq', 'id', 'occurredAt', 'actorUserId', 'actorEmail', 'organisationId', 'organisationName', 'role', 'action', 'recordType', 'recordId', 'fields', 'outcome', 'requestId', 'sourceIp', 'details', 'hash'],
  },
};

export function fieldsFor(role: Role, recordType: RecordType): readonly string[] {
  return readableFields[recordType][role] ?? [];
}

/** Keeps only the fields the role may read; everything else is dropped, not blanked. */
export function visibleFields<T extends Record<string, unknown>>(role: Role, recordType: RecordType, record: T): Partial<T> {
  const allowed = new Set(fieldsFor(role, recordType));
  return Object.fromEntries(Object.entries(record).filter(([key]) => allowed.has(key))) as Partial<T>;
}
