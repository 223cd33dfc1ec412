import type { Database } from '../platform/db/database.js';
import type { AuditContext, AuditLog } from '../platform/audit/audit-log.js';
import type { Principal } from '../platform/auth/principal.js';
import { scopeFor } from '../platform/auth/policy.js';
import { NotFoundError } from '../platform/db/errors.js';
import * as store from './store.js';

/**
 * A referral just made from a draft, as its confirmation page shows it. After the draft is gone, its
 * idempotency key still finds the referral: a repeated "Submit" (double click, retry, back button)
 * lands on the same confirmation instead of making a second referral.
 */
export interface Confirmation {
  reference: string;
  route: 'nrm' | 'duty_to_notify';
  treatedAsChild: boolean;
  competentAuthorityName: string | null;
  reasonableGroundsDueDate: string | null;
  localAuthorityCode: string | null;
}

export async function findSubmittedByIdempotencyKey(database: Database, principal: Principal, key: string): Promise<string | undefined> {
  return (await store.findByIdempotencyKey(database.db, principal.organisationId, key))?.reference;
}

/** Only a referral the principal may see; the read is audited with the fields shown. */
export async function openConfirmation(database: Database, audit: AuditLog, principal: Principal, reference: string, context: AuditContext): Promise<Confirmation> {
  const found = await store.findVisibleReferral(database.db, reference, scopeFor(principal.role, 'referral'), principal);
  if (!found) throw new NotFoundError('No referral with this reference');
  const r = found.referral;
  await audit.recordAlone(context, {
    action: 'view', recordType: 'referral', recordId: r.id,
    fields: ['reference', 'route', 'treatedAsChild', 'competentAuthority', 'reasonableGroundsDueDate', 'localAuthorityCode'],
  });
  return {
    reference: r.reference, route: r.route as Confirmation['route'], treatedAsChild: r.treatedAsChild,
    competentAuthorityName: found.authorityName, reasonableGroundsDueDate: r.reasonableGroundsDueDate, localAuthorityCode: r.localAuthorityCode,
  };
}
