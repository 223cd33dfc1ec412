import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { text } from 'node:stream/consumers';
import { and, eq } from 'drizzle-orm';
import { parse } from 'csv-parse/sync';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { FixedClock } from '../support/test-services.js';
import { principalFor } from '../support/principals.js';
import { actorOf, type Principal } from '../../src/platform/auth/principal.js';
import { referrals } from '../../src/referrals/tables.js';
import { organisations } from '../../src/organisations/tables.js';
import { auditEvents } from '../../src/platform/audit/tables.js';
import { htcdsRecords } from '../../src/repository/tables.js';
import { HtcdsExport, htcdsRecordsFor } from '../../src/repository/htcds/export.js';
import { HtcdsImport, HtcdsImportForbiddenError, recordOfRow } from '../../src/repository/htcds/import.js';
import type { ExportScope } from '../../src/repository/htcds/schema.js';
import { htcdsFields, palermoAgeGroup, palermoGender, type HtcdsRecord } from '../../src/repository/htcds/mapping.js';

// Monday 2 March 2026, 10:00 UK time.
const clock = new FixedClock(new Date('2026-03-02T10:00:00Z'));
let t: TestApp;
let fiona: Principal; // first responder, Metropolitan Police
let kwame: Principal; // caseworker
let grace: Principal; // second caseworker
let alex: Principal; // administrator
let analyst: Principal;
let kalayaan: { id: string; name: string };
const ctx = (p: Principal) => ({ actor: actorOf(p) });
const references: Record<string, string> = {};
let n = 0;

const adult = (person: Record<string, unknown> = {}, situations?: object[]) => ({
  under18: 'no', consent: true,
  person: {
    givenName: 'Amina', familyName: `Exchange${n}`, dateOfBirth: '1995-04-12', gender: 'female', nationalities: ['NG', 'GB'], languages: ['en'],
    letterRecipient: 'first_responder', asylumClaim: 'yes', detention: 'none', immigrationStatus: 'asylum_seeker', ...person,
  },
  situations: situations ?? [
    { types: ['sexual'], startMonth: '2025-01', endMonth: '2025-06', ukPlaces: ['sheffield'], meansOfControl: ['debt_bondage', 'withholds_documents'], recruitment: ['job_offer'] },
    { types: ['labour'], startMonth: '2025-07', endMonth: '2026-01', ukPlaces: ['sheffield'], meansOfControl: ['debt_bondage', 'physical_threats'], recruitment: ['online'] },
  ],
});

async function refer(body: object, principal = fiona): Promise<string> {
  n++;
  return (await t.ctx.referrals.submit(principal, body, `htcds-${n}`, ctx(principal))).reference;
}
async function row(reference: string) {
  const [r] = await t.ctx.database.db.select().from(referrals).where(eq(referrals.reference, reference));
  return r!;
}
const version = async (reference: string) => (await row(reference)).version;
const at = (iso: string) => clock.set(new Date(iso));
const scope: ExportScope = { from: '2026-01-01', to: '2026-03-31' };
const importer = () => new HtcdsImport(t.ctx.database, t.ctx.audit, t.ctx.clock, t.ctx.referenceData);
const exportCsv = async (s: ExportScope = scope) => text(await new HtcdsExport(t.ctx.database, t.ctx.audit).csv(s, ctx(analyst)));
const lines = (csv: string) => parse(csv, { columns: true }) as Record<string, string>[];

