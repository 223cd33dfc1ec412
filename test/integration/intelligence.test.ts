import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { eq, sql } from 'drizzle-orm';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp, loggerOptions } from '../../src/platform/http/app.js';
import { createTestServices, FixedClock, type TestContext } from '../support/test-services.js';
import { startTestApp } from '../support/test-app.js';
import { HttpAgent } from '../support/http-agent.js';
import { intelligenceReports, intelligenceReportReferrals } from '../../src/intelligence/tables.js';
import { auditEvents } from '../../src/platform/audit/tables.js';
import { referrals } from '../../src/referrals/tables.js';

// Friday 27 November 2026, 10:00 UK time.
const clock = new FixedClock(new Date('2026-11-27T10:00:00Z'));
const SENDER_IP = '203.0.113.77';
const SENDER_AGENT = 'Mozilla/5.0 (SenderPhone; marker-ua-4417)';
const lines: string[] = [];
let ctx: TestContext;
let app: FastifyInstance;
const tokens: Record<string, string> = {};

before(async () => {
  ctx = await createTestServices({ clock });
  const stream = new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } });
  app = await buildApp(ctx, { logger: { ...loggerOptions('info'), stream } });
  await app.ready();
  for (const email of ['first.responder@palermo.example', 'support.worker@palermo.example', 'analyst@palermo.example', 'policy.lead@palermo.example']) {
    tokens[email] = (await ctx.apiTokens.create(email, 'test')).token;
  }
});
after(async () => { await app.close(); await ctx.drop(); });

const formStartedOf = (html: string) => /name="formStarted" value="([^"]+)"/.exec(html)?.[1] ?? '';
const referenceOf = (html: string) => /data-testid="reference">(INT-[0-9A-Z]{5}-[0-9A-Z]{5})</.exec(html)?.[1];
const countReports = async () => (await ctx.database.db.select({ n: sql<number>`count(*)::int` }).from(intelligenceReports))[0]!.n;

/** A visitor's public report, posted as a phone would, from a known address and user agent, after reading the form for a minute. */
async function sendPublicReport(target: FastifyInstance, form: Record<string, string>, options: { wait?: boolean; remoteAddress?: string } = {}) {
  const visitor = new HttpAgent(target);
  const page = await visitor.get('/report', { 'user-agent': SENDER_AGENT });
  assert.equal(page.statusCode, 200);
  if (options.wait !== false) clock.advanceMinutes(1);
  return target.inject({
    method: 'POST', url: '/report', remoteAddress: options.remoteAddress ?? SENDER_IP,
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: visitor.cookieHeader(), 'user-agent': SENDER_AGENT, 'x-forwarded-for': SENDER_IP },
    payload: new URLSearchParams({ _csrf: visitor.csrfToken!, formStarted: formStartedOf(page.body), ...form }).toString(),
  });
}

function api(method: 'GET' | 'POST', url: string, email: string, body?: object, key?: string): Promise<LightMyRequestResponse> {
  return app.inject({
    method, url, ...(body ? { payload: body } : {}),
    headers: { authorization: `Bearer ${tokens[email]}`, ...(key ? { 'idempotency-key': key } : {}) },
  });
}

const agencyReport = {
  what: 'Workers are collected by minibus at 5am and return after 10pm. They appear frightened and do not speak to customers.',
  places: ['Unit 4, Canal Street, Sheffield S1 2AB'],
  businesses: ['Sparkle Hand Car Wash'],
  vehicles: ['White Ford Transit YX19 ABC'],
  phoneNumbers: ['07700 900123'],
  people: [{ role: 'suspect', description: 'Man in his 40s who collects the cash' }, { role: 'possible_victim', description: 'Young man with a limp, called Tomas' }],
  exploitationTypes: ['labour'],
  policeForceCode: 'E23000011',
  grading: { source: 'B', intelligence: '2', handling: 'P' },
};

