/**
 * A record or a step outside the principal's reach, found by a service once it has looked (scope,
 * ownership, organisation). The error pages answer every kind of it with 403, so routes let it through.
 */
export class ForbiddenError extends Error {}
