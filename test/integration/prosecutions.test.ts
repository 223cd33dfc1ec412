import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { eq, sql } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { FixedClock } from '../support/test-services.js';
import { auditEvents } from '../../src/platform/audit/tables.js';
import { referrals } from '../../src/referrals/tables.js';
import { prosecutionCharges, prosecutionSubmissions, prosecutions } from '../../src/prosecutions/tables.js';
import { convictionCounts } from '../../src/prosecutions/store.js';
import { insertUser } from '../../src/users/store.js';
import { organisations } from '../../src/organisations/tables.js';

// Monday 2 March 2026, 10:00 UK time.
const clock = new FixedClock(new Date('2026-03-02T10:00:00Z'));
let t: TestApp;
const tokens: Record<string, string> = {};
let n = 0;

type Json = Record<string, unknown>;
async function post(who: string, payload: Json, key: string) {
  const response = await t.app.inject({ method: 'POST', url: '/api/v1/prosecutions', headers: { authorization: `Bearer ${tokens[who]}`, 'idempotency-key': key }, payload });
  return { status: response.statusCode, body: response.json() as Json, replayed: response.headers['idempotent-replayed'] === 'true' };
}
async function get(who: string, url: string) {
  const response = await t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${tokens[who]}` } });
  return { status: response.statusCode, body: response.json() as Json };
}
async function refer(): Promise<string> {
  n++;
  const person = { givenName: 'Ana', familyName: `Prosecution${n}`, dateOfBirth: '1992-05-01', gender: 'female', nationalities: ['PL'], letterRecipient: 'first_responder', asylumClaim: 'yes', detention: 'none', immigrationStatus: 'asylum_seeker' };
  const payload = { under18: 'no', consent: true, person, situations: [{ types: ['sexual'], startMonth: '2025-03', endMonth: '2026-01', ukPlaces: ['sheffield'] }] };
  const response = await t.app.inject({ method: 'POST', url: '/api/v1/referrals', headers: { authorization: `Bearer ${tokens.responder}`, 'idempotency-key': `prosecutions-${n}` }, payload });
  assert.equal(response.statusCode, 201, response.body);
  return (response.json() as { reference: string }).reference;
}
/** A concluded prosecution: one defendant per entry of `convicted`, each convicted of that offence. */
function outcome(reference: string, over: Json = {}): Json {
  return {
    reference, updatedAt: '2026-02-20T09:00:00Z', court: { name: 'Sheffield Crown Court', type: 'crown' }, chargedOn: '2025-06-02', concludedOn: '2026-02-19',
    defendants: [
      { label: 'D1', role: 'principal', offences: [{ offence: 'msa2015_s2', result: 'convicted', sentence: { kind: 'custody', months: 48 } }, { offence: 'msa2015_s1', result: 'acquitted' }] },
      { label: 'D2', role: 'facilitator', offences: [{ offence: 'msa2015_s2', result: 'discontinued' }] },
    ],
    victims: [],
    ...over,
  };
}
const count = async (table: typeof prosecutions | typeof prosecutionSubmissions | typeof auditEvents | typeof prosecutionCharges) =>
  Number((await t.ctx.database.db.select({ n: sql<number>`count(*)` }).from(table))[0]!.n);

before(async () => {
  t = await startTestApp({ clock });
  for (const [who, email] of Object.entries({
    prosecutor: 'prosecution.service@palermo.example', responder: 'first.responder@palermo.example', caseworker: 'caseworker@palermo.example',
    analyst: 'analyst@palermo.example', admin: 'admin@palermo.example',
  })) {
    tokens[who] = (await t.ctx.apiTokens.create(email, 'prosecutions test')).token;
  }
});
after(async () => { await t.close(); });

describe('prosecution outcomes through the API', () => {
  it('links a posted outcome to the referrals and shows it on the case to the Competent Authority only', async () => {
    const [first, second] = [await refer(), await refer()];
    const created = await post('prosecutor', outcome('CPS-SHF-0001', { victims: [first, second] }), 'cps-0001-a');
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.deepEqual({ ...created.body, id: undefined }, { id: undefined, reference: 'CPS-SHF-0001', version: 1, outcome: 'created' });

    // The caseworker's case page and the referral's API answer show it.
    const caseworker = t.agent();
    await caseworker.signIn('caseworker@palermo.example');
    const page = await caseworker.get(`/casework/cases/${first}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Prosecution CPS-SHF-0001/);
    assert.match(page.body, /Modern Slavery Act 2015 s2 \(human trafficking\)/);
    assert.match(page.body, /Immediate custody, 48 months/);
    assert.match(page.body, /Sheffield Crown Court \(Crown Court\)/);
    assert.match(page.body, /D2 \(Facilitator\)/);
    const read = await get('caseworker', `/api/v1/referrals/${second}`);
    const linked = read.body.prosecutions as { reference: string; court: Json; defendants: { label: string; offences: Json[] }[] }[];
    assert.equal(linked.length, 1);
    assert.equal(linked[0]!.reference, 'CPS-SHF-0001');
    assert.deepEqual(linked[0]!.defendants[0]!.offences[0], { offence: 'msa2015_s2', result: 'convicted', sentence: { kind: 'custody', months: 48 } });

    // Reading them is audited with the case.
    const [row] = await t.ctx.database.db.select({ id: referrals.id }).from(referrals).where(eq(referrals.reference, first));
    const events = await t.ctx.database.db.select().from(auditEvents).where(eq(auditEvents.recordId, row!.id));
    assert.ok(events.some((e) => e.action === 'view' && e.actorEmail === 'caseworker@palermo.example' && (e.fields as string[]).includes('prosecutions')));
    assert.ok(events.some((e) => e.action === 'update' && e.actorEmail === 'prosecution.service@palermo.example' && (e.fields as string[]).includes('prosecutions')));

    // The first responder who referred sees the case, not the prosecution.
    const responderRead = await get('responder', `/api/v1/referrals/${first}`);
    assert.equal(responderRead.status, 200);
    assert.equal('prosecutions' in responderRead.body, false);
    const responder = t.agent();
    await responder.signIn('first.responder@palermo.example');
    const status = await responder.get(`/referrals/${first}`);
    assert.equal(status.statusCode, 200);
    assert.doesNotMatch(status.body, /CPS-SHF-0001/);
  });

  it('answers a retry with the same Idempotency-Key as the first time, and refuses the key with another body', async () => {
    const body = outcome('CPS-SHF-0002');
    const first = await post('prosecutor', body, 'cps-0002-a');
    assert.equal(first.status, 201);
    const [before, charges] = [await count(prosecutions), await count(prosecutionCharges)];
    const again = await post('prosecutor', body, 'cps-0002-a');
    assert.equal(again.status, 201);
    assert.equal(again.replayed, true);
    assert.deepEqual(again.body, first.body);
    assert.deepEqual([await count(prosecutions), await count(prosecutionCharges)], [before, charges]);
    const reused = await post('prosecutor', outcome('CPS-SHF-0002', { concludedOn: '2026-02-18' }), 'cps-0002-a');
    assert.equal(reused.status, 409);
    assert.equal(reused.body.error, 'idempotency_conflict');
  });

  it('makes one prosecution of concurrent posts, with one key or with two', async () => {
    const body = outcome('CPS-SHF-0010');
    const [a, b] = await Promise.all([post('prosecutor', body, 'cps-0010-a'), post('prosecutor', body, 'cps-0010-a')]);
    assert.deepEqual([a.status, b.status], [201, 201]);
    assert.deepEqual([a.replayed, b.replayed].sort(), [false, true]);
    assert.equal(a.body.id, b.body.id);
    const other = outcome('CPS-SHF-0011');
    const [c, d] = await Promise.all([post('prosecutor', other, 'cps-0011-a'), post('prosecutor', other, 'cps-0011-b')]);
    assert.deepEqual([c.body.outcome, d.body.outcome].sort(), ['created', 'unchanged']);
    for (const reference of ['CPS-SHF-0010', 'CPS-SHF-0011']) {
      assert.equal((await t.ctx.database.db.select().from(prosecutions).where(eq(prosecutions.reference, reference))).length, 1, reference);
    }
  });

  it('revises a prosecution in place by its reference; an older revision is refused', async () => {
    const victim = await refer();
    const pending = outcome('CPS-SHF-0003', {
      updatedAt: '2025-07-01T09:00:00Z', concludedOn: null, victims: [victim],
      defendants: [{ label: 'D1', role: 'controller', offences: [{ offence: 'msa2015_s1', result: 'pending' }] }],
    });
    const created = await post('prosecutor', pending, 'cps-0003-a');
    assert.equal(created.status, 201);
    const concluded = outcome('CPS-SHF-0003', {
      updatedAt: '2026-01-15T16:30:00Z', concludedOn: '2026-01-14', victims: [victim],
      defendants: [{ label: 'D1', role: 'controller', offences: [{ offence: 'msa2015_s1', result: 'convicted', sentence: { kind: 'suspended', months: 18 } }] }],
    });
    const revised = await post('prosecutor', concluded, 'cps-0003-b');
    assert.equal(revised.status, 200, JSON.stringify(revised.body));
    assert.deepEqual(revised.body, { id: created.body.id, reference: 'CPS-SHF-0003', version: 2, outcome: 'revised' });
    const rows = await t.ctx.database.db.select().from(prosecutions).where(eq(prosecutions.reference, 'CPS-SHF-0003'));
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.concludedOn, '2026-01-14');
    const charges = await t.ctx.database.db.select().from(prosecutionCharges).where(eq(prosecutionCharges.prosecutionId, rows[0]!.id));
    assert.deepEqual(charges.map((c) => [c.offence, c.result, c.sentenceKind, c.sentenceMonths]), [['msa2015_s1', 'convicted', 'suspended', 18]]);
    const read = await get('caseworker', `/api/v1/referrals/${victim}`);
    assert.equal((read.body.prosecutions as Json[])[0]!.version, 2);
    // The same revision again (a new key) changes nothing; an older one is refused.
    const same = await post('prosecutor', concluded, 'cps-0003-c');
    assert.deepEqual([same.status, same.body.outcome, same.body.version], [200, 'unchanged', 2]);
    const stale = await post('prosecutor', { ...pending }, 'cps-0003-d');
    assert.equal(stale.status, 409);
    assert.equal(stale.body.error, 'stale_revision');
  });

  it('refuses an unknown referral reference or an offence not in force, naming the field, and writes nothing', async () => {
    const known = await refer();
    const counts = async () => [await count(prosecutions), await count(prosecutionSubmissions), await count(auditEvents)];
    const before = await counts();
    const unknown = await post('prosecutor', outcome('CPS-SHF-0004', { victims: [known, 'NRM-2026-999999'] }), 'cps-0004-a');
    assert.equal(unknown.status, 422);
    assert.deepEqual(unknown.body.fields, [{ field: 'victims.1', message: 'No referral with the reference NRM-2026-999999' }]);
    const early = await post('prosecutor', outcome('CPS-SHF-0005', {
      chargedOn: '2015-07-01', defendants: [{ label: 'D1', role: 'principal', offences: [{ offence: 'cja2009_s71', result: 'convicted' }, { offence: 'msa2015_s2', result: 'convicted' }] }],
    }), 'cps-0005-a');
    assert.equal(early.status, 422);
    const fields = early.body.fields as { field: string; message: string }[];
    assert.deepEqual(fields.map((f) => f.field), ['defendants.0.offences.1.offence']);
    assert.match(fields[0]!.message, /Modern Slavery Act 2015 s2 was not in force on 2015-07-01/);
    const malformed = await post('prosecutor', { reference: 'CPS-SHF-0006' }, 'cps-0006-a');
    assert.equal(malformed.status, 400);
    assert.ok((malformed.body.fields as { field: string }[]).some((f) => f.field === 'court'));
    assert.deepEqual(await counts(), before);
  });

  it('is documented in the OpenAPI description', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json() as { paths: Record<string, Record<string, { requestBody?: unknown }>> };
    assert.ok(doc.paths['/api/v1/prosecutions']?.post?.requestBody);
  });

  it('refuses every other role’s token', async () => {
    for (const who of ['responder', 'caseworker', 'analyst', 'admin']) {
      const refused = await post(who, outcome('CPS-SHF-0007'), `cps-0007-${who}`);
      assert.equal(refused.status, 403, who);
    }
    assert.equal((await t.ctx.database.db.select().from(prosecutions).where(eq(prosecutions.reference, 'CPS-SHF-0007'))).length, 0);
    // The role alone is not enough: the user's organisation must be a prosecution service.
    const [homeOffice] = await t.ctx.database.db.select().from(organisations).where(eq(organisations.name, 'Home Office'));
    await insertUser(t.ctx.database.db, { email: 'misplaced.prosecutor@palermo.example', name: 'Misplaced Prosecutor', organisationId: homeOffice!.id, role: 'prosecution_service', passwordHash: 'unused' });
    tokens.misplaced = (await t.ctx.apiTokens.create('misplaced.prosecutor@palermo.example', 'prosecutions test')).token;
    const misplaced = await post('misplaced', outcome('CPS-SHF-0007'), 'cps-0007-misplaced');
    assert.equal(misplaced.status, 403);
    assert.deepEqual(misplaced.body, { error: 'forbidden', message: 'Only a prosecution service posts prosecution outcomes' });
    // The prosecution service's token posts prosecutions and reads nothing else.
    assert.equal((await get('prosecutor', '/api/v1/referrals')).status, 403);
    assert.equal((await get('prosecutor', '/api/v1/casework/queue')).status, 403);
  });
});

