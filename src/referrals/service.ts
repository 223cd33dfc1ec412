import { createHash } from 'node:crypto';
import type { Database, Db } from '../platform/db/database.js';
import type { Clock } from '../platform/clock.js';
import type { AuditContext, AuditLog } from '../platform/audit/audit-log.js';
import type { FieldCipher } from '../platform/crypto/field-encryption.js';
import { BlindIndex } from '../platform/crypto/blind-index.js';
import { canonicalJson } from '../platform/audit/chain.js';
import type { Principal } from '../platform/auth/principal.js';
import { ukDate } from '../platform/working-days.js';
import { reasonableGroundsDue } from '../casework/deadlines.js';
import { findOrganisation } from '../organisations/store.js';
import type { Nation, OrganisationType } from '../organisations/kinds.js';
import { enqueue } from '../outbox/store.js';
import { routeReferral } from './routing.js';
import { ageGroupAtExploitation, exploitationLocation, routeOf, treatedAsChild, type FieldProblem, type ReferralSubmission } from './schema.js';
import { validateReferral } from './validation.js';
import { birthDateKey, identityOf, nameKeys, sealIdentity } from './identity.js';
import { matchReasons } from './duplicates.js';
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
  private readonly names: BlindIndex;

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
    const nation = organisation.nation as Nation;
    const type = organisation.type as OrganisationType;
    return { nation, type, mayNotify: (nation === 'england' || nation === 'wales') && notifyingTypes.includes(type) };
  }

  async validate(principal: Principal, input: unknown) {
    return (await this.check(principal, input, this.clock.now())).validation;
  }

  private async check(principal: Principal, input: unknown, now: Date) {
    const referrer = await this.referrerContext(principal);
    const validation = await validateReferral(this.database.db, input, { today: ukDate(now), mayNotify: referrer.mayNotify });
    return { referrer, validation };
  }

  /**
   * Stores a referral in one transaction: the referral, its routing decision, its audit event and its
   * outbox messages — and removes the draft it came from. The same idempotency key never makes two
   * referrals: a repeat with the same content answers with the first referral; with other content, 409.
   */
  async submit(principal: Principal, input: unknown, idempotencyKey: string, context: AuditContext, options: { draftId?: string } = {}): Promise<SubmittedReferral> {
    // One reading of the clock: the reference's year, the receipt date and the deadlines all agree.
    const now = this.clock.now();
    const { referrer, validation } = await this.check(principal, input, now);
    if (!validation.ok) throw new ReferralValidationError(validation.problems);
    const submission = validation.value;
    const requestHash = createHash('sha256').update(canonicalJson(submission)).digest('hex');
    const route = routeOf(submission);
    const year = ukDate(now).slice(0, 4);
    const series = `${route === 'nrm' ? 'NRM' : 'DTN'}-${year}`;
    try {
      // The number is taken in its own short statement, so concurrent submissions do not queue behind
      // one another's whole transaction. A failed submission leaves a gap in the numbers, never a duplicate.
      const number = await store.nextReferenceNumber(this.database.db, series);
      const reference = `${series}-${String(number).padStart(6, '0')}`;
      return await this.database.transaction((tx) => this.store(tx, now, principal, referrer, submission, reference, idempotencyKey, requestHash, context, options.draftId));
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

  private async store(tx: Db, now: Date, principal: Principal, referrer: { nation: Nation; type: OrganisationType }, s: ReferralSubmission,
    reference: string, idempotencyKey: string, requestHash: string, context: AuditContext, draftId?: string): Promise<SubmittedReferral> {
    const receivedOn = ukDate(now);
    const route = routeOf(s);
    const child = treatedAsChild(s);
    const p = s.person;

    let authority: { id: string; code: string; name: string } | null = null;
    let routing: { ruleId: string; explanation: string } | null = null;
    if (route === 'nrm') {
      const decision = routeReferral({
        receivedOn, referrerType: referrer.type, asylumClaim: p.asylumClaim ?? 'unknown', detention: p.detention ?? 'unknown',
        irregularStatus: p.immigrationStatus === 'no_leave', britishOrIrish: p.nationalities.every((n) => n === 'GB' || n === 'IE'),
      });
      const organisation = await store.findCompetentAuthority(tx, decision.authority);
      if (!organisation) throw new RoutingConfigurationError(`No active organisation is set up as the Competent Authority “${decision.authority}”. An administrator must set one up.`);
      authority = { id: organisation.id, code: decision.authority, name: organisation.name };
      routing = { ruleId: decision.ruleId, explanation: decision.explanation };
    }

    const dueDate = route === 'nrm' ? reasonableGroundsDue(receivedOn, referrer.nation) : null;
    const anonymous = route === 'duty_to_notify';

    const referral = await store.insertReferral(tx, {
      reference, route, status: route === 'nrm' ? 'awaiting_rg' : 'notified', receivedAt: now, nation: referrer.nation,
      organisationId: principal.organisationId, submittedBy: principal.userId,
      competentAuthorityId: authority?.id ?? null, routingRule: routing?.ruleId ?? null, routingExplanation: routing?.explanation ?? null,
      ageGroup: ageGroupAtExploitation(s, receivedOn), treatedAsChild: child, consent: child ? null : (s.consent ?? null),
      gender: p.gender, nationalities: p.nationalities,
      exploitationTypes: [...new Set(s.situations.flatMap((x) => x.types))].sort(), countyLines: s.situations.some((x) => x.countyLines),
      exploitationLocation: exploitationLocation(s.situations), policeForceCode: s.policeForceCode ?? null,
      localAuthorityCode: anonymous ? null : (s.childLocalAuthority?.code ?? null),
      detained: anonymous || !p.detention || p.detention === 'unknown' ? null : p.detention !== 'none',
      asylumClaim: anonymous ? null : (p.asylumClaim ?? null), immigrationStatus: anonymous ? null : (p.immigrationStatus ?? null),
      reasonableGroundsDueDate: dueDate,
      details: anonymous ? {} : {
        languages: p.languages, interpreterNeeded: p.interpreterNeeded, detention: p.detention ?? null, currentPlace: p.currentPlace ?? null,
        letterRecipient: p.letterRecipient ?? null, supportNeeds: s.supportNeeds, crimeReference: s.crimeReference ?? null,
        localAuthorityCaseNumber: s.localAuthorityCaseNumber ?? null, childLocalAuthority: s.childLocalAuthority ?? null,
      },
      idempotencyKey, requestHash,
    });

    let keys: string[] = [];
    let birthKey: string | null = null;
    if (!anonymous) {
      keys = nameKeys(this.names, p);
      birthKey = birthDateKey(this.names, p.dateOfBirth);
      await store.insertPerson(tx, { referralId: referral.id, sealed: sealIdentity(this.cipher, identityOf(p)), nameKeys: keys, birthDateKey: birthKey });
    }
    await store.insertSituations(tx, s.situations.map((x, position) => ({
      referralId: referral.id, position, types: x.types, countyLines: x.countyLines, startMonth: x.startMonth, endMonth: x.endMonth ?? null,
      ongoing: x.ongoing, ukPlaces: x.ukPlaces, overseasCountries: x.overseasCountries, recruitment: x.recruitment,
      meansOfControl: x.meansOfControl, indicators: x.indicators,
      narrativeSealed: !anonymous && x.narrative ? this.cipher.encrypt(x.narrative) : null,
    })));

    let duplicates = 0;
    if (!anonymous) {
      const me = { nameKeys: keys, birthDateKey: birthKey, nationalities: p.nationalities };
      const matches = (await store.duplicateCandidates(tx, referral.id, keys, birthKey))
        .map((c) => ({ referralId: referral.id, candidateId: c.id, reasons: matchReasons(me, c) }))
        .filter((m) => m.reasons.length > 0);
      await store.insertPossibleDuplicates(tx, matches);
      duplicates = matches.length;
    }

    if (authority) {
      await enqueue(tx, {
        topic: 'referral.received', recipientOrganisationId: authority.id, subjectType: 'referral', subjectId: referral.id,
        payload: { reference, child, reasonableGroundsDueDate: dueDate, possibleDuplicates: duplicates },
      }, now);
    }
    if (child && s.childLocalAuthority && !anonymous) {
      // Children's services are told at referral, not after a decision: a trafficked child may go missing within hours.
      const la = await store.findLocalAuthorityOrganisation(tx, s.childLocalAuthority.code);
      await enqueue(tx, {
        topic: 'child.referred', recipientOrganisationId: la?.id ?? null, subjectType: 'referral', subjectId: referral.id,
        payload: { reference, localAuthorityCode: s.childLocalAuthority.code, contactName: s.childLocalAuthority.contactName, contactEmail: s.childLocalAuthority.contactEmail, urgent: true },
      }, now);
    }
    if (draftId) await this.drafts?.removeInTransaction(tx, principal, draftId);
    // Last: the audit chain's lock is then held only until the commit that follows.
    await this.audit.record(tx, context, {
      action: 'create', recordType: 'referral', recordId: referral.id,
      fields: anonymous ? ['gender', 'nationalities', 'situations'] : ['person', 'situations', 'details'],
      details: { reference, route, routingRule: routing?.ruleId ?? null, possibleDuplicates: duplicates, fromDraft: draftId ?? null },
    });
    return summary(referral, authority ? { code: authority.code, name: authority.name } : null, false);
  }

  /** Set once the draft store exists: submission removes the draft in its own transaction. */
  drafts?: { removeInTransaction(tx: Db, principal: Principal, draftId: string): Promise<void> };
}

function summary(row: store.ReferralRow, authority: { code: string; name: string } | null, replayed: boolean): SubmittedReferral {
  return {
    id: row.id, reference: row.reference, route: row.route as SubmittedReferral['route'], status: row.status, receivedAt: row.receivedAt,
    competentAuthority: authority, reasonableGroundsDueDate: row.reasonableGroundsDueDate, replayed,
  };
}

