import { createHash } from 'node:crypto';
import type { Session } from 'fastify';
import '../http/fastify-types.js';
import { eq, lt } from 'drizzle-orm';
import type { Database } from '../db/database.js';
import type { Clock } from '../clock.js';
import { sessions } from './tables.js';

type Callback = (err?: unknown) => void;
type SessionCallback = (err: unknown, session?: Session | null) => void;

function idHash(sessionId: string): string {
  return createHash('sha256').update(sessionId).digest('hex');
}

/** Keeps web sessions in the database (@fastify/session store), so every app process sees every session. */
export class DatabaseSessionStore {
  constructor(private readonly database: Database, private readonly clock: Clock, private readonly maxAgeMs: number) {}

  set(sessionId: string, session: Session, callback: Callback): void {
    // Expiry by the service's clock (not the cookie's wall-clock date), the same clock `get` checks against.
    const expires = new Date(this.clock.now().getTime() + this.maxAgeMs);
    const row = { idHash: idHash(sessionId), userId: session.userId ?? null, data: JSON.parse(JSON.stringify(session)) as object, expiresAt: expires };
    this.database.transaction((tx) =>
      tx.insert(sessions).values(row).onConflictDoUpdate({ target: sessions.idHash, set: { userId: row.userId, data: row.data, expiresAt: row.expiresAt } }),
    ).then(() => callback(), callback);
  }

  get(sessionId: string, callback: SessionCallback): void {
    this.database.db.select().from(sessions).where(eq(sessions.idHash, idHash(sessionId)))
      .then(([row]) => {
        if (!row || row.expiresAt <= this.clock.now()) return callback(null, null);
        callback(null, row.data as Session);
      }, (error) => callback(error));
  }

  destroy(sessionId: string, callback: Callback): void {
    this.database.transaction((tx) => tx.delete(sessions).where(eq(sessions.idHash, idHash(sessionId))))
      .then(() => callback(), callback);
  }

  /** Removes expired sessions; safe to run from every process. */
  async purgeExpired(): Promise<void> {
    await this.database.transaction((tx) => tx.delete(sessions).where(lt(sessions.expiresAt, this.clock.now())));
  }
}
