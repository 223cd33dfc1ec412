import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../platform/db/database.js';
import type { Clock } from '../platform/clock.js';
import type { AuditContext, AuditLog } from '../platform/audit/audit-log.js';
import { scopeFor } from '../platform/auth/policy.js';
import type { Principal } from '../platform/auth/principal.js';
import { NotFoundError, StaleVersionError } from '../platform/db/errors.js';
import { enqueue } from '../outbox/store.js';
import { referrals } from './tables.js';
import { findCompetentAuthority, findVisibleReferral } from './store.js';
import { competentAuthorityNames, type CompetentAuthorityCode } from './routing.js';

export class ReroutingRefusedError extends Error {}

/**
 * A Competent Authority manager may send a referral the rules routed to them to another Competent
 * Authority, with a reason, before the reasonable grounds decision. The rule that fired stays on the
 * record in the audit log; the referral then carries the manager's reason as its routing explanation.
 */
export class ReferralRerouting {
  constructor(private readonly database: Database, private readonly audit: AuditLog, private readonly clock: Clock) {}

  async reroute(principal: Principal, reference: string, to: CompetentAuthorityCode, reason: string, version: number, context: AuditContext): Promise<void> {
    await this.database.transaction(async (tx) => {
      const found = await findVisibleReferral(tx, reference, scopeFor(principal.role, 'referral'), principal);
      if (!found) throw new NotFoundError('No referral with this reference');
      const r = found.referral;
      if (r.route !== 'nrm' || r.status !== 'awaiting_rg') throw new ReroutingRefusedError('Only a referral awaiting its reasonable grounds decision can be sent to another Competent Authority.');
      const target = await findCompetentAuthority(tx, to);
      if (!target) throw new ReroutingRefusedError(`No organisation is set up as the ${competentAuthorityNames[to]}.`);
      if (target.id === r.competentAuthorityId) throw new ReroutingRefusedError('The referral is already with this Competent Authority.');
      const explanation = `${competentAuthorityNames[to]}: re-routed by ${principal.name} (${principal.organisationName}) — ${reason}`;
      const updated = await tx.update(referrals)
        .set({ competentAuthorityId: target.id, routingRule: 'manual', routingExplanation: explanation, version: sql`${referrals.version} + 1`, updatedAt: this.clock.now() })
        .where(and(eq(referrals.id, r.id), eq(referrals.version, version))).returning({ id: referrals.id });
      if (updated.length === 0) throw new StaleVersionError('This referral');
      await enqueue(tx, {
        topic: 'referral.received', recipientOrganisationId: target.id, subjectType: 'referral', subjectId: r.id,
        payload: { reference, child: r.treatedAsChild, reasonableGroundsDueDate: r.reasonableGroundsDueDate, reroutedFrom: found.authorityCode },
      }, this.clock.now());
      await this.audit.record(tx, context, {
        action: 'update', recordType: 'referral', recordId: r.id, fields: ['competentAuthority', 'routing'],
        details: { reference, from: found.authorityCode, to, previousRule: r.routingRule, reason },
      });
    });
  }
}
