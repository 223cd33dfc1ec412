import { sql } from 'drizzle-orm';
import type { Services } from '../services.js';
import { systemActor } from '../platform/audit/audit-log.js';
import { hashPassword } from '../platform/crypto/passwords.js';
import { countOrganisations, insertOrganisation } from '../organisations/store.js';
import { insertUser } from '../users/store.js';
import { DEMO_PASSWORD, demoOrganisations, demoUsers } from './demo-data.js';
import { seedPlanDemo } from '../plan/demo-plan.js';
import { demoProviderUsers, seedSupportDemo } from '../support/demo-services.js';
import { seedIntelligenceDemo } from '../intelligence/demo-intelligence.js';

export type SeedResult = 'seeded' | 'already-has-data';

/**
 * Loads the demo organisations and one user per role, in one transaction, only into an empty
 * database: a database that already has data is never seeded again.
 */
export async function seedDemoData(services: Services): Promise<SeedResult> {
  if (services.config.production) throw new Error('Demo data is never loaded in production.');
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return services.database.transaction(async (tx) => {
    // Serialise concurrent seeders (several processes starting at once against one server).
    await tx.execute(sql`SELECT pg_advisory_xact_lock(7236502)`);
    if ((await countOrganisations(tx)) > 0) return 'already-has-data';
    const context = { actor: systemActor };
    const ids = new Map<string, string>();
    for (const org of demoOrganisations) {
      const row = await insertOrganisation(tx, {
        name: org.name, type: org.type, nation: org.nation, areaCode: org.areaCode,
        designatedFirstResponder: org.designatedFirstResponder ?? false, providesSupport: org.providesSupport ?? false,
        primeContractorId: org.primeContractor ? ids.get(org.primeContractor) : undefined, active: true,
        competentAuthorityCode: org.competentAuthorityCode,
      });
      ids.set(org.name, row.id);
      await services.audit.record(tx, context, { action: 'create', recordType: 'organisation', recordId: row.id, details: { source: 'demo data' } });
    }
    for (const user of demoUsers) {
      const row = await insertUser(tx, { email: user.email, name: user.name, role: user.role, organisationId: ids.get(user.organisation)!, passwordHash });
      await services.audit.record(tx, context, { action: 'create', recordType: 'user', recordId: row.id, details: { source: 'demo data', role: user.role } });
    }
    await seedSupportDemo(tx, services.audit, context, ids, passwordHash);
    await seedPlanDemo(tx, services.audit, services.clock, context);
    await seedIntelligenceDemo(tx, services.audit, services.clock, services.cipher, context, { email: 'first.responder@palermo.example', organisationId: ids.get('Metropolitan Police Service')! });
    return 'seeded';
  });
}

export function demoSignInsText(): string {
  const everyone = [...demoUsers, ...demoProviderUsers];
  const width = Math.max(...everyone.map((u) => u.email.length));
  return [
    `Demo sign-ins (password for all: ${DEMO_PASSWORD}):`,
    ...everyone.map((u) => `  ${u.email.padEnd(width)}  ${u.role.padEnd(21)} ${u.organisation}`),
  ].join('\n');
}
