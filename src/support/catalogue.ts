import type { Database } from '../platform/db/database.js';
import type { Clock } from '../platform/clock.js';
import type { AuditContext, AuditLog } from '../platform/audit/audit-log.js';
import type { Principal } from '../platform/auth/principal.js';
import { NotFoundError } from '../platform/db/errors.js';
import { SupportForbiddenError, SupportRefusedError } from './errors.js';
import * as store from './store.js';

export interface ProviderServices {
  providerId: string;
  providerName: string;
  primeContractor: boolean;
  services: (store.ServiceRow & { freePlaces: number; editable: boolean })[];
  places: number;
  placesTaken: number;
}

/**
 * The providers' services and their occupancy as it is now (kept on each service by the transactions
 * that allocate and release places), and the editing of a provider's services by its own support
 * workers or an administrator, version-checked.
 */
export class ServiceCatalogue {
  constructor(private readonly database: Database, private readonly audit: AuditLog, private readonly clock: Clock) {}

  mayEdit(principal: Principal, service: Pick<store.ServiceRow, 'organisationId'>): boolean {
    return principal.role === 'admin' || (principal.role === 'support_worker' && principal.organisationId === service.organisationId);
  }

  async byProvider(principal: Principal): Promise<ProviderServices[]> {
    const rows = await store.listServices(this.database.db);
    const providers = new Map<string, ProviderServices>();
    for (const { service, providerName, primeContractorId } of rows) {
      let p = providers.get(service.organisationId);
      if (!p) providers.set(service.organisationId, p = { providerId: service.organisationId, providerName, primeContractor: !primeContractorId, services: [], places: 0, placesTaken: 0 });
      p.services.push({ ...service, freePlaces: service.places - service.placesTaken, editable: this.mayEdit(principal, service) });
      if (service.active) {
        p.places += service.places;
        p.placesTaken += service.placesTaken;
      }
    }
    // The prime contractor first, then its subcontractors by name.
    return [...providers.values()].sort((a, b) => Number(b.primeContractor) - Number(a.primeContractor) || a.providerName.localeCompare(b.providerName));
  }

  async find(principal: Principal, id: string, context: AuditContext): Promise<store.ServiceRow> {
    const service = await store.findService(this.database.db, id);
    if (!service) throw new NotFoundError('No such service');
    if (!this.mayEdit(principal, service)) {
      await this.audit.recordAlone(context, { action: 'permission_denied', outcome: 'denied', recordType: 'support_service', recordId: id });
      throw new SupportForbiddenError('Only the provider’s own support workers or an administrator can change this service');
    }
    return service;
  }

  async update(principal: Principal, id: string, input: { places: number; languages: string[]; active: boolean; version: number }, context: AuditContext): Promise<store.ServiceRow> {
    await this.find(principal, id, context);
    const now = this.clock.now();
    return this.database.transaction(async (tx) => {
      const current = await store.findService(tx, id);
      if (!current) throw new NotFoundError('No such service');
      if (input.places < current.placesTaken) {
        throw new SupportRefusedError(`${current.placesTaken} places are taken now: the service cannot have fewer places than that.`, 'places');
      }
      const updated = await store.updateService(tx, id, input.version, { places: input.places, languages: [...new Set(input.languages)].sort(), active: input.active }, now);
      await this.audit.record(tx, context, { action: 'update', recordType: 'support_service', recordId: id, fields: ['places', 'languages', 'active'], details: { places: input.places, active: input.active } });
      return updated;
    });
  }
}
