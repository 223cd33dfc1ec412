import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { FixedClock } from '../support/test-services.js';
import { auditEvents } from '../../src/platform/audit/tables.js';

// Referrals made in 2026; the report for 2026 is drafted later in the year.
const clock = new FixedClock(new Date('2026-03-10T10:00:00Z'));
let t: TestApp;
let token: string;
let n = 0;

async function refer(count: number, gender: string, under18: 'yes' | 'no') {
  for (let i = 0; i < count; i++) {
    n++;
    const child = under18 === 'yes';
    const response = await t.app.inject({
      method: 'POST', url: '/api/v1/referrals', headers: { authorization: `Bearer ${token}`, 'idempotency-key': `annual-report-${n}` },
      payload: {
        under18, ...(child ? { childLocalAuthority: { code: 'E09000017', contactName: 'Duty social worker', contactEmail: 'duty@hillingdon.example' } } : { consent: true }),
        person: { givenName: 'Person', familyName: `Annual${n}`, dateOfBirth: child ? '2010-05-05' : '1990-05-05', gender, nationalities: ['AL'], letterRecipient: 'first_responder', asylumClaim: 'no', detention: 'none', immigrationStatus: 'british_or_irish' },
        situations: [{ types: ['criminal'], startMonth: '2025-03', endMonth: '2026-01', ukPlaces: ['sheffield'] }],
      },
    });
    assert.equal(response.statusCode, 201, response.body);
  }
}

before(async () => {
  t = await startTestApp({ clock });
  token = (await t.ctx.apiTokens.create('first.responder@palermo.example', 'test')).token;
  await refer(11, 'male', 'no');
  await refer(6, 'female', 'no');
  await refer(2, 'female', 'yes');
  clock.set(new Date('2026-11-20T09:00:00Z'));
  // Six people convicted of s2 of the Modern Slavery Act 2015 in a prosecution concluded in 2026: five to custody, one suspended.
  const prosecutor = (await t.ctx.apiTokens.create('prosecution.service@palermo.example', 'test')).token;
  const convicted = (i: number) => ({ label: `D${i}`, role: 'principal', offences: [{ offence: 'msa2015_s2', result: 'convicted', sentence: i === 6 ? { kind: 'suspended', months: 12 } : { kind: 'custody', months: 40 } }] });
  const posted = await t.app.inject({
    method: 'POST', url: '/api/v1/prosecutions', headers: { authorization: `Bearer ${prosecutor}`, 'idempotency-key': 'annual-report-prosecution' },
    payload: {
      reference: 'CPS-2026-1', updatedAt: '2026-10-01T09:00:00Z', court: { name: 'Sheffield Crown Court', type: 'crown' }, chargedOn: '2026-04-02', concludedOn: '2026-09-30',
      defendants: [1, 2, 3, 4, 5, 6].map(convicted), victims: [],
    },
  });
  assert.equal(posted.statusCode, 201, posted.body);
});
after(async () => { await t.close(); });

describe("the rapporteur's annual report", () => {
  it("drafts the year's chapters from the published statistics, hiding the small counts, and audits the draft", async () => {
    const lead = t.agent();
    await lead.signIn('policy.lead@palermo.example');
    const page = await lead.get('/reports/annual?year=2026');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Human trafficking: annual report 2026/);
    assert.match(page.body, /In 2026, 19 potential victims were referred to the National Referral Mechanism\./);
    // Two children: a count below the threshold, so neither the sentence nor the table gives it.
    assert.match(page.body, /A small number of them were referred for exploitation as children./);
    assert.match(page.body, /Table 2: Referrals by age at exploitation and gender/);
    assert.match(page.body, /\[c\]/);
    assert.doesNotMatch(page.body, /Annual\d/); // no one's name in a report
    assert.match(page.body, /Table 10: days from referral to the first decision/);
    // The prosecutions chapter: 6 convictions, of which the one suspended sentence is hidden (and the five with it).
    assert.match(page.body, /6 convictions for trafficking and slavery offences were recorded in prosecutions concluded in 2026\./);
    assert.match(page.body, /Table p2: Convictions for trafficking and slavery offences by offence and sentence, 2026/);
    // The action plan in force at the end of the year: the October 2009 update, loaded with the demo data.
    assert.match(page.body, /Progress against the action plan/);
    assert.match(page.body, /: 38 in all\./);
    // Missing episodes: none this year.
    assert.match(page.body, /Missing people, children especially/);
    const events = await t.ctx.database.db.select().from(auditEvents).where(eq(auditEvents.recordType, 'annual_report'));
    assert.equal(events.length, 1);
    assert.equal(events[0]!.actorEmail, 'policy.lead@palermo.example');
    assert.deepEqual(events[0]!.details, { year: 2026 });
  });

  it('gives the same report as a PDF', async () => {
    const analyst = t.agent();
    await analyst.signIn('analyst@palermo.example');
    const pdf = await analyst.get('/reports/annual.pdf?year=2026');
    assert.equal(pdf.statusCode, 200);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    assert.match(String(pdf.headers['content-disposition']), /annual-report-2026-draft\.pdf/);
    assert.equal(pdf.rawPayload.subarray(0, 5).toString(), '%PDF-');
  });

  it('refuses a year that is not a year of the NRM, with the reason, and drafts nothing', async () => {
    const lead = t.agent();
    await lead.signIn('policy.lead@palermo.example');
    const before = (await t.ctx.database.db.select().from(auditEvents).where(eq(auditEvents.recordType, 'annual_report'))).length;
    for (const [year, message] of [['2008', /The National Referral Mechanism began in 2009/], ['2027', /Enter 2026 or earlier/], ['last', /Enter a year as a number/]] as const) {
      const page = await lead.get(`/reports/annual?year=${year}`);
      assert.equal(page.statusCode, 400);
      assert.match(page.body, message);
      assert.match(page.body, /There is a problem/);
    }
    const pdf = await lead.get('/reports/annual.pdf?year=1999');
    assert.equal(pdf.statusCode, 400);
    assert.equal((await t.ctx.database.db.select().from(auditEvents).where(eq(auditEvents.recordType, 'annual_report'))).length, before);
  });
});
