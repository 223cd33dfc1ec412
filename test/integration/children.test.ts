import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { FixedClock } from '../support/test-services.js';
import { principalFor } from '../support/principals.js';
import type { HttpAgent } from '../support/http-agent.js';
import { actorOf } from '../../src/platform/auth/principal.js';
import { auditEvents } from '../../src/platform/audit/tables.js';
import { organisations } from '../../src/organisations/tables.js';
import { referrals } from '../../src/referrals/tables.js';
import { insertUser } from '../../src/users/store.js';
import { hashPassword } from '../../src/platform/crypto/passwords.js';
import { DEMO_PASSWORD } from '../../src/demo/demo-data.js';
import { childSafeguarding, multiAgencyEntries } from '../../src/children/tables.js';

const hillingdon = 'childrens.services@palermo.example';
const glasgow = 'childrens.services@glasgow.example';
const firstResponder = 'first.responder@palermo.example';
const caseworker = 'caseworker@palermo.example';
const supportWorker = 'support.worker@palermo.example';
const southYorkshire = 'officer@southyorks.example';

/** A child referred by the Metropolitan Police to the named local authority. */
function childReferral(localAuthority: string, givenName: string) {
  return {
    under18: 'yes',
    person: {
      givenName, familyName: 'Nguyen', dateOfBirth: '2011-05-02', gender: 'female', nationalities: ['VN'], languages: ['vi'], interpreterNeeded: true,
      letterRecipient: 'first_responder', phone: '07700 900123', safeContactNotes: 'Call the foster carer first', currentPlace: 'london',
      currentLocationNotes: 'Emergency foster placement',
    },
    childLocalAuthority: { code: localAuthority, contactName: 'Duty desk', contactEmail: 'duty@example.org' },
    situations: [{ types: ['criminal'], countyLines: true, startMonth: '2025-06', ongoing: true, ukPlaces: ['london'] }],
    policeForceCode: 'E23000001',
  };
}

const adult = {
  under18: 'no', consent: true,
  person: { givenName: 'Grown', familyName: 'Up', dateOfBirth: '1990-01-01', gender: 'male', nationalities: ['GB'], letterRecipient: 'first_responder' },
  situations: [{ types: ['labour'], startMonth: '2025-01', endMonth: '2025-12', ukPlaces: ['london'] }],
};

const plan = { status: 'agreed', 'agreedOn-day': '5', 'agreedOn-month': '3', 'agreedOn-year': '2026', leadSocialWorker: 'Jo Bloggs', summary: 'Supervised contact only; no phone' };

