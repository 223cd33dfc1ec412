import type { Db } from '../platform/db/database.js';
import type { Principal } from '../platform/auth/principal.js';
import { providersInvolved } from '../support/store.js';

/**
 * Who may work on a case's return: the Competent Authority's caseworkers and managers on their own
 * authority's cases, and support workers whose provider supports the person (an offer or placement
 * open, or support going on).
 */
export async function mayWorkOnReturn(db: Db, principal: Principal, kase: { id: string; competentAuthorityId: string | null }): Promise<boolean> {
  if (principal.role === 'ca_caseworker' || principal.role === 'ca_manager') return kase.competentAuthorityId === principal.organisationId;
  if (principal.role === 'support_worker') return (await providersInvolved(db, kase.id)).includes(principal.organisationId);
  return false;
}
