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
export type Scope = 'all' | 'own_organisation' | 'own_authority' | 'assigned' | 'own' | 'none';

export type RecordType = 'organisation' | 'user' | 'audit_event' | 'referral' | 'referral_draft' | 'pseudonymised_referral';

const scopes: Record<RecordType, Partial<Record<Role, Scope>>> = {
  organisation: { admin: 'all' },
  user: { admin: 'all' },
  audit_event: { auditor: 'all' },
  // First responders follow their own organisation's referrals; a Competent Authority sees those routed to it.
  referral: { first_responder: 'own_organisation', ca_caseworker: 'own_authority', ca_manager: 'own_authority' },
  // A draft belongs to the organisation: a colleague can take it over.
  referral_draft: { first_responder: 'own_organisation' },
  pseudonymised_referral: { analyst: 'all' },
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

const readableFields: Record<RecordType, Partial<Record<Role, readonly string[]>>> = {
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