before(async () => {
  t = await startTestApp({ clock });
  fiona = await principalFor(t.ctx, 'first.responder@palermo.example');
  kwame = await principalFor(t.ctx, 'caseworker@palermo.example');
  grace = await principalFor(t.ctx, 'second.caseworker@palermo.example');
  alex = await principalFor(t.ctx, 'admin@palermo.example');
  analyst = await principalFor(t.ctx, 'analyst@palermo.example');
  const [org] = await t.ctx.database.db.select().from(organisations).where(eq(organisations.name, 'Kalayaan'));
  kalayaan = { id: org!.id, name: org!.name };

  // Received 2 March 2026: one waiting, one recognised as a victim, one not recognised.
  references.waiting = await refer(adult());
  references.positive = await refer(adult({ gender: 'male', nationalities: ['VN'], languages: ['vi'] }));
  references.negative = await refer(adult({ gender: 'not_specified', nationalities: ['AL'], languages: [] }, [{ types: ['criminal', 'benefit_fraud'], startMonth: '2025-01', ongoing: true, ukPlaces: ['sheffield'] }]));
  for (const key of ['positive', 'negative']) {
    const ref = references[key]!;
    await t.ctx.casework.assignment.take(kwame, ref, { version: await version(ref) }, ctx(kwame));
    await t.ctx.casework.decisions.propose(kwame, ref, 'rg', { outcome: 'positive', reasons: 'Indicators of control.', version: await version(ref) }, ctx(kwame));
  }
  at('2026-04-21T10:00:00Z');
  await t.ctx.casework.decisions.propose(kwame, references.positive!, 'cg', {
    outcome: 'trafficking', reasons: 'On the balance of probabilities.', version: await version(references.positive!),
    residencePermit: { recommended: false, bases: [] },
  }, ctx(kwame));
  const negative = await t.ctx.casework.decisions.propose(kwame, references.negative!, 'cg', {
    outcome: 'not_recognised', reasons: 'Not on the balance of probabilities.', reasonCategory: 'not_credible', version: await version(references.negative!),
  }, ctx(kwame));
  await t.ctx.casework.decisions.review(grace, references.negative!, negative.id, { agree: true, version: await version(references.negative!) }, ctx(grace));
  // Outside the period: received in April.
  references.april = await refer(adult());
});
after(async () => { await t.close(); });

describe('HTCDS export', () => {
  it('writes the period\'s referrals as HTCDS, pseudonymised, with semicolon-separated values', async () => {
    const csv = await exportCsv();
    const [header] = csv.split('\n');
    assert.equal(header, htcdsFields.join(','));
    const byCase = new Map(lines(csv).map((l) => [l.cas_CaseID, l]));
    assert.equal(byCase.size, 3);
    const waiting = byCase.get((await row(references.waiting!)).pseudonym)!;
    assert.deepEqual(waiting, {
      cas_CaseID: (await row(references.waiting!)).pseudonym, cas_IncomingReferralDate: '2026-03-02', prs_Gender: 'Female', prs_AgeBroad: 'Adult',
      prs_Citizenship: 'GB;NG', prs_PrimaryLanguage: 'en', vic_TypeOfExploitation: 'ForcedLabour;SexualExploitation',
      vic_MethodsOfControl: 'DebtBondage;ThreatsOfViolence;WithholdsDocuments', vic_MethodsOfRecruitment: 'JobOffer;Online',
      vic_TraffickingStatus: 'PossibleVictimOfTrafficking', org_Type: 'LawEnforcement',
    });
    assert.equal(byCase.get((await row(references.positive!)).pseudonym)!.vic_TraffickingStatus, 'ActualVictimOfTrafficking');
    const negative = byCase.get((await row(references.negative!)).pseudonym)!;
    assert.equal(negative.vic_TraffickingStatus, 'NotAVictimOfTrafficking');
    assert.equal(negative.prs_Gender, 'Unknown');
    assert.equal(negative.prs_PrimaryLanguage, '');
    assert.equal(negative.vic_TypeOfExploitation, 'ForcedCriminalActivity;Other');
  });

  it('carries no identity, reference or internal id', async () => {
    const csv = await exportCsv();
    for (const key of Object.keys(references)) {
      const r = await row(references[key]!);
      assert.ok(!csv.includes(r.reference), 'no reference');
      assert.ok(!csv.includes(r.id), 'no internal id');
    }
    assert.doesNotMatch(csv, /Amina|Exchange|1995-04-12|name|birth/i);
  });

  it('filters by nation and reads in pages', async () => {
    assert.equal(lines(await exportCsv({ ...scope, nation: 'scotland' })).length, 0);
    assert.equal(lines(await exportCsv({ ...scope, nation: 'england' })).length, 3);
    const paged: string[] = [];
    for await (const record of htcdsRecordsFor(t.ctx.database, scope, 2)) paged.push(record.caseId);
    assert.equal(paged.length, 3);
    assert.equal(new Set(paged).size, 3);
  });
});

