import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { count, eq } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../support/test-app.js';
import type { HttpAgent } from '../support/http-agent.js';
import { planProgressUpdates } from '../../src/plan/tables.js';
import { auditEvents } from '../../src/platform/audit/tables.js';
import { principalFor } from '../support/principals.js';

/**
 * Progress on the 2009 plan (demo data): the Metropolitan Police Service's first responder reports on
 * an action the plan names the MPS for, a policy lead approves it; refusals change nothing.
 */
let t: TestApp;
let responder: HttpAgent;
let lead: HttpAgent;
let planId: string;
const actionIds = new Map<number, string>();

before(async () => {
  t = await startTestApp();
  planId = (await t.ctx.plans.reader.list()).find((p) => p.slug === 'uk-2009-update')!.id;
  for (const a of (await t.ctx.plans.reader.annexA(planId)).actions) actionIds.set(a.number, a.id);
  responder = t.agent();
  await responder.signIn('first.responder@palermo.example');
  lead = t.agent();
  await lead.signIn('policy.lead@palermo.example');
});
after(async () => { await t.close(); });

const updates = async () => (await t.ctx.database.db.select({ n: count() }).from(planProgressUpdates))[0]!.n;
const token = (email: string) => t.ctx.apiTokens.create(email, 'plan test').then((r) => r.token);

