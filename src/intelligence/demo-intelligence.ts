import { eq } from 'drizzle-orm';
import type { Db } from '../platform/db/database.js';
import type { Clock } from '../platform/clock.js';
import type { AuditContext, AuditLog } from '../platform/audit/audit-log.js';
import type { FieldCipher } from '../platform/crypto/field-encryption.js';
import { users } from '../users/tables.js';
import { exploitationTypes } from '../referrals/vocabulary.js';
import { newIntelligenceReference } from './reference.js';
import { insertReport, type NewReport } from './store.js';
import type { Person } from './schema.js';

interface DemoReport {
  what: string;
  places?: string[];
  businesses?: string[];
  vehicles?: string[];
  phoneNumbers?: string[];
  people?: Person[];
  types: (keyof typeof exploitationTypes)[];
  force?: { code: string; label: string };
  grading?: [string, string, string];
  daysAgo: number;
}

const met = { code: 'E23000001', label: 'Metropolitan Police Service' };

/** Fictitious intelligence for the demo: one report from the demo police force, two from the public. */
const agencyReport: DemoReport = {
  what: 'From a welfare visit: workers at a nail bar are driven in each morning in a people carrier and say they are not paid directly.',
  places: ['210 Holloway Road, London N7'], businesses: ['Glamour Nails'], vehicles: ['Grey Vauxhall Zafira, partial registration LK'],
  phoneNumbers: ['07700 900456'],
  people: [{ role: 'suspect', description: 'Woman in her 50s who appears to hold the workers’ passports' }, { role: 'possible_victim', description: 'Three young women who speak little English' }],
  types: ['labour'], force: met, grading: ['B', '2', 'P'], daysAgo: 3,
};
const publicReports: DemoReport[] = [
  { what: 'Men living in caravans on a farm are picked up before dawn and seem scared of the site manager.', places: ['Farm on Long Lane, near Boston, Lincolnshire'], types: ['labour'], daysAgo: 2 },
  {
    what: 'A teenager is dropped off at different houses late at night by older men.', vehicles: ['Black BMW 3 Series'],
    people: [{ role: 'suspect', description: 'Two men in their 30s' }], types: ['sexual', 'criminal'], force: met, daysAgo: 1,
  },
];

function columns(cipher: FieldCipher, r: DemoReport): Omit<NewReport, 'source' | 'receivedAt'> {
  const lists = { places: r.places ?? [], businesses: r.businesses ?? [], vehicles: r.vehicles ?? [], phoneNumbers: r.phoneNumbers ?? [] };
  return {
    ...lists,
    reference: newIntelligenceReference(),
    whatSealed: cipher.encrypt(r.what),
    peopleSealed: r.people ? cipher.encrypt(JSON.stringify(r.people)) : null,
    exploitationTypes: r.types,
    policeForceCode: r.force?.code ?? null,
    searchText: [...Object.values(lists).flat(), ...r.types.map((t) => exploitationTypes[t].label), r.force?.label ?? ''].filter(Boolean).join('\n'),
  };
}

/** Adds the demo reports inside the seeding transaction (so only through `tx`). */
export async function seedIntelligenceDemo(tx: Db, audit: AuditLog, clock: Clock, cipher: FieldCipher, context: AuditContext, sender: { email: string; organisationId: string }): Promise<void> {
  const [user] = await tx.select({ id: users.id }).from(users).where(eq(users.email, sender.email));
  if (!user) return;
  const daysAgo = (days: number) => new Date(clock.now().getTime() - days * 86_400_000);
  const [source, intelligence, handling] = agencyReport.grading!;
  const row = await insertReport(tx, {
    ...columns(cipher, agencyReport), source: 'agency', organisationId: sender.organisationId, submittedBy: user.id, receivedAt: daysAgo(agencyReport.daysAgo),
    sourceEvaluation: source, intelligenceAssessment: intelligence, handlingCode: handling,
  });
  await audit.record(tx, context, { action: 'create', recordType: 'intelligence_report', recordId: row.id, details: { source: 'demo data' } });
  for (const r of publicReports) {
    const day = daysAgo(r.daysAgo).toISOString().slice(0, 10);
    await insertReport(tx, { ...columns(cipher, r), source: 'public', receivedAt: new Date(`${day}T00:00:00Z`) });
  }
}
