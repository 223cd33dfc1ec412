import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { hashPassword, passwordProblem, verifyPassword } from './passwords.js';

describe('password hashing', () => {
  it('hashes with argon2id and a random salt', async () => {
    const a = await hashPassword('correct horse battery staple');
    const b = await hashPassword('correct horse battery staple');
    assert.match(a, /^\$argon2id\$/);
    assert.notEqual(a, b);
  });

  it('verifies the right password and rejects a wrong one', async () => {
    const stored = await hashPassword('correct horse battery staple');
    assert.equal(await verifyPassword(stored, 'correct horse battery staple'), true);
    assert.equal(await verifyPassword(stored, 'Correct horse battery staple'), false);
  });

  it('treats a malformed stored hash as a failed check, not an error', async () => {
    assert.equal(await verifyPassword('not-a-hash', 'anything'), false);
  });

  it('asks for at least 12 characters', () => {
    assert.equal(passwordProblem('short'), 'Password must be at least 12 characters');
    assert.equal(passwordProblem('twelve chars'), undefined);
  });
});
