import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { organisations } from '../../src/organisations/tables.js';
import { referralNotes, referrals } from '../../src/referrals/tables.js';
import { outboxMessages } from '../../src/outbox/tables.js';
import { auditEvents } from '../../src/platform/audit/tables.js';
import { systemActor } from '../../src/platform/audit/audit-log.js';

let t: TestApp;
let reference: string;
const submission = {
  under18: 'no', consent: true,
  person: { givenName: 'Amina', familyName: 'Yusuf', dateOfBirth: '1995-04-12', gender: 'female', nationalities: ['NG'], letterRecipient: 'first_responder', asylumClaim: 'no', detention: 'none', immigrationStatus: 'leave_to_remain' },
  situations: [{ types: ['domestic_servitude'], startMonth: '2024-03', endMonth: '2026-09', ukPlaces: ['sheffield'], narrative: 'Kept in the house for two years.' }],
};

before(async () => {
  t = await startTestApp();
  const { token } = await t.ctx.apiTokens.create('first.responder@palermo.example', 'test');
  const response = await t.app.inject({ method: 'POST', url: '/api/v1/referrals', payload: submission, headers: { authorization: `Bearer ${token}`, 'idempotency-key': 'following-0001' } });
  assert.equal(response.statusCode, 201, response.body);
  reference = (response.json() as { reference: string }).reference;
  const [syp] = await t.ctx.database.db.select().from(organisations).where(eq(organisations.name, 'South Yorkshire Police'));
  await t.ctx.users.create({ email: 'officer@syp.example', name: 'Sam Officer', organisationId: syp!.id, role: 'first_responder', password: 'a long enough password' }, { actor: systemActor });
});
after(async () => { await t.close(); });

describe('following a referral', () => {
  it('lists the organisation’s referrals and shows the status, decision date and person', async () => {
    const responder = t.agent();
    await responder.signIn('first.responder@palermo.example');
    const list = await responder.get('/referrals');
    assert.equal(list.statusCode, 200);
    assert.ok(list.body.includes(reference));
    const status = await responder.get(`/referrals/${reference}`);
    assert.equal(status.statusCode, 200);
    assert.match(status.body, /Awaiting reasonable grounds decision/);
    assert.match(status.body, /Single Competent Authority/);
    assert.match(status.body, /Amina Yusuf/);
    assert.match(status.body, /Kept in the house for two years/);
  });

  it('lets the first responder add information, sealed and audited; the Competent Authority sees it', async () => {
    const responder = t.agent();
    await responder.signIn('first.responder@palermo.example');
    await responder.get(`/referrals/${reference}`);
    const empty = await responder.post(`/referrals/${reference}/notes`, { text: '  ' });
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /Enter the information to add/);
    const added = await responder.post(`/referrals/${reference}/notes`, { text: 'She has a second passport held by her employer.' });
    assert.equal(added.statusCode, 303);
    const [note] = await t.ctx.database.db.select().from(referralNotes);
    assert.equal(note!.sealed.includes('passport'), false, 'stored encrypted');
    const caseworker = t.agent();
    await caseworker.signIn('caseworker@palermo.example');
    const seen = await caseworker.get(`/referrals/${reference}`);
    assert.equal(seen.statusCode, 200);
    assert.match(seen.body, /second passport/);
  });

  it('refuses another organisation’s first responder (403, audited) and hides the referral from their list', async () => {
    const officer = t.agent();
    assert.equal((await officer.signIn('officer@syp.example', 'a long enough password')).statusCode, 303);
    const refused = await officer.get(`/referrals/${reference}`);
    assert.equal(refused.statusCode, 403);
    assert.ok(!(await officer.get('/referrals')).body.includes(reference));
    const denied = await t.ctx.database.db.select().from(auditEvents).where(eq(auditEvents.action, 'permission_denied'));
    assert.ok(denied.some((e) => e.actorEmail === 'officer@syp.example' && (e.details as { reference?: string }).reference === reference));
    const note = await officer.post(`/referrals/${reference}/notes`, { text: 'Not mine to add.' });
    assert.equal(note.statusCode, 403);
  });

  it('lets a Competent Authority manager send the referral to another Competent Authority, with a reason, once', async () => {
    const caseworker = t.agent();
    await caseworker.signIn('caseworker@palermo.example');
    const page = await caseworker.get(`/referrals/${reference}`);
    assert.doesNotMatch(page.body, /Send to another Competent Authority/, 'caseworkers are not offered it');
    const version = /name="version" value="(\d+)"/;
    const manager = t.agent();
    await manager.signIn('ca.manager@palermo.example');
    const status = await manager.get(`/referrals/${reference}`);
    const current = version.exec(status.body)?.[1];
    assert.ok(current, 'the form carries the version');
    const noReason = await manager.post(`/referrals/${reference}/competent-authority`, { to: 'iecca', reason: '', version: current });
    assert.equal(noReason.statusCode, 400);
    assert.match(noReason.body, /Enter why the referral should go there/);
    const sent = await manager.post(`/referrals/${reference}/competent-authority`, { to: 'iecca', reason: 'Held in immigration detention since the referral.', version: current });
    assert.equal(sent.statusCode, 303);
    const stale = await manager.post(`/referrals/${reference}/competent-authority`, { to: 'ukhtc', reason: 'Second thoughts.', version: current });
    assert.notEqual(stale.statusCode, 303, 'a stale form changes nothing');
    const [row] = await t.ctx.database.db.select().from(referrals).where(eq(referrals.reference, reference));
    assert.equal(row!.routingRule, 'manual');
    assert.match(row!.routingExplanation!, /Immigration Enforcement Competent Authority: re-routed by Priya Shah/);
    const [iecca] = await t.ctx.database.db.select().from(organisations).where(eq(organisations.competentAuthorityCode, 'iecca'));
    assert.equal(row!.competentAuthorityId, iecca!.id);
    assert.equal((await caseworker.get(`/referrals/${reference}`)).statusCode, 403, 'no longer the caseworker’s authority');
    const messages = await t.ctx.database.db.select().from(outboxMessages).where(eq(outboxMessages.recipientOrganisationId, iecca!.id));
    assert.equal(messages.length, 1);
    const [event] = await t.ctx.database.db.select().from(auditEvents).where(and(eq(auditEvents.recordId, row!.id), eq(auditEvents.actorEmail, 'ca.manager@palermo.example'), eq(auditEvents.action, 'update')));
    assert.equal((event!.details as { previousRule: string }).previousRule, 'sca-iecca-2021/general');
  });
});
