import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'csv-parse/sync';
import XLSX from 'xlsx';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { FixedClock } from '../support/test-services.js';
import { principalFor } from '../support/principals.js';
import { actorOf } from '../../src/platform/auth/principal.js';
import { demoUsers } from '../../src/demo/demo-data.js';
import { tableDefinitions } from '../../src/statistics/publication/table-definitions.js';
import type { PublishedCount, PublishedTable } from '../../src/statistics/disclosure/index.js';
import type { TimelinessRow } from '../../src/statistics/publication/timeliness-table.js';

/**
 * The downloads of a release, read back: CSV with csv-parse, the OpenDocument spreadsheet with SheetJS,
 * and JSON, each compared figure by figure with the others.
 *
 * Fixture: 21 adults referred by the Metropolitan Police on 10 February 2026, all Vietnamese, labour
 * exploitation in London: 12 women, 7 men and 2 of another gender. Table 2 (age × gender) is then one
 * row, Adult: 12 | 7 | 2, 21 in all. The 2 is a small count: hidden, with its column total (the same
 * figure). The row's total, 21, is published by every table of referrals, so with the 2 alone hidden it
 * would be 21 − 12 − 7: a second cell of the row must go, the smaller, 7 — and with it its column total,
 * the same figure again. The women's 12 and the totals 21 stay.
 */
const clock = new FixedClock(new Date('2026-02-10T10:00:00Z'));
const analyst = demoUsers.find((u) => u.role === 'analyst')!.email;
const firstResponder = demoUsers.find((u) => u.role === 'first_responder')!.email;
const period = { 'from-day': '1', 'from-month': '1', 'from-year': '2026', 'to-day': '31', 'to-month': '3', 'to-year': '2026', nation: 'uk' };
const query = new URLSearchParams(period).toString();
const formats = ['csv', 'ods', 'json'] as const;

let t: TestApp;

interface ReleaseJson {
  period: { from: string; to: string };
  area: string;
  cutOff: string;
  publishedAt: string | null;
  rule: string;
  tables: PublishedTable[];
  timeliness: TimelinessRow[];
  revisions: unknown[];
}

before(async () => {
  t = await startTestApp({ clock });
  const fiona = await principalFor(t.ctx, firstResponder);
  const genders = [...Array<string>(12).fill('female'), ...Array<string>(7).fill('male'), 'other', 'other'];
  for (const [i, gender] of genders.entries()) {
    await t.ctx.referrals.submit(fiona, {
      under18: 'no', consent: true,
      person: {
        givenName: 'Person', familyName: `Download${i}`, dateOfBirth: '1990-05-05', gender, nationalities: ['VN'], letterRecipient: 'first_responder',
        asylumClaim: 'yes', detention: 'none', immigrationStatus: 'asylum_seeker',
      },
      situations: [{ types: ['labour'], startMonth: '2025-03', endMonth: '2026-01', ukPlaces: ['london'] }],
      policeForceCode: 'E23000001',
    }, `download-${i}`, { actor: actorOf(fiona) });
  }
});
after(async () => { await t?.close(); });

async function signedIn(email: string) {
  const agent = t.agent();
  assert.equal((await agent.signIn(email)).statusCode, 303);
  return agent;
}

/** Every figure of a table by "row | column", totals named "Total" as in the CSV. */
function figures(table: PublishedTable): Map<string, PublishedCount> {
  const map = new Map<string, PublishedCount>();
  table.rows.forEach((row, r) => {
    table.columns.forEach((column, c) => map.set(`${row} | ${column}`, table.cells[r]![c]!));
    map.set(`${row} | Total`, table.rowTotals[r]!);
  });
  table.columns.forEach((column, c) => map.set(`Total | ${column}`, table.columnTotals[c]!));
  map.set('Total | Total', table.grandTotal);
  return map;
}

type Cell = string | number | null;
function sheetRows(book: XLSX.WorkBook, name: string): Cell[][] {
  const sheet = book.Sheets[name];
  assert.ok(sheet, `the spreadsheet has a sheet "${name}"`);
  return XLSX.utils.sheet_to_json<Cell[]>(sheet, { header: 1, blankrows: true, defval: null });
}

