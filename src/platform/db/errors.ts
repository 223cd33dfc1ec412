/** A row changed since the editor loaded it: optimistic locking refuses the stale write. */
export class StaleVersionError extends Error {
  constructor(what: string) {
    super(`${what} was changed by someone else since you opened it. Reload it and make your change again.`);
  }
}

export class NotFoundError extends Error {}

/** A value that must be unique already exists (PostgreSQL error 23505). */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; cause?: { code?: string } };
  return e?.code === '23505' || e?.cause?.code === '23505';
}
