import { createHash, randomBytes } from 'node:crypto';
import type { Database } from '../db/database.js';
import type { Clock } from '../clock.js';
import type { AuditLog } from '../audit/audit-log.js';
import { systemActor } from '../audit/audit-log.js';
import { findTokenPrincipal, findUserByEmail, insertApiToken, revokeApiToken, touchApiToken } from '../../users/store.js';
import type { Principal } from './principal.js';

const PREFIX = 'plm_';

/** Tokens are stored as SHA-256 hashes: 256 random bits need no slow hash, and a database copy cannot be replayed. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export class ApiTokenService {
  constructor(private readonly database: Database, private readonly audit: AuditLog, private readonly clock: Clock) {}

  /** Creates a token for a user; the token is returned once and never stored. */
  async create(email: string, label: string): Promise<{ id: string; token: string }> {
    const token = PREFIX + randomBytes(32).toString('base64url');
    return this.database.transaction(async (tx) => {
      const user = await findUserByEmail(tx, email);
      if (!user) throw new Error(`No user with email ${email}`);
      if (!user.active) throw new Error(`User ${email} is not active`);
      const { id } = await insertApiToken(tx, { userId: user.id, tokenHash: hashToken(token), label });
      await this.audit.record(tx, { actor: systemActor }, { action: 'token_created', recordType: 'api_token', recordId: id, details: { userId: user.id, label } });
      return { id, token };
    });
  }

  async revoke(id: string): Promise<boolean> {
    return this.database.transaction(async (tx) => {
      const revoked = await revokeApiToken(tx, id, this.clock.now());
      if (revoked) await this.audit.record(tx, { actor: systemActor }, { action: 'token_revoked', recordType: 'api_token', recordId: id });
      return revoked;
    });
  }

  async authenticate(token: string): Promise<Principal | undefined> {
    if (!token.startsWith(PREFIX) || token.length > 100) return undefined;
    const found = await findTokenPrincipal(this.database.db, hashToken(token));
    if (!found) return undefined;
    const now = this.clock.now();
    // Last-used is kept to the minute: one write per token per minute, not one per request.
    if (!found.lastUsedAt || now.getTime() - found.lastUsedAt.getTime() > 60_000) {
      await this.database.transaction((tx) => touchApiToken(tx, found.tokenId, now));
    }
    return {
      userId: found.id, email: found.email, name: found.name, role: found.role,
      organisationId: found.organisationId, organisationName: found.organisationName, via: 'token',
    };
  }
}
