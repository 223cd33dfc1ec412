import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PgDialect } from 'drizzle-orm/pg-core';
import { actionGrants, can, fieldsFor, scopeCondition, scopeFor, visibleFields, type Action } from './policy.js';
import { roles } from './roles.js';
import { users } from '../../users/tables.js';

const dialect = new PgDialect();
const subject = { userId: '11111111-1111-4111-8111-111111111111', organisationId: '22222222-2222-4222-8222-222222222222' };

describe('policy: actions', () => {
  it('grants administration only to administrators and the audit log only to auditors', () => {
    for (const role of roles) {
      assert.equal(can(role, 'users:manage'), role === 'admin', role);
      assert.equal(can(role, 'organisations:manage'), role === 'admin', role);
      assert.equal(can(role, 'reference-data:list'), role === 'admin', role);
      assert.equal(can(role, 'reference-data:manage'), role === 'admin', role);
      assert.equal(can(role, 'audit:search'), role === 'auditor', role);
    }
  });

  it('lets every role see its home page', () => {
    for (const role of roles) assert.ok(can(role, 'home:view'), role);
  });

  it('names only known roles', () => {
    for (const [action, granted] of Object.entries(actionGrants)) {
      for (const role of granted) assert.ok((roles as readonly string[]).includes(role), `${action}: ${role}`);
    }
  });

  it('refuses an action nobody was granted', () => {
    assert.equal(can('admin', 'no:such-action' as Action), false);
  });
});

describe('policy: record scopes', () => {
  it('returns nothing to a role without a scope', () => {
    assert.equal(scopeFor('first_responder', 'user'), 'none');
    const query = dialect.sqlToQuery(scopeCondition('none', subject, { organisation: users.organisationId }));
    assert.equal(query.sql, 'false');
  });

  it('turns an organisation scope into a parameterised condition on the organisation column', () => {
    const query = dialect.sqlToQuery(scopeCondition('own_organisation', subject, { organisation: users.organisationId }));
    assert.equal(query.sql, '"users"."organisation_id" = $1');
    assert.deepEqual(query.params, [subject.organisationId]);
  });

  it('returns nothing when the record type has no column for the scope', () => {
    assert.equal(dialect.sqlToQuery(scopeCondition('assigned', subject, { organisation: users.organisationId })).sql, 'false');
    assert.equal(dialect.sqlToQuery(scopeCondition('own', subject, {})).sql, 'false');
  });

  it('scopes assigned and own records to the user', () => {
    const assigned = dialect.sqlToQuery(scopeCondition('assigned', subject, { assignee: users.id }));
    assert.deepEqual(assigned.params, [subject.userId]);
    assert.equal(dialect.sqlToQuery(scopeCondition('all', subject, {})).sql, 'true');
  });
});

describe('policy: fields', () => {
  it('drops fields the role may not read', () => {
    const record = { id: 'u1', email: 'a@b.example', name: 'A', passwordHash: 'secret', failedSignIns: 2 };
    const seen = visibleFields('admin', 'user', record);
    assert.equal(seen.email, 'a@b.example');
    assert.equal('passwordHash' in seen, false);
  });

  it('shows nothing of a record type to a role with no fields for it', () => {
    assert.deepEqual(fieldsFor('analyst', 'user'), []);
    assert.deepEqual(visibleFields('analyst', 'user', { id: 'u1', email: 'x@y.example' }), {});
  });

  it('never lists a password hash for anyone', () => {
    for (const role of roles) assert.equal(fieldsFor(role, 'user').includes('passwordHash'), false, role);
  });
});
