import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PgDialect } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { can, scopeCondition, scopeFor } from '../platform/auth/policy.js';
import { roles } from '../platform/auth/roles.js';
import { referrals } from '../referrals/tables.js';
import { ageOn, checkEntry, checkSafeguarding, safeguardingUpdateSchema } from './schema.js';

const today = '2026-03-10';
const plan = { status: 'agreed' as const, agreedOn: '2026-03-05', leadSocialWorker: 'Jo Bloggs', summary: 'Summary' };

describe('children: rules across fields', () => {
  it('needs the date an agreed plan was agreed, and none for a plan being prepared', () => {
    assert.deepEqual(checkSafeguarding({ version: 0, plan }, today), []);
    assert.deepEqual(checkSafeguarding({ version: 0, plan: { ...plan, agreedOn: undefined } }, today).map((p) => p.field), ['plan.agreedOn']);
    assert.deepEqual(checkSafeguarding({ version: 0, plan: { ...plan, status: 'in_preparation' } }, today).map((p) => p.field), ['plan.agreedOn']);
    assert.deepEqual(checkSafeguarding({ version: 0, plan: { ...plan, status: 'in_preparation', agreedOn: undefined } }, today), []);
  });

  it('refuses dates after today, and takes today itself', () => {
    const problems = checkSafeguarding({
      version: 1, plan: { ...plan, agreedOn: '2026-03-11' }, placement: { type: 'foster_care', startedOn: '2026-03-11' },
      guardian: { name: 'G', organisation: 'O', appointedOn: '2026-04-01' },
    }, today);
    assert.deepEqual(problems.map((p) => p.field), ['plan.agreedOn', 'placement.startedOn', 'guardian.appointedOn']);
    assert.deepEqual(checkSafeguarding({ version: 1, placement: { type: 'kinship', startedOn: today } }, today), []);
    assert.equal(checkEntry({ topic: 'family', question: 'Q', answer: 'A', askedOn: '2026-03-11' }, today).length, 1);
    assert.equal(checkEntry({ topic: 'family', question: 'Q', answer: 'A', askedOn: today }, today).length, 0);
  });

  it('refuses an update that changes nothing, and an unknown placement type', () => {
    assert.equal(safeguardingUpdateSchema.safeParse({ version: 1 }).success, false);
    const unknown = safeguardingUpdateSchema.safeParse({ version: 1, placement: { type: 'hotel', startedOn: today } });
    assert.equal(unknown.success, false);
    assert.deepEqual(unknown.error?.issues[0]?.path, ['placement', 'type']);
  });

  it('counts age in whole years, turning on the birthday', () => {
    assert.equal(ageOn('2010-03-10', '2026-03-09'), 15);
    assert.equal(ageOn('2010-03-10', '2026-03-10'), 16);
    assert.equal(ageOn('2008-02-29', '2026-02-28'), 17);
  });
});

describe('children: policy', () => {
  const dialect = new PgDialect();
  const subject = { userId: '11111111-1111-4111-8111-111111111111', organisationId: '22222222-2222-4222-8222-222222222222' };

  it('gives the children’s list and safeguarding record to children’s services only', () => {
    for (const role of roles) {
      assert.equal(can(role, 'children:list'), role === 'la_childrens_services', role);
      assert.equal(can(role, 'children:safeguard'), role === 'la_childrens_services', role);
      assert.equal(scopeFor(role, 'child'), role === 'la_childrens_services' ? 'own_area' : 'none', role);
    }
  });

  it('scopes a local authority to its own area, and the multi-agency record to the organisations involved', () => {
    const area = dialect.sqlToQuery(scopeCondition('own_area', subject, { area: referrals.localAuthorityCode }));
    assert.equal(area.sql, '"referrals"."local_authority_code" = (SELECT o.area_code FROM organisations o WHERE o.id = $1)');
    assert.deepEqual(area.params, [subject.organisationId]);
    assert.equal(dialect.sqlToQuery(scopeCondition('own_area', subject, {})).sql, 'false');
    const involved = dialect.sqlToQuery(scopeCondition('involved', subject, { involved: sql`SELECT 1` }));
    assert.equal(involved.sql, '$1::uuid IN (SELECT 1)');
    assert.equal(dialect.sqlToQuery(scopeCondition('involved', subject, {})).sql, 'false');
    assert.equal(scopeFor('analyst', 'multi_agency_record'), 'none');
    assert.equal(scopeFor('support_worker', 'multi_agency_record'), 'involved');
  });
});
