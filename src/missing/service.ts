import type { Database, Db } from '../platform/db/database.js';
import type { Clock } from '../platform/clock.js';
import type { AuditContext, AuditLog } from '../platform/audit/audit-log.js';
import type { FieldCipher } from '../platform/crypto/field-encryption.js';
import type { Principal } from '../platform/auth/principal.js';
import { ForbiddenError } from '../platform/auth/forbidden.js';
import { NotFoundError, StaleVersionError, isUniqueViolation } from '../platform/db/errors.js';
import { enqueue } from '../outbox/store.js';
import { resumeWhenFound, suspendPendingRgWhileMissing } from '../casework/case-status.js';
import { ReferralForbiddenError } from '../referrals/case-file.js';
import { providersInvolved } from '../support/store.js';
import { findPerson } from '../referrals/store.js';
import { openIdentity } from '../referrals/identity.js';
import { alertRecipients, endProblem, lastSeenProblem, repeatCutOff, type Concern, type MissingOutcome } from './rules.js';
import type { CloseInput, ReportInput } from './schema.js';
import * as store from './store.js';

/** A report or closing the rules refuse: `conflict` (409) when the state forbids it, `invalid` (422) for the input. */
export class MissingRefusedError extends Error {
  constructor(message: string, readonly kind: 'conflict' | 'invalid', readonly field?: string) {
    super(message);
  }
}

export class MissingForbiddenError extends ForbiddenError {
  constructor() {
    super('You may not see this missing episode');
  }
}

export type EpisodeDetail = NonNullable<Awaited<ReturnType<MissingPersonService['view']>>>;

/**
 * Missing-person episodes: the report alerts every organisation concerned and suspends a pending RG
 * decision in one transaction; alerts repeat until acknowledged; the closing records the outcome and,
 * when the person is found, resumes the decision with the working days it had left.
 */
export class MissingPersonService {
  constructor(private readonly database: Database, private readonly audit: AuditLog, private readonly clock: Clock, private readonly cipher: FieldCipher) {}

