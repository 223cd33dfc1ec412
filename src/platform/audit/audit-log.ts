import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, getTableColumns, gt, gte, lte, sql, type SQL } from 'drizzle-orm';
import { withStatements, type Database, type Db } from '../db/database.js';
import { auditChainHead, auditEvents } from './tables.js';
import { canonicalJson, checkChain, type ChainCheck, type ChainedEvent } from './chain.js';
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

const eventFields = [
  'id', 'occurredAt', 'actorUserId', 'actorEmail', 'organisationId', 'organisationName', 'role', 'action', 'recordType',
  'recordId', 'fields', 'outcome', 'requestId', 'sourceIp', 'details',
] as const;
const eventColumns = sql.raw(eventFields.map((field) => `"${getTableColumns(auditEvents)[field].name}"`).join(', '));

function eventRow(event: Omit<ChainedEvent, 'seq' | 'prevHash'>): Record<string, unknown> {
  const columns = getTableColumns(auditEvents);
  return Object.fromEntries(eventFields.map((field) => [columns[field].name, event[field]]));
}

/**
 * canonicalJson of the event in three parts, around its previous hash and its number: the database
 * puts those in once it holds the chain's lock. Slot markers are random, so no content can imitate them.
 */
function canonicalAround(event: Omit<ChainedEvent, 'seq' | 'prevHash'>): [string, string, string] {
  const slot = randomUUID();
  const text = canonicalJson({ ...event, prevHash: `${slot}:prev`, seq: `${slot}:seq` });
  const [beforePrev, rest] = text.split(JSON.stringify(`${slot}:prev`)) as [string, string];
  const [beforeSeq, afterSeq] = rest.split(JSON.stringify(`${slot}:seq`)) as [string, string];
  return [`${beforePrev}"`, `"${beforeSeq}`, afterSeq];
}

export class AuditLog {
  constructor(private readonly database: Database, private readonly clock: Clock) {}

  /**
   * Appends one event inside the caller's transaction, so the event exists if and only if the change it
   * records does. Locks the chain head until commit: appends are serialised and the chain never forks,
   * so callers record their event as late in the transaction as they can. `writes` (the caller's last
   * INSERTs) run in the same statement, at no extra round trip.
   */
  async record(tx: Db, context: AuditContext, entry: AuditEntry, writes: SQL[] = []): Promise<void> {
    const event: Omit<ChainedEvent, 'seq' | 'prevHash'> = {
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
    };
    const [beforePrev, beforeSeq, afterSeq] = canonicalAround(event);
    // One statement, so the lock is held only for its own run and the commit: it locks the head, hashes
    // the event with the number and previous hash found there (the same text as hashEvent), appends the
    // event and advances the head.
    const appended = await this.database.rows<{ seq: unknown }>(withStatements([
      sql`SELECT last_seq + 1 AS seq, last_hash AS prev_hash FROM audit_chain_head WHERE id = 1 FOR UPDATE`,
      sql`SELECT seq, prev_hash, encode(sha256(convert_to(${beforePrev} || prev_hash || ${beforeSeq} || seq::text || ${afterSeq}, 'UTF8')), 'hex') AS hash FROM w0`,
      sql`INSERT INTO audit_events (seq, prev_hash, hash, ${eventColumns}) SELECT w1.seq, w1.prev_hash, w1.hash, ${eventColumns}
        FROM w1, json_populate_record(NULL::audit_events, ${JSON.stringify(eventRow(event))})`,
      ...writes,
    ], sql`UPDATE audit_chain_head SET last_seq = w1.seq, last_hash = w1.hash FROM w1 WHERE audit_chain_head.id = 1 RETURNING w1.seq`), tx);
    if (appended.length === 0) throw new Error('Audit chain head is missing: migrations have not run');
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
