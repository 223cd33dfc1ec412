/** A casework step the rules do not allow in the case's current state; the message says why, for the person acting. */
export class CaseworkRefusedError extends Error {
  constructor(message: string, readonly field?: string) {
    super(message);
  }
}
