import type { Database } from '../platform/db/database.js';
import type { Clock } from '../platform/clock.js';
import type { AuditContext, AuditLog } from '../platform/audit/audit-log.js';
import type { Principal } from '../platform/auth/principal.js';
import { NotFoundError } from '../platform/db/errors.js';
import { addCalendarDays, ukDate } from '../platform/working-days.js';
import { isRegion, nationOfRegion } from './regions.js';
import { supportEnd } from './support-period.js';
import { SupportForbiddenError, SupportRefusedError } from './errors.js';
import * as store from './store.js';

/** A person may be expected to arrive a little later than the day the offer is accepted, not weeks later. */
const LATEST_START_DAYS = 14;

/**
 * Support episodes: started under an accepted allocation, ended with a reason and where the person moved
 * on to. The planned end is worked out by the support and move-on rules of the nation where the support
 * is given (support-period.ts). Ending an episode gives its place back, in the same transaction.
 */
export class EpisodeService {
  constructor(private readonly database: Database, private readonly audit: AuditLog, private readonly clock: Clock) {}

  async start(principal: Principal, allocationId: string, input: { startedOn: string }, context: AuditContext): Promise<store.EpisodeRow> {
    const now = this.clock.now();
    const today = ukDate(now);
    const result = await this.database.transaction(async (tx) => {
      const allocation = await store.lockProviderAllocation(tx, allocationId, principal.organisationId);
      if (!allocation) return { denied: await store.allocationExists(tx, allocationId) };
      if (allocation.status !== 'accepted') throw new SupportRefusedError('Support starts only under an accepted allocation.', 'startedOn', 409);
      if (await store.episodeForAllocation(tx, allocation.id)) throw new SupportRefusedError('Support under this allocation has already started.', 'startedOn', 409);
      if (input.startedOn < ukDate(allocation.offeredAt)) throw new SupportRefusedError('Support cannot start before it was offered.', 'startedOn');
      if (input.startedOn > addCalendarDays(today, LATEST_START_DAYS)) throw new SupportRefusedError(`The start must be within ${LATEST_START_DAYS} days from today.`, 'startedOn');
      const service = await store.findService(tx, allocation.serviceId);
      const dates = await store.keyDates(tx, allocation.referralId);
      const region = service?.regions[0];
      const nation = region && isRegion(region) ? nationOfRegion(region) : 'england';
      const end = supportEnd({ nation, positiveRgOn: dates.recoveryPeriodStart ?? dates.rg?.on ?? input.startedOn, cg: dates.cg });
      const episode = await store.insertEpisode(tx, {
        allocationId: allocation.id, referralId: allocation.referralId, serviceId: allocation.serviceId, organisationId: allocation.organisationId,
        startedOn: input.startedOn, plannedEnd: end.date, plannedEndRule: end.rule, startedBy: principal.userId,
      });
      await this.audit.record(tx, context, {
        action: 'create', recordType: 'support_episode', recordId: episode.id, fields: ['startedOn', 'plannedEnd'], details: { referralId: allocation.referralId, allocationId: allocation.id },
      });
      return { denied: false, value: episode };
    });
    return this.settle(result, context, allocationId, 'support_allocation', 'No such allocation');
  }

  /** Ends an episode. Refused, with nothing written, before the episode has started (unless the person did not arrive) or with an end before its start. */
  async end(principal: Principal, episodeId: string, input: { endedOn: string; endReason: string; moveOn: string; version: number }, context: AuditContext): Promise<store.EpisodeRow> {
    const now = this.clock.now();
    const today = ukDate(now);
    const result = await this.database.transaction(async (tx) => {
      const episode = await store.lockProviderEpisode(tx, episodeId, principal.organisationId);
      if (!episode) return { denied: await store.episodeExists(tx, episodeId) };
      if (episode.endedOn) throw new SupportRefusedError('This support has already ended.', 'endedOn', 409);
      if (input.endedOn > today) throw new SupportRefusedError('The end cannot be in the future: record it on the day support ends.', 'endedOn');
      // A person who never arrives frees the place at once, even before the expected day; the support
      // is recorded as ending on the day it was to start, so it counts as none given.
      const neverArrived = input.endReason === 'did_not_arrive';
      if (!neverArrived && today < episode.startedOn) throw new SupportRefusedError(`This support has not started yet: it starts on ${episode.startedOn}. If the person will not arrive, choose "Did not arrive".`, 'endedOn');
      if (!neverArrived && input.endedOn < episode.startedOn) throw new SupportRefusedError(`The end must be on or after the day support started (${episode.startedOn}).`, 'endedOn');
      const endedOn = neverArrived ? episode.startedOn : input.endedOn;
      const ended = await store.endEpisode(tx, episode.id, input.version, { endedOn, endReason: input.endReason, moveOn: input.moveOn, endedBy: principal.userId });
      await store.setAllocationStatus(tx, episode.allocationId, { status: 'ended' });
      await store.releasePlace(tx, episode.serviceId, now);
      await this.audit.record(tx, context, {
        action: 'update', recordType: 'support_episode', recordId: episode.id, fields: ['endedOn', 'endReason', 'moveOn'],
        details: { referralId: episode.referralId, endReason: input.endReason, moveOn: input.moveOn },
      });
      return { denied: false, value: ended };
    });
    return this.settle(result, context, episodeId, 'support_episode', 'No such support episode');
  }

  forProvider(principal: Principal) {
    return store.listProviderEpisodes(this.database.db, principal.organisationId);
  }

  private async settle<T>(result: { denied: boolean; value?: T }, context: AuditContext, recordId: string, recordType: string, notFound: string): Promise<T> {
    if ('value' in result && result.value !== undefined) return result.value;
    if (!result.denied) throw new NotFoundError(notFound);
    await this.audit.recordAlone(context, { action: 'permission_denied', outcome: 'denied', recordType, recordId });
    throw new SupportForbiddenError('This belongs to another provider');
  }
}
