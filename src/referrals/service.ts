import { createHash, randomUUID } from 'node:crypto';
import type { Database, Db } from '../platform/db/database.js';
import type { Clock } from '../platform/clock.js';
import type { AuditContext, AuditLog } from '../platform/audit/audit-log.js';
import type { FieldCipher } from '../platform/crypto/field-encryption.js';
import { BlindIndex } from '../platform/crypto/blind-index.js';
import { canonicalJson } from '../platform/audit/chain.js';
import type { Principal } from '../platform/auth/principal.js';
import { ukDate } from '../platform/working-days.js';
import { reasonableGroundsDue } from '../casework/deadlines.js';
import { initialQueuePosition } from '../casework/queue-position.js';
import { findOrganisation } from '../organisations/store.js';
import type { Nation, OrganisationType } from '../organisations/kinds.js';
import { enqueueStatement, type OutboxMessage } from '../outbox/store.js';
import { routeReferral, type RoutingContext } from './routing.js';
import { ageGroupAtExploitation, exploitationLocation, routeOf, treatedAsChild, type FieldProblem, type ReferralSubmission } from './schema.js';
import { completeValidation, parseReferral, referenceCodesOf, type Validation } from './validation.js';
import { birthDateKey, identityOf, nameKeys, sealIdentity } from './identity.js';
import * as store from './store.js';

/** Public authorities in England and Wales carry the Duty to Notify (from 1 November 2015). */
const notifyingTypes: OrganisationType[] = ['police', 'local_authority', 'home_office_ukvi', 'home_office_immigration_enforcement', 'home_office_border_force', 'ukba', 'nca', 'gla'];

export class ReferralValidationError extends Error {
  constructor(readonly problems: FieldProblem[]) {
    super('The referral has problems to correct');
  }
}
export class IdempotencyConflictError extends Error {
  constructor() {
    super('This Idempotency-Key was already used for a different referral. Use a new key for a new referral.');
  }
}
export class RoutingConfigurationError extends Error {}

export interface SubmittedReferral {
  id: string;
  reference: string;
  route: 'nrm' | 'duty_to_notify';
  status: string;
  receivedAt: Date;
  competentAuthority: { code: string; name: string } | null;
  reasonableGroundsDueDate: string | null;
  /** True when this answer repeats an earlier submission with the same idempotency key. */
  replayed: boolean;
}

export class ReferralService {
  /** The blind index of names and dates of birth: shared with the historical import, so its keys match. */
  readonly names: BlindIndex;

  constructor(
    private readonly database: Database,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly cipher: FieldCipher,
    encryptionKey: Buffer,
  ) {
    this.names = new BlindIndex(encryptionKey, 'person identity');
  }

  /** What the referral rules need to know about the referrer, for the pages to ask the right questions. */
  async referrerContext(principal: Principal, db: Db = this.database.db): Promise<{ nation: Nation; type: OrganisationType; mayNotify: boolean }> {
    // Inside a transaction, pass it: on the embedded database a query outside it would wait for it forever.
    const organisation = await findOrganisation(db, principal.organisationId, 'all', principal);
    if (!organisation) throw new Error('The signed-in user has no organisation');
    return referrerOf(organisation.nation as Nation, organisation.type as OrganisationType);
  }

  async validate(principal: Principal, input: unknown): Promise<Validation> {
    const checked = await this.check(principal, input, this.clock.now());
    return checked.ok ? { ok: true, value: checked.submission } : checked;
  }

  /**
   * The validation and what the submission needs from the database besides, read in one round trip —
   * with the next reference number when `numbered` (a submission, not a page's check).
   */
  private async check(principal: Principal, input: unknown, now: Date, numbered = false): Promise<Checked> {
    const parsed = parseReferral(input);
    if (!parsed.ok) return parsed;
    const s = parsed.value;
    const wanted = referenceCodesOf(s);
    const series = numbered ? seriesOf(s, now) : undefined;
    const intake = await store.findIntakeContext(this.database.db, principal.organisationId, wanted, s.childLocalAuthority?.code ?? null, series);
    if (!intake) throw new Error('The signed-in user has no organisation');
    const referrer = referrerOf(intake.referrer.nation as Nation, intake.referrer.type as OrganisationType);
    const validation = completeValidation(s, { today: ukDate(now), mayNotify: referrer.mayNotify }, wanted, intake.knownCodes);
    return validation.ok ? { ok: true, submission: s, referrer, intake } : validation;
  }

