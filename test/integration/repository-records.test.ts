import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { text } from 'node:stream/consumers';
import { and, eq, gt } from 'drizzle-orm';
import { parse } from 'csv-parse/sync';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { FixedClock } from '../support/test-services.js';
import { principalFor } from '../support/principals.js';
import { actorOf, type Principal } from '../../src/platform/auth/principal.js';
import { referrals } from '../../src/referrals/tables.js';
import { auditEvents } from '../../src/platform/audit/tables.js';
import { PseudonymisedRecords } from '../../src/repository/records/service.js';
import { listFields, recordFiltersSchema } from '../../src/repository/records/schema.js';
import type { HttpAgent } from '../support/http-agent.js';

// Monday 2 March 2026, 10:00 UK time (GMT).
const clock = new FixedClock(new Date('2026-03-02T10:00:00Z'));
let t: TestApp;
let fiona: Principal; // first responder, Metropolitan Police Service
let kwame: Principal; // caseworker
let grace: Principal; // second caseworker
let analystPrincipal: Principal;
let analyst: HttpAgent;
const ctx = (p: Principal) => ({ actor: actorOf(p) });
const at = (iso: string) => clock.set(new Date(iso));
let n = 0;

/** Who the person is: none of it may reach an analyst. */
const identity = {
  givenName: 'Oluwaseun', familyName: 'Quartermaine', aliases: ['Seun Q'], dateOfBirth: '1995-04-12',
  email: 'seun.quartermaine@example.org', phone: '07700 900123', postalAddress: '14 Ellesmere Road, Sheffield',
};
const narrative = 'Kept in a flat above the car wash on Halberd Street and driven to work each night';
const crimeReference = 'SYP-REC-4471';

const situation = (extra: Record<string, unknown> = {}) => ({ types: ['sexual'], startMonth: '2025-01', endMonth: '2025-06', ukPlaces: ['sheffield'], ...extra });
const adult = (person: Record<string, unknown> = {}, situations: object[] = [situation()], extra: Record<string, unknown> = {}) => ({
  under18: 'no', consent: true,
  person: {
    givenName: 'Kofiyah', familyName: `Zyxwert${n}`, dateOfBirth: '1990-05-05', gender: 'female', nationalities: ['NG'], languages: ['en'],
    letterRecipient: 'first_responder', asylumClaim: 'yes', detention: 'none', immigrationStatus: 'asylum_seeker', ...person,
  },
  situations, ...extra,
});

const refs: Record<string, string> = {};
async function refer(body: object): Promise<string> {
  n++;
  return (await t.ctx.referrals.submit(fiona, body, `records-${n}`, ctx(fiona))).reference;
}
async function row(reference: string) {
  const [r] = await t.ctx.database.db.select().from(referrals).where(eq(referrals.reference, reference));
  return r!;
}
const pseudonym = async (key: string) => (await row(refs[key]!)).pseudonym;
const version = async (reference: string) => (await row(reference)).version;
async function decide(reference: string, stage: 'rg' | 'cg', outcome: string) {
  if (stage === 'rg') await t.ctx.casework.assignment.take(kwame, reference, { version: await version(reference) }, ctx(kwame));
  const decision = await t.ctx.casework.decisions.propose(kwame, reference, stage, {
    outcome, reasons: 'Reasons given to the person.', version: await version(reference),
    ...(stage === 'cg' && outcome !== 'not_recognised' ? { residencePermit: { recommended: false, bases: [] } } : {}),
    ...(outcome === 'negative' || outcome === 'not_recognised' ? { reasonCategory: 'insufficient_information' } : {}),
  } as never, ctx(kwame));
  if (outcome === 'negative' || outcome === 'not_recognised') {
    await t.ctx.casework.decisions.review(grace, reference, decision.id, { agree: true, version: await version(reference) }, ctx(grace));
  }
}

