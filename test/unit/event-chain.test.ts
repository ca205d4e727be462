import { chainEvents, GENESIS_HASH, verifyChain } from '../../functions/platform/event-store';

const at = new Date('2026-11-22T02:00:00Z');
const chain = () =>
  chainEvents({
    stream: 'TEST#1',
    expectedVersion: 0,
    lastHash: GENESIS_HASH,
    actor: 'u',
    at,
    events: [
      { type: 'A', data: { n: 1 } },
      { type: 'B', data: { n: 2 } },
      { type: 'C', data: { n: 3 } },
    ],
  });

describe('hash-chained event streams', () => {
  it('X1: each event links to the hash of the one before and the chain verifies', () => {
    const events = chain();
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(events[0]!.prevHash).toBe(GENESIS_HASH);
    expect(events[1]!.prevHash).toBe(events[0]!.hash);
    expect(verifyChain(events)).toEqual({ ok: true, length: 3, headHash: events[2]!.hash });
  });

  it('X1: a changed event is detected at its sequence number', () => {
    const events = chain();
    events[1] = { ...events[1]!, data: { n: 20 } };
    expect(verifyChain(events)).toMatchObject({ ok: false, brokenAt: 2, reason: 'event content does not match its hash' });
  });

  it('X1/X3: a removed or reordered event breaks the chain', () => {
    const events = chain();
    expect(verifyChain([events[0]!, events[2]!])).toMatchObject({ ok: false, brokenAt: 2, reason: 'sequence gap' });
    const forged = chainEvents({ stream: 'TEST#1', expectedVersion: 1, lastHash: 'f'.repeat(64), actor: 'u', at, events: [{ type: 'B', data: { n: 2 } }] });
    expect(verifyChain([events[0]!, ...forged])).toMatchObject({ ok: false, brokenAt: 2 });
  });

  it('X1: the hash does not depend on the order of keys in the data', () => {
    const a = chainEvents({ stream: 'S', expectedVersion: 0, lastHash: GENESIS_HASH, actor: 'u', at, events: [{ type: 'T', data: { a: 1, b: 2 } }] });
    const b = chainEvents({ stream: 'S', expectedVersion: 0, lastHash: GENESIS_HASH, actor: 'u', at, events: [{ type: 'T', data: { b: 2, a: 1 } }] });
    expect(a[0]!.hash).toBe(b[0]!.hash);
  });
});
