import type { Database } from '../platform/db/database.js';
import type { Clock } from '../platform/clock.js';
import type { AuditLog, AuditContext } from '../platform/audit/audit-log.js';
import { hashPassword } from '../platform/crypto/passwords.js';
import { scopeFor } from '../platform/auth/policy.js';
import type { Principal } from '../platform/auth/principal.js';
import { deleteSessionsOf, findUser, insertUser, listUsers, updateUser, type UserSummary } from './store.js';
import { findOrganisation, findOrganisationByName } from '../organisations/store.js';
import type { NewUserInput, UserUpdateInput } from './schema.js';
import { isUniqueViolation, NotFoundError } from '../platform/db/errors.js';

export class DuplicateEmailError extends Error {
  constructor() {
    super('A user with this email address already exists');
  }
}

export class UserService {
  constructor(private readonly database: Database, private readonly audit: AuditLog, private readonly clock: Clock) {}

  list(principal: Principal): Promise<UserSummary[]> {
    return listUsers(this.database.db, scopeFor(principal.role, 'user'), principal);
  }

  /** Reads one user within the principal's scope; the view is audited. */
  async view(principal: Principal, id: string, context: AuditContext): Promise<UserSummary> {
    return this.database.transaction(async (tx) => {
      const user = await findUser(tx, id, scopeFor(principal.role, 'user'), principal);
      if (!user) throw new NotFoundError('User not found');
      await this.audit.record(tx, context, { action: 'view', recordType: 'user', recordId: id });
      return user;
    });
  }

  async create(input: NewUserInput, context: AuditContext): Promise<string> {
    const passwordHash = await hashPassword(input.password);
    try {
      return await this.database.transaction(async (tx) => {
        const user = await insertUser(tx, { email: input.email, name: input.name, organisationId: input.organisationId, role: input.role, passwordHash });
        await this.audit.record(tx, context, {
          action: 'create', recordType: 'user', recordId: user.id,
          fields: ['email', 'name', 'organisationId', 'role', 'password'], details: { role: input.role, organisationId: input.organisationId },
        });
        return user.id;
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new DuplicateEmailError();
      throw error;
    }
  }

  /** CLI: `palermo users add`, naming the organisation. */
  async createInOrganisationNamed(input: Omit<NewUserInput, 'organisationId'> & { organisationName: string }, context: AuditContext): Promise<string> {
    const organisation = await findOrganisationByName(this.database.db, input.organisationName);
    if (!organisation) throw new NotFoundError(`No organisation named "${input.organisationName}"`);
    return this.create({ ...input, organisationId: organisation.id }, context);
  }

  async update(principal: Principal, id: string, input: UserUpdateInput, context: AuditContext): Promise<void> {
    await this.database.transaction(async (tx) => {
      const before = await findUser(tx, id, scopeFor(principal.role, 'user'), principal);
      if (!before) throw new NotFoundError('User not found');
      const organisation = await findOrganisation(tx, input.organisationId, 'all', principal);
      if (!organisation) throw new NotFoundError('Organisation not found');
      const after = await updateUser(tx, id, input.version, input, this.clock.now());
      const changed = (['name', 'organisationId', 'role', 'active'] as const).filter((f) => before[f] !== after[f]);
      if (input.unlock && before.lockedUntil) changed.push('lockedUntil' as never);
      // A user whose role, organisation or access changed must sign in again under the new rights.
      if (changed.some((f) => f === 'role' || f === 'organisationId' || f === 'active')) await deleteSessionsOf(tx, id);
      await this.audit.record(tx, context, { action: 'update', recordType: 'user', recordId: id, fields: changed });
      if (input.unlock && before.lockedUntil) await this.audit.record(tx, context, { action: 'account_unlocked', recordType: 'user', recordId: id });
    });
  }
}
