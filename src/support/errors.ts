import { ForbiddenError } from '../platform/auth/forbidden.js';

/** A support step the rules do not allow now; the message says why, for the person acting. */
export class SupportRefusedError extends Error {
  constructor(message: string, readonly field?: string, readonly status: 409 | 422 = 422, readonly code: string = status === 409 ? 'conflict' : 'refused') {
    super(message);
  }
}

/** A support record outside the principal's reach: another provider's allocation, or an allocator's step by a provider. */
export class SupportForbiddenError extends ForbiddenError {}