describe('prosecution statistics', () => {
  /** `convicted` defendants convicted of `offence` in a prosecution concluded on `concludedOn`. */
  const convictions = (reference: string, offence: string, convicted: number, concludedOn: string, sentence: Json | null = { kind: 'custody', months: 30 }) => outcome(reference, {
    chargedOn: '2023-01-10', concludedOn, updatedAt: `${concludedOn}T18:00:00Z`,
    defendants: Array.from({ length: convicted }, (_, i) => ({ label: `D${i + 1}`, role: i === 0 ? 'principal' : 'secondary_party', offences: [{ offence, result: 'convicted', sentence }] })),
  });

  before(async () => {
    for (const [reference, body] of Object.entries({
      'STAT-1': convictions('STAT-1', 'msa2015_s2', 6, '2024-05-10'),
      'STAT-2': convictions('STAT-2', 'msa2015_s2', 7, '2025-03-03'),
      'STAT-3': convictions('STAT-3', 'msa2015_s1', 2, '2025-09-09', { kind: 'suspended', months: 12 }),
      'STAT-4': convictions('STAT-4', 'msa2015_s1', 6, '2024-11-11', null),
    })) {
      assert.equal((await post('prosecutor', body, `stat-${reference}`)).status, 201, reference);
    }
  });

  it('counts convictions by offence, year concluded and sentence in SQL', async () => {
    const counts = await convictionCounts(t.ctx.database.db, 2024, 2025);
    const key = (c: { offence: string; year: number; sentenceKind: string | null }) => `${c.offence} ${c.year} ${c.sentenceKind}`;
    assert.deepEqual(Object.fromEntries(counts.map((c) => [key(c), c.count])), {
      'msa2015_s2 2024 custody': 6, 'msa2015_s2 2025 custody': 7, 'msa2015_s1 2025 suspended': 2, 'msa2015_s1 2024 null': 6,
    });
  });

  it('shows analysts and policy leads the tables with small counts hidden, and the same in the CSV', async () => {
    const analyst = t.agent();
    await analyst.signIn('analyst@palermo.example');
    const page = await analyst.get('/statistics/prosecutions?fromYear=2024&toYear=2025');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Convictions for trafficking and slavery offences by offence and year concluded, 2024 to 2025/);
    const csv = await analyst.get('/statistics/prosecutions.csv?fromYear=2024&toYear=2025');
    assert.equal(csv.statusCode, 200);
    assert.match(String(csv.headers['content-type']), /text\/csv/);
    const lines = csv.body.trim().split('\n').map((l) => l.split(','));
    const value = (table: string, rowPart: string, column: string) => lines.find((l) => l[0] === table && l.join(',').includes(rowPart) && l.at(-2) === column)!.at(-1);
    assert.equal(value('p1', 'slavery, servitude', '2025'), '[c]'); // 2 convictions
    assert.equal(value('p1', 'Total,Year concluded', 'Total'), '21');
    assert.equal(value('p2', 'slavery, servitude', 'Suspended sentence'), '[c]');
    // No hidden count can be worked out from the totals: the rest of its row is hidden too.
    assert.equal(value('p1', 'slavery, servitude', '2024'), '[c]');
    assert.doesNotMatch(csv.body, /,2\n/);

    const policyLead = t.agent();
    await policyLead.signIn('policy.lead@palermo.example');
    assert.equal((await policyLead.get('/statistics/prosecutions')).statusCode, 200);
    const caseworker = t.agent();
    await caseworker.signIn('caseworker@palermo.example');
    assert.equal((await caseworker.get('/statistics/prosecutions')).statusCode, 403);
  });

  it('refuses a period that makes no sense with the form’s errors', async () => {
    const analyst = t.agent();
    await analyst.signIn('analyst@palermo.example');
    const refused = await analyst.get('/statistics/prosecutions?fromYear=2025&toYear=2020');
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /The last year must be the same as or after the first year/);
  });
});