/** Checks the three files of one release against each other; returns the JSON. */
async function downloadAndCompare(agent: Awaited<ReturnType<typeof signedIn>>, url: (format: string) => string, fileName: RegExp): Promise<ReleaseJson> {
  const responses = Object.fromEntries(await Promise.all(formats.map(async (f) => [f, await agent.get(url(f))] as const)));
  for (const f of formats) {
    assert.equal(responses[f]!.statusCode, 200, `${f}: ${responses[f]!.body.slice(0, 200)}`);
    assert.match(String(responses[f]!.headers['content-disposition']), new RegExp(`^attachment; filename="${fileName.source}\\.${f}"$`));
  }
  assert.match(String(responses.csv!.headers['content-type']), /^text\/csv/);
  assert.match(String(responses.json!.headers['content-type']), /^application\/json/);
  assert.equal(responses.ods!.headers['content-type'], 'application/vnd.oasis.opendocument.spreadsheet');

  const json = JSON.parse(responses.json!.body) as ReleaseJson;
  assert.deepEqual(json.period, { from: '2026-01-01', to: '2026-03-31' });
  // Every table defined, but the historic ones ("h…"), published only for periods of the 2009–2011 statistics.
  assert.deepEqual(json.tables.map((x) => x.id), tableDefinitions.filter((d) => !d.id.startsWith('h')).map((d) => d.id), 'every table of the publication');

  // CSV: one figure per line, the same as the JSON's, hidden ones as [c].
  const lines = parse(responses.csv!.body, { columns: true }) as Record<'table' | 'title' | 'row_variable' | 'row' | 'column_variable' | 'column' | 'value', string>[];
  const csv = new Map(lines.map((l) => [`${l.table} | ${l.row} | ${l.column}`, l.value]));
  assert.equal(csv.size, lines.length, 'no figure twice in the CSV');
  for (const table of json.tables) {
    for (const [at, value] of figures(table)) assert.equal(csv.get(`${table.id} | ${at}`), String(value), `CSV, table ${table.id}, ${at}`);
  }
  for (const x of json.timeliness) {
    assert.equal(csv.get(`10-${x.stage} | ${x.ageGroup} | decisions`), String(x.decided), `CSV, table 10 ${x.stage} ${x.ageGroup}`);
    assert.equal(csv.get(`10-${x.stage} | ${x.ageGroup} | median_days`), String(x.median));
  }
  const tableFigures = json.tables.reduce((sum, x) => sum + (x.rows.length + 1) * (x.columns.length + 1), 0);
  const timelinessFigures = json.timeliness.reduce((sum, x) => sum + (x.onTimePercent === null ? 4 : 5), 0);
  assert.equal(lines.length, tableFigures + timelinessFigures, 'nothing in the CSV but the figures of the tables');

  // ODS: a cover sheet, notes with the disclosure rule, a sheet per table, table 10 and the revisions.
  const book = XLSX.read(responses.ods!.rawPayload, { type: 'buffer' });
  assert.deepEqual(book.SheetNames, ['Cover', 'Notes', ...json.tables.map((x) => `Table ${x.id}`), 'Table 10', 'Revisions']);
  const cover = sheetRows(book, 'Cover');
  assert.deepEqual(cover[0], ['National Referral Mechanism statistics', null]);
  assert.deepEqual(cover.slice(1, 3), [['Period', '2026-01-01 to 2026-03-31'], ['Area', 'United Kingdom']]);
  assert.deepEqual(cover[3], ['Data as at (cut-off)', json.cutOff]);
  assert.deepEqual(cover[5], ['Tables', json.tables.length + 1]);
  const notes = sheetRows(book, 'Notes');
  assert.deepEqual(notes[1], ['Disclosure control', json.rule]);
  assert.deepEqual(notes[3], ['[c]', 'Figure hidden to protect the people counted.']);
  for (const table of json.tables) {
    const rows = sheetRows(book, `Table ${table.id}`);
    assert.equal(rows[0]![0], table.title);
    assert.equal(rows[1]![0], table.rule);
    assert.deepEqual(rows[3], [`${table.rowVariable} \\ ${table.columnVariable}`, ...table.columns, 'Total']);
    const sheet = new Map<string, Cell>();
    for (const line of rows.slice(4)) line.slice(1).forEach((value, c) => sheet.set(`${line[0]} | ${rows[3]![c + 1]}`, value));
    assert.equal(rows.length, 4 + table.rows.length + 1, `sheet of table ${table.id}: a line per row and the totals`);
    for (const [at, value] of figures(table)) assert.equal(sheet.get(at), value, `ODS, table ${table.id}, ${at}`);
  }
  const times = sheetRows(book, 'Table 10');
  assert.deepEqual(times[2], ['Decision', 'Age at exploitation', 'Decisions', 'Median days', 'Lower quartile', 'Upper quartile', '% within target']);
  assert.deepEqual(times.slice(3).map((line) => line.slice(1, 6)), json.timeliness.map((x) => [x.ageGroup, x.decided, x.median, x.lowerQuartile, x.upperQuartile]));
  return json;
}

