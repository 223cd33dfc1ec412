import { createHmac, hkdfSync } from 'node:crypto';

/**
 * Keyed hashes of identifying values (names, dates of birth) so records can be matched without
 * decrypting them. The key is derived from the field-encryption key, so a copy of the database alone
 * cannot be used to test guesses.
 */
export class BlindIndex {
  private readonly key: Buffer;

  constructor(encryptionKey: Buffer, purpose: string) {
    this.key = Buffer.from(hkdfSync('sha256', encryptionKey, Buffer.alloc(0), `palermo blind index: ${purpose}`, 32));
  }

  of(value: string): string {
    return createHmac('sha256', this.key).update(value).digest('base64url');
  }
}

/** Lower case, accents and punctuation removed, spaces collapsed: "José  O'Neil-Smith" → "jose oneil smith". */
export function normaliseName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['’`]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
