import { eq } from 'drizzle-orm';
import type { Services } from '../../src/services.js';
import type { Principal } from '../../src/platform/auth/principal.js';
import { users } from '../../src/users/tables.js';
import { organisations } from '../../src/organisations/tables.js';

/** The principal a signed-in user would be, for calling services directly. */
export async function principalFor(s: Pick<Services, 'database'>, email: string): Promise<Principal> {
  const [user] = await s.database.db.select().from(users).where(eq(users.email, email));
  if (!user) throw new Error(`No user ${email}`);
  const [org] = await s.database.db.select().from(organisations).where(eq(organisations.id, user.organisationId));
  return { userId: user.id, email, name: user.name, role: user.role as Principal['role'], organisationId: org!.id, organisationName: org!.name, via: 'session' };
}
