import { z } from 'zod';
import { and, asc, desc, eq, gte, isNull, lte, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Database } from '../platform/db/database.js';
import type { Clock } from '../platform/clock.js';
import { systemActor, type AuditContext, type AuditLog } from '../platform/audit/audit-log.js';
import type { Principal } from '../platform/auth/principal.js';
import { addCalendarDays, ukDate } from '../platform/working-days.js';
import { NotFoundError } from '../platform/db/errors.js';
import { enqueue } from '../outbox/store.js';
import { referrals } from '../referrals/tables.js';
import type { CaseAccess } from './case-access.js';
import { CaseworkRefusedError } from './errors.js';
import { decisions, residencePermitReminders, residencePermits } from './tables.js';

/** The two grounds for a residence permit after a positive CG decision (the same as the recommendation's). */
export const permitBases = {
  police_cooperation: 'Cooperation with a police investigation or prosecution',
  personal_circumstances: 'Personal circumstances',
} as const;
export type PermitBasis = keyof typeof permitBases;

/** Days before expiry when the Competent Authority is reminded, largest first. */
export const permitReminderThresholds = [60, 30] as const;

/**
 * Which reminder is due for a permit `daysLeft` days from expiry, given the thresholds already sent.
 * Only the nearest threshold passed is sent (a permit first seen 25 days out gets the 30-day reminder,
 * not a stale 60-day one too), and every threshold passed is marked, so none is ever sent twice.
 * None for an expired permit.
 */
