import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { createTestServices, FixedClock, type TestContext } from '../../test/support/test-services.js';
import { systemActor } from '../platform/audit/audit-log.js';
import { auditEvents } from '../platform/audit/tables.js';
import { NotFoundError, StaleVersionError } from '../platform/db/errors.js';
import type { Principal } from '../platform/auth/principal.js';
import { users } from '../users/tables.js';
import { organisations } from '../organisations/tables.js';
import { referralDrafts } from './tables.js';
import type { DraftChange } from './drafts.js';

const clock = new FixedClock(new Date('2026-11-27T10:00:00Z'));
const DAY = 86_400_000;
let s: TestContext;
let fiona: Principal;
let officer: Principal;
const context = { actor: systemActor };

async function principal(email: string): Promise<Principal> {
  const [user] = await s.database.db.select().from(users).where(eq(users.email, email));
  const [org] = await s.database.db.select().from(organisations).where(eq(organisations.id, user!.organisationId));
  return { userId: user!.id, email, name: user!.name, role: user!.role as Principal['role'], organisationId: org!.id, organisationName: org!.name, via: 'session' };
}
const setName = (givenName: string): DraftChange => (content) => ({ ok: true, content: { ...content, answers: { ...content.answers, person: { givenName } } } });

before(async () => {
  s = await createTestServices({ clock });
  const [syp] = await s.database.db.select().from(organisations).where(eq(organisations.name, 'South Yorkshire Police'));
  await s.users.create({ email: 'officer@syp.example', name: 'Sam Officer', organisationId: syp!.id, role: 'first_responder', password: 'a long enough password' }, context);
  fiona = await principal('first.responder@palermo.example');
  officer = await principal('officer@syp.example');
});
after(async () => { await s.drop(); });

describe('drafts', () => {
  it('seals the answers, keeps the idempotency key, and restarts the 28 days on every save', async () => {
    const draft = await s.drafts.create(fiona, context);
    assert.equal(draft.expiresAt.getTime(), clock.now().getTime() + 28 * DAY);
    clock.advanceMinutes(60 * 24 * 3);
    const saved = await s.drafts.save(fiona, draft.id, draft.version, ['person.givenName'], setName('Amina'), context);
    assert.ok(saved.ok);
    assert.equal(saved.draft.idempotencyKey, draft.idempotencyKey);
    assert.equal(saved.draft.version, draft.version + 1);
    assert.equal(saved.draft.expiresAt.getTime(), clock.now().getTime() + 28 * DAY);
    const [row] = await s.database.db.select().from(referralDrafts).where(eq(referralDrafts.id, draft.id));
    assert.equal(row!.sealed.includes('Amina'), false);
    assert.equal((await s.drafts.read(fiona, draft.id, ['person.givenName'], context)).content.answers.person?.givenName, 'Amina');
  });

  it('refuses a save from a stale version, and writes nothing for a change with problems', async () => {
    const draft = await s.drafts.create(fiona, context);
    await s.drafts.save(fiona, draft.id, draft.version, [], setName('First'), context);
    await assert.rejects(s.drafts.save(fiona, draft.id, draft.version, [], setName('Second'), context), StaleVersionError);
    const refused = await s.drafts.save(fiona, draft.id, draft.version + 1, [], () => ({ ok: false, problems: [{ field: 'x', message: 'no' }] }), context);
    assert.equal(refused.ok, false);
    const stored = await s.drafts.read(fiona, draft.id, [], context);
    assert.equal(stored.version, draft.version + 1);
    assert.equal(stored.content.answers.person?.givenName, 'First');
  });

  it('is invisible to other organisations', async () => {
    const draft = await s.drafts.create(fiona, context);
    await assert.rejects(s.drafts.read(officer, draft.id, [], context), NotFoundError);
    await assert.rejects(s.drafts.save(officer, draft.id, draft.version, [], setName('X'), context), NotFoundError);
    assert.equal((await s.drafts.list(officer)).some((d) => d.id === draft.id), false);
    const listed = (await s.drafts.list(fiona)).find((d) => d.id === draft.id);
    assert.equal(listed?.createdByName, 'Fiona Reid');
  });

  it('warns in the last 7 days, hides expired drafts, and purges them with an audit event each', async () => {
    const draft = await s.drafts.create(fiona, context);
    clock.advanceMinutes(60 * 24 * 22);
    assert.equal((await s.drafts.list(fiona)).find((d) => d.id === draft.id)?.expiresSoon, true);
    clock.advanceMinutes(60 * 24 * 6);
    assert.equal((await s.drafts.list(fiona)).some((d) => d.id === draft.id), false, 'expired');
    await assert.rejects(s.drafts.read(fiona, draft.id, [], context), NotFoundError);
    const purged = await s.drafts.purgeExpired();
    assert.ok(purged >= 1);
    assert.equal((await s.database.db.select().from(referralDrafts).where(eq(referralDrafts.id, draft.id))).length, 0);
    const events = await s.database.db.select().from(auditEvents).where(eq(auditEvents.recordId, draft.id));
    assert.ok(events.some((e) => e.actorEmail === 'system' && String((e.details as { removed?: string }).removed).includes('28 days')));
    assert.equal(await s.drafts.purgeExpired(), 0);
  });

  it('is removed only inside the caller’s transaction', async () => {
    const draft = await s.drafts.create(fiona, context);
    await assert.rejects(s.database.transaction(async (tx) => {
      await s.drafts.removeInTransaction(tx, fiona, draft.id);
      throw new Error('the referral could not be stored');
    }));
    assert.ok(await s.drafts.read(fiona, draft.id, [], context), 'rolled back with the referral');
    await s.database.transaction((tx) => s.drafts.removeInTransaction(tx, officer, draft.id));
    assert.ok(await s.drafts.read(fiona, draft.id, [], context), 'another organisation cannot remove it');
    await s.database.transaction((tx) => s.drafts.removeInTransaction(tx, fiona, draft.id));
    await assert.rejects(s.drafts.read(fiona, draft.id, [], context), NotFoundError);
  });
});
