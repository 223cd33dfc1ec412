import { and, asc, eq, inArray } from 'drizzle-orm';
import type { AuditContext } from '../platform/audit/audit-log.js';
import type { Principal } from '../platform/auth/principal.js';
import { users } from '../users/tables.js';
import { referrals } from '../referrals/tables.js';
import type { CaseAccess } from './case-access.js';
import { CaseworkRefusedError } from './errors.js';

const closed = ['rg_negative', 'cg_positive', 'cg_negative', 'withdrawn', 'closed'];

/** Who holds a case: a manager assigns it to a caseworker of the same Competent Authority, or a caseworker takes it. */
export class AssignmentService {
  constructor(private readonly access: CaseAccess) {}

  /** The people a manager may assign cases to: active caseworkers and managers of their own authority. */
  caseworkers(principal: Principal) {
    return this.access.database.db.select({ id: users.id, name: users.name }).from(users)
      .where(and(eq(users.organisationId, principal.organisationId), eq(users.active, true), inArray(users.role, ['ca_caseworker', 'ca_manager'])))
      .orderBy(asc(users.name));
  }

  async assign(principal: Principal, reference: string, input: { userId: string; version: number }, context: AuditContext): Promise<void> {
    await this.access.change(principal, reference, { version: input.version, context, fields: ['assignedTo'], details: { assignedTo: input.userId } }, async (change) => {
      if (closed.includes(change.case.status)) throw new CaseworkRefusedError('This case is closed.', 'userId');
      const [assignee] = await change.tx.select({ id: users.id, name: users.name }).from(users)
        .where(and(eq(users.id, input.userId), eq(users.organisationId, principal.organisationId), eq(users.active, true), inArray(users.role, ['ca_caseworker', 'ca_manager'])));
      if (!assignee) throw new CaseworkRefusedError('Select a caseworker of your Competent Authority', 'userId');
      await change.tx.update(referrals).set({ assignedTo: assignee.id, assignedAt: change.now }).where(eq(referrals.id, change.case.id));
      await change.history('assigned', { to: assignee.name, by: principal.name });
    });
  }

  async take(principal: Principal, reference: string, input: { version: number }, context: AuditContext): Promise<void> {
    await this.access.change(principal, reference, { version: input.version, context, fields: ['assignedTo'], details: { assignedTo: principal.userId } }, async (change) => {
      if (closed.includes(change.case.status)) throw new CaseworkRefusedError('This case is closed.');
      if (change.case.assignedTo === principal.userId) throw new CaseworkRefusedError('You already hold this case.');
      await change.tx.update(referrals).set({ assignedTo: principal.userId, assignedAt: change.now }).where(eq(referrals.id, change.case.id));
      await change.history('assigned', { to: principal.name, by: principal.name });
    });
  }
}
