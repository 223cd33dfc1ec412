import type { Database } from '../platform/db/database.js';
import type { Clock } from '../platform/clock.js';
import type { AuditLog, AuditContext } from '../platform/audit/audit-log.js';
import { scopeFor } from '../platform/auth/policy.js';
import type { Principal } from '../platform/auth/principal.js';
import { findOrganisation, insertOrganisation, listOrganisations, updateOrganisation, type Organisation } from './store.js';
import type { OrganisationInput } from './schema.js';
import { isUniqueViolation, NotFoundError } from '../platform/db/errors.js';

export class DuplicateOrganisationError extends Error {
  constructor() {
    super('An organisation with this name already exists');
  }
}

export class OrganisationService {
  constructor(private readonly database: Database, private readonly audit: AuditLog, private readonly clock: Clock) {}

  list(principal: Principal): Promise<Organisation[]> {
    return listOrganisations(this.database.db, scopeFor(principal.role, 'organisation'), principal);
  }

  /** Every organisation, for choosing one in a form the principal may already submit. */
  listAll(): Promise<Organisation[]> {
    return listOrganisations(this.database.db, 'all', { userId: '', organisationId: '' });
  }

  async get(principal: Principal, id: string): Promise<Organisation> {
    const found = await findOrganisation(this.database.db, id, scopeFor(principal.role, 'organisation'), principal);
    if (!found) throw new NotFoundError('Organisation not found');
    return found;
  }

  async create(input: OrganisationInput, context: AuditContext): Promise<string> {
    try {
      return await this.database.transaction(async (tx) => {
        const row = await insertOrganisation(tx, input);
        await this.audit.record(tx, context, { action: 'create', recordType: 'organisation', recordId: row.id, fields: Object.keys(input) });
        return row.id;
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new DuplicateOrganisationError();
      throw error;
    }
  }

  async update(principal: Principal, id: string, version: number, input: OrganisationInput, context: AuditContext): Promise<void> {
    try {
      await this.database.transaction(async (tx) => {
        const before = await findOrganisation(tx, id, scopeFor(principal.role, 'organisation'), principal);
        if (!before) throw new NotFoundError('Organisation not found');
        if (input.primeContractorId === id) throw new NotFoundError('An organisation cannot be its own prime contractor');
        const after = await updateOrganisation(tx, id, version, input, this.clock.now());
        const changed = (Object.keys(input) as (keyof OrganisationInput)[]).filter((k) => (before[k] ?? null) !== (after[k] ?? null));
        await this.audit.record(tx, context, { action: 'update', recordType: 'organisation', recordId: id, fields: changed });
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new DuplicateOrganisationError();
      throw error;
    }
  }
}
