import type { Database } from '../db/database.js';
import type { Clock } from '../clock.js';
import type { AuditLog, AuditContext } from '../audit/audit-log.js';
import { decoyHash, verifyPassword } from '../crypto/passwords.js';
import { findUserForSignIn, lockUser, recordFailedSignIn, recordSuccessfulSignIn } from '../../users/store.js';
import { isRole } from './roles.js';
import type { Principal } from './principal.js';
import { actorOf } from './principal.js';

export type SignInResult =
  | { ok: true; principal: Principal }
  | { ok: false; reason: 'invalid' | 'locked' };

export interface LockoutRule {
  attempts: number;
  minutes: number;
}

/**
 * Email and password sign-in. Repeated failures lock the account for a while (the lock is in the
 * database, so it holds across every app process); each failure and each lock is audited.
 */
export class SignInService {
  constructor(
    private readonly database: Database,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly lockout: LockoutRule,
  ) {}

  async attempt(email: string, password: string, request: Omit<AuditContext, 'actor'>): Promise<SignInResult> {
    const found = await findUserForSignIn(this.database.db, email);
    if (!found) {
      await verifyPassword(await decoyHash(), password); // same cost as a real check: no user enumeration by timing
      await this.audit.recordAlone({ ...request, actor: { ...actorOf(null), email: email.toLowerCase().slice(0, 254) } },
        { action: 'sign_in_failed', outcome: 'failure', details: { reason: 'unknown email' } });
      return { ok: false, reason: 'invalid' };
    }
    const { user } = found;
    const now = this.clock.now();
    const actor = { userId: user.id, email: user.email, organisationId: user.organisationId, organisationName: found.organisationName, role: user.role };
    if (user.lockedUntil && user.lockedUntil > now) {
      await this.audit.recordAlone({ ...request, actor }, { action: 'sign_in_failed', outcome: 'denied', recordType: 'user', recordId: user.id, details: { reason: 'account locked' } });
      return { ok: false, reason: 'locked' };
    }
    const passwordOk = await verifyPassword(user.passwordHash, password);
    if (!passwordOk || !user.active || !found.organisationActive || !isRole(user.role)) {
      return this.database.transaction(async (tx) => {
        const failures = await recordFailedSignIn(tx, user.id);
        await this.audit.record(tx, { ...request, actor }, {
          action: 'sign_in_failed', outcome: 'failure', recordType: 'user', recordId: user.id,
          details: { reason: passwordOk ? 'account inactive' : 'wrong password', consecutiveFailures: failures },
        });
        if (failures >= this.lockout.attempts) {
          const until = new Date(now.getTime() + this.lockout.minutes * 60_000);
          await lockUser(tx, user.id, until);
          await this.audit.record(tx, { ...request, actor }, {
            action: 'account_locked', outcome: 'success', recordType: 'user', recordId: user.id,
            fields: ['lockedUntil'], details: { consecutiveFailures: failures, lockedUntil: until.toISOString() },
          });
          return { ok: false, reason: 'locked' } as const;
        }
        return { ok: false, reason: 'invalid' } as const;
      });
    }
    const principal: Principal = {
      userId: user.id, email: user.email, name: user.name, role: user.role,
      organisationId: user.organisationId, organisationName: found.organisationName, via: 'session',
    };
    await this.database.transaction(async (tx) => {
      await recordSuccessfulSignIn(tx, user.id, now);
      await this.audit.record(tx, { ...request, actor }, { action: 'sign_in', recordType: 'user', recordId: user.id });
    });
    return { ok: true, principal };
  }
}