describe('HTCDS import', () => {
  const header = 'cas_CaseID,cas_IncomingReferralDate,prs_Gender,prs_AgeBroad,prs_Citizenship,vic_TypeOfExploitation';
  const count = async () => (await t.ctx.database.db.select().from(htcdsRecords)).length;

  it('imports nothing from a file with any bad line, and reports every bad line', async () => {
    const before = await count();
    const outcome = await importer().importFile(alex, { text: [
      header, 'K-1,2026-01-02,Female,Adult,PH,DomesticServitude', 'K-2,2026-13-01,Female,Adult,PH,DomesticServitude',
      'K-3,2026-01-02,Female,Adult,PH,DomesticServitude', 'K-4,2026-01-02,Woman,Adult,ZZ,DomesticServitude',
    ].join('\n'), partner: kalayaan }, ctx(alex));
    assert.ok(!outcome.ok);
    assert.deepEqual(outcome.problems.map((p) => p.line), [3, 5]);
    assert.match(outcome.problems[1]!.reason, /prs_Gender: "Woman".*prs_Citizenship: "ZZ"/);
    assert.equal(await count(), before);
  });

  it('refuses a file carrying identities outright', async () => {
    const outcome = await importer().importFile(alex, { text: 'cas_CaseID,prs_FirstName,prs_Gender,prs_AgeBroad\nK-1,Maria,Female,Adult\n', partner: kalayaan }, ctx(alex));
    assert.ok(!outcome.ok);
    assert.match(outcome.problems[0]!.reason, /"prs_FirstName" would identify a person/);
  });

  it('is idempotent by partner and case id, and audited', async () => {
    const file = [header, 'K-10,2026-01-02,Female,Adult,PH,DomesticServitude', 'K-11,,Male,Minor,,'].join('\n');
    const first = await importer().importFile(alex, { text: file, partner: kalayaan }, ctx(alex));
    assert.deepEqual(first, { ok: true, lines: 2, imported: 2, alreadyPresent: 0 });
    const again = await importer().importFile(alex, { text: file, partner: kalayaan }, ctx(alex));
    assert.deepEqual(again, { ok: true, lines: 2, imported: 0, alreadyPresent: 2 });
    const [stored] = await t.ctx.database.db.select().from(htcdsRecords).where(and(eq(htcdsRecords.partnerOrganisationId, kalayaan.id), eq(htcdsRecords.caseId, 'K-10')));
    assert.equal(stored!.importedBy, alex.userId);
    assert.deepEqual(stored!.citizenship, ['PH']);
    assert.equal(stored!.ageGroup, 'adult');
    assert.equal(stored!.gender, 'female');
    const events = await t.ctx.database.db.select().from(auditEvents).where(and(eq(auditEvents.recordType, 'htcds_import'), eq(auditEvents.outcome, 'success')));
    const last = events.sort((a, b) => a.seq - b.seq).at(-1)!;
    assert.equal(last.action, 'create');
    assert.equal(last.actorEmail, 'admin@palermo.example');
    assert.deepEqual(last.details, { partnerOrganisationId: kalayaan.id, partner: 'Kalayaan', lines: 2, imported: 0, alreadyPresent: 2 });
  });

  it('is refused to anyone but an administrator', async () => {
    await assert.rejects(importer().importFile(analyst, { text: header, partner: kalayaan }, ctx(analyst)), HtcdsImportForbiddenError);
  });

  it('round trip: an export imported as a partner gives back the same records', async () => {
    const csv = await exportCsv();
    const [poppy] = await t.ctx.database.db.select().from(organisations).where(eq(organisations.name, 'Poppy Project'));
    const outcome = await importer().importFile(alex, { text: csv, partner: { id: poppy!.id, name: poppy!.name } }, ctx(alex));
    assert.deepEqual(outcome, { ok: true, lines: 3, imported: 3, alreadyPresent: 0 });
    const exported: HtcdsRecord[] = [];
    for await (const record of htcdsRecordsFor(t.ctx.database, scope)) exported.push(record);
    const stored = await t.ctx.database.db.select().from(htcdsRecords).where(eq(htcdsRecords.partnerOrganisationId, poppy!.id));
    const byCase = (a: { caseId: string }, b: { caseId: string }) => a.caseId.localeCompare(b.caseId);
    assert.deepEqual(stored.map(recordOfRow).sort(byCase), exported.sort(byCase));
    for (const s of stored) {
      const e = exported.find((x) => x.caseId === s.caseId)!;
      assert.deepEqual([s.gender, s.ageGroup, s.citizenship, s.exploitationTypes, s.methodsOfControl, s.traffickingStatus, s.referralDate],
        [palermoGender(e.gender), palermoAgeGroup(e.ageBroad), e.citizenship, e.exploitationTypes, e.methodsOfControl, e.traffickingStatus, e.referralDate]);
    }
  });
});

