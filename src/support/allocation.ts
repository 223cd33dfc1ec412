import type { Database, Db } from '../platform/db/database.js';
import type { Clock } from '../platform/clock.js';
import { systemActor, type AuditContext, type AuditLog } from '../platform/audit/audit-log.js';
import type { FieldCipher } from '../platform/crypto/field-encryption.js';
import type { Principal } from '../platform/auth/principal.js';
import { isUniqueViolation, NotFoundError } from '../platform/db/errors.js';
import { ukDate } from '../platform/working-days.js';
import { proposeServices, type ClientGroup, type ServiceKind, type SupportNeeds } from './matching.js';
import { defaultRegion, type Region } from './regions.js';
import { SupportForbiddenError, SupportRefusedError } from './errors.js';
import * as store from './store.js';

/**
 * A provider answers an offer within 24 hours. Places are held from the offer, and a person in
 * immediate danger cannot wait over a weekend for a refuge that will not answer: after a day the
 * place goes back and the allocator offers another.
 */
export const RESPONSE_HOURS = 24;

export type AllocatableCase = NonNullable<Awaited<ReturnType<typeof store.findAllocatableCase>>>;

interface CaseDetails {
  languages?: string[];
  supportNeeds?: string[];
}

/** What the person needs, from the referral, in the region chosen (the referral's by default). */
export function needsOf(referral: AllocatableCase['referral'], region: Region | null): SupportNeeds {
  const details = (referral.details ?? {}) as CaseDetails;
  return { gender: referral.gender, exploitationTypes: referral.exploitationTypes, region, languages: details.languages ?? [], supportNeeds: details.supportNeeds ?? [] };
}

function asOffer(row: store.ServiceRow) {
  return { ...row, kind: row.kind as ServiceKind, clientGroup: row.clientGroup as ClientGroup };
}

/**
 * The prime contractor's allocation of people to support services, and the provider's answer. The place
 * is taken in the transaction that makes the offer (one statement that succeeds only if a place is free),
 * and given back in the transaction that declines or expires it.
 */
/** Why an offer can no longer be answered, when it was not answered already. */
const closedOfferMessages: Record<string, string> = {
  expired: 'This offer expired: it was not answered in time and the place was released.',
  withdrawn: 'This offer was withdrawn with the referral, and the place was released.',
};

export class AllocationService {
  constructor(private readonly database: Database, private readonly audit: AuditLog, private readonly clock: Clock, private readonly cipher: FieldCipher) {}

  /** The allocator is a support worker at the prime contractor: a support provider with no prime contractor above it. */
  async isAllocator(principal: Principal, db: Db = this.database.db): Promise<boolean> {
    if (principal.role !== 'support_worker') return false;
    const org = await store.findOrganisationRow(db, principal.organisationId);
    return Boolean(org?.providesSupport && !org.primeContractorId && org.active);
  }

  private async requireAllocator(principal: Principal, context: AuditContext): Promise<void> {
    if (await this.isAllocator(principal)) return;
    await this.audit.recordAlone(context, { action: 'permission_denied', outcome: 'denied', recordType: 'support_allocation', details: { reason: 'not the prime contractor' } });
    throw new SupportForbiddenError('Only the prime contractor allocates support');
  }

  /** People waiting for support: descriptive needs only, no identity. */
  async waiting(principal: Principal, context: AuditContext) {
    await this.requireAllocator(principal, context);
    await this.expireOverdue();
    const rows = await store.listWaitingForSupport(this.database.db);
    await this.audit.recordAlone(context, { action: 'view', recordType: 'support_waiting_list', fields: ['reference', 'gender', 'exploitationTypes', 'languages', 'supportNeeds', 'region'], details: { count: rows.length } });
    return rows.map((r) => {
      const details = (r.details ?? {}) as CaseDetails;
      return { ...r, languages: details.languages ?? [], supportNeeds: details.supportNeeds ?? [], region: defaultRegion(r.policeForceCode, r.nation) };
    });
  }

  /** The services that could take one person, best first, for the allocator to choose from. */
  async proposals(principal: Principal, reference: string, chosenRegion: Region | undefined, context: AuditContext) {
    await this.requireAllocator(principal, context);
    await this.expireOverdue();
    const db = this.database.db;
    const found = await store.findAllocatableCase(db, reference);
    if (!found) throw new NotFoundError('No case with this reference is waiting for support');
    const open = await store.openAllocationFor(db, found.referral.id);
    const region = chosenRegion ?? defaultRegion(found.referral.policeForceCode, found.referral.nation);
    const needs = needsOf(found.referral, region);
    const services = await store.listServices(db);
    const matches = proposeServices(needs, services.map((s) => ({ ...asOffer(s.service), providerName: s.providerName })));
    await this.audit.recordAlone(context, {
      action: 'view', recordType: 'referral', recordId: found.referral.id, fields: ['gender', 'exploitationTypes', 'languages', 'supportNeeds', 'region'], details: { reference, purpose: 'support allocation' },
    });
    return { case: found, needs, region, defaultRegion: defaultRegion(found.referral.policeForceCode, found.referral.nation), matches, open };
  }