  /**
   * Stores a referral in one transaction: the referral, its routing decision, its audit event and its
   * outbox messages — and removes the draft it came from. The same idempotency key never makes two
   * referrals: a repeat with the same content answers with the first referral; with other content, 409.
   */
  async submit(principal: Principal, input: unknown, idempotencyKey: string, context: AuditContext, options: { draftId?: string } = {}): Promise<SubmittedReferral> {
    // One reading of the clock: the reference's year, the receipt date and the deadlines all agree.
    const now = this.clock.now();
    const checked = await this.check(principal, input, now, true);
    if (!checked.ok) throw new ReferralValidationError(checked.problems);
    const requestHash = requestHashOf(checked.submission);
    // The number was taken with the intake context, in a statement of its own, so concurrent submissions
    // do not queue behind one another's writes. A failed submission leaves a gap, never a duplicate.
    const reference = `${seriesOf(checked.submission, now)}-${String(checked.intake.referenceNumber).padStart(6, '0')}`;
    try {
      const submission: Submission = { ...checked, now, principal, reference, idempotencyKey, requestHash, context, draftId: options.draftId };
      // Without a draft to remove, the one statement is the transaction: one round trip fewer each way.
      return submission.draftId
        ? await this.database.transaction((tx) => this.store(tx, submission))
        : await this.store(this.database.db, submission);
    } catch (error) {
      // The key was used before (a retry, a double click, or a concurrent submission that won the race).
      const earlier = await store.findByIdempotencyKey(this.database.db, principal.organisationId, idempotencyKey);
      if (earlier) return this.replay(earlier, requestHash);
      throw error;
    }
  }

  private async replay(earlier: store.ReferralRow, requestHash: string): Promise<SubmittedReferral> {
    if (earlier.requestHash !== requestHash) throw new IdempotencyConflictError();
    const authority = earlier.competentAuthorityId ? await findOrganisation(this.database.db, earlier.competentAuthorityId, 'all', { userId: '', organisationId: '' }) : undefined;
    return summary(earlier, authority ? { code: authority.competentAuthorityCode ?? '', name: authority.name } : null, true);
  }

  /** Every row, the possible duplicates and the audit event in one statement (after the draft's removal, if any). */
  private async store(tx: Db, u: Submission): Promise<SubmittedReferral> {
    const s = u.submission;
    const receivedOn = ukDate(u.now);
    const routing = routeOf(s) === 'nrm' ? this.competentAuthorityFor(u, receivedOn) : null;
    const referral = referralRow(u, routing, randomUUID(), receivedOn);
    const anonymous = referral.route === 'duty_to_notify';
    const { person, situations } = personAndSituations(this.cipher, this.names, s, referral);
    if (u.draftId) await this.drafts?.removeInTransaction(tx, u.principal, u.draftId);

    const inserts = store.submissionInserts({ referral, person, situations });
    const messages = outboxMessagesOf(u, referral, routing);
    if (messages.length > 0) inserts.push(enqueueStatement(messages, u.now));
    // The rows go with the audit event, last: the chain's lock is then held only for that one statement and the commit.
    await this.audit.record(tx, u.context, {
      action: 'create', recordType: 'referral', recordId: referral.id,
      fields: anonymous ? ['gender', 'nationalities', 'situations'] : ['person', 'situations', 'details'],
      details: { reference: u.reference, route: referral.route, routingRule: routing?.ruleId ?? null, fromDraft: u.draftId ?? null },
    }, inserts);
    return summary(referral, routing ? { code: routing.code, name: routing.name } : null, false);
  }