describe('action-plan progress', () => {
  it('shows Annex A, Annex B and their downloads', async () => {
    const page = await lead.get(`/plans/${planId}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Ensure referrals are tracked using NRUC/);
    assert.equal((page.body.match(/id="action-\d+"/g) ?? []).length, 38);
    const csv = await lead.get(`/plans/${planId}/annex-a/csv`);
    assert.equal(csv.headers['content-type'], 'text/csv; charset=utf-8');
    assert.match(csv.body, /^Chapter,Objective,Action,/);
    const ods = await lead.get(`/plans/${planId}/annex-b/ods`);
    assert.equal(ods.headers['content-type'], 'application/vnd.oasis.opendocument.spreadsheet');
    const annexB = await lead.get(`/plans/${planId}/annex-b`);
    assert.match(annexB.body, /Ongoing\. Now Action Point 15/);
    assert.equal((annexB.body.match(/id="previous-\d+"/g) ?? []).length, 68);
  });

  it('lets a responsible organisation propose an update that a policy lead approves', async () => {
    const action36 = actionIds.get(36)!;
    const page = await responder.get(`/plans/actions/${action36}`);
    assert.match(page.body, /Update progress/);
    const sent = await responder.post(`/plans/actions/${action36}/progress`, { status: 'completed', note: 'Safeguarding arrangements agreed with the Metropolitan Police.', 'notedOn-day': '1', 'notedOn-month': '9', 'notedOn-year': '2010' });
    assert.equal(sent.statusCode, 303, sent.body);
    const [proposed] = await t.ctx.database.db.select().from(planProgressUpdates).where(eq(planProgressUpdates.state, 'proposed'));
    assert.equal(proposed!.status, 'completed');
    assert.equal((await t.ctx.plans.reader.action(await principalFor(t.ctx, 'policy.lead@palermo.example'), action36)).action.status, 'on_track');
    const pending = await lead.get('/plans/progress');
    assert.match(pending.body, /Safeguarding arrangements agreed/);
    const approved = await lead.post(`/plans/progress/${proposed!.id}`, { decision: 'approve', version: String(proposed!.version) });
    assert.equal(approved.statusCode, 303);
    const after36 = await lead.get(`/plans/actions/${action36}`);
    assert.match(after36.body, /Completed/);
    const [decided] = await t.ctx.database.db.select().from(auditEvents).where(eq(auditEvents.recordId, proposed!.id));
    assert.equal(decided!.action, 'create');
    const dashboard = await lead.get(`/plans/${planId}/dashboard?since-day=1&since-month=1&since-year=2000`);
    assert.equal(dashboard.statusCode, 200);
    assert.match(dashboard.body, /Safeguarding arrangements agreed/);
  });

  it('refuses a forbidden transition and writes nothing', async () => {
    const before = await updates();
    const refused = await responder.post(`/plans/actions/${actionIds.get(36)!}/progress`, { status: 'new_action', note: 'Starting again.' });
    assert.equal(refused.statusCode, 422);
    assert.match(refused.body, /A completed action cannot become|cannot become a new action again/);
    const noReason = await responder.post(`/plans/actions/${actionIds.get(12)!}/progress`, { status: 'withdrawn', note: 'Stopped.' });
    assert.equal(noReason.statusCode, 422);
    assert.match(noReason.body, /Enter the reason the action is withdrawn/);
    assert.equal(await updates(), before);
  });

  it("refuses another organisation's user (403) and writes nothing", async () => {
    const before = await updates();
    const page = await responder.post(`/plans/actions/${actionIds.get(25)!}/progress`, { status: 'ongoing', note: 'Not ours to say.' });
    assert.equal(page.statusCode, 403);
    const api = await t.app.inject({
      method: 'POST', url: `/api/v1/plans/actions/${actionIds.get(25)!}/progress`,
      headers: { authorization: `Bearer ${await token('first.responder@palermo.example')}`, 'idempotency-key': 'plan-test-0001' },
      payload: { status: 'ongoing', note: 'Not ours to say.' },
    });
    assert.equal(api.statusCode, 403);
    assert.equal(await updates(), before);
  });

  it("lets a policy lead change an action's details, versioned and audited", async () => {
    const action10 = actionIds.get(10)!;
    const form = await lead.get(`/plans/actions/${action10}/edit`);
    assert.equal(form.statusCode, 200);
    assert.equal((await responder.get(`/plans/actions/${action10}/edit`)).statusCode, 403);
    const body = { version: '1', text: 'Implement revised EU Framework Decision on Trafficking', indicators: 'Agree new Framework Decision\nMake any necessary procedural or legislative changes\nTranspose by April 2013', timetable: 'April 2013', 'dueOn-day': '6', 'dueOn-month': '4', 'dueOn-year': '2013' };
    assert.equal((await lead.post(`/plans/actions/${action10}`, { ...body, indicators: '' })).statusCode, 400);
    assert.equal((await lead.post(`/plans/actions/${action10}`, body)).statusCode, 303);
    const stale = await lead.post(`/plans/actions/${action10}`, { ...body, timetable: 'Ongoing' });
    assert.equal(stale.statusCode, 409);
    assert.match(stale.body, /changed by someone else/);
    const action = await t.ctx.plans.reader.actionDetails(action10);
    assert.deepEqual([action.timetable, action.dueOn, action.indicators.length, action.version], ['April 2013', '2013-04-06', 3, 2]);
    const [audited] = await t.ctx.database.db.select().from(auditEvents).where(eq(auditEvents.recordId, action10));
    assert.deepEqual([audited!.action, audited!.fields], ['update', ['indicators', 'timetable', 'dueOn']]);
  });

  it('takes updates and decisions through the API, once per Idempotency-Key', async () => {
    const responderToken = await token('first.responder@palermo.example');
    const send = () => t.app.inject({
      method: 'POST', url: `/api/v1/plans/actions/${actionIds.get(12)!}/progress`,
      headers: { authorization: `Bearer ${responderToken}`, 'idempotency-key': 'plan-test-0002' },
      payload: { status: 'on_track', note: 'Threat assessment for the 2012 games agreed.', notedOn: '2010-03-01' },
    });
    const first = await send();
    assert.equal(first.statusCode, 201, first.body);
    const again = await send();
    assert.equal(again.statusCode, 200);
    assert.equal(again.json().id, first.json().id);
    const leadToken = await token('policy.lead@palermo.example');
    const decide = (body: object) => t.app.inject({ method: 'POST', url: `/api/v1/plans/progress/${first.json().id}/decision`, headers: { authorization: `Bearer ${leadToken}` }, payload: body });
    assert.equal((await decide({ decision: 'return', version: 1 })).statusCode, 422);
    const approved = await decide({ decision: 'approve', version: 1 });
    assert.equal(approved.statusCode, 200, approved.body);
    assert.equal(approved.json().state, 'approved');
    assert.equal((await decide({ decision: 'approve', version: 2 })).statusCode, 409);
    const actions = await t.app.inject({ method: 'GET', url: `/api/v1/plans/${planId}/actions`, headers: { authorization: `Bearer ${leadToken}` } });
    assert.equal(actions.json().find((a: { number: number }) => a.number === 12).status, 'on_track');
  });
});