  /** Offers a place: the place is taken now, or the offer is refused saying why. Nothing is written on a refusal. */
  async allocate(principal: Principal, input: { reference: string; serviceId: string; narrativeShared: boolean }, context: AuditContext): Promise<store.AllocationRow> {
    await this.requireAllocator(principal, context);
    await this.expireOverdue();
    const now = this.clock.now();
    try {
      return await this.database.transaction(async (tx) => {
        const found = await store.findAllocatableCase(tx, input.reference);
        if (!found) throw new SupportRefusedError('This person cannot be offered support: support follows a positive reasonable grounds decision, for an adult who consented, before the conclusive grounds decision.', 'reference');
        if (await store.openAllocationFor(tx, found.referral.id)) throw new SupportRefusedError('This person already has an offer of support or a place.', 'reference', 409);
        const service = await store.findService(tx, input.serviceId);
        if (!service) throw new SupportRefusedError('Select a service', 'serviceId');
        const needs = needsOf(found.referral, null);
        if (proposeServices(needs, [{ ...asOffer(service), placesTaken: 0, active: true }]).length === 0) {
          throw new SupportRefusedError(`${service.name} does not take this person: check who it is for, the types of exploitation it works with, and that a person in immediate danger goes to accommodation.`, 'serviceId');
        }
        const taken = await store.takePlace(tx, service.id, now);
        if (!taken) throw new SupportRefusedError(`There is no free place on ${service.name}: the last place has just been taken. Choose another service.`, 'serviceId', 409, 'place_taken');
        const allocation = await store.insertAllocation(tx, {
          referralId: found.referral.id, serviceId: service.id, organisationId: service.organisationId, status: 'offered', narrativeShared: input.narrativeShared,
          offeredBy: principal.userId, offeredAt: now, respondBy: new Date(now.getTime() + RESPONSE_HOURS * 3_600_000),
        });
        await this.audit.record(tx, context, {
          action: 'create', recordType: 'support_allocation', recordId: allocation.id, fields: ['serviceId', 'narrativeShared'],
          details: { reference: input.reference, referralId: found.referral.id, serviceId: service.id, provider: service.organisationId, placesTaken: taken.placesTaken },
        });
        return allocation;
      });
    } catch (error) {
      // Two offers for one person at once: the database's one-open-offer index stops the second.
      if (isUniqueViolation(error)) throw new SupportRefusedError('This person already has an offer of support or a place.', 'reference', 409);
      throw error;
    }
  }

  /** The provider accepts or declines (with a reason) an offer made to it, before it expires. A decline gives the place back. */
  async respond(principal: Principal, allocationId: string, answer: { accept: boolean; reason?: string }, context: AuditContext): Promise<store.AllocationRow> {
    await this.expireOverdue();
    const now = this.clock.now();
    const result = await this.database.transaction(async (tx) => {
      const allocation = await store.lockProviderAllocation(tx, allocationId, principal.organisationId);
      if (!allocation) return { denied: await store.allocationExists(tx, allocationId) };
      if (allocation.status !== 'offered') {
        throw new SupportRefusedError(closedOfferMessages[allocation.status] ?? 'This offer has already been answered.', 'accept', 409);
      }
      if (!answer.accept && !answer.reason) throw new SupportRefusedError('Enter why you cannot take this person', 'reason');
      const updated = await store.setAllocationStatus(tx, allocation.id, {
        status: answer.accept ? 'accepted' : 'declined', respondedBy: principal.userId, respondedAt: now,
        declineReasonSealed: answer.accept ? null : this.cipher.encrypt(answer.reason!),
      });
      if (!answer.accept) await store.releasePlace(tx, allocation.serviceId, now);
      await this.audit.record(tx, context, {
        action: 'update', recordType: 'support_allocation', recordId: allocation.id, fields: answer.accept ? ['status'] : ['status', 'declineReason'],
        details: { referralId: allocation.referralId, outcome: answer.accept ? 'accepted' : 'declined' },
      });
      return { denied: false, value: updated };
    });
    if (!('value' in result)) {
      if (!result.denied) throw new NotFoundError('No such allocation');
      await this.audit.recordAlone(context, { action: 'permission_denied', outcome: 'denied', recordType: 'support_allocation', recordId: allocationId });
      throw new SupportForbiddenError('This allocation was made to another provider');
    }
    return result.value!;
  }

  /** Offers not answered within the time limit expire and give their place back. */
  async expireOverdue(context: AuditContext = { actor: systemActor }): Promise<number> {
    const now = this.clock.now();
    return this.database.transaction(async (tx) => {
      const overdue = await store.lockOverdueOffers(tx, now);
      for (const allocation of overdue) {
        await store.setAllocationStatus(tx, allocation.id, { status: 'expired' });
        await store.releasePlace(tx, allocation.serviceId, now);
        await this.audit.record(tx, context, { action: 'update', recordType: 'support_allocation', recordId: allocation.id, fields: ['status'], details: { outcome: 'expired', referralId: allocation.referralId } });
      }
      return overdue.length;
    });
  }

  /** One allocation made to the principal's provider; another provider's is refused and the refusal audited. */
  async forProviderOne(principal: Principal, id: string, context: AuditContext) {
    await this.expireOverdue();
    const row = await store.findProviderAllocation(this.database.db, id, principal.organisationId);
    if (row) return row;
    if (!(await store.allocationExists(this.database.db, id))) throw new NotFoundError('No such allocation');
    await this.audit.recordAlone(context, { action: 'permission_denied', outcome: 'denied', recordType: 'support_allocation', recordId: id });
    throw new SupportForbiddenError('This allocation was made to another provider');
  }

  /** What the support worker's home page counts; people waiting for an offer only for the allocator. */
  async homeSummary(principal: Principal) {
    const counts = await store.supportCounts(this.database.db, principal.organisationId, this.clock.now());
    const allocator = await this.isAllocator(principal);
    return { offersWaiting: counts.offers, openEpisodes: counts.episodes, peopleWaiting: allocator ? counts.waiting : null };
  }

  /** The provider's offers waiting for an answer and its placements, newest first. */
  async forProvider(principal: Principal) {
    await this.expireOverdue();
    const rows = await store.listProviderAllocations(this.database.db, principal.organisationId, ['offered', 'accepted']);
    return rows.map((r) => ({ ...r, today: ukDate(this.clock.now()) }));
  }
}
