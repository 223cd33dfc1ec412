import type { FieldCipher } from '../platform/crypto/field-encryption.js';
import { normaliseName, type BlindIndex } from '../platform/crypto/blind-index.js';
import { identityFields, type Person } from './schema.js';

/** The identifying part of a person, sealed as one encrypted value. */
export type Identity = Pick<Person, (typeof identityFields)[number]> & { estimatedAge?: number };

export function identityOf(person: Person): Identity {
  const identity: Identity = { aliases: person.aliases };
  for (const field of identityFields) {
    if (person[field] !== undefined) (identity as Record<string, unknown>)[field] = person[field];
  }
  if (person.estimatedAge !== undefined) identity.estimatedAge = person.estimatedAge;
  return identity;
}

export function sealIdentity(cipher: FieldCipher, identity: Identity): string {
  return cipher.encrypt(JSON.stringify(identity));
}

export function openIdentity(cipher: FieldCipher, sealed: string): Identity {
  return JSON.parse(cipher.decrypt(sealed)) as Identity;
}

/**
 * Keys for every way the person may be named: "given family", "family given" (order differs between
 * cultures and forms) and each alias. Matching on these finds the same person referred twice.
 */
export function nameKeys(index: BlindIndex, person: Pick<Person, 'givenName' | 'familyName' | 'aliases'>): string[] {
  const names = new Set<string>();
  const given = normaliseName(person.givenName ?? '');
  const family = normaliseName(person.familyName ?? '');
  if (given || family) {
    names.add(`${given} ${family}`.trim());
    names.add(`${family} ${given}`.trim());
  }
  for (const alias of person.aliases ?? []) {
    const n = normaliseName(alias);
    if (n) {
      names.add(n);
      const parts = n.split(' ');
      if (parts.length === 2) names.add(`${parts[1]} ${parts[0]}`);
    }
  }
  return [...names].map((n) => index.of(n)).sort();
}

export function birthDateKey(index: BlindIndex, dateOfBirth: string | undefined): string | null {
  return dateOfBirth ? index.of(dateOfBirth) : null;
}