/** The records table of a list page, one object per row keyed by column header. */
function tableRows(html: string): Record<string, string>[] {
  const table = /<table[^>]*data-testid="records"[^>]*>([\s\S]*?)<\/table>/.exec(html);
  if (!table) return [];
  const clean = (s: string) => s.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim();
  const headers = [...table[1]!.matchAll(/<th scope="col"[^>]*>([\s\S]*?)<\/th>/g)].map((m) => clean(m[1]!));
  const body = /<tbody[^>]*>([\s\S]*?)<\/tbody>/.exec(table[1]!)![1]!;
  return [...body.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((r) => {
    const cells = [...r[1]!.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((m) => clean(m[1]!));
    return Object.fromEntries(headers.map((h, i) => [h, cells[i] ?? '']));
  });
}

/** A summary list as key → value. */
function summary(html: string): Record<string, string> {
  const clean = (s: string) => s.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim();
  return Object.fromEntries([...html.matchAll(/<dt class="govuk-summary-list__key">([\s\S]*?)<\/dt>\s*<dd class="govuk-summary-list__value">([\s\S]*?)<\/dd>/g)].map((m) => [clean(m[1]!), clean(m[2]!)]));
}

const pseudonymsOn = (html: string) => tableRows(html).map((r) => r.Pseudonym);
const csvLines = (csv: string) => parse(csv, { columns: true }) as Record<string, string>[];
const eventsAfter = async (seq: number) => t.ctx.database.db.select().from(auditEvents).where(gt(auditEvents.seq, seq)).orderBy(auditEvents.seq);
const lastSeq = async () => (await t.ctx.database.db.select().from(auditEvents).orderBy(auditEvents.seq)).at(-1)?.seq ?? 0;

/** Everything that would identify the person or the case file, in the forms a page or file could show it. */
async function forbiddenStrings(): Promise<string[]> {
  const strings = [
    identity.givenName, identity.familyName, identity.aliases[0]!, identity.email, identity.phone, 'Ellesmere', 'Halberd Street', crimeReference,
    identity.dateOfBirth, '12 April 1995', '12/04/1995', 'Kofiyah', 'Zyxwert', 'Reasons given to the person',
  ];
  for (const reference of Object.values(refs)) {
    const r = await row(reference);
    strings.push(r.reference, r.id);
  }
  return strings;
}
function assertNothingIdentifying(body: string, forbidden: string[], what: string) {
  for (const s of forbidden) assert.ok(!body.includes(s), `${what} must not contain ${JSON.stringify(s)}`);
  assert.ok(!body.includes(narrative.slice(0, 20)), `${what} must not contain the narrative`);
  assert.doesNotMatch(body, /\b2 March 2026\b|2026-03-02|\b1 April 2026\b|2026-04-01/, `${what} shows months, never the day of receipt`);
}

before(async () => {
  t = await startTestApp({ clock });
  fiona = await principalFor(t.ctx, 'first.responder@palermo.example');
  kwame = await principalFor(t.ctx, 'caseworker@palermo.example');
  grace = await principalFor(t.ctx, 'second.caseworker@palermo.example');
  analystPrincipal = await principalFor(t.ctx, 'analyst@palermo.example');

  // Received on 2 March 2026.
  refs.identified = await refer(adult(
    { ...identity, gender: 'female', nationalities: ['NG', 'GB'], letterRecipient: 'person' },
    [situation({ narrative }), situation({ types: ['labour'], startMonth: '2025-07', ongoing: true, endMonth: undefined, ukPlaces: [], overseasCountries: ['NG'] })],
    { policeForceCode: 'E23000011', crimeReference },
  ));
  refs.recognised = await refer(adult({ gender: 'male', nationalities: ['VN'] }, [situation({ types: ['labour'] })]));
  refs.notRecognised = await refer(adult({ gender: 'not_specified', nationalities: ['AL'] }, [situation({ types: ['criminal'], countyLines: true })]));
  refs.refused = await refer(adult({ nationalities: ['RO'] }, [situation({ types: ['domestic_servitude'] })]));
  // An adult now, but a child when the exploitation began.
  refs.child = await refer(adult({ dateOfBirth: '2006-06-01', nationalities: ['ER'] }, [situation({ startMonth: '2022-01', endMonth: '2023-01' })]));
  refs.dutyToNotify = await refer({ under18: 'no', consent: false, person: { gender: 'male', nationalities: ['AL'] }, situations: [{ types: ['labour'], startMonth: '2026-02', ongoing: true, locationUnknown: true }] });
  for (const key of ['recognised', 'notRecognised', 'child']) await decide(refs[key]!, 'rg', 'positive');
  await decide(refs.refused!, 'rg', 'negative');
  // 23:30 on 31 March in UTC is 00:30 on 1 April in the UK (BST): an April referral.
  at('2026-03-31T23:30:00Z');
  refs.april = await refer(adult({ nationalities: ['PL'] }));
  // Conclusive grounds after the recovery period, on 21 April: 50 days after receipt.
  at('2026-04-21T10:00:00Z');
  await decide(refs.recognised!, 'cg', 'trafficking');
  await decide(refs.notRecognised!, 'cg', 'not_recognised');

  analyst = t.agent();
  await analyst.signIn('analyst@palermo.example');
});
after(async () => { await t.close(); });

describe('pseudonymised records: the list', () => {
  it('shows the analyst every referral by pseudonym with its descriptive fields', async () => {
    const page = await analyst.get('/repository/records');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /7 records/);
    const rows = new Map(tableRows(page.body).map((r) => [r.Pseudonym, r]));
    assert.equal(rows.size, 7);
    assert.deepEqual(rows.get(await pseudonym('identified')), {
      Pseudonym: await pseudonym('identified'), Received: 'March 2026', Route: 'National Referral Mechanism', 'Competent Authority': 'Single Competent Authority',
      'Age at exploitation': 'Adult (18 or over)', Gender: 'Female', Nationality: 'Nigeria, United Kingdom', Exploitation: 'Labour exploitation, Sexual exploitation',
      'County lines': 'No', 'Location of exploitation': 'UK and overseas', 'First responder': 'Police force', Nation: 'England',
      'Police force area': 'South Yorkshire Police', 'Reasonable grounds': 'No decision', 'Conclusive grounds': 'No decision',
    });
    const recognised = rows.get(await pseudonym('recognised'))!;
    assert.equal(recognised['Reasonable grounds'], 'Positive, March 2026, 0 days after receipt');
    assert.equal(recognised['Conclusive grounds'], 'Recognised as a victim of human trafficking, April 2026, 50 days after receipt');
    assert.equal(rows.get(await pseudonym('notRecognised'))!['County lines'], 'Yes');
    assert.equal(rows.get(await pseudonym('notRecognised'))!['Conclusive grounds'], 'Not recognised as a victim, April 2026, 50 days after receipt');
    assert.equal(rows.get(await pseudonym('refused'))!['Reasonable grounds'], 'Negative, March 2026, 0 days after receipt');
    assert.equal(rows.get(await pseudonym('child'))!['Age at exploitation'], 'Child (17 or under)');
    const dtn = rows.get(await pseudonym('dutyToNotify'))!;
    assert.equal(dtn.Route, 'Duty to Notify');
    assert.equal(dtn['Reasonable grounds'], 'Not applicable');
    assert.equal(dtn['Location of exploitation'], 'Not known');
    assert.equal(rows.get(await pseudonym('april'))!.Received, 'April 2026', 'a referral just after midnight in BST belongs to the UK month');
    // Newest month first.
    assert.equal(tableRows(page.body)[0]!.Pseudonym, await pseudonym('april'));
  });

  it('shows nothing that identifies the person or the case file', async () => {
    const forbidden = await forbiddenStrings();
    assertNothingIdentifying((await analyst.get('/repository/records')).body, forbidden, 'the list');
    assertNothingIdentifying((await analyst.get(`/repository/records/${await pseudonym('identified')}`)).body, forbidden, 'the record');
    assertNothingIdentifying((await analyst.get('/repository/records.csv')).body, forbidden, 'the CSV');
    // Not the first responder's organisation by name either: only its type.
    assert.doesNotMatch((await analyst.get('/repository/records')).body, /Metropolitan Police/);
  });

  it('filters by period (UK months), nation, age group, exploitation type and decision', async () => {
    const shown = async (query: string) => {
      const page = await analyst.get(`/repository/records?${query}`);
      assert.equal(page.statusCode, 200, query);
      return new Set(pseudonymsOn(page.body));
    };
    const expect = async (query: string, keys: string[]) =>
      assert.deepEqual(await shown(query), new Set(await Promise.all(keys.map(pseudonym))), query);
    const march = ['identified', 'recognised', 'notRecognised', 'refused', 'child', 'dutyToNotify'];
    await expect('from-month=4&from-year=2026', ['april']);
    await expect('from-month=3&from-year=2026&to-month=3&to-year=2026', march);
    await expect('to-month=2&to-year=2026', []);
    await expect('nation=scotland', []);
    await expect('nation=england', [...march, 'april']);
    await expect('ageGroup=child', ['child']);
    await expect('exploitationType=criminal', ['notRecognised']);
    await expect('exploitationType=labour', ['identified', 'recognised', 'dutyToNotify']);
    await expect('outcome=no_rg', ['identified', 'april']);
    await expect('outcome=rg_positive', ['recognised', 'notRecognised', 'child']);
    await expect('outcome=rg_negative', ['refused']);
    await expect('outcome=no_cg', ['child']);
    await expect('outcome=cg_positive', ['recognised']);
    await expect('outcome=cg_negative', ['notRecognised']);
    await expect('outcome=rg_positive&exploitationType=sexual', ['child']);
    const empty = await analyst.get('/repository/records?nation=wales');
    assert.match(empty.body, /No records match these filters/);
  });

  it('keeps the chosen filters on the form and in the CSV link', async () => {
    const page = await analyst.get('/repository/records?from-month=3&from-year=2026&ageGroup=child&outcome=no_cg');
    assert.match(page.body, /<option value="child" selected>/);
    assert.match(page.body, /<option value="no_cg" selected>/);
    assert.match(page.body, /name="from-month" type="text" value="3"|value="3"[^>]*name="from-month"/);
    assert.match(page.body, /href="\/repository\/records\.csv\?from-month=3&amp;from-year=2026&amp;ageGroup=child&amp;outcome=no_cg"/);
  });

  it('refuses filters that make no sense, with the error against the field, and shows nothing', async () => {
    const before = await lastSeq();
    const badMonth = await analyst.get('/repository/records?from-month=13&from-year=2026');
    assert.equal(badMonth.statusCode, 400);
    assert.match(badMonth.body, /href="#from-month">The start of the period must be a real month/);
    const reversed = await analyst.get('/repository/records?from-month=4&from-year=2026&to-month=3&to-year=2026');
    assert.equal(reversed.statusCode, 400);
    assert.match(reversed.body, /The start of the period must be the same month as its end or before it/);
    const noYear = await analyst.get('/repository/records?to-month=3');
    assert.equal(noYear.statusCode, 400);
    assert.match(noYear.body, /href="#to-year">The end of the period must include a year/);
    const badChoice = await analyst.get('/repository/records?outcome=guilty');
    assert.equal(badChoice.statusCode, 400);
    assert.match(badChoice.body, /Select a decision from the list/);
    assert.equal(tableRows(reversed.body).length, 0);
    assert.equal((await analyst.get('/repository/records.csv?nation=atlantis')).statusCode, 400);
    const views = (await eventsAfter(before)).filter((e) => e.recordType === 'pseudonymised_referrals');
    assert.deepEqual(views, [], 'nothing was shown, so nothing is recorded as viewed');
  });

  it('pages through the list, and a page past the end says so', async () => {
    const records = new PseudonymisedRecords(t.ctx.database, t.ctx.audit);
    const filters = recordFiltersSchema.parse({});
    const seen: string[] = [];
    for (let page = 1; page <= 3; page++) {
      const { rows, total } = await records.list(analystPrincipal, { ...filters, page }, 3, ctx(analystPrincipal));
      assert.equal(total, 7);
      seen.push(...rows.map((r) => r.pseudonym!));
    }
    assert.equal(seen.length, 7);
    assert.equal(new Set(seen).size, 7, 'no record on two pages');
    const past = await analyst.get('/repository/records?page=9');
    assert.equal(past.statusCode, 200);
    assert.match(past.body, /There is only one page\. <a class="govuk-link" href="\/repository\/records">Go to the first page/);
  });
});

describe('pseudonymised records: one record', () => {
  it('shows its fields, situations and decisions, with dates as months', async () => {
    const page = await analyst.get(`/repository/records/${await pseudonym('identified')}`);
    assert.equal(page.statusCode, 200);
    assert.ok(page.body.includes(await pseudonym('identified')));
    const fields = summary(page.body);
    assert.equal(fields.Received, 'March 2026');
    assert.equal(fields.Nationality, 'Nigeria, United Kingdom');
    assert.equal(fields['Police force area'], 'South Yorkshire Police');
    assert.equal(fields['First responder'], 'Police force');
    assert.match(page.body, /Sexual exploitation<\/td>\s*<td class="govuk-table__cell">January 2025 to June 2025<\/td>\s*<td class="govuk-table__cell">UK<\/td>/);
    assert.match(page.body, /Labour exploitation<\/td>\s*<td class="govuk-table__cell">July 2025 to now \(ongoing\)<\/td>\s*<td class="govuk-table__cell">Overseas<\/td>/);
    assert.match(page.body, /No decision has been issued/);

    const recognised = await analyst.get(`/repository/records/${await pseudonym('recognised')}`);
    assert.match(recognised.body, /Reasonable grounds<\/td>\s*<td class="govuk-table__cell">Positive<\/td>\s*<td class="govuk-table__cell">March 2026<\/td>\s*<td class="govuk-table__cell">0 days<\/td>\s*<td class="govuk-table__cell">No<\/td>/);
    assert.match(recognised.body, /Conclusive grounds<\/td>\s*<td class="govuk-table__cell">Recognised as a victim of human trafficking<\/td>\s*<td class="govuk-table__cell">April 2026<\/td>\s*<td class="govuk-table__cell">50 days<\/td>/);
  });

  it('answers 404 for an unknown or malformed pseudonym, and for a reference number', async () => {
    assert.equal((await analyst.get('/repository/records/8f1c4a52-6a0e-4d8e-9f7b-2d1e5c4b7a10')).statusCode, 404);
    assert.equal((await analyst.get('/repository/records/not-a-pseudonym')).statusCode, 404);
    assert.equal((await analyst.get(`/repository/records/${refs.identified}`)).statusCode, 404);
    assert.equal((await analyst.get(`/repository/records/${(await row(refs.identified!)).id}`)).statusCode, 404, 'the internal id is not a pseudonym');
  });
});

describe('pseudonymised records: CSV', () => {
  it('downloads the filtered list as codes, one line per record', async () => {
    const all = await analyst.get('/repository/records.csv');
    assert.equal(all.statusCode, 200);
    assert.match(String(all.headers['content-type']), /^text\/csv/);
    assert.match(String(all.headers['content-disposition']), /attachment; filename="pseudonymised-records\.csv"/);
    const [header] = all.body.split('\n');
    assert.equal(header, 'pseudonym,received_month,route,competent_authority,age_group,gender,nationalities,exploitation_types,county_lines,exploitation_location,responder_organisation_type,nation,police_force_area,rg_outcome,rg_decision_month,days_to_rg,cg_outcome,cg_decision_month,days_to_cg');
    const lines = new Map(csvLines(all.body).map((l) => [l.pseudonym, l]));
    assert.equal(lines.size, 7);
    assert.deepEqual(lines.get(await pseudonym('recognised')), {
      pseudonym: await pseudonym('recognised'), received_month: '2026-03', route: 'nrm', competent_authority: 'sca', age_group: 'adult', gender: 'male',
      nationalities: 'VN', exploitation_types: 'labour', county_lines: 'no', exploitation_location: 'uk', responder_organisation_type: 'police', nation: 'england',
      police_force_area: '', rg_outcome: 'positive', rg_decision_month: '2026-03', days_to_rg: '0', cg_outcome: 'trafficking', cg_decision_month: '2026-04', days_to_cg: '50',
    });
    assert.equal(lines.get(await pseudonym('identified'))!.nationalities, 'NG;GB', 'in the order given: the first is the one statistics count');
    assert.equal(lines.get(await pseudonym('identified'))!.police_force_area, 'E23000011');

    const filtered = await analyst.get('/repository/records.csv?from-month=4&from-year=2026');
    assert.match(String(filtered.headers['content-disposition']), /filename="pseudonymised-records-from-2026-04\.csv"/);
    assert.deepEqual(csvLines(filtered.body).map((l) => l.pseudonym), [await pseudonym('april')]);
  });

  it('reads the whole list a page at a time without losing or repeating a line', async () => {
    const records = new PseudonymisedRecords(t.ctx.database, t.ctx.audit);
    const csv = await text(await records.csv(analystPrincipal, recordFiltersSchema.parse({}), ctx(analystPrincipal), 2));
    const pseudonyms = csvLines(csv).map((l) => l.pseudonym);
    assert.equal(pseudonyms.length, 7);
    assert.equal(new Set(pseudonyms).size, 7);
  });
});

describe('pseudonymised records: who may, and the audit log', () => {
  it('refuses first responders, caseworkers and policy leads, and records each refusal', async () => {
    for (const email of ['first.responder@palermo.example', 'caseworker@palermo.example', 'policy.lead@palermo.example']) {
      const agent = t.agent();
      await agent.signIn(email);
      const before = await lastSeq();
      for (const url of ['/repository/records', '/repository/records.csv', `/repository/records/${await pseudonym('identified')}`]) {
        const response = await agent.get(url);
        assert.equal(response.statusCode, 403, `${email} ${url}`);
        assert.ok(!response.body.includes(await pseudonym('identified')));
      }
      const events = await eventsAfter(before);
      assert.deepEqual(events.map((e) => [e.action, e.outcome, e.actorEmail]), Array(3).fill(['permission_denied', 'denied', email]));
    }
  });

  it('records every view of the list with the fields shown and the filters asked for, never the values', async () => {
    const before = await lastSeq();
    await analyst.get('/repository/records?nation=england&ageGroup=adult');
    await analyst.get('/repository/records');
    const events = await eventsAfter(before);
    assert.equal(events.length, 2);
    for (const e of events) {
      assert.equal(e.action, 'view');
      assert.equal(e.recordType, 'pseudonymised_referrals');
      assert.equal(e.actorEmail, 'analyst@palermo.example');
      assert.deepEqual(e.fields, [...listFields]);
    }
    assert.deepEqual(events[0]!.details, { filters: { nation: 'england', ageGroup: 'adult' }, page: 1, shown: 6, total: 6 });
    const logged = JSON.stringify(events);
    for (const key of Object.keys(refs)) assert.ok(!logged.includes(await pseudonym(key)), 'no pseudonym in the event');
    assert.doesNotMatch(logged, /Nigeria|South Yorkshire|March 2026/);
  });

  it('records every view of a record against the referral, with the fields shown', async () => {
    const before = await lastSeq();
    await analyst.get(`/repository/records/${await pseudonym('recognised')}`);
    const events = await eventsAfter(before);
    assert.equal(events.length, 1);
    const [e] = events;
    assert.equal(e!.action, 'view');
    assert.equal(e!.recordType, 'referral');
    assert.equal(e!.recordId, (await row(refs.recognised!)).id, 'an auditor asking who read the case finds this view');
    assert.deepEqual(e!.fields, [...listFields, 'situations', 'decisions']);
    assert.deepEqual(e!.details, { view: 'pseudonymised' });
    // An unknown pseudonym shows nothing, so records no view.
    const unknown = await lastSeq();
    await analyst.get('/repository/records/8f1c4a52-6a0e-4d8e-9f7b-2d1e5c4b7a10');
    assert.deepEqual(await eventsAfter(unknown), []);
  });

  it('records every download as an export, before its first line', async () => {
    const before = await lastSeq();
    await analyst.get('/repository/records.csv?exploitationType=criminal');
    const [e, ...rest] = await eventsAfter(before);
    assert.equal(rest.length, 0);
    assert.equal(e!.action, 'export');
    assert.equal(e!.recordType, 'pseudonymised_referrals');
    assert.deepEqual(e!.fields, [...listFields]);
    assert.deepEqual(e!.details, { filters: { exploitationType: 'criminal' }, format: 'csv' });
    const [stored] = await t.ctx.database.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'export'), eq(auditEvents.recordType, 'pseudonymised_referrals')));
    assert.ok(stored);
  });

  it('offers the analyst the records from the menu and the home page, and no one else', async () => {
    const home = await analyst.get('/');
    assert.match(home.body, /href="\/repository\/records"[^>]*>\s*Records/);
    assert.match(home.body, /href="\/repository\/records">Pseudonymised records<\/a>/);
    const lead = t.agent();
    await lead.signIn('policy.lead@palermo.example');
    assert.doesNotMatch((await lead.get('/')).body, /\/repository\/records/);
  });
});
