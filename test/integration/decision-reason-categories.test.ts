import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { FixedClock } from '../support/test-services.js';
import { principalFor } from '../support/principals.js';
import { actorOf, type Principal } from '../../src/platform/auth/principal.js';
import { referrals } from '../../src/referrals/tables.js';
import { decisions } from '../../src/casework/tables.js';
import { auditEvents } from '../../src/platform/audit/tables.js';
import { CaseworkRefusedError } from '../../src/casework/errors.js';
import { importLegacyFile } from '../../src/repository/import/import-file.js';

/**
 * A negative decision's main reason (src/casework/reason-categories.ts): required on the decision page
 * and by the service, refused on a positive decision, never "no means" for a child, optional for
 * historical records on import — and the database refuses what the application would.
 */

// Monday 2 March 2026, 10:00 UK time.
const clock = new FixedClock(new Date('2026-03-02T10:00:00Z'));
let t: TestApp;
let token: string;
let kwame: Principal;
let grace: Principal;
let admin: Principal;
let dir: string;
let n = 0;

const adult = () => ({
  under18: 'no', consent: true,
  person: { givenName: 'Amina', familyName: `Reason${n}`, dateOfBirth: '1995-04-12', gender: 'female', nationalities: ['NG'], letterRecipient: 'first_responder', asylumClaim: 'yes', detention: 'none', immigrationStatus: 'asylum_seeker' },
  situations: [{ types: ['labour'], startMonth: '2025-03', endMonth: '2026-01', ukPlaces: ['sheffield'] }],
});
const child = () => ({
  under18: 'yes',
  person: { givenName: 'Lan', familyName: `Reason${n}`, estimatedAge: 15, gender: 'male', nationalities: ['VN'], languages: ['vi'], letterRecipient: 'first_responder', asylumClaim: 'yes', detention: 'none', immigrationStatus: 'asylum_seeker' },
  childLocalAuthority: { code: 'E09000017', contactName: 'Duty team', contactEmail: 'mash@hillingdon.example' },
  situations: [{ types: ['criminal'], startMonth: '2026-01', ongoing: true, ukPlaces: ['london'] }],
});

async function refer(body: object = adult()): Promise<string> {
  n++;
  const response = await t.app.inject({
    method: 'POST', url: '/api/v1/referrals', headers: { authorization: `Bearer ${token}`, 'idempotency-key': `reason-categories-${n}` }, payload: body,
  });
  assert.equal(response.statusCode, 201, response.body);
  return (response.json() as { reference: string }).reference;
}
async function caseRow(reference: string) {
  const [row] = await t.ctx.database.db.select().from(referrals).where(eq(referrals.reference, reference));
  return row!;
}
async function decisionsOf(reference: string) {
  return t.ctx.database.db.select().from(decisions).where(eq(decisions.referralId, (await caseRow(reference)).id));
}
async function decideEvents(reference: string) {
  return t.ctx.database.db.select().from(auditEvents).where(and(eq(auditEvents.recordId, (await caseRow(reference)).id), eq(auditEvents.action, 'decide')));
}
const ctx = (p: Principal) => ({ actor: actorOf(p) });

/** The PostgreSQL error behind a failed statement, on either engine. */
async function databaseRefusal(work: Promise<unknown>): Promise<{ code?: string; constraint?: string; message: string }> {
  try {
    await work;
  } catch (error) {
    const e = error as { cause?: { code?: string; constraint?: string; message: string }; code?: string; constraint?: string; message: string };
    return e.cause?.code ? e.cause : e;
  }
  assert.fail('the database stored it');
}

before(async () => {
  t = await startTestApp({ clock });
  token = (await t.ctx.apiTokens.create('first.responder@palermo.example', 'test')).token;
  kwame = await principalFor(t.ctx, 'caseworker@palermo.example');
  grace = await principalFor(t.ctx, 'second.caseworker@palermo.example');
  admin = await principalFor(t.ctx, 'admin@palermo.example');
  dir = mkdtempSync(path.join(tmpdir(), 'palermo-reasons-'));
});
after(async () => {
  rmSync(dir, { recursive: true, force: true });
  await t.close();
});

