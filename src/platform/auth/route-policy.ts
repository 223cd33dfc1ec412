import type { Action } from './policy.js';

/**
 * Every route states its policy: public (no sign-in), or the action the principal must be allowed.
 * A route without one is refused at start-up.
 */
export type RoutePolicy = { public: true } | { action: Action };

export const publicRoute = { policy: { public: true } } as const satisfies { policy: RoutePolicy };
export function requires(action: Action): { policy: RoutePolicy } {
  return { policy: { action } };
}
