import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

/** The fields of an audit event that its hash covers (everything but the hash itself). */
export interface ChainedEvent {
  seq: number;
  id: string;
  occurredAt: Date;
  actorUserId: string | null;
  actorEmail: string | null;
  organisationId: string | null;
  organisationName: string | null;
  role: string | null;
  action: string;
  recordType: string | null;
  recordId: string | null;
  fields: string[];
  outcome: string;
  requestId: string | null;
  sourceIp: string | null;
  details: unknown;
  prevHash: string;
}

/** JSON with object keys sorted at every level: jsonb does not keep key order, the hash must not depend on it. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function hashEvent(event: ChainedEvent): string {
  return createHash('sha256').update(canonicalJson(event)).digest('hex');
}

export type ChainCheck =
  | { ok: true; checked: number }
  | { ok: false; checked: number; brokenSeq: number; brokenId: string; reason: string };

/**
 * Walks events in sequence order and names the first one that does not fit: a gap in the sequence,
 * a previous-hash that is not the hash of the event before, or a hash that does not match its content.
 */
export function checkChain(
  events: Iterable<ChainedEvent & { hash: string }>,
  start: { seq: number; hash: string } = { seq: 0, hash: GENESIS_HASH },
): ChainCheck {
  let expectedSeq = start.seq + 1;
  let prevHash = start.hash;
  let checked = 0;
  for (const event of events) {
    const broken = (reason: string): ChainCheck => ({ ok: false, checked, brokenSeq: event.seq, brokenId: event.id, reason });
    if (event.seq !== expectedSeq) return broken(`expected sequence ${expectedSeq}, found ${event.seq} (events missing)`);
    if (event.prevHash !== prevHash) return broken('previous-hash does not match the event before it');
    const { hash, ...content } = event;
    if (hashEvent(content) !== hash) return broken('content does not match its hash (the row was altered)');
    prevHash = hash;
    expectedSeq++;
    checked++;
  }
  return { ok: true, checked };
}
