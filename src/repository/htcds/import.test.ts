import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { text } from 'node:stream/consumers';
import { parseHtcdsFile } from './import.js';
import { htcdsCsv } from './export.js';
import { exportScopeSchema } from './schema.js';
import type { HtcdsRecord } from './mapping.js';

const codes = { nationalities: new Set(['GB', 'VN', 'AL', 'NG']), languages: new Set(['en', 'vi', 'sq']) };
const header = 'cas_CaseID,cas_IncomingReferralDate,prs_Gender,prs_AgeBroad,prs_Citizenship,vic_TypeOfExploitation,vic_MethodsOfControl';

describe('HTCDS file validation', () => {
  it('reads good lines, splitting and normalising multi-select values', () => {
    const parsed = parseHtcdsFile(`\uFEFF${header}\nP-1,2026-01-05,Male,Adult,VN; AL ,ForcedLabour;ForcedCriminalActivity;ForcedLabour,DebtBondage\n\nP-2,,Female,Minor,,,\n`, codes);
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.records.map((r) => r.line), [2, 4]);
    assert.deepEqual(parsed.records[0]!.record, {
      caseId: 'P-1', referralDate: '2026-01-05', gender: 'Male', ageBroad: 'Adult', citizenship: ['AL', 'VN'], primaryLanguage: null,
      exploitationTypes: ['ForcedCriminalActivity', 'ForcedLabour'], methodsOfControl: ['DebtBondage'], methodsOfRecruitment: [],
      traffickingStatus: null, orgType: null,
    });
    assert.equal(parsed.records[1]!.record.referralDate, null);
  });

  it('reports every bad line with its number and reason', () => {
    const parsed = parseHtcdsFile([
      header,
      'P-1,2026-01-05,Male,Adult,VN,ForcedLabour,DebtBondage',
      'P-2,05/01/2026,Man,Adult,XX,Slavery,DebtBondage',
      ',2026-01-05,Female,,GB,,',
      'P-1,2026-01-06,Female,Adult,GB,,',
      'P-4,2026-02-30,Female,Adult',
    ].join('\n'), codes);
    assert.ok(!parsed.ok);
    assert.deepEqual(parsed.problems.map((p) => p.line), [3, 4, 5, 6]);
    const [dates, required, duplicate, short] = parsed.problems.map((p) => p.reason) as [string, string, string, string];
    assert.match(dates, /cas_IncomingReferralDate must be a date in the form YYYY-MM-DD/);
    assert.match(dates, /prs_Gender: "Man" is not an HTCDS value/);
    assert.match(dates, /prs_Citizenship: "XX" is not an ISO 3166-1 alpha-2 country code/);
    assert.match(dates, /vic_TypeOfExploitation: "Slavery" is not an HTCDS value/);
    assert.match(required, /cas_CaseID is required/);
    assert.match(required, /prs_AgeBroad is required/);
    assert.match(duplicate, /cas_CaseID "P-1" is also on line 2/);
    assert.match(short, /4 values; the header row has 7 columns/);
  });

  it('refuses a file with identity columns, unknown columns or missing required ones', () => {
    const parsed = parseHtcdsFile('cas_CaseID,prs_FirstName,prs_DateOfBirth,prs_Gender,prs_Favourite\nP-1,Amina,1990-01-01,Female,x\n', codes);
    assert.ok(!parsed.ok);
    const reasons = parsed.problems.map((p) => p.reason).join('\n');
    assert.match(reasons, /"prs_FirstName" would identify a person/);
    assert.match(reasons, /"prs_DateOfBirth" would identify a person/);
    assert.match(reasons, /"prs_Favourite" is not an HTCDS field/);
    assert.match(reasons, /"prs_AgeBroad" is missing/);
    assert.ok(parsed.problems.every((p) => p.line === 1));
  });

  it('refuses malformed CSV and an empty file', () => {
    const broken = parseHtcdsFile(`${header}\nP-1,"2026-01-05,Male\n`, codes);
    assert.ok(!broken.ok);
    assert.match(broken.problems[0]!.reason, /not valid CSV/);
    const empty = parseHtcdsFile('', codes);
    assert.ok(!empty.ok);
  });

  it('reads back what the export writes, quoting and all', async () => {
    const record: HtcdsRecord = {
      caseId: 'a,b"c', referralDate: '2026-03-01', gender: 'Other', ageBroad: 'Unknown', citizenship: ['GB', 'NG'], primaryLanguage: 'en',
      exploitationTypes: ['SexualExploitation'], methodsOfControl: [], methodsOfRecruitment: ['Online', 'Sold'],
      traffickingStatus: 'ActualVictimOfTrafficking', orgType: 'NGO',
    };
    const csv = await text(htcdsCsv((async function* () { yield record; })()));
    assert.match(csv, /^cas_CaseID,cas_IncomingReferralDate,prs_Gender,/);
    assert.ok(csv.includes('"a,b""c"'));
    const parsed = parseHtcdsFile(csv, codes);
    // The case id fails only its own character rule: the CSV quoting itself round-trips.
    assert.ok(!parsed.ok);
    assert.match(parsed.problems[0]!.reason, /cas_CaseID may hold only/);
    const plain = parseHtcdsFile(csv.replace('"a,b""c"', 'P-9'), codes);
    assert.ok(plain.ok);
    assert.deepEqual(plain.records[0]!.record, { ...record, caseId: 'P-9' });
  });

  it('validates an export period', () => {
    assert.ok(exportScopeSchema.safeParse({ from: '2026-01-01', to: '2026-03-31', nation: 'england' }).success);
    assert.ok(!exportScopeSchema.safeParse({ from: '2026-04-01', to: '2026-03-31' }).success);
    assert.ok(!exportScopeSchema.safeParse({ from: '2026-01-01', to: '2026-03-31', nation: 'france' }).success);
    assert.ok(!exportScopeSchema.safeParse({ from: '', to: '2026-03-31' }).success);
  });
});