  private competentAuthorityFor(u: Submission, receivedOn: string): Routing {
    const decision = routeReferral(routingContextOf(u.submission, u.referrer.type, receivedOn));
    const organisation = u.intake.authorities.find((a) => a.code === decision.authority);
    if (!organisation) throw new RoutingConfigurationError(`No active organisation is set up as the Competent Authority “${decision.authority}”. An administrator must set one up.`);
    return { id: organisation.id, code: decision.authority, name: organisation.name, ruleId: decision.ruleId, explanation: decision.explanation };
  }

  /** Set once the draft store exists: submission removes the draft in its own transaction. */
  drafts?: { removeInTransaction(tx: Db, principal: Principal, draftId: string): Promise<void> };
}

export type Referrer = { nation: Nation; type: OrganisationType; mayNotify: boolean };
type Checked = { ok: false; problems: FieldProblem[] } | { ok: true; submission: ReferralSubmission; referrer: Referrer; intake: store.IntakeContext };
type Routing = { id: string; code: string; name: string; ruleId: string; explanation: string };

/** A valid submission on its way to the database, with everything decided before its transaction. */
interface Submission {
  submission: ReferralSubmission;
  referrer: Referrer;
  intake: store.IntakeContext;
  now: Date;
  principal: Principal;
  reference: string;
  idempotencyKey: string;
  requestHash: string;
  context: AuditContext;
  draftId?: string;
}

/** What routing needs to know of a referral: who referred, when, and the person's immigration context. */
export function routingContextOf(s: ReferralSubmission, referrerType: OrganisationType, receivedOn: string): RoutingContext {
  const p = s.person;
  return {
    receivedOn, referrerType, asylumClaim: p.asylumClaim ?? 'unknown', detention: p.detention ?? 'unknown',
    irregularStatus: p.immigrationStatus === 'no_leave', britishOrIrish: p.nationalities.every((n) => n === 'GB' || n === 'IE'),
  };
}

function withQueuePosition(route: string, reasonableGroundsDueDate: string | null) {
  return { reasonableGroundsDueDate, ...initialQueuePosition(route, reasonableGroundsDueDate) };
}

/** The series a referral's number is taken from: NRM or DTN, and the year of receipt. */
function seriesOf(s: ReferralSubmission, now: Date): string {
  return `${routeOf(s) === 'nrm' ? 'NRM' : 'DTN'}-${ukDate(now).slice(0, 4)}`;
}

/** The hash that tells a retry (same content) from a reuse of its idempotency key (other content). */
export function requestHashOf(submission: ReferralSubmission): string {
  return createHash('sha256').update(canonicalJson(submission)).digest('hex');
}

export function referrerOf(nation: Nation, type: OrganisationType): Referrer {
  return { nation, type, mayNotify: (nation === 'england' || nation === 'wales') && notifyingTypes.includes(type) };
}

/**
 * The person's row (identity sealed, names and date of birth as blind-index keys) and the situations'
 * rows (narratives sealed). A Duty to Notify report has no person row and no narratives.
 */
export function personAndSituations(cipher: FieldCipher, names: BlindIndex, s: ReferralSubmission, referral: Pick<store.StoredSubmission['referral'], 'id' | 'route'>)
  : Pick<store.StoredSubmission, 'person' | 'situations'> {
  const anonymous = referral.route === 'duty_to_notify';
  return {
    person: anonymous ? null : {
      referralId: referral.id, sealed: sealIdentity(cipher, identityOf(s.person)), nameKeys: nameKeys(names, s.person), birthDateKey: birthDateKey(names, s.person.dateOfBirth),
    },
    situations: s.situations.map((x, position) => ({
      referralId: referral.id, position, types: x.types, countyLines: x.countyLines, startMonth: x.startMonth ?? null, endMonth: x.endMonth ?? null,
      ongoing: x.ongoing, ukPlaces: x.ukPlaces, overseasCountries: x.overseasCountries, recruitment: x.recruitment,
      meansOfControl: x.meansOfControl, indicators: x.indicators,
      narrativeSealed: !anonymous && x.narrative ? cipher.encrypt(x.narrative) : null,
    })),
  };
}

/** What the referral's row is made from: a submission now, or a historical record as it was received. */
export type ReferralRowSource = Pick<Submission, 'submission' | 'referrer' | 'now' | 'reference' | 'idempotencyKey' | 'requestHash'>
  & { principal: Pick<Principal, 'organisationId' | 'userId'> };

