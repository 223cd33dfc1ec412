import { randomBytes } from 'node:crypto';

const crockford = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A report's reference: 50 random bits, so it says nothing about how many reports there are or when
 * this one came, and cannot be guessed to find another. It names a report; it is never a key to read one.
 */
export function newIntelligenceReference(): string {
  const bytes = randomBytes(10);
  const chars = [...bytes].map((b) => crockford[b & 31]).join('');
  return `INT-${chars.slice(0, 5)}-${chars.slice(5)}`;
}