describe('children’s safeguarding', () => {
  let t: TestApp;
  let ours: string; // Hillingdon's child
  let theirs: string; // Glasgow's child
  let adultReference: string;
  let ourId: string;
  let theirId: string;
  const agents = new Map<string, HttpAgent>();
  const tokens = new Map<string, string>();

  const agent = (email: string) => agents.get(email)!;
  const api = (email: string, method: 'GET' | 'PUT', url: string, payload?: unknown) =>
    t.app.inject({ method, url, headers: { authorization: `Bearer ${tokens.get(email)}` }, ...(payload === undefined ? {} : { payload: payload as object }) });
  const events = (recordId: string, action: string) =>
    t.ctx.database.db.select().from(auditEvents).where(and(eq(auditEvents.recordId, recordId), eq(auditEvents.action, action)));
  const safeguardingRow = async (id: string) => (await t.ctx.database.db.select().from(childSafeguarding).where(eq(childSafeguarding.referralId, id)))[0];

  before(async () => {
    t = await startTestApp({ clock: new FixedClock(new Date('2026-03-10T10:00:00Z')) });
    const [glasgowCouncil] = await t.ctx.database.db.select().from(organisations).where(eq(organisations.name, 'Glasgow City Council'));
    const [syp] = await t.ctx.database.db.select().from(organisations).where(eq(organisations.name, 'South Yorkshire Police'));
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    await insertUser(t.ctx.database.db, { email: glasgow, name: 'Morag Scott', role: 'la_childrens_services', organisationId: glasgowCouncil!.id, passwordHash });
    await insertUser(t.ctx.database.db, { email: southYorkshire, name: 'Dev Patel', role: 'first_responder', organisationId: syp!.id, passwordHash });
    const responder = await principalFor(t.ctx, firstResponder);
    const submit = (body: unknown, key: string) => t.ctx.referrals.submit(responder, body, key, { actor: actorOf(responder) });
    ours = (await submit(childReferral('E09000017', 'Linh'), 'children-test-ours')).reference;
    theirs = (await submit(childReferral('S12000049', 'Mai'), 'children-test-theirs')).reference;
    adultReference = (await submit(adult, 'children-test-adult')).reference;
    const id = async (reference: string) => (await t.ctx.database.db.select({ id: referrals.id }).from(referrals).where(eq(referrals.reference, reference)))[0]!.id;
    ourId = await id(ours);
    theirId = await id(theirs);
    for (const email of [hillingdon, glasgow, firstResponder, caseworker, supportWorker, southYorkshire]) {
      const a = t.agent();
      assert.equal((await a.signIn(email)).statusCode, 303, `${email} signs in`);
      agents.set(email, a);
      tokens.set(email, (await t.ctx.apiTokens.create(email, 'children test')).token);
    }
  });
  after(async () => { await t?.close(); });

  describe('the local authority’s children', () => {
    it('lists only the children referred in its own area, and audits the list', async () => {
      const page = await agent(hillingdon).get('/children');
      assert.equal(page.statusCode, 200);
      assert.ok(page.body.includes(ours), 'its own child');
      assert.ok(!page.body.includes(theirs), 'not another local authority’s child');
      assert.ok(!page.body.includes(adultReference), 'not an adult');
      assert.ok(page.body.includes('No plan'));
      const listed = await t.ctx.database.db.select().from(auditEvents).where(and(eq(auditEvents.recordType, 'children'), eq(auditEvents.actorEmail, hillingdon)));
      assert.ok(listed.length >= 1, 'the list view is audited');

      const other = await agent(glasgow).get('/children');
      assert.ok(other.body.includes(theirs) && !other.body.includes(ours));
    });

    it('shows a child’s page with what children’s services need, and audits the read', async () => {
      const page = await agent(hillingdon).get(`/children/${ours}`);
      assert.equal(page.statusCode, 200);
      for (const text of ['Linh Nguyen', '2 May 2011 (age 14)', 'Vietnamese', 'needs an interpreter', '07700 900123', 'Call the foster carer first', 'Emergency foster placement', 'Metropolitan Police Service']) {
        assert.ok(page.body.includes(text), `shows ${text}`);
      }
      const views = await events(ourId, 'view');
      const view = views.find((e) => e.actorEmail === hillingdon);
      assert.ok(view, 'the read is audited');
      assert.ok(view.fields.includes('person') && view.fields.includes('safeContact'));
    });

    it('refuses another local authority’s child (403, audited) and leaks nothing', async () => {
      const page = await agent(hillingdon).get(`/children/${theirs}`);
      assert.equal(page.statusCode, 403);
      assert.match(page.body, /You do not have permission to see this page/);
      assert.ok(!page.body.includes('Mai') && !page.body.includes('07700'), 'nothing about the child');
      const read = await api(hillingdon, 'GET', `/api/v1/children/${theirs}`);
      assert.equal(read.statusCode, 403);
      assert.ok(!read.body.includes('Mai'));
      const write = await agent(hillingdon).post(`/children/${theirs}/plan`, { version: '0', ...plan });
      assert.equal(write.statusCode, 403);
      const put = await api(hillingdon, 'PUT', `/api/v1/children/${theirs}/safeguarding`, { version: 0, guardian: { name: 'A Guardian', organisation: 'Barnardo’s', appointedOn: '2026-03-01' } });
      assert.equal(put.statusCode, 403);
      assert.deepEqual(put.json(), { error: 'forbidden', message: 'You may not see this referral' });
      assert.equal(await safeguardingRow(theirId), undefined, 'nothing written');
      const denied = await events(theirId, 'permission_denied');
      assert.ok(denied.filter((e) => e.actorEmail === hillingdon).length >= 4, 'every refusal is audited');
      assert.equal((await agent(hillingdon).get('/children/NRM-2026-999999')).statusCode, 404);
      assert.equal((await agent(hillingdon).get(`/children/${adultReference}`)).statusCode, 404, 'an adult is not a child');
    });

    it('records the safeguarding plan sealed and audited; a stale version gets 409 and writes nothing', async () => {
      const form = await agent(hillingdon).get(`/children/${ours}/plan`);
      assert.equal(form.statusCode, 200);
      const saved = await agent(hillingdon).post(`/children/${ours}/plan`, { version: '0', ...plan });
      assert.equal(saved.statusCode, 303);
      const row = await safeguardingRow(ourId);
      assert.equal(row?.version, 1);
      assert.equal(row?.planStatus, 'agreed');
      assert.equal(row?.planAgreedOn, '2026-03-05');
      assert.ok(row?.planSummarySealed && !row.planSummarySealed.includes('Supervised'), 'the summary is sealed');
      const created = await events(ourId, 'create');
      assert.ok(created.some((e) => e.recordType === 'child_safeguarding' && e.fields.includes('planSummary')));

      const stale = await agent(hillingdon).post(`/children/${ours}/plan`, { version: '0', ...plan, summary: 'Overwritten' });
      assert.equal(stale.statusCode, 409);
      assert.ok(stale.body.includes('changed by someone else'));
      const after = await safeguardingRow(ourId);
      assert.equal(after?.version, 1);
      assert.equal(t.ctx.cipher.decrypt(after!.planSummarySealed!), 'Supervised contact only; no phone');

      const staleApi = await api(hillingdon, 'PUT', `/api/v1/children/${ours}/safeguarding`, { version: 0, plan: { status: 'closed', agreedOn: '2026-03-05', leadSocialWorker: 'X', summary: 'Y' } });
      assert.equal(staleApi.statusCode, 409);
      assert.equal((await safeguardingRow(ourId))?.planStatus, 'agreed', 'nothing written');
    });

    it('refuses a plan with bad input, field by field, and writes nothing', async () => {
      const bad = await agent(hillingdon).post(`/children/${ours}/plan`, { version: '1', status: 'agreed', leadSocialWorker: '', summary: 'S' });
      assert.equal(bad.statusCode, 400);
      assert.ok(bad.body.includes('Enter the date the plan was agreed'));
      assert.ok(bad.body.includes('Enter the name of the lead social worker'));
      const future = await agent(hillingdon).post(`/children/${ours}/placement`, { version: '1', type: 'foster_care', 'startedOn-day': '1', 'startedOn-month': '4', 'startedOn-year': '2026' });
      assert.equal(future.statusCode, 400);
      assert.ok(future.body.includes('must be today or in the past'));
      assert.equal((await safeguardingRow(ourId))?.version, 1);
    });

    it('records the placement and the guardian at the current version; the child page shows them', async () => {
      const placement = await agent(hillingdon).post(`/children/${ours}/placement`, {
        version: '1', type: 'foster_care', 'startedOn-day': '6', 'startedOn-month': '3', 'startedOn-year': '2026', details: '12 Acacia Avenue, Uxbridge',
      });
      assert.equal(placement.statusCode, 303);
      const guardian = await agent(hillingdon).post(`/children/${ours}/guardian`, { version: '2', name: 'Sam Guardian', organisation: 'Barnardo’s', 'appointedOn-day': '7', 'appointedOn-month': '3', 'appointedOn-year': '2026' });
      assert.equal(guardian.statusCode, 303);
      const row = await safeguardingRow(ourId);
      assert.equal(row?.version, 3);
      assert.equal(row?.planStatus, 'agreed', 'the plan is kept');
      assert.ok(!row?.placementDetailsSealed?.includes('Acacia'), 'the address is sealed');
      const page = await agent(hillingdon).get(`/children/${ours}`);
      for (const text of ['Foster care since 6 March 2026', '12 Acacia Avenue, Uxbridge', 'Sam Guardian', 'Jo Bloggs', 'Supervised contact only; no phone']) {
        assert.ok(page.body.includes(text), `shows ${text}`);
      }
      const home = await agent(hillingdon).get('/');
      assert.ok(home.body.includes('1 child has been referred in your area'));
    });

    it('offers the same through the API: list, read and update with the version read', async () => {
      const list = await api(hillingdon, 'GET', '/api/v1/children');
      assert.equal(list.statusCode, 200);
      const { children } = list.json() as { children: { reference: string; safeguardingPlan: string | null; placementType: string | null; guardianAppointed: boolean }[] };
      assert.deepEqual(children.map((c) => c.reference), [ours]);
      assert.equal(children[0]!.safeguardingPlan, 'agreed');
      assert.equal(children[0]!.guardianAppointed, true);

      const read = await api(hillingdon, 'GET', `/api/v1/children/${ours}`);
      assert.equal(read.statusCode, 200);
      const child = read.json() as { safeguarding: { version: number; placement: { details: string } }; person: { givenName: string } };
      assert.equal(child.person.givenName, 'Linh');
      assert.equal(child.safeguarding.placement.details, '12 Acacia Avenue, Uxbridge');

      const invalid = await api(hillingdon, 'PUT', `/api/v1/children/${ours}/safeguarding`, { version: child.safeguarding.version, placement: { type: 'hotel', startedOn: '2026-03-08' } });
      assert.equal(invalid.statusCode, 400);
      assert.equal((invalid.json() as { fields: { field: string }[] }).fields[0]!.field, 'placement.type');

      const updated = await api(hillingdon, 'PUT', `/api/v1/children/${ours}/safeguarding`, { version: child.safeguarding.version, placement: { type: 'residential', startedOn: '2026-03-08' } });
      assert.equal(updated.statusCode, 200);
      assert.deepEqual(updated.json(), { version: child.safeguarding.version + 1 });
      assert.equal((await safeguardingRow(ourId))?.placementType, 'residential');
      assert.equal((await api(glasgow, 'GET', '/api/v1/children')).json().children.some((c: { reference: string }) => c.reference === ours), false);
    });
  });

  describe('the multi-agency record', () => {
    it('refuses an agency not involved with the child (403, audited) and writes nothing', async () => {
      for (const email of [glasgow, supportWorker]) {
        const view = await agent(email).get(`/children/${ours}/multi-agency`);
        assert.equal(view.statusCode, 403, `${email} may not read it`);
        const add = await agent(email).post(`/children/${ours}/multi-agency`, { topic: 'family', question: 'Q', answer: 'A', 'askedOn-day': '1', 'askedOn-month': '3', 'askedOn-year': '2026' });
        assert.equal(add.statusCode, 403, `${email} may not add to it`);
        const denied = (await events(ourId, 'permission_denied')).filter((e) => e.actorEmail === email && e.recordType === 'multi_agency_record');
        assert.equal(denied.length, 2, `both refusals of ${email} are audited`);
      }
      assert.equal((await t.ctx.database.db.select().from(multiAgencyEntries)).length, 0);
    });

    it('lets the referring agency add what was asked, sealed and audited; the local authority and the Competent Authority read it, audited', async () => {
      const responder = agent(firstResponder);
      const status = await responder.get(`/referrals/${ours}`);
      assert.ok(status.body.includes(`/children/${ours}/multi-agency`), 'linked from the first responder’s referral page');
      const empty = await responder.get(`/children/${ours}/multi-agency`);
      assert.equal(empty.statusCode, 200);
      assert.ok(empty.body.includes('London Borough of Hillingdon') && empty.body.includes('Single Competent Authority'), 'the agencies involved');

      const bad = await responder.post(`/children/${ours}/multi-agency`, { topic: 'journey', question: '', answer: 'By lorry' });
      assert.equal(bad.statusCode, 400);
      assert.ok(bad.body.includes('Enter the question that was asked') && bad.body.includes('Enter the date the question was asked'));

      const added = await responder.post(`/children/${ours}/multi-agency`, {
        topic: 'journey', question: 'How did you travel to the UK?', answer: 'In the back of a lorry from Calais', 'askedOn-day': '9', 'askedOn-month': '3', 'askedOn-year': '2026',
      });
      assert.equal(added.statusCode, 303);
      const [entry] = await t.ctx.database.db.select().from(multiAgencyEntries);
      assert.ok(entry && !entry.answerSealed.includes('lorry'), 'the answer is sealed');
      assert.ok((await events(ourId, 'create')).some((e) => e.recordType === 'multi_agency_record' && e.actorEmail === firstResponder));

      for (const email of [hillingdon, caseworker]) {
        const page = await agent(email).get(`/children/${ours}/multi-agency`);
        assert.equal(page.statusCode, 200, `${email} reads it`);
        assert.ok(page.body.includes('In the back of a lorry from Calais') && page.body.includes('Metropolitan Police Service'));
        const views = (await events(ourId, 'view')).filter((e) => e.actorEmail === email && e.recordType === 'multi_agency_record');
        assert.equal(views.length, 1, `${email}'s read is audited`);
      }
      const casePage = await agent(caseworker).get(`/casework/cases/${ours}`);
      assert.ok(casePage.body.includes(`/children/${ours}/multi-agency`), 'linked from the Competent Authority’s case page');
      assert.equal((await responder.get('/children/NRM-2026-999999/multi-agency')).statusCode, 404);
      assert.equal((await responder.get(`/children/${adultReference}/multi-agency`)).statusCode, 404, 'an adult has no multi-agency record');
    });

    it('involves the police force of the area the referral names, and no other force', async () => {
      const responder = await principalFor(t.ctx, firstResponder);
      const inSheffield = { ...childReferral('E09000017', 'Hoa'), policeForceCode: 'E23000011' };
      const reference = (await t.ctx.referrals.submit(responder, inSheffield, 'children-test-sheffield', { actor: actorOf(responder) })).reference;
      const page = await agent(southYorkshire).get(`/children/${reference}/multi-agency`);
      assert.equal(page.statusCode, 200);
      assert.ok(page.body.includes('South Yorkshire Police'));
      assert.equal((await agent(southYorkshire).get(`/children/${ours}/multi-agency`)).statusCode, 403, 'not a child of another force’s area');
      assert.equal((await agent(southYorkshire).get(`/referrals/${reference}`)).statusCode, 403, 'the referral itself stays the referrer’s');
    });
  });
});