export function reminderDue(daysLeft: number, alreadySent: readonly number[]): { send: number; mark: number[] } | null {
  if (daysLeft < 0) return null;
  const passed = permitReminderThresholds.filter((t) => daysLeft <= t);
  const nearest = passed.at(-1);
  if (nearest === undefined || alreadySent.includes(nearest)) return null;
  return { send: nearest, mark: passed.filter((t) => !alreadySent.includes(t)) };
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export const permitExpiringTopic = 'residence_permit.expiring';

const renewal = alias(residencePermits, 'renewal');
type PermitRow = typeof residencePermits.$inferSelect;

/**
 * Residence permits granted after a positive CG decision, their renewals, and the reminders before
 * they expire. Recording and renewing change the case through CaseAccess (locked, scoped, the case
 * version checked, audited in the transaction).
 */
export class ResidencePermitService {
  constructor(private readonly access: CaseAccess, private readonly database: Database, private readonly audit: AuditLog, private readonly clock: Clock) {}

  /** A case's permits, oldest first, each marked current unless it has been renewed. */
  async list(referralId: string) {
    const rows = await this.database.db.select({ p: residencePermits, renewedBy: renewal.id }).from(residencePermits)
      .leftJoin(renewal, eq(renewal.renewalOf, residencePermits.id))
      .where(eq(residencePermits.referralId, referralId)).orderBy(asc(residencePermits.grantedOn), asc(residencePermits.recordedAt));
    const today = ukDate(this.clock.now());
    return rows.map(({ p, renewedBy }) => ({ ...p, current: !renewedBy, expired: p.expiresOn < today, daysLeft: daysBetween(today, p.expiresOn) }));
  }

  async record(principal: Principal, reference: string, input: { basis: PermitBasis; grantedOn: string; expiresOn: string; version: number }, context: AuditContext): Promise<PermitRow> {
    return this.access.change(principal, reference, { version: input.version, context, fields: ['residencePermit'] }, async (change) => {
      const [cg] = await change.tx.select().from(decisions)
        .where(and(eq(decisions.referralId, change.case.id), eq(decisions.stage, 'cg'), eq(decisions.status, 'issued')))
        .orderBy(desc(decisions.issuedAt)).limit(1);
      if (!cg?.positive) throw new CaseworkRefusedError('A residence permit follows a positive conclusive grounds decision.', 'basis');
      const [existing] = await change.tx.select({ id: residencePermits.id }).from(residencePermits).where(eq(residencePermits.referralId, change.case.id)).limit(1);
      if (existing) throw new CaseworkRefusedError('A permit is already recorded: renew it instead.', 'basis');
      checkDates(input, cg.decidedOn);
      const [row] = await change.tx.insert(residencePermits).values({
        referralId: change.case.id, decisionId: cg.id, basis: input.basis, grantedOn: input.grantedOn, expiresOn: input.expiresOn, recordedBy: principal.userId, recordedAt: change.now,
      }).returning();
      await change.history('residence_permit_granted', { expiresOn: input.expiresOn, basis: input.basis });
      return row!;
    });
  }

  /** A renewal: a new permit with new dates, linked to the current one it renews. */
  async renew(principal: Principal, reference: string, permitId: string, input: { basis: PermitBasis; grantedOn: string; expiresOn: string; version: number }, context: AuditContext): Promise<PermitRow> {
    return this.access.change(principal, reference, { version: input.version, context, fields: ['residencePermit'], details: { renewalOf: permitId } }, async (change) => {
      const [previous] = await change.tx.select({ p: residencePermits, renewedBy: renewal.id }).from(residencePermits)
        .leftJoin(renewal, eq(renewal.renewalOf, residencePermits.id))
        .where(and(eq(residencePermits.id, permitId), eq(residencePermits.referralId, change.case.id)));
      if (!previous) throw new NotFoundError('No such residence permit');
      if (previous.renewedBy) throw new CaseworkRefusedError('This permit has already been renewed.', 'basis');
      checkDates(input, previous.p.grantedOn);
      if (input.expiresOn <= previous.p.expiresOn) throw new CaseworkRefusedError('A renewal must expire after the permit it renews', 'expiresOn');
      const [row] = await change.tx.insert(residencePermits).values({
        referralId: change.case.id, decisionId: previous.p.decisionId, basis: input.basis, grantedOn: input.grantedOn, expiresOn: input.expiresOn,
        renewalOf: previous.p.id, recordedBy: principal.userId, recordedAt: change.now,
      }).returning();
      await change.history('residence_permit_renewed', { expiresOn: input.expiresOn, basis: input.basis });
      return row!;
    });
  }

  /** Current permits of the manager's or caseworker's own Competent Authority expiring within the first reminder threshold. */
  async expiringSoon(principal: Principal) {
    const today = ukDate(this.clock.now());
    const until = addCalendarDays(today, permitReminderThresholds[0]);
    const rows = await this.database.db.select({ reference: referrals.reference, expiresOn: residencePermits.expiresOn, basis: residencePermits.basis, grantedOn: residencePermits.grantedOn })
      .from(residencePermits).innerJoin(referrals, eq(referrals.id, residencePermits.referralId))
      .leftJoin(renewal, eq(renewal.renewalOf, residencePermits.id))
      .where(and(isNull(renewal.id), eq(referrals.competentAuthorityId, principal.organisationId), gte(residencePermits.expiresOn, today), lte(residencePermits.expiresOn, until)))
      .orderBy(asc(residencePermits.expiresOn), asc(referrals.reference));
    return { today, rows: rows.map((r) => ({ ...r, daysLeft: daysBetween(today, r.expiresOn) })) };
  }

  /**
   * Reminds the Competent Authority (an outbox message) of each current permit nearing expiry, once per
   * threshold: the thresholds sent are stored with the message in one transaction, so a second run, or
   * two processes at once, send nothing more. Run periodically by `palermo serve`.
   */
  async sendPermitReminders(): Promise<number> {
    const now = this.clock.now();
    const today = ukDate(now);
    const until = addCalendarDays(today, permitReminderThresholds[0]);
    return this.database.transaction(async (tx) => {
      const candidates = await tx.select({ id: residencePermits.id, referralId: residencePermits.referralId, expiresOn: residencePermits.expiresOn, reference: referrals.reference, authorityId: referrals.competentAuthorityId,
        sent: sql<number[]>`coalesce((SELECT array_agg(r.days_before) FROM residence_permit_reminders r WHERE r.permit_id = ${residencePermits.id}), '{}')` })
        .from(residencePermits).innerJoin(referrals, eq(referrals.id, residencePermits.referralId))
        .leftJoin(renewal, eq(renewal.renewalOf, residencePermits.id))
        .where(and(isNull(renewal.id), gte(residencePermits.expiresOn, today), lte(residencePermits.expiresOn, until)))
        .orderBy(asc(residencePermits.expiresOn));
      let sent = 0;
      for (const permit of candidates) {
        const due = reminderDue(daysBetween(today, permit.expiresOn), permit.sent);
        if (!due) continue;
        const marked = await tx.insert(residencePermitReminders).values(due.mark.map((daysBefore) => ({ permitId: permit.id, daysBefore, sentAt: now })))
          .onConflictDoNothing().returning({ daysBefore: residencePermitReminders.daysBefore });
        if (!marked.some((m) => m.daysBefore === due.send)) continue; // another run sent it
        await enqueue(tx, {
          topic: permitExpiringTopic, recipientOrganisationId: permit.authorityId, subjectType: 'residence_permit', subjectId: permit.id,
          payload: { reference: permit.reference, expiresOn: permit.expiresOn, daysBefore: due.send },
        }, now);
        sent++;
      }
      if (sent > 0) await this.audit.record(tx, { actor: systemActor }, { action: 'create', recordType: 'residence_permit_reminder', details: { sent } });
      return sent;
    });
  }
}

function checkDates(input: { grantedOn: string; expiresOn: string }, notBefore: string): void {
  if (input.grantedOn < notBefore) throw new CaseworkRefusedError(`The permit must be granted on or after ${notBefore}`, 'grantedOn');
  if (input.expiresOn <= input.grantedOn) throw new CaseworkRefusedError('The expiry date must be after the date granted', 'expiresOn');
}

/** A permit or a renewal, as the form and the API take it. */
export const permitInput = z.object({
  basis: z.enum(Object.keys(permitBases) as [PermitBasis, ...PermitBasis[]], { error: 'Select the basis of the permit' }),
  grantedOn: z.string({ error: 'Enter the date the permit was granted' }).regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter the date the permit was granted'),
  expiresOn: z.string({ error: 'Enter the date the permit expires' }).regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter the date the permit expires'),
  version: z.coerce.number().int().positive(),
});