/** The referral's own row. A Duty to Notify report is anonymous: nothing that could identify the person. */
export function referralRow(u: ReferralRowSource, routing: Pick<Routing, 'id' | 'ruleId' | 'explanation'> | null, id: string, receivedOn: string): store.StoredSubmission['referral'] {
  const s = u.submission;
  const p = s.person;
  const route = routeOf(s);
  const child = treatedAsChild(s);
  const anonymous = route === 'duty_to_notify';
  return {
    id, reference: u.reference, route, status: route === 'nrm' ? 'awaiting_rg' : 'notified', receivedAt: u.now, nation: u.referrer.nation,
    organisationId: u.principal.organisationId, submittedBy: u.principal.userId,
    competentAuthorityId: routing?.id ?? null, routingRule: routing?.ruleId ?? null, routingExplanation: routing?.explanation ?? null,
    ageGroup: ageGroupAtExploitation(s, receivedOn), treatedAsChild: child, consent: child ? null : (s.consent ?? null),
    gender: p.gender, nationalities: p.nationalities,
    exploitationTypes: [...new Set(s.situations.flatMap((x) => x.types))].sort(), countyLines: s.situations.some((x) => x.countyLines),
    exploitationLocation: exploitationLocation(s.situations), policeForceCode: s.policeForceCode ?? null,
    localAuthorityCode: anonymous ? null : (s.childLocalAuthority?.code ?? null),
    detained: anonymous || !p.detention || p.detention === 'unknown' ? null : p.detention !== 'none',
    asylumClaim: anonymous ? null : (p.asylumClaim ?? null), immigrationStatus: anonymous ? null : (p.immigrationStatus ?? null),
    ...withQueuePosition(route, route === 'nrm' ? reasonableGroundsDue(receivedOn, u.referrer.nation) : null),
    details: anonymous ? {} : {
      languages: p.languages, interpreterNeeded: p.interpreterNeeded, detention: p.detention ?? null, currentPlace: p.currentPlace ?? null,
      letterRecipient: p.letterRecipient ?? null, supportNeeds: s.supportNeeds, crimeReference: s.crimeReference ?? null,
      localAuthorityCaseNumber: s.localAuthorityCaseNumber ?? null, childLocalAuthority: s.childLocalAuthority ?? null,
    },
    idempotencyKey: u.idempotencyKey, requestHash: u.requestHash,
  };
}

function outboxMessagesOf(u: Submission, referral: store.StoredSubmission['referral'], routing: Routing | null): OutboxMessage[] {
  const s = u.submission;
  const child = referral.treatedAsChild;
  const messages: OutboxMessage[] = [];
  if (routing) {
    messages.push({
      topic: 'referral.received', recipientOrganisationId: routing.id, subjectType: 'referral', subjectId: referral.id,
      payload: { reference: referral.reference, child, reasonableGroundsDueDate: referral.reasonableGroundsDueDate ?? null },
    });
  }
  if (child && s.childLocalAuthority && referral.route !== 'duty_to_notify') {
    // Children's services are told at referral, not after a decision: a trafficked child may go missing within hours.
    messages.push({
      topic: 'child.referred', recipientOrganisationId: u.intake.localAuthorityId, subjectType: 'referral', subjectId: referral.id,
      payload: { reference: referral.reference, localAuthorityCode: s.childLocalAuthority.code, contactName: s.childLocalAuthority.contactName, contactEmail: s.childLocalAuthority.contactEmail, urgent: true },
    });
  }
  return messages;
}

type SummaryFields = Pick<store.ReferralRow, 'id' | 'reference' | 'route' | 'status' | 'receivedAt'> & { reasonableGroundsDueDate?: string | null };

function summary(row: SummaryFields, authority: { code: string; name: string } | null, replayed: boolean): SubmittedReferral {
  return {
    id: row.id, reference: row.reference, route: row.route as SubmittedReferral['route'], status: row.status, receivedAt: row.receivedAt,
    competentAuthority: authority, reasonableGroundsDueDate: row.reasonableGroundsDueDate ?? null, replayed,
  };
}