describe('statistics downloads, read back', () => {
  let releaseUrl: string;

  it('the preview’s CSV, spreadsheet and JSON hold the same figures, small counts and their complements as [c]', async () => {
    const agent = await signedIn(analyst);
    const json = await downloadAndCompare(agent, (f) => `/statistics/download/${f}?${query}`, /nrm-statistics-2026-01-01-to-2026-03-31-uk-preview/);
    assert.equal(json.publishedAt, null);
    const table2 = json.tables.find((x) => x.id === '2')!;
    assert.deepEqual(table2.columns, ['Female', 'Male', 'Other']);
    assert.deepEqual(
      { rows: table2.rows, cells: table2.cells, rowTotals: table2.rowTotals, columnTotals: table2.columnTotals, grandTotal: table2.grandTotal },
      { rows: ['Adult (18 or over)'], cells: [[12, '[c]', '[c]']], rowTotals: [21], columnTotals: [12, '[c]', '[c]'], grandTotal: 21 },
    );
    // The same in the files as people open them.
    const csv = (await agent.get(`/statistics/download/csv?${query}`)).body;
    assert.match(csv, /^2,Referrals by age at exploitation and gender,Age at exploitation,Adult \(18 or over\),Gender,Other,\[c\]$/m);
    assert.match(csv, /^2,Referrals by age at exploitation and gender,Age at exploitation,Adult \(18 or over\),Gender,Male,\[c\]$/m);
    assert.match(csv, /^2,Referrals by age at exploitation and gender,Age at exploitation,Adult \(18 or over\),Gender,Female,12$/m);
    const book = XLSX.read((await agent.get(`/statistics/download/ods?${query}`)).rawPayload, { type: 'buffer' });
    assert.deepEqual(sheetRows(book, 'Table 2').slice(4), [['Adult (18 or over)', 12, '[c]', '[c]', 21], ['Total', 12, '[c]', '[c]', 21]]);
    // Every other table of referrals has the 21 in one cell: all labour, Vietnamese, Met police, London.
    assert.deepEqual(json.tables.find((x) => x.id === '4')!.cells, [[21]]);
    assert.deepEqual(json.tables.find((x) => x.id === '6a')!.rows, ['Metropolitan Police Service']);
  });

  it('a published release downloads the same figures as the preview, dated', async () => {
    const agent = await signedIn(analyst);
    const preview = JSON.parse((await agent.get(`/statistics/download/json?${query}`)).body) as ReleaseJson;
    const published = await agent.post('/statistics/releases', period);
    assert.equal(published.statusCode, 303);
    releaseUrl = String(published.headers.location);
    assert.match(releaseUrl, /^\/statistics\/releases\/[0-9a-f-]{36}$/);
    const json = await downloadAndCompare(agent, (f) => `${releaseUrl}/${f}`, /nrm-statistics-2026-01-01-to-2026-03-31-uk-2026-02-10/);
    assert.equal(json.publishedAt, '2026-02-10T10:00:00.000Z');
    assert.equal(json.cutOff, '2026-02-10T10:00:00.000Z');
    assert.deepEqual(json.tables, preview.tables);
    assert.deepEqual(json.timeliness, preview.timeliness);
    assert.deepEqual(json.revisions, []);
    const book = XLSX.read((await agent.get(`${releaseUrl}/ods`)).rawPayload, { type: 'buffer' });
    assert.deepEqual(sheetRows(book, 'Cover')[4], ['Published', '2026-02-10T10:00:00.000Z']);
  });

  it('refuses the downloads to a first responder', async () => {
    const agent = await signedIn(firstResponder);
    for (const f of formats) {
      assert.equal((await agent.get(`/statistics/download/${f}?${query}`)).statusCode, 403, `preview ${f}`);
      assert.equal((await agent.get(`${releaseUrl}/${f}`)).statusCode, 403, `release ${f}`);
    }
    // Without signing in: sent to sign in first.
    const anonymous = await t.agent().get(`/statistics/download/csv?${query}`);
    assert.equal(anonymous.statusCode, 302);
    assert.match(String(anonymous.headers.location), /^\/sign-in\?returnTo=/);
  });
});
