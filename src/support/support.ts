import type { Database } from '../platform/db/database.js';
import type { Clock } from '../platform/clock.js';
import type { AuditLog } from '../platform/audit/audit-log.js';
import type { FieldCipher } from '../platform/crypto/field-encryption.js';
import { AllocationService } from './allocation.js';
import { EpisodeService } from './episodes.js';
import { SupportCaseView } from './case-view.js';
import { ServiceCatalogue } from './catalogue.js';

/** Victim support: the providers' services, allocation, support episodes and the provider's view of a case. */
export interface Support {
  catalogue: ServiceCatalogue;
  allocations: AllocationService;
  episodes: EpisodeService;
  cases: SupportCaseView;
}

export function createSupport(database: Database, audit: AuditLog, clock: Clock, cipher: FieldCipher): Support {
  return {
    catalogue: new ServiceCatalogue(database, audit, clock),
    allocations: new AllocationService(database, audit, clock, cipher),
    episodes: new EpisodeService(database, audit, clock),
    cases: new SupportCaseView(database, audit, clock, cipher),
  };
}
