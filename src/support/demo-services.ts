import type { Db } from '../platform/db/database.js';
import type { AuditContext, AuditLog } from '../platform/audit/audit-log.js';
import type { Role } from '../platform/auth/roles.js';
import { insertUser } from '../users/store.js';
import { insertService } from './store.js';
import type { ClientGroup, ServiceKind } from './matching.js';
import type { Region } from './regions.js';

interface DemoService {
  provider: string;
  kind: ServiceKind;
  name: string;
  regions: Region[];
  clientGroup: ClientGroup;
  exploitationTypes: string[];
  languages: string[];
  places: number;
}

const allEnglishRegions: Region[] = ['north_east', 'north_west', 'yorkshire_humber', 'east_midlands', 'west_midlands', 'east_of_england', 'london', 'south_east', 'south_west'];

// The 2009 support contract [001]: the Poppy Project's refuges for women (54 places in London, Sheffield and
// Cardiff), Migrant Helpline's national outreach for forced labour, and the prime contractor's own house for men.
export const demoSupportServices: DemoService[] = [
  { provider: 'Poppy Project', kind: 'accommodation', name: 'Poppy Project refuge, London', regions: ['london'], clientGroup: 'women', exploitationTypes: ['sexual', 'domestic_servitude'], languages: ['en', 'ro', 'sq', 'zh'], places: 30 },
  { provider: 'Poppy Project', kind: 'accommodation', name: 'Poppy Project refuge, Sheffield', regions: ['yorkshire_humber'], clientGroup: 'women', exploitationTypes: ['sexual', 'domestic_servitude'], languages: ['en', 'pl', 'ro'], places: 14 },
  { provider: 'Poppy Project', kind: 'accommodation', name: 'Poppy Project refuge, Cardiff', regions: ['wales'], clientGroup: 'women', exploitationTypes: ['sexual', 'domestic_servitude'], languages: ['en', 'cy'], places: 10 },
  { provider: 'Migrant Helpline', kind: 'outreach', name: 'Migrant Helpline national outreach', regions: [...allEnglishRegions, 'wales'], clientGroup: 'anyone', exploitationTypes: ['labour'], languages: ['en', 'pl', 'lt', 'ro', 'bg', 'vi'], places: 60 },
  { provider: 'The Salvation Army', kind: 'accommodation', name: 'Salvation Army house for men, Birmingham', regions: ['west_midlands'], clientGroup: 'men', exploitationTypes: ['labour', 'criminal', 'sexual', 'domestic_servitude'], languages: ['en', 'pl', 'vi'], places: 12 },
];

/** A support worker at each subcontractor: the prime contractor's (the allocator) is in demo-data.ts. */
export const demoProviderUsers: { role: Role; email: string; name: string; organisation: string }[] = [
  { role: 'support_worker', email: 'poppy.support@palermo.example', name: 'Grace Adeyemi', organisation: 'Poppy Project' },
  { role: 'support_worker', email: 'migrant.helpline@palermo.example', name: 'Piotr Nowak', organisation: 'Migrant Helpline' },
];

/** The support services and the providers' support workers, in the seeding transaction. */
export async function seedSupportDemo(tx: Db, audit: AuditLog, context: AuditContext, organisationIds: Map<string, string>, passwordHash: string): Promise<void> {
  for (const s of demoSupportServices) {
    const row = await insertService(tx, {
      organisationId: organisationIds.get(s.provider)!, kind: s.kind, name: s.name, regions: s.regions, clientGroup: s.clientGroup,
      exploitationTypes: s.exploitationTypes, languages: s.languages, places: s.places,
    });
    await audit.record(tx, context, { action: 'create', recordType: 'support_service', recordId: row.id, details: { source: 'demo data' } });
  }
  for (const user of demoProviderUsers) {
    const row = await insertUser(tx, { email: user.email, name: user.name, role: user.role, organisationId: organisationIds.get(user.organisation)!, passwordHash });
    await audit.record(tx, context, { action: 'create', recordType: 'user', recordId: row.id, details: { source: 'demo data', role: user.role } });
  }
}
