import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { FieldCipher } from './field-encryption.js';

describe('field encryption', () => {
  const cipher = new FieldCipher(randomBytes(32));

  it('round-trips text, including non-Latin names', () => {
    for (const value of ['Amina Yusuf', 'Nguyễn Thị Lan', '', 'ⓐ'.repeat(500)]) assert.equal(cipher.decrypt(cipher.encrypt(value)), value);
  });

  it('never stores the plain text and uses a fresh IV each time', () => {
    const a = cipher.encrypt('Amina Yusuf');
    const b = cipher.encrypt('Amina Yusuf');
    assert.notEqual(a, b);
    assert.equal(a.includes('Amina'), false);
  });

  it('refuses ciphertext that was altered', () => {
    const sealed = cipher.encrypt('Amina Yusuf').split('.');
    const body = Buffer.from(sealed[3]!, 'base64url');
    body[0] = body[0]! ^ 1;
    sealed[3] = body.toString('base64url');
    assert.throws(() => cipher.decrypt(sealed.join('.')));
  });

  it('cannot be read with another key', () => {
    assert.throws(() => new FieldCipher(randomBytes(32)).decrypt(cipher.encrypt('Amina Yusuf')));
  });

  it('insists on a 256-bit key', () => {
    assert.throws(() => new FieldCipher(randomBytes(16)));
  });
});