  async report(principal: Principal, reference: string, input: ReportInput, context: AuditContext, idempotencyKey?: string) {
    const now = this.clock.now();
    const lastSeenAt = new Date(input.lastSeenAt);
    const problem = lastSeenProblem(lastSeenAt, now);
    if (problem) throw new MissingRefusedError(problem, 'invalid', 'lastSeenAt');
    const db = this.database.db;
    if (idempotencyKey) {
      const earlier = await store.findByIdempotencyKey(db, principal.organisationId, idempotencyKey);
      if (earlier) return this.repeated(earlier, reference);
    }
    const found = await store.findReferralConcerns(db, reference);
    if (!found || found.referral.route !== 'nrm') throw new NotFoundError('No referral with this reference');
    try {
      return await this.database.transaction(async (tx) => {
        const { referral } = found;
        const providers = await providersInvolved(tx, referral.id);
        const recipients = alertRecipients({
          police: found.police, competentAuthorityId: referral.competentAuthorityId, child: referral.treatedAsChild, localAuthorities: found.localAuthorities, providers,
        });
        const involved = new Set([referral.organisationId, ...recipients.map((r) => r.organisationId)]);
        if (!involved.has(principal.organisationId)) return { denied: true as const, referralId: referral.id };
        if (await store.openEpisodeFor(tx, referral.id)) throw new MissingRefusedError('This person is already recorded as missing. Close that episode before reporting them missing again.', 'conflict');
        const suspendedCase = await suspendPendingRgWhileMissing(tx, referral.id, principal.userId, now);
        const episode = await store.insertEpisode(tx, {
          referralId: referral.id, child: referral.treatedAsChild, lastSeenAt, circumstancesSealed: this.cipher.encrypt(input.circumstances),
          reportedBy: principal.userId, reportedByOrganisationId: principal.organisationId, reportedAt: now, policeForceCode: referral.policeForceCode,
          suspendedCase, idempotencyKey: idempotencyKey ?? null,
        });
        const alerts = await store.insertAlerts(tx, recipients.map((r) => ({ episodeId: episode.id, organisationId: r.organisationId, concern: r.concern, createdAt: now, lastSentAt: now })));
        for (const alert of alerts) await this.send(tx, alert, referral.reference, referral.treatedAsChild, now);
        await this.audit.record(tx, context, {
          action: 'create', recordType: 'missing_episode', recordId: episode.id, fields: ['lastSeenAt', 'circumstances'],
          details: { reference, referralId: referral.id, alerted: alerts.map((a) => a.concern), suspendedCase },
        });
        if (suspendedCase) {
          await this.audit.record(tx, context, { action: 'update', recordType: 'referral', recordId: referral.id, fields: ['status'], details: { reference, suspended: 'missing', episodeId: episode.id } });
        }
        return { denied: false as const, episode, alerts };
      }).then(async (result) => {
        if (result.denied) {
          await this.audit.recordAlone(context, { action: 'permission_denied', outcome: 'denied', recordType: 'referral', recordId: result.referralId, details: { reference, attempted: 'missing_report' } });
          throw new ReferralForbiddenError();
        }
        return { episode: result.episode, alerts: result.alerts, repeated: false };
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // A concurrent report won: the same key gets its episode back; otherwise the person is already missing.
      const winner = idempotencyKey ? await store.findByIdempotencyKey(db, principal.organisationId, idempotencyKey) : undefined;
      if (winner) return this.repeated(winner, reference);
      throw new MissingRefusedError('This person is already recorded as missing. Close that episode before reporting them missing again.', 'conflict');
    }
  }

  /** A retried report with the same key: the first episode, if it was about the same referral. */
  private async repeated(earlier: store.EpisodeRow, reference: string) {
    const found = await store.findReferralConcerns(this.database.db, reference);
    if (found?.referral.id !== earlier.referralId) throw new MissingRefusedError('This Idempotency-Key was used for another report', 'conflict', 'Idempotency-Key');
    const alerts = (await store.alertsOfEpisode(this.database.db, earlier.id)).map((a) => a.alert);
    return { episode: earlier, alerts, repeated: true };
  }

  private async send(tx: Db, alert: store.AlertRow, reference: string, child: boolean, now: Date) {
    // No name, place or circumstance travels: the recipient opens the episode in Palermo.
    await enqueue(tx, {
      topic: 'missing.alert', recipientOrganisationId: alert.organisationId, subjectType: 'missing_episode', subjectId: alert.episodeId,
      payload: { alertId: alert.id, episodeId: alert.episodeId, reference, child, concern: alert.concern, sent: alert.sentCount },
    }, now);
  }

  /** Open episodes the principal's organisation is involved with, longest missing first; the list view is audited. */
  async listOpen(principal: Principal, context: AuditContext) {
    const rows = await store.listOpenEpisodes(this.database.db, principal);
    await this.audit.recordAlone(context, {
      action: 'view', recordType: 'missing_episodes', fields: ['reference', 'child', 'ageGroup', 'lastSeenAt', 'reportedBy'],
      details: { count: rows.length, episodeIds: rows.map((r) => r.episode.id) },
    });
    const now = this.clock.now();
    return { now, episodes: rows.map((r) => ({ ...summary(r), unacknowledged: r.unacknowledged })) };
  }

  /** The alerts to the principal's organisation about people still missing; the list view is audited. */
  async alerts(principal: Principal, context: AuditContext) {
    const rows = await store.alertsForOrganisation(this.database.db, principal.organisationId);
    await this.audit.recordAlone(context, {
      action: 'view', recordType: 'missing_alerts', fields: ['reference', 'child', 'lastSeenAt', 'acknowledgedBy'],
      details: { count: rows.length, episodeIds: rows.map((r) => r.episodeId) },
    });
    return rows.map((r) => ({
      id: r.alert.id, episodeId: r.episodeId, reference: r.reference, child: r.child, lastSeenAt: r.lastSeenAt, concern: r.alert.concern as Concern,
      sentCount: r.alert.sentCount, lastSentAt: r.alert.lastSentAt, acknowledgedAt: r.alert.acknowledgedAt, acknowledgedByName: r.acknowledgedByName,
    }));
  }

  unacknowledgedCount(organisationId: string): Promise<number> {
    return store.unacknowledgedCount(this.database.db, organisationId);
  }

  /** One episode with its alerts and circumstances, for an organisation involved with the person; audited. */
  async view(principal: Principal, id: string, context: AuditContext) {
    const db = this.database.db;
    const row = await store.findVisibleEpisode(db, principal, id);
    if (!row) {
      if (await store.episodeExists(db, id)) {
        await this.audit.recordAlone(context, { action: 'permission_denied', outcome: 'denied', recordType: 'missing_episode', recordId: id });
        throw new MissingForbiddenError();
      }
      throw new NotFoundError('No missing episode with this id');
    }
    const alerts = await store.alertsOfEpisode(db, id);
    const e = row.episode;
    // Who to look for: the organisations involved need the person's names and age to find them. Contact
    // details stay on the case (a trafficker may hold the phone).
    const sealed = await findPerson(db, e.referralId);
    const identity = sealed ? openIdentity(this.cipher, sealed.sealed) : undefined;
    const person = identity ? {
      name: [identity.givenName, identity.familyName].filter(Boolean).join(' ') || null, aliases: identity.aliases ?? [],
      dateOfBirth: identity.dateOfBirth ?? null, estimatedAge: identity.estimatedAge ?? null,
    } : null;
    await this.audit.recordAlone(context, { action: 'view', recordType: 'missing_episode', recordId: id, fields: ['lastSeenAt', 'circumstances', 'alerts', ...(person ? ['person'] : [])], details: { reference: row.reference } });
    const police = alerts.filter((a) => a.alert.concern === 'police');
    return {
      ...summary(row),
      version: e.version, person, circumstances: this.cipher.decrypt(e.circumstancesSealed), policeForceCode: e.policeForceCode,
      noPoliceForce: police.length === 0 ? (e.policeForceCode ? 'no_organisation' as const : 'no_area' as const) : null,
      suspendedCase: e.suspendedCase, closedAt: e.closedAt,
      alerts: alerts.map((a) => ({
        id: a.alert.id, organisationId: a.alert.organisationId, organisationName: a.organisationName, concern: a.alert.concern as Concern,
        sentCount: a.alert.sentCount, lastSentAt: a.alert.lastSentAt, acknowledgedAt: a.alert.acknowledgedAt, acknowledgedByName: a.acknowledgedByName,
        own: a.alert.organisationId === principal.organisationId,
      })),
    };
  }

  /** Someone at the alerted organisation has it: the alert stops repeating. Acknowledging twice changes nothing. */
  async acknowledge(principal: Principal, alertId: string, context: AuditContext) {
    const now = this.clock.now();
    const result = await this.database.transaction(async (tx) => {
      const found = await store.lockOwnAlert(tx, alertId, principal.organisationId);
      if (!found) return { denied: await store.alertExists(tx, alertId) };
      if (found.alert.acknowledgedAt) return { denied: false, alert: found.alert };
      const alert = await store.acknowledgeAlert(tx, alertId, principal.userId, now);
      await this.audit.record(tx, context, { action: 'update', recordType: 'missing_alert', recordId: alertId, fields: ['acknowledgedAt'], details: { episodeId: alert.episodeId, reference: found.reference } });
      return { denied: false, alert };
    });
    if (!result.alert) {
      if (!result.denied) throw new NotFoundError('No alert with this id');
      await this.audit.recordAlone(context, { action: 'permission_denied', outcome: 'denied', recordType: 'missing_alert', recordId: alertId });
      throw new MissingForbiddenError();
    }
    return result.alert;
  }

  /**
   * The episode ends with its outcome and time. Found: a case suspended for the episode resumes with
   * the working days it had left. Alerts stop, and every organisation alerted is told it has ended.
   */
  async close(principal: Principal, episodeId: string, input: CloseInput, context: AuditContext) {
    const now = this.clock.now();
    const endedAt = new Date(input.endedAt);
    const outcome: MissingOutcome = input.outcome;
    const result = await this.database.transaction(async (tx) => {
      const row = await store.findVisibleEpisode(tx, principal, episodeId, true);
      if (!row) return { denied: await store.episodeExists(tx, episodeId) };
      const e = row.episode;
      if (e.outcome) throw new MissingRefusedError('This episode is already closed.', 'conflict');
      if (e.version !== input.version) throw new StaleVersionError('This missing episode');
      const problem = endProblem(e.lastSeenAt, endedAt, now);
      if (problem) throw new MissingRefusedError(problem, 'invalid', 'endedAt');
      const closed = await store.closeEpisode(tx, e.id, e.version, { outcome, endedAt, closedBy: principal.userId, closedAt: now });
      if (!closed) throw new StaleVersionError('This missing episode');
      const resumed = outcome === 'found' ? await resumeWhenFound(tx, e.referralId, principal.userId, now) : false;
      for (const a of await store.alertsOfEpisode(tx, e.id)) {
        await enqueue(tx, {
          topic: 'missing.closed', recipientOrganisationId: a.alert.organisationId, subjectType: 'missing_episode', subjectId: e.id,
          payload: { episodeId: e.id, reference: row.reference, outcome },
        }, now);
      }
      await this.audit.record(tx, context, { action: 'update', recordType: 'missing_episode', recordId: e.id, fields: ['outcome', 'endedAt'], details: { reference: row.reference, outcome } });
      if (resumed) {
        await this.audit.record(tx, context, { action: 'update', recordType: 'referral', recordId: e.referralId, fields: ['status', 'reasonableGroundsDueDate'], details: { reference: row.reference, resumed: true, episodeId: e.id } });
      }
      return { denied: false, episode: closed, resumed, reference: row.reference };
    });
    if (!result.episode) {
      if (!result.denied) throw new NotFoundError('No missing episode with this id');
      await this.audit.recordAlone(context, { action: 'permission_denied', outcome: 'denied', recordType: 'missing_episode', recordId: episodeId });
      throw new MissingForbiddenError();
    }
    return { episode: result.episode, resumed: result.resumed, reference: result.reference! };
  }

  /**
   * Sends again every alert not acknowledged within the repeat interval, while the person is missing: a
   * new outbox message each time, counted on the alert. Run periodically by `palermo serve`.
   */
  async repeatUnacknowledged(): Promise<number> {
    const now = this.clock.now();
    return this.database.transaction(async (tx) => {
      const due = await store.lockAlertsDue(tx, repeatCutOff(now));
      await store.markResent(tx, due.map((d) => d.alert.id), now);
      for (const d of due) await this.send(tx, { ...d.alert, sentCount: d.alert.sentCount + 1 }, d.reference, d.child, now);
      return due.length;
    });
  }
}

function summary(row: { episode: store.EpisodeRow; reference: string; ageGroup: string; gender: string; nationalities: string[]; reportedByName: string; reportedByOrganisationName: string }) {
  const e = row.episode;
  return {
    id: e.id, reference: row.reference, child: e.child, ageGroup: row.ageGroup, gender: row.gender, nationalities: row.nationalities,
    lastSeenAt: e.lastSeenAt, reportedAt: e.reportedAt, reportedBy: row.reportedByName, reportedByOrganisation: row.reportedByOrganisationName,
    outcome: e.outcome as MissingOutcome | null, endedAt: e.endedAt,
  };
}