describe('HTCDS over HTTP', () => {
  function multipart(fields: Record<string, string>, file?: { name: string; content: string }) {
    const boundary = '----htcds-test-boundary';
    const parts = Object.entries(fields).map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`);
    if (file) parts.push(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: text/csv\r\n\r\n${file.content}\r\n`);
    return { payload: `${parts.join('')}--${boundary}--\r\n`, contentType: `multipart/form-data; boundary=${boundary}` };
  }

  it('lets an analyst download the CSV, audited as an export', async () => {
    const agent = t.agent();
    await agent.signIn('analyst@palermo.example');
    const response = await agent.get('/repository/htcds.csv?from=2026-01-01&to=2026-03-31&nation=england');
    assert.equal(response.statusCode, 200);
    assert.match(String(response.headers['content-type']), /^text\/csv/);
    assert.match(String(response.headers['content-disposition']), /attachment; filename="htcds-2026-01-01-to-2026-03-31-england.csv"/);
    assert.equal(lines(response.body).length, 3);
    const events = await t.ctx.database.db.select().from(auditEvents).where(and(eq(auditEvents.recordType, 'htcds_export'), eq(auditEvents.actorEmail, 'analyst@palermo.example')));
    assert.ok(events.some((e) => e.action === 'export' && (e.details as { nation?: string }).nation === 'england'));
    const bad = await agent.get('/repository/htcds.csv?from=2026-04-01&to=2026-03-31');
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /The first day must be on or before the last day/);
  });

  it('refuses the download to others and the upload to all but administrators', async () => {
    for (const email of ['admin@palermo.example', 'caseworker@palermo.example', 'policy.lead@palermo.example']) {
      const agent = t.agent();
      await agent.signIn(email);
      assert.equal((await agent.get('/repository/htcds.csv?from=2026-01-01&to=2026-03-31')).statusCode, 403, email);
    }
    const agent = t.agent();
    await agent.signIn('analyst@palermo.example');
    assert.equal((await agent.get('/repository/htcds/import')).statusCode, 403);
  });

  it('lets an administrator upload a file, showing every bad line', async () => {
    const agent = t.agent();
    await agent.signIn('admin@palermo.example');
    const page = await agent.get('/repository/htcds/import');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /enctype="multipart\/form-data"/);
    const post = (form: ReturnType<typeof multipart>) => t.app.inject({
      method: 'POST', url: '/repository/htcds/import', payload: form.payload,
      headers: { 'content-type': form.contentType, cookie: (agent as unknown as { cookieHeader(): string }).cookieHeader() },
    });
    const [tara] = await t.ctx.database.db.select().from(organisations).where(eq(organisations.name, 'TARA'));
    const csrf = agent.csrfToken!;

    const refused = await post(multipart({ _csrf: csrf, partner: tara!.id }, { name: 'bad.csv', content: 'cas_CaseID,prs_Gender,prs_AgeBroad\nT-1,Female,Adult\nT-2,Female,Old\nT-3,,Adult\n' }));
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /There is a problem/);
    assert.match(refused.body, /Line 3: prs_AgeBroad: &quot;Old&quot; is not an HTCDS value/);
    assert.match(refused.body, /Line 4: prs_Gender is required/);
    assert.match(refused.body, /Nothing was imported/);

    const good = await post(multipart({ _csrf: csrf, partner: tara!.id }, { name: 'good.csv', content: 'cas_CaseID,prs_Gender,prs_AgeBroad\nT-1,Female,Adult\n' }));
    assert.equal(good.statusCode, 200);
    assert.match(good.body, /File imported/);
    assert.match(good.body, /1 new case from TARA/);

    const noCsrf = await post(multipart({ partner: tara!.id }, { name: 'good.csv', content: 'cas_CaseID,prs_Gender,prs_AgeBroad\nT-9,Female,Adult\n' }));
    assert.equal(noCsrf.statusCode, 403);
    const missing = await post(multipart({ _csrf: csrf, partner: '' }));
    assert.equal(missing.statusCode, 400);
    assert.match(missing.body, /Choose the partner organisation the file came from/);
    assert.match(missing.body, /Choose an HTCDS CSV file to upload/);
  });
});