/** Every stored row of every table, as text, that contains the needle. */
async function tablesContaining(needle: string): Promise<string[]> {
  const tables = await ctx.database.rows<{ name: string }>(sql`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`);
  const found: string[] = [];
  for (const { name } of tables) {
    const [row] = await ctx.database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM ${sql.identifier(name)} t WHERE t::text LIKE ${`%${needle}%`}`);
    if (row!.n > 0) found.push(name);
  }
  return found;
}

describe('anonymous public reports', () => {
  it('store the report with nothing about the sender — not in any table, the audit log or the logs — and acknowledge it with a reference', async () => {
    const auditBefore = (await ctx.database.db.select({ n: sql<number>`count(*)::int` }).from(auditEvents))[0]!.n;
    lines.length = 0;
    const response = await sendPublicReport(app, {
      what: 'Girls are driven to the flat above the takeaway every night and look scared.',
      places: 'Flat above Golden Dragon, 12 High Street, Rotherham',
      suspects: 'Older man with a grey beard who drives them',
      possibleVictims: 'Two teenage girls',
      exploitationTypes: 'sexual',
      policeForceCode: 'E23000011',
    });
    assert.equal(response.statusCode, 200);
    const reference = referenceOf(response.body);
    assert.ok(reference, 'the thank-you page gives a reference');

    const [row] = await ctx.database.db.select().from(intelligenceReports).where(eq(intelligenceReports.reference, reference));
    assert.ok(row, 'the report is stored');
    assert.equal(row.source, 'public');
    assert.equal(row.organisationId, null);
    assert.equal(row.submittedBy, null);
    assert.equal(row.idempotencyKey, null);
    assert.equal(row.receivedAt.toISOString(), '2026-11-27T00:00:00.000Z', 'only the day of receipt is kept');
    assert.doesNotMatch(row.whatSealed, /takeaway/, 'the account is sealed');
    assert.deepEqual(row.places, ['Flat above Golden Dragon, 12 High Street, Rotherham']);

    assert.deepEqual(await tablesContaining(SENDER_IP), [], 'no table holds the address');
    assert.deepEqual(await tablesContaining('marker-ua-4417'), [], 'no table holds the user agent');
    const auditAfter = (await ctx.database.db.select({ n: sql<number>`count(*)::int` }).from(auditEvents))[0]!.n;
    assert.equal(auditAfter, auditBefore, 'no audit event is written for an anonymous report');
    assert.equal((await ctx.database.db.select().from(auditEvents).where(eq(auditEvents.sourceIp, SENDER_IP))).length, 0);

    const logs = lines.join('');
    assert.match(logs, /"path":"\/report"/, 'the request was logged');
    assert.ok(!logs.includes(SENDER_IP), 'no address in the logs');
    assert.ok(!logs.includes('marker-ua-4417'), 'no user agent in the logs');
    assert.doesNotMatch(logs, /remoteAddress|user-agent|"ip"/i);
  });

  it('give a reference that reads nothing back', async () => {
    const response = await sendPublicReport(app, { what: 'Men sleeping in the shed behind the car wash.', businesses: 'Bubbles Car Wash' });
    const reference = referenceOf(response.body)!;
    assert.ok(reference);
    const visitor = new HttpAgent(app);
    for (const url of [`/report/${reference}`, `/report?reference=${reference}`]) {
      const page = await visitor.get(url);
      assert.ok(!page.body.includes('shed behind'), `${url} shows nothing of the report`);
      assert.ok(page.statusCode === 404 || (page.statusCode === 200 && !page.body.includes(reference)), `${url} does not look the report up`);
    }
    const signedOut = await visitor.get(`/intelligence/${reference}`);
    assert.equal(signedOut.statusCode, 302);
    assert.match(String(signedOut.headers.location), /^\/sign-in/);
    assert.equal((await app.inject({ method: 'GET', url: `/api/v1/intelligence/${reference}` })).statusCode, 401);
    // An agency user does not see public reports either; the analysts do.
    assert.equal((await api('GET', `/api/v1/intelligence/${reference}`, 'first.responder@palermo.example')).statusCode, 404);
    const analyst = await api('GET', `/api/v1/intelligence/${reference}`, 'analyst@palermo.example');
    assert.equal(analyst.statusCode, 200);
    assert.match(analyst.json().what, /shed behind/);
  });

  it('answer a filled honeypot and a form sent too fast with the same thank-you page, and store nothing', async () => {
    const before = await countReports();
    const honeypot = await sendPublicReport(app, { what: 'Buy cheap watches', website: 'http://spam.example' });
    assert.equal(honeypot.statusCode, 200);
    assert.ok(referenceOf(honeypot.body), 'a reference like any other');
    const tooFast = await sendPublicReport(app, { what: 'Buy cheap watches' }, { wait: false });
    assert.equal(tooFast.statusCode, 200);
    assert.ok(referenceOf(tooFast.body));
    assert.equal(await countReports(), before, 'neither is stored');
    const real = await sendPublicReport(app, { what: 'A real report' });
    assert.ok(referenceOf(real.body));
    assert.equal(await countReports(), before + 1);
  });

  it('refuse a form without its signed time, and an empty report, with the errors on the form', async () => {
    const visitor = new HttpAgent(app);
    await visitor.get('/report');
    const before = await countReports();
    const forged = await visitor.post('/report', { what: 'Some text', formStarted: '1.abc' });
    assert.equal(forged.statusCode, 400);
    assert.match(forged.body, /This form has expired/);
    const page = await visitor.get('/report');
    clock.advanceMinutes(1);
    const empty = await visitor.post('/report', { formStarted: formStartedOf(page.body), what: '   ' });
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /govuk-error-summary/);
    assert.match(empty.body, /Describe what you saw or know/);
    assert.equal(await countReports(), before);
  });

  it('log no address or user agent for any public request, refused ones included', async () => {
    lines.length = 0;
    await sendPublicReport(app, { what: 'Logged report' });
    await sendPublicReport(app, { what: 'x'.repeat(70 * 1024) });
    await sendPublicReport(app, { what: 'spam', website: 'x' });
    const logs = lines.join('');
    assert.match(logs, /"statusCode":413/, 'the refusal was logged');
    assert.ok(!logs.includes(SENDER_IP) && !logs.includes('marker-ua-4417'));
  });

  it('refuse an oversized body (413) and store nothing', async () => {
    const before = await countReports();
    const response = await sendPublicReport(app, { what: 'x'.repeat(70 * 1024) });
    assert.equal(response.statusCode, 413);
    assert.equal(await countReports(), before);
  });

  it('store script tags inert and render them escaped', async () => {
    const script = '<script>alert("x")</script>';
    const fields = ['what', 'places', 'businesses', 'vehicles', 'phoneNumbers', 'suspects', 'possibleVictims', 'otherPeople'];
    const response = await sendPublicReport(app, Object.fromEntries(fields.map((f) => [f, `${f} ${script}`])));
    assert.equal(response.statusCode, 200);
    assert.ok(!response.body.includes(script));
    const reference = referenceOf(response.body)!;
    const [row] = await ctx.database.db.select().from(intelligenceReports).where(eq(intelligenceReports.reference, reference));
    assert.deepEqual(row!.places, [`places ${script}`], 'stored as the text it is');
    assert.equal(ctx.cipher.decrypt(row!.whatSealed), `what ${script}`);

    const analyst = new HttpAgent(app);
    await analyst.signIn('analyst@palermo.example');
    const page = await analyst.get(`/intelligence/${reference}`);
    assert.equal(page.statusCode, 200);
    assert.ok(!page.body.includes('<script>alert'), 'no live script tag on the page');
    for (const f of ['what', 'places', 'businesses', 'vehicles', 'phoneNumbers', 'suspects', 'otherPeople']) {
      assert.ok(page.body.includes(`${f} &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;`), `${f} is shown escaped`);
    }
    assert.ok(!page.body.includes('possibleVictims &lt;script'), 'analysts do not see descriptions of possible victims');

    // A form refused for an error shows what was typed, escaped.
    const visitor = new HttpAgent(app);
    await visitor.get('/report');
    const refused = await visitor.post('/report', { what: script, formStarted: 'bad' });
    assert.equal(refused.statusCode, 400);
    assert.ok(!refused.body.includes(script));
    assert.ok(refused.body.includes('&lt;script&gt;'));
  });
});

describe('agency intelligence reports', () => {
  let reference: string;

  it('are sent through the API with an Idempotency-Key, graded and linked to referrals the sender may see', async () => {
    const referral = await api('POST', '/api/v1/referrals', 'first.responder@palermo.example', {
      under18: 'no', consent: false, person: { gender: 'male', nationalities: ['AL'] },
      situations: [{ types: ['labour'], startMonth: '2026-02', ongoing: true, locationUnknown: true }],
    }, 'intel-test-referral-1');
    assert.equal(referral.statusCode, 201, referral.body);
    const referralReference = referral.json().reference as string;

    const noKey = await api('POST', '/api/v1/intelligence', 'first.responder@palermo.example', agencyReport);
    assert.equal(noKey.statusCode, 400);
    const body = { ...agencyReport, referralReferences: [referralReference] };
    const first = await api('POST', '/api/v1/intelligence', 'first.responder@palermo.example', body, 'intel-key-0001');
    assert.equal(first.statusCode, 201, first.body);
    reference = first.json().reference;
    const again = await api('POST', '/api/v1/intelligence', 'first.responder@palermo.example', body, 'intel-key-0001');
    assert.equal(again.statusCode, 201);
    assert.equal(again.json().reference, reference);
    assert.equal(again.headers['idempotent-replayed'], 'true');
    const changed = await api('POST', '/api/v1/intelligence', 'first.responder@palermo.example', { ...body, what: 'Different' }, 'intel-key-0001');
    assert.equal(changed.statusCode, 409);

    const [row] = await ctx.database.db.select().from(intelligenceReports).where(eq(intelligenceReports.reference, reference));
    assert.equal(`${row!.sourceEvaluation}${row!.intelligenceAssessment}${row!.handlingCode}`, 'B2P');
    const links = await ctx.database.db.select().from(intelligenceReportReferrals).where(eq(intelligenceReportReferrals.reportId, row!.id));
    assert.equal(links.length, 1);

    // A referral the sender may not see cannot be linked, and nothing is stored.
    const [other] = await ctx.database.db.select().from(referrals).where(sql`${referrals.organisationId} <> ${row!.organisationId}`).limit(1);
    if (other) {
      const refused = await api('POST', '/api/v1/intelligence', 'first.responder@palermo.example', { ...agencyReport, referralReferences: [other.reference] }, 'intel-key-0002');
      assert.equal(refused.statusCode, 400);
      assert.equal(refused.json().fields[0].field, 'referralReferences.0');
    }
    const invalid = await api('POST', '/api/v1/intelligence', 'first.responder@palermo.example', { ...agencyReport, grading: { source: 'E', intelligence: '9', handling: 'X' } }, 'intel-key-0003');
    assert.equal(invalid.statusCode, 400);
    assert.deepEqual(invalid.json().fields.map((f: { field: string }) => f.field).sort(), ['grading.handling', 'grading.intelligence', 'grading.source']);
  });

  it('are read by their own organisation only: another organisation gets 404, and the attempt is audited', async () => {
    const own = await api('GET', `/api/v1/intelligence/${reference}`, 'first.responder@palermo.example');
    assert.equal(own.statusCode, 200);
    assert.equal(own.json().possibleVictims[0].description, 'Young man with a limp, called Tomas');
    assert.equal(own.json().linkedReferrals.length, 1);

    const other = await api('GET', `/api/v1/intelligence/${reference}`, 'support.worker@palermo.example');
    assert.equal(other.statusCode, 404);
    const otherList = await api('GET', '/api/v1/intelligence', 'support.worker@palermo.example');
    assert.equal(otherList.statusCode, 200);
    assert.ok(!otherList.json().reports.some((r: { reference: string }) => r.reference === reference));
    const worker = new HttpAgent(app);
    await worker.signIn('support.worker@palermo.example');
    assert.equal((await worker.get(`/intelligence/${reference}`)).statusCode, 404);
    assert.equal((await api('GET', `/api/v1/intelligence/${reference}`, 'policy.lead@palermo.example')).statusCode, 403);
    const [row] = await ctx.database.db.select().from(intelligenceReports).where(eq(intelligenceReports.reference, reference));
    const denied = await ctx.database.db.select().from(auditEvents).where(sql`${auditEvents.action} = 'permission_denied' AND ${auditEvents.recordType} = 'intelligence_report' AND ${auditEvents.details}->>'reference' = ${reference}`);
    assert.ok(denied.length >= 2, 'refusals are audited');
    const views = await ctx.database.db.select().from(auditEvents).where(sql`${auditEvents.action} = 'view' AND ${auditEvents.recordId} = ${row!.id}`);
    assert.ok(views.length >= 1, 'reads are audited');
  });

  it('are sent from the form, with errors on the fields and one report for a double click', async () => {
    const responder = new HttpAgent(app);
    await responder.signIn('first.responder@palermo.example');
    const form = await responder.get('/intelligence/new');
    assert.equal(form.statusCode, 200);
    const formKey = /name="formKey" value="([^"]+)"/.exec(form.body)![1]!;
    const bad = await responder.post('/intelligence', { formKey, what: 'Text', sourceEvaluation: 'A' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /href="#intelligenceAssessment"/);
    const fields = { formKey, what: 'Cannabis grown in a house on Elm Road', places: '14 Elm Road\nNorthtown', sourceEvaluation: 'A', intelligenceAssessment: '1', handlingCode: 'C', exploitationTypes: 'criminal' };
    const sent = await responder.post('/intelligence', fields);
    assert.equal(sent.statusCode, 303);
    const twice = await responder.post('/intelligence', fields);
    assert.equal(twice.headers.location, sent.headers.location, 'the same report');
    const page = await responder.get(String(sent.headers.location));
    assert.match(page.body, /Cannabis grown in a house on Elm Road/);
    assert.match(page.body, /A1C: source reliable/);
  });
});

describe('triage by the central repository', () => {
  it('finds reports by full-text search over places, businesses, vehicles and phone numbers', async () => {
    const analyst = new HttpAgent(app);
    await analyst.signIn('analyst@palermo.example');
    const found = await analyst.get('/intelligence?q=sparkle+car+washes');
    assert.equal(found.statusCode, 200);
    assert.match(found.body, /Sparkle Hand Car Wash/);
    const none = await analyst.get('/intelligence?q=bakery');
    assert.match(none.body, /0 reports/);
    const viaApi = await api('GET', '/api/v1/intelligence?q=YX19', 'analyst@palermo.example');
    assert.equal(viaApi.json().total, 1);
    const listed = await ctx.database.db.select().from(auditEvents).where(sql`${auditEvents.recordType} = 'intelligence_reports'`);
    assert.ok(listed.length >= 3, 'every list is audited');
    assert.ok(listed.every((e) => !JSON.stringify(e.details).includes('sparkle')), 'search words are not kept in the audit log');
  });

  it('filters by status, source and exploitation type, and groups by police force area', async () => {
    const analyst = new HttpAgent(app);
    await analyst.signIn('analyst@palermo.example');
    const publicOnly = await api('GET', '/api/v1/intelligence?source=public', 'analyst@palermo.example');
    assert.ok(publicOnly.json().reports.every((r: { source: string }) => r.source === 'public'));
    const labour = await api('GET', '/api/v1/intelligence?exploitationType=labour', 'analyst@palermo.example');
    assert.ok(labour.json().total >= 1);
    const areas = await analyst.get('/intelligence/areas');
    assert.equal(areas.statusCode, 200);
    assert.match(areas.body, /South Yorkshire Police/);
    assert.match(areas.body, /Not known/);
    const bad = await analyst.get('/intelligence?status=maybe');
    assert.equal(bad.statusCode, 400);
  });

  it('triages and grades a report against its version, and links it to a record by pseudonym', async () => {
    const analyst = new HttpAgent(app);
    await analyst.signIn('analyst@palermo.example');
    const list = await api('GET', '/api/v1/intelligence?q=sparkle', 'analyst@palermo.example');
    const reference = list.json().reports[0].reference as string;
    const page = await analyst.get(`/intelligence/${reference}`);
    assert.ok(!page.body.includes('Tomas'), 'no description of a possible victim for analysts');
    assert.match(page.body, /Man in his 40s who collects the cash/);
    const version = /name="version" value="(\d+)"/.exec(page.body)![1]!;
    const saved = await analyst.post(`/intelligence/${reference}/triage`, { version, status: 'actioned', sourceEvaluation: 'A', intelligenceAssessment: '2', handlingCode: 'C' });
    assert.equal(saved.statusCode, 303);
    const stale = await analyst.post(`/intelligence/${reference}/triage`, { version, status: 'triaged', sourceEvaluation: 'A', intelligenceAssessment: '2', handlingCode: 'C' });
    assert.equal(stale.statusCode, 409);
    const [row] = await ctx.database.db.select().from(intelligenceReports).where(eq(intelligenceReports.reference, reference));
    assert.equal(row!.triageStatus, 'actioned');
    assert.equal(row!.handlingCode, 'C');

    const [referral] = await ctx.database.db.select().from(referrals).limit(1);
    const linked = await analyst.post(`/intelligence/${reference}/referrals`, { pseudonym: referral!.pseudonym });
    assert.equal(linked.statusCode, 303);
    const after = await analyst.get(`/intelligence/${reference}`);
    assert.ok(after.body.includes(`/repository/records/${referral!.pseudonym}`));
    assert.ok(!after.body.includes(`/referrals/${referral!.reference}`), 'analysts see pseudonyms, never references');
    const unknown = await analyst.post(`/intelligence/${reference}/referrals`, { pseudonym: '00000000-0000-4000-8000-000000000000' });
    assert.equal(unknown.statusCode, 400);
  });
});

describe('rate limit on public reports', () => {
  it('throttles a burst from one address (429) and stores nothing beyond the limit', async () => {
    const limited = await startTestApp({ clock, config: { publicReportRateLimit: 3 } });
    try {
      const count = async () => (await limited.ctx.database.db.select({ n: sql<number>`count(*)::int` }).from(intelligenceReports))[0]!.n;
      const before = await count();
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await sendPublicReport(limited.app, { what: `Report ${i}` }, { remoteAddress: '198.51.100.9' })).statusCode);
      assert.deepEqual(statuses, [200, 200, 200, 429, 429]);
      assert.equal(await count(), before + 3);
      // Another address is not held up by the first.
      assert.equal((await sendPublicReport(limited.app, { what: 'From elsewhere' }, { remoteAddress: '198.51.100.10' })).statusCode, 200);
    } finally {
      await limited.close();
    }
  });
});
