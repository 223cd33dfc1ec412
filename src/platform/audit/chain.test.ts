import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalJson, checkChain, GENESIS_HASH, hashEvent, type ChainedEvent } from './chain.js';

function chain(n: number): (ChainedEvent & { hash: string })[] {
  const events: (ChainedEvent & { hash: string })[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const event: ChainedEvent = {
      seq, id: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`, occurredAt: new Date(Date.UTC(2026, 0, 1, 9, seq)),
      actorUserId: null, actorEmail: 'admin@palermo.example', organisationId: null, organisationName: 'Home Office', role: 'admin',
      action: 'view', recordType: 'user', recordId: `r${seq}`, fields: ['name'], outcome: 'success', requestId: `q${seq}`, sourceIp: '127.0.0.1',
      details: { b: 1, a: [2, { d: 3, c: 4 }] }, prevHash,
    };
    const hash = hashEvent(event);
    events.push({ ...event, hash });
    prevHash = hash;
  }
  return events;
}

describe('audit hash chain', () => {
  it('accepts an intact chain', () => {
    assert.deepEqual(checkChain(chain(5)), { ok: true, checked: 5 });
  });

  it('names the first altered event', () => {
    const events = chain(5);
    events[2] = { ...events[2]!, recordId: 'someone-else' };
    const result = checkChain(events);
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.brokenSeq, 3);
    assert.match(!result.ok ? result.reason : '', /altered/);
  });

  it('catches an event removed from the middle', () => {
    const events = chain(5);
    events.splice(1, 1);
    const result = checkChain(events);
    assert.equal(!result.ok && result.brokenSeq, 3);
  });

  it('catches an event whose hash was recomputed after editing (the next link breaks)', () => {
    const events = chain(4);
    const edited = { ...events[1]!, action: 'update' };
    const { hash: _old, ...content } = edited;
    events[1] = { ...edited, hash: hashEvent(content) };
    const result = checkChain(events);
    assert.equal(!result.ok && result.brokenSeq, 3);
  });

  it('hashes the same content the same way whatever the key order (jsonb reorders keys)', () => {
    assert.equal(canonicalJson({ b: 1, a: { d: 2, c: [3, { f: 4, e: 5 }] } }), canonicalJson({ a: { c: [3, { e: 5, f: 4 }], d: 2 }, b: 1 }));
  });

  it('continues from a checkpoint', () => {
    const events = chain(6);
    const start = { seq: 3, hash: events[2]!.hash };
    assert.deepEqual(checkChain(events.slice(3), start), { ok: true, checked: 3 });
  });
});
