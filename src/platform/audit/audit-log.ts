import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, gt, gte, lte, sql, type SQL } from 'drizzle-orm';
import type { Database, Db } from '../db/database.js';
import { auditChainHead, auditEvents } from './tables.js';
import { checkChain, hashEvent, type ChainCheck, type ChainedEvent } from './chain.js';
import type { Clock } from '../clock.js';

export const auditActions = [
  'view',
  'create',
  'update',
  'delete',
  'decide',
  'export',
  'sign_in',
  'sign_in_failed',
  'sign_out',
  'account_locked',
  'account_unlocked',
  'permission_denied',
  'token_created',
  'token_revoked',
  'token_used',
] as const;
export type AuditAction = (typeof auditActions)[number];

/** Who did it: a signed-in person, an API token's user, or the system (CLI, background work). */
export interface Actor {
  userId: string | null;
  email: string | null;
  organisationId: string | null;
  organisationName: string | null;
  role: string | null;
}

export const systemActor: Actor = { userId: null, email: 'system', organisationId: null, organisationName: null, role: null };

export interface AuditEntry {
  action: AuditAction;
  recordType?: string;
  recordId?: string;
  /** The fields read or changed — names only, never values about a person. */
  fields?: string[];
  outcome?: 'success' | 'denied' | 'failure';
  details?: Record<string, unknown>;
}

export interface AuditContext {
  actor: Actor;
  requestId?: string | null;
  sourceIp?: string | null;
}

export interface AuditFilter {
  actorEmail?: string;
  action?: string;
  recordType?: string;
  recordId?: string;
  from?: Date;
  to?: Date;
}

export class AuditLog {
  constructor(private readonly database: Database, private readonly clock: Clock) {}

  /**
   * Appends one event inside the caller's transaction, so the event exists if and only if the change it
   * records does. Locks the chain head until commit: appends are serialised and the chain never forks,
   * so callers record their event as late in the transaction as they can.
   */
  async record(tx: Db, context: AuditContext, entry: AuditEntry): Promise<void> {
    // Advancing the head takes its row lock and returns the new number with the previous hash.
    const [head] = await tx.update(auditChainHead).set({ lastSeq: sql`${auditChainHead.lastSeq} + 1` })
      .where(eq(auditChainHead.id, 1)).returning({ seq: auditChainHead.lastSeq, prevHash: auditChainHead.lastHash });
    if (!head) throw new Error('Audit chain head is missing: migrations have not run');
    const event: ChainedEvent = {
      seq: head.seq,
      id: randomUUID(),
      occurredAt: this.clock.now(),
      actorUserId: context.actor.userId,
      actorEmail: context.actor.email,
      organisationId: context.actor.organisationId,
      organisationName: context.actor.organisationName,
      role: context.actor.role,
      action: entry.action,
      recordType: entry.recordType ?? null,
      recordId: entry.recordId ?? null,
      fields: entry.fields ?? [],
      outcome: entry.outcome ?? 'success',
      requestId: context.requestId ?? null,
      sourceIp: context.sourceIp ?? null,
      details: entry.details ?? {},
      prevHash: head.prevHash,
    };
    const hash = hashEvent(event);
    // The event and the new head hash in one statement: one round trip fewer while the lock is held.
    await tx.execute(sql`WITH appended AS ${tx.insert(auditEvents).values({ ...event, hash })}
      UPDATE audit_chain_head SET last_hash = ${hash} WHERE id = 1`);
  }

  /** Records an event in a transaction of its own (views, denials, sign-in failures). */
  recordAlone(context: AuditContext, entry: AuditEntry): Promise<void> {
    return this.database.transaction((tx) => this.record(tx, context, entry));
  }

  async search(filter: AuditFilter, page: { limit: number; offset: number }) {
    const where = and(...conditions(filter));
    const [rows, [total]] = await Promise.all([
      this.database.db.select().from(auditEvents).where(where).orderBy(desc(auditEvents.seq)).limit(page.limit).offset(page.offset),
      this.database.db.select({ count: sql<number>`count(*)::int` }).from(auditEvents).where(where),
    ]);
    return { rows, total: total?.count ?? 0 };
  }

  /** Checks the whole chain in batches, so memory stays flat however long the log. */
  async verify(batchSize = 5000): Promise<ChainCheck & { lastSeq: number }> {
    let after = { seq: 0, hash: '0'.repeat(64) };
    let checked = 0;
    for (;;) {
      const batch = await this.database.db.select().from(auditEvents).where(gt(auditEvents.seq, after.seq)).orderBy(asc(auditEvents.seq)).limit(batchSize);
      if (batch.length === 0) break;
      const result = checkChain(batch.map(toChained), after);
      if (!result.ok) return { ...result, checked: checked + result.checked, lastSeq: after.seq };
      checked += result.checked;
      const last = batch[batch.length - 1]!;
      after = { seq: last.seq, hash: last.hash };
    }
    // Events removed from the end are caught by comparing with the chain head.
    const [head] = await this.database.db.select().from(auditChainHead).where(eq(auditChainHead.id, 1));
    if (head && (head.lastSeq !== after.seq || head.lastHash !== after.hash)) {
      return { ok: false, checked, brokenSeq: after.seq + 1, brokenId: '(missing)', reason: `chain head expects ${head.lastSeq} events; the log ends at ${after.seq}`, lastSeq: after.seq };
    }
    return { ok: true, checked, lastSeq: after.seq };
  }
}

function conditions(filter: AuditFilter): SQL[] {
  const list: SQL[] = [];
  if (filter.actorEmail) list.push(eq(auditEvents.actorEmail, filter.actorEmail.toLowerCase()));
  if (filter.action) list.push(eq(auditEvents.action, filter.action));
  if (filter.recordType) list.push(eq(auditEvents.recordType, filter.recordType));
  if (filter.recordId) list.push(eq(auditEvents.recordId, filter.recordId));
  if (filter.from) list.push(gte(auditEvents.occurredAt, filter.from));
  if (filter.to) list.push(lte(auditEvents.occurredAt, filter.to));
  return list;
}

function toChained(row: typeof auditEvents.$inferSelect): ChainedEvent & { hash: string } {
  return {
    seq: row.seq,
    id: row.id,
    occurredAt: row.occurredAt,
    actorUserId: row.actorUserId,
    actorEmail: row.actorEmail,
    organisationId: row.organisationId,
    organisationName: row.organisationName,
    role: row.role,
    action: row.action,
    recordType: row.recordType,
    recordId: row.recordId,
    fields: row.fields,
    outcome: row.outcome,
    requestId: row.requestId,
    sourceIp: row.sourceIp,
    details: row.details,
    prevHash: row.prevHash,
    hash: row.hash,
  };
}
