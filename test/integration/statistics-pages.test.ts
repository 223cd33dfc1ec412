import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { FixedClock } from '../support/test-services.js';
import { statisticsReleases } from '../../src/statistics/tables.js';
import { auditEvents } from '../../src/platform/audit/tables.js';

const clock = new FixedClock(new Date('2026-02-10T10:00:00Z'));
let t: TestApp;
let token: string;
let n = 0;
const period = { 'from-day': '1', 'from-month': '1', 'from-year': '2026', 'to-day': '31', 'to-month': '3', 'to-year': '2026', nation: 'uk' };
const query = new URLSearchParams(period).toString();

async function refer(count: number, gender: string) {
  for (let i = 0; i < count; i++) {
    n++;
    const response = await t.app.inject({
      method: 'POST', url: '/api/v1/referrals', headers: { authorization: `Bearer ${token}`, 'idempotency-key': `statistics-${n}` },
      payload: {
        under18: 'no', consent: true,
        person: { givenName: 'Person', familyName: `Stats${n}`, dateOfBirth: '1990-05-05', gender, nationalities: ['VN'], letterRecipient: 'first_responder', asylumClaim: 'yes', detention: 'none', immigrationStatus: 'asylum_seeker' },
        situations: [{ types: ['labour'], startMonth: '2025-03', endMonth: '2026-01', ukPlaces: ['sheffield'] }],
      },
    });
    assert.equal(response.statusCode, 201, response.body);
  }
}

before(async () => {
  t = await startTestApp({ clock });
  token = (await t.ctx.apiTokens.create('first.responder@palermo.example', 'test')).token;
  await refer(12, 'female');
  await refer(7, 'male');
});
after(async () => { await t.close(); });

describe('statistics pages', () => {
  it('shows an analyst the release for a period with charts, tables and the rule, and audits it', async () => {
    const analyst = t.agent();
    await analyst.signIn('analyst@palermo.example');
    const page = await analyst.get(`/statistics?${query}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Referrals by age at exploitation and gender/);
    assert.match(page.body, /<svg[^>]*role="img"/);
    assert.match(page.body, /are shown as \[c\]/);
    assert.doesNotMatch(page.body, /Stats\d/); // no one's name on a statistics page
    const exports = await t.ctx.database.db.select().from(auditEvents).where(eq(auditEvents.action, 'export'));
    assert.ok(exports.some((e) => e.actorEmail === 'analyst@palermo.example' && e.recordType === 'statistics'));
    const bad = await analyst.get('/statistics?from-day=31&from-month=2&from-year=2026&to-day=1&to-month=1&to-year=2026');
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /Enter the first day of the period as a real date/);
  });

  it('downloads CSV, ODS and JSON with the same published figures', async () => {
    const analyst = t.agent();
    await analyst.signIn('analyst@palermo.example');
    const csv = await analyst.get(`/statistics/download/csv?${query}`);
    assert.equal(csv.statusCode, 200);
    assert.match(String(csv.headers['content-disposition']), /attachment; filename="nrm-statistics-2026-01-01-to-2026-03-31-uk-preview.csv"/);
    assert.match(csv.body, /^table,title,row_variable,row,column_variable,column,value/);
    assert.match(csv.body, /2,Referrals by age at exploitation and gender,Age at exploitation,Adult \(18 or over\),Gender,Female,12/);
    assert.match(csv.body, /2,Referrals by age at exploitation and gender,Age at exploitation,Total,Gender,Total,19/);
    const json = await analyst.get(`/statistics/download/json?${query}`);
    const table2 = (JSON.parse(json.body) as { tables: { id: string; cells: unknown[][] }[] }).tables.find((x) => x.id === '2')!;
    assert.deepEqual(table2.cells, [[12, 7]]);
    const ods = await analyst.get(`/statistics/download/ods?${query}`);
    assert.equal(ods.statusCode, 200);
    assert.equal(ods.headers['content-type'], 'application/vnd.oasis.opendocument.spreadsheet');
    assert.equal(ods.rawPayload.subarray(0, 2).toString(), 'PK'); // a zip container
  });

  it('publishes an immutable release; a later release of the same period shows the revisions', async () => {
    const analyst = t.agent();
    await analyst.signIn('analyst@palermo.example');
    const published = await analyst.post('/statistics/releases', period);
    assert.equal(published.statusCode, 303);
    const first = String(published.headers.location);
    assert.match((await analyst.get(first)).body, /This is the first release for this period/);
    const [row] = await t.ctx.database.db.select().from(statisticsReleases);
    await assert.rejects(t.ctx.database.db.update(statisticsReleases).set({ area: 'wales' }).where(eq(statisticsReleases.id, row!.id)));
    await assert.rejects(t.ctx.database.db.delete(statisticsReleases).where(eq(statisticsReleases.id, row!.id)));

    clock.set(new Date('2026-03-05T10:00:00Z'));
    await refer(1, 'male'); // a late referral in the same quarter
    await analyst.signIn('analyst@palermo.example');
    const second = await analyst.post('/statistics/releases', period);
    const page = await analyst.get(String(second.headers.location));
    assert.match(page.body, /Table 14: revisions/);
    assert.match(page.body, /<td class="govuk-table__cell">2<\/td><td class="govuk-table__cell">Adult \(18 or over\)<\/td><td class="govuk-table__cell">Male<\/td>\s*<td class="govuk-table__cell govuk-table__cell--numeric">7<\/td><td class="govuk-table__cell govuk-table__cell--numeric">8<\/td>/);
  });

  it('lets policy leads read but not publish; others are refused', async () => {
    const lead = t.agent();
    await lead.signIn('policy.lead@palermo.example');
    assert.equal((await lead.get(`/statistics?${query}`)).statusCode, 200);
    assert.equal((await lead.post('/statistics/releases', period)).statusCode, 403);
    const caseworker = t.agent();
    await caseworker.signIn('caseworker@palermo.example');
    assert.equal((await caseworker.get('/statistics')).statusCode, 403);
  });
});