describe('the reason for a negative decision', () => {
  it('is asked for on the decision page, with the outcome, as radios that need no JavaScript', async () => {
    const reference = await refer();
    const caseworker = t.agent();
    await caseworker.signIn('caseworker@palermo.example');
    const form = await caseworker.get(`/casework/cases/${reference}/reasonable-grounds`);
    assert.equal(form.statusCode, 200);
    const fieldset = form.body.slice(form.body.indexOf('Main reason for a negative decision'), form.body.indexOf('id="reasons"'));
    assert.ok(fieldset.length > 0, 'the reasons come after the outcome and before the free text');
    for (const label of ['No act of trafficking', 'No means used (adults only)', 'No exploitation or purpose of exploitation', 'Account not credible', 'Not enough information', 'Another reason']) {
      assert.ok(fieldset.includes(label), label);
    }
    assert.equal((form.body.match(/name="reasonCategory"/g) ?? []).length, 7);
    // Not a conditional reveal: that would put aria-expanded on a radio, which ARIA does not allow.
    assert.doesNotMatch(form.body, /data-aria-controls/);
  });

  it('missing on the page: the form comes back with one clear error for it, with the others, and nothing is stored', async () => {
    const reference = await refer();
    const caseworker = t.agent();
    await caseworker.signIn('caseworker@palermo.example');
    const before = await caseRow(reference);
    const missing = await caseworker.post(`/casework/cases/${reference}/reasonable-grounds`, { version: String(before.version), outcome: 'negative', reasons: ' ' });
    assert.equal(missing.statusCode, 400);
    // Both problems at once, in the order of the page, each linked to its field.
    const summary = [...missing.body.matchAll(/<a href="(#[A-Za-z]+)">([^<]+)<\/a>/g)].map((m) => [m[1], m[2]]);
    assert.deepEqual(summary, [['#reasonCategory', 'Select the main reason for the negative decision'], ['#reasons', 'Enter the reasons for the decision']]);
    assert.match(missing.body, /id="reasonCategory-error"/);
    assert.match(missing.body, /value="negative" checked/, 'the negative outcome stays chosen');

    const unknown = await caseworker.post(`/casework/cases/${reference}/reasonable-grounds`, { version: String(before.version), outcome: 'negative', reasonCategory: 'outside_jurisdiction', reasons: 'No indicators.' });
    assert.equal(unknown.statusCode, 400);
    assert.match(unknown.body, /Select the main reason for the negative decision/);

    const after = await caseRow(reference);
    assert.equal(after.version, before.version);
    assert.equal(after.status, 'awaiting_rg');
    assert.deepEqual(await decisionsOf(reference), []);
    assert.deepEqual(await decideEvents(reference), []);
  });

  it('given on the page: stored with the decision, shown to the reviewer and on the case, and in the API', async () => {
    const reference = await refer();
    const caseworker = t.agent();
    await caseworker.signIn('caseworker@palermo.example');
    const made = await caseworker.post(`/casework/cases/${reference}/reasonable-grounds`, {
      version: String((await caseRow(reference)).version), outcome: 'negative', reasonCategory: 'not_credible', reasons: 'The account changed between interviews.',
    });
    assert.equal(made.statusCode, 303);
    const [pending] = await decisionsOf(reference);
    assert.equal(pending!.reasonCategory, 'not_credible');
    assert.equal(pending!.status, 'awaiting_review');

    const reviewer = t.agent();
    await reviewer.signIn('second.caseworker@palermo.example');
    const page = await reviewer.get(`/casework/cases/${reference}`);
    assert.match(page.body, /Main reason\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*Account not credible/);
    const issued = await reviewer.post(`/casework/cases/${reference}/decisions/${pending!.id}/review`, { version: String((await caseRow(reference)).version), agree: 'yes' });
    assert.equal(issued.statusCode, 303);

    const api = await t.app.inject({ method: 'GET', url: `/api/v1/referrals/${reference}`, headers: { authorization: `Bearer ${token}` } });
    assert.equal(api.statusCode, 200);
    const body = api.json() as { decisions: { outcome: string; reasonCategory: string | null }[] };
    assert.deepEqual(body.decisions.map((d) => [d.outcome, d.reasonCategory]), [['negative', 'not_credible']]);
    // …and the OpenAPI document describes it, with its codes.
    const openapi = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json() as {
      paths: Record<string, { get?: { responses: Record<string, { content: Record<string, { schema: { properties: Record<string, { items?: { properties: Record<string, { description?: string }> } }> } }> }> } }>;
    };
    const referral = openapi.paths['/api/v1/referrals/{reference}']!.get!.responses['200']!.content['application/json']!.schema;
    assert.match(referral.properties.decisions!.items!.properties.reasonCategory!.description!, /`not_credible` \(Account not credible\)/);
  });

  it('on a positive decision from the page: a category answered with it is not kept', async () => {
    const reference = await refer();
    const caseworker = t.agent();
    await caseworker.signIn('caseworker@palermo.example');
    const made = await caseworker.post(`/casework/cases/${reference}/reasonable-grounds`, {
      version: String((await caseRow(reference)).version), outcome: 'positive', reasonCategory: 'no_act', reasons: 'Debt bondage.',
    });
    assert.equal(made.statusCode, 303);
    const [decision] = await decisionsOf(reference);
    assert.equal(decision!.positive, true);
    assert.equal(decision!.reasonCategory, null);
  });

  it('the service refuses a negative decision without one, a positive one with one, and "no means" for a child, storing nothing', async () => {
    const adultCase = await refer();
    const version = (await caseRow(adultCase)).version;
    await assert.rejects(
      t.ctx.casework.decisions.propose(kwame, adultCase, 'rg', { outcome: 'negative', reasons: 'No indicators.', version }, ctx(kwame)),
      (error: unknown) => error instanceof CaseworkRefusedError && error.field === 'reasonCategory' && error.message === 'Select the main reason for the negative decision',
    );
    await assert.rejects(
      t.ctx.casework.decisions.propose(kwame, adultCase, 'rg', { outcome: 'positive', reasons: 'Debt bondage.', reasonCategory: 'no_act', version }, ctx(kwame)),
      (error: unknown) => error instanceof CaseworkRefusedError && error.field === 'reasonCategory' && /only for a negative decision/.test(error.message),
    );
    const childCase = await refer(child());
    const childVersion = (await caseRow(childCase)).version;
    await assert.rejects(
      t.ctx.casework.decisions.propose(kwame, childCase, 'rg', { outcome: 'negative', reasons: 'No means.', reasonCategory: 'no_means', version: childVersion }, ctx(kwame)),
      (error: unknown) => error instanceof CaseworkRefusedError && /For a child the means is not needed/.test(error.message),
    );
    for (const reference of [adultCase, childCase]) {
      assert.deepEqual(await decisionsOf(reference), []);
      assert.deepEqual(await decideEvents(reference), []);
      assert.equal((await caseRow(reference)).version, reference === adultCase ? version : childVersion);
    }
    // The same child's case with another reason is fine.
    const made = await t.ctx.casework.decisions.propose(kwame, childCase, 'rg', { outcome: 'negative', reasons: 'No exploitation.', reasonCategory: 'no_exploitation', version: childVersion }, ctx(kwame));
    assert.equal(made.reasonCategory, 'no_exploitation');
    const issued = await t.ctx.casework.decisions.review(grace, childCase, made.id, { agree: true, version: (await caseRow(childCase)).version }, ctx(grace));
    assert.equal(issued.status, 'issued');
    assert.equal(issued.reasonCategory, 'no_exploitation');
  });

  it('the database refuses a negative decision made in Palermo without one, an unknown one, and one on a positive decision', async () => {
    const reference = await refer();
    const referralId = (await caseRow(reference)).id;
    const row = (overrides: Partial<typeof decisions.$inferInsert>) => ({
      referralId, stage: 'rg', outcome: 'negative', positive: false, reasonsSealed: 'sealed', standardOfProof: 'test', status: 'awaiting_review',
      decidedOn: '2026-03-02', madeBy: kwame.userId, madeAt: clock.now(), ...overrides,
    });
    const missing = await databaseRefusal(t.ctx.database.db.insert(decisions).values(row({})));
    assert.equal(missing.code, '23514');
    assert.equal(missing.constraint, 'decisions_reason_category_required');
    const unknown = await databaseRefusal(t.ctx.database.db.insert(decisions).values(row({ reasonCategory: 'outside_jurisdiction' })));
    assert.equal(unknown.code, '23514');
    assert.equal(unknown.constraint, 'decisions_reason_category_check');
    const onPositive = await databaseRefusal(t.ctx.database.db.insert(decisions).values(row({ outcome: 'positive', positive: true, status: 'issued', issuedAt: clock.now(), reasonCategory: 'no_act' })));
    assert.equal(onPositive.code, '23514');
    assert.equal(onPositive.constraint, 'decisions_reason_category_check');
    // Taking the category away later is refused too.
    const [stored] = await t.ctx.database.db.insert(decisions).values(row({ reasonCategory: 'other' })).returning();
    const removed = await databaseRefusal(t.ctx.database.db.update(decisions).set({ reasonCategory: null }).where(eq(decisions.id, stored!.id)));
    assert.equal(removed.constraint, 'decisions_reason_category_required');
  });

  it('is optional on historical import, checked when given, and stored; the legacy system’s decisions may have none', async () => {
    const base = {
      receivedAt: '2009-06-01T10:00:00Z', organisation: 'Metropolitan Police Service',
      referral: {
        under18: 'no', consent: true,
        person: { givenName: 'Example', familyName: 'Historic', dateOfBirth: '1985-04-12', gender: 'female', nationalities: ['NG'], letterRecipient: 'first_responder', asylumClaim: 'no', detention: 'none', immigrationStatus: 'no_leave' },
        situations: [{ types: ['labour'], startMonth: '2008-01', endMonth: '2009-05', locationUnknown: true }],
      },
    };
    const childReferral = {
      under18: 'yes',
      person: { givenName: 'Example', familyName: 'Child', dateOfBirth: '1994-02-01', gender: 'male', nationalities: ['VN'], letterRecipient: 'first_responder', asylumClaim: 'no', detention: 'none', immigrationStatus: 'no_leave' },
      childLocalAuthority: { code: 'E09000017', contactName: 'Duty team', contactEmail: 'mash@hillingdon.example' },
      situations: [{ types: ['criminal'], startMonth: '2009-01', endMonth: '2009-05', locationUnknown: true }],
    };
    const negative = (extra: object) => [{ stage: 'rg', outcome: 'negative', decidedOn: '2009-06-05', reasons: 'No indicators.', ...extra }];
    const write = (name: string, lines: object[]) => {
      const file = path.join(dir, name);
      writeFileSync(file, `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
      return file;
    };

    const bad = await importLegacyFile(t.ctx, admin, write('bad.jsonl', [
      { ...base, externalId: 'R-BAD-1', decisions: negative({ reasonCategory: 'outside_jurisdiction' }) },
      { ...base, externalId: 'R-BAD-2', decisions: [{ stage: 'rg', outcome: 'positive', decidedOn: '2009-06-05', reasons: 'Indicators.', reasonCategory: 'no_act' }] },
      { ...base, externalId: 'R-BAD-3', referral: childReferral, decisions: negative({ reasonCategory: 'no_means' }) },
    ]));
    assert.equal(bad.ok, false);
    const reported = !bad.ok ? bad.problems.map((p) => [p.externalId, p.problems.map((x) => `${x.field}: ${x.message}`).join('; ')]) : [];
    assert.deepEqual(reported.map(([id]) => id), ['R-BAD-1', 'R-BAD-2', 'R-BAD-3']);
    assert.match(reported[0]![1]!, /^decisions\.0\.reasonCategory: The reason category is one of: no_act, no_means/);
    assert.match(reported[1]![1]!, /^decisions\.0\.reasonCategory: A reason category is given only for a negative decision/);
    assert.match(reported[2]![1]!, /^decisions\.0\.reasonCategory: For a child the means is not needed/);
    assert.equal((await t.ctx.database.db.select().from(referrals).where(eq(referrals.externalId, 'R-BAD-1'))).length, 0);

    const good = await importLegacyFile(t.ctx, admin, write('good.jsonl', [
      { ...base, externalId: 'R-GOOD-1', decisions: negative({ reasonCategory: 'insufficient_information' }) },
      { ...base, externalId: 'R-GOOD-2', referral: { ...base.referral, person: { ...base.referral.person, familyName: 'Uncategorised' } }, decisions: negative({}) },
    ]));
    assert.ok(good.ok, JSON.stringify(good));
    const stored = async (externalId: string) => {
      const [r] = await t.ctx.database.db.select().from(referrals).where(eq(referrals.externalId, externalId));
      const [d] = await t.ctx.database.db.select().from(decisions).where(eq(decisions.referralId, r!.id));
      return d!;
    };
    assert.equal((await stored('R-GOOD-1')).reasonCategory, 'insufficient_information');
    const uncategorised = await stored('R-GOOD-2');
    assert.equal(uncategorised.reasonCategory, null);
    assert.equal(uncategorised.status, 'issued');
  });
});
