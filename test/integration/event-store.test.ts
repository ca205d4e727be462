import { randomUUID } from 'node:crypto';
import { documentClient, tableName } from '../../functions/platform/aws';
import type { Decision } from '../../functions/platform/aggregate';
import { enterpriseHolder, type Principal } from '../../functions/platform/auth';
import { runCommand } from '../../functions/platform/command';
import { eventStore } from '../../functions/platform/deps';
import { DomainError } from '../../functions/platform/errors';
import { GENESIS_HASH, groupedTally, type Snapshot, type Tallier, verifyChain } from '../../functions/platform/event-store';
import { addEntry, entry } from '../../functions/platform/domain/listed';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoEventStore, tallyShard } from '../../functions/platform/event-store.dynamodb';
import { appendDecision, appendDecisions } from '../../functions/platform/aggregate';
import { DynamoIdempotencyStore } from '../../functions/platform/idempotency.dynamodb';

const store = () => new DynamoEventStore(documentClient(), tableName());
/** A store whose projections contribute to tallies as `tallier` says (no obligations, no index keys). */
const talliedStore = (tallier: Tallier) => new DynamoEventStore(documentClient(), tableName(), undefined, undefined, tallier);
const at = new Date('2026-11-22T03:00:00Z');

describe('event store on DynamoDB Local', () => {
  it('X1: appends events and STATE atomically, reads them back, and the chain verifies', async () => {
    const s = store();
    const stream = `TEST#${randomUUID()}`;
    const first = await s.append({
      stream,
      expectedVersion: 0,
      lastHash: GENESIS_HASH,
      events: [{ type: 'Opened', data: { n: 1 } }],
      state: { n: 1 },
      actor: 'u',
      at,
    });
    const snap = await s.load<{ n: number }>(stream);
    expect(snap).toMatchObject({ version: 1, state: { n: 1 }, lastHash: first.events[0]!.hash });
    await s.append({
      stream,
      expectedVersion: 1,
      lastHash: snap!.lastHash,
      events: [
        { type: 'Changed', data: { n: 2 } },
        { type: 'Changed', data: { n: 3 } },
      ],
      state: { n: 3 },
      actor: 'u',
      at,
    });
    const events = await s.readStream(stream);
    expect(events.map((e) => [e.seq, e.type])).toEqual([
      [1, 'Opened'],
      [2, 'Changed'],
      [3, 'Changed'],
    ]);
    expect(verifyChain(events)).toMatchObject({ ok: true, length: 3 });
    expect((await s.load(stream))!.version).toBe(3);
  });

  it('concurrent appends on the same version: exactly one wins, the other gets 409 and writes nothing', async () => {
    const s = store();
    const stream = `TEST#${randomUUID()}`;
    await s.append({ stream, expectedVersion: 0, lastHash: GENESIS_HASH, events: [{ type: 'Opened', data: {} }], state: { v: 0 }, actor: 'u', at });
    const snap = (await s.load(stream))!;
    const attempts = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) =>
        s.append({ stream, expectedVersion: 1, lastHash: snap.lastHash, events: [{ type: 'Raced', data: { i } }], state: { v: i }, actor: `w${i}`, at }),
      ),
    );
    const won = attempts.filter((a) => a.status === 'fulfilled');
    const lost = attempts.filter((a): a is PromiseRejectedResult => a.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(7);
    for (const l of lost) expect(l.reason).toMatchObject({ code: 'CONCURRENCY.VERSION_CONFLICT', kind: 'conflict' });
    const events = await s.readStream(stream);
    expect(events).toHaveLength(2);
    expect(verifyChain(events).ok).toBe(true);
  });

  it('X3: an event once written is never overwritten: an append that would reuse its sequence number fails and the original stays', async () => {
    const s = store();
    const stream = `TEST#${randomUUID()}`;
    const original = await s.append({
      stream,
      expectedVersion: 0,
      lastHash: GENESIS_HASH,
      events: [{ type: 'Recorded', data: { v: 'original' } }],
      state: {},
      actor: 'u',
      at,
    });
    // A writer that read nothing tries to record another first event on the same stream.
    await expect(
      s.append({ stream, expectedVersion: 0, lastHash: GENESIS_HASH, events: [{ type: 'Recorded', data: { v: 'rewrite' } }], state: {}, actor: 'x', at }),
    ).rejects.toMatchObject({ code: 'CONCURRENCY.VERSION_CONFLICT' });
    // A correction is a new event on top.
    await s.append({
      stream,
      expectedVersion: 1,
      lastHash: original.events[0]!.hash,
      events: [{ type: 'Corrected', data: { v: 'corrected' } }],
      state: {},
      actor: 'u',
      at,
    });
    const events = await s.readStream(stream);
    expect(events.map((e) => e.data.v)).toEqual(['original', 'corrected']);
    expect(events[0]!.hash).toBe(original.events[0]!.hash);
  });

  describe('runCommand: the one way a command runs', () => {
    interface Counter {
      n: number;
      uscc: string;
      regionCode: string;
    }
    const holder = (c: Counter) => enterpriseHolder(c);
    const fujian: Principal = { role: 'reviewer', sub: 'r1', agencyId: 'nea-fujian' };
    const south: Principal = { role: 'reviewer', sub: 'r2', agencyId: 'nea-south' };
    const missing = () => new DomainError('ENTERPRISE.NOT_FOUND', 'No such counter.');
    const counter: Counter = { n: 1, uscc: '91350100M000100Y43', regionCode: '350100' };
    const create = (stream: string, principal: Principal) =>
      runCommand(
        {
          stream,
          holder,
          decide: (current: Snapshot<Counter> | undefined) =>
            current ? { events: [], state: current.state } : { events: [{ type: 'EnterpriseRegistered' as const, data: {} }], state: counter },
        },
        { principal, at },
      );

    it('creates, then answers the current view for a decision without events, appending nothing', async () => {
      const stream = `TEST#${randomUUID()}`;
      expect(await create(stream, fujian)).toEqual({ ...counter, version: 1 });
      expect(await create(stream, fujian)).toEqual({ ...counter, version: 1 });
      const events = await eventStore().readStream(stream);
      expect(events.map((e) => [e.type, e.actor])).toEqual([['EnterpriseRegistered', 'r1']]);
    });

    it('a missing aggregate is its NOT_FOUND; a holder outside the caller’s scope is 403 naming the object; neither writes', async () => {
      const stream = `TEST#${randomUUID()}`;
      const bump = (principal: Principal | undefined) =>
        runCommand(
          { stream, missing, holder, decide: (c: Counter) => ({ events: [{ type: 'EnterpriseRegistered' as const, data: {} }], state: { ...c, n: c.n + 1 } }) },
          { principal, at },
        );
      await expect(bump(fujian)).rejects.toMatchObject({ code: 'ENTERPRISE.NOT_FOUND' });
      await create(stream, fujian);
      await expect(bump(south)).rejects.toMatchObject({ code: 'AUTH.OUT_OF_SCOPE', message: `Enterprise ${counter.uscc} is outside your scope.` });
      await expect(bump(undefined)).rejects.toMatchObject({ code: 'AUTH.OUT_OF_SCOPE' });
      expect(await bump(fujian)).toMatchObject({ n: 2, version: 2 });
      expect((await eventStore().readStream(stream)).length).toBe(2);
    });

    it('a domain error from the decision writes nothing', async () => {
      const stream = `TEST#${randomUUID()}`;
      await expect(
        runCommand(
          {
            stream,
            decide: (): Decision<Counter, 'EnterpriseRegistered'> => {
              throw new DomainError('APPLICATION.MATERIALS_MISSING', 'no');
            },
          },
          { principal: fujian, at },
        ),
      ).rejects.toMatchObject({ code: 'APPLICATION.MATERIALS_MISSING' });
      expect(await eventStore().load(stream)).toBeUndefined();
      expect(await eventStore().readStream(stream)).toEqual([]);
    });
  });

  it('lists projections by the index keys its indexer gives them, a page at a time, and refuses a cursor of another listing', async () => {
    const key = `LIST#${randomUUID()}`;
    const s = new DynamoEventStore(documentClient(), tableName(), undefined, (_stream, state) => ({ gsi1pk: key, gsi1sk: `k#${(state as { i: number }).i}` }));
    for (let i = 0; i < 5; i++) {
      await s.append({
        stream: `TEST#${randomUUID()}`,
        expectedVersion: 0,
        lastHash: GENESIS_HASH,
        events: [{ type: 'T', data: {} }],
        state: { i },
        actor: 'u',
        at,
      });
    }
    const p1 = await s.list<{ i: number }>('gsi1', key, { limit: 3 });
    const p2 = await s.list<{ i: number }>('gsi1', key, { limit: 3, cursor: p1.cursor });
    expect([...p1.items, ...p2.items].map((x) => x.state.i)).toEqual([0, 1, 2, 3, 4]);
    expect((await s.list('gsi1', key, { sortKeyPrefix: 'k#3' })).items).toHaveLength(1);
    await expect(s.list('gsi1', `LIST#${randomUUID()}`, { cursor: p1.cursor })).rejects.toMatchObject({ code: 'REQUEST.BAD_CURSOR' });
  });
});

describe('idempotency records on DynamoDB Local', () => {
  const idem = () => new DynamoIdempotencyStore(documentClient(), tableName(), 24);
  const now = new Date();

  it('claims a key once; a completed key replays; another fingerprint is 422; a running one is 409', async () => {
    const key = `k-${randomUUID()}`;
    const s = idem();
    expect(await s.claim('u1', key, 'fp1', now, 10_000)).toEqual({ outcome: 'claimed' });
    await expect(s.claim('u1', key, 'fp1', now, 10_000)).rejects.toMatchObject({ code: 'IDEMPOTENCY.IN_PROGRESS' });
    await s.complete('u1', key, { statusCode: 201, headers: { a: 'b' }, body: '{"x":1}' });
    expect(await s.claim('u1', key, 'fp1', now, 10_000)).toEqual({ outcome: 'replay', response: { statusCode: 201, headers: { a: 'b' }, body: '{"x":1}' } });
    await expect(s.claim('u1', key, 'fp2', now, 10_000)).rejects.toMatchObject({ code: 'IDEMPOTENCY.KEY_REUSED' });
    // Keys are per caller.
    expect(await s.claim('u2', key, 'fp2', now, 10_000)).toEqual({ outcome: 'claimed' });
  });

  it('a released key can be claimed again; an expired one counts as absent', async () => {
    const key = `k-${randomUUID()}`;
    const s = idem();
    await s.claim('u1', key, 'fp1', now, 10_000);
    await s.release('u1', key);
    expect(await s.claim('u1', key, 'fp1', now, 10_000)).toEqual({ outcome: 'claimed' });
    const later = new Date(now.getTime() + 25 * 3600_000);
    expect(await s.claim('u1', key, 'other', later, 10_000)).toEqual({ outcome: 'claimed' });
  });

  it('a claim lasts only while its invocation can still run: after a timeout the retry claims the key again', async () => {
    const key = `k-${randomUUID()}`;
    const s = idem();
    expect(await s.claim('u1', key, 'fp1', now, 10_000)).toEqual({ outcome: 'claimed' });
    // 14 s later the 10 s invocation may still be finishing (5 s margin): in progress.
    await expect(s.claim('u1', key, 'fp1', new Date(now.getTime() + 14_000), 10_000)).rejects.toMatchObject({ code: 'IDEMPOTENCY.IN_PROGRESS' });
    // 20 s later it cannot be running any more (Lambda stopped it at 10 s): the retry runs.
    expect(await s.claim('u1', key, 'fp1', new Date(now.getTime() + 20_000), 10_000)).toEqual({ outcome: 'claimed' });
  });

  it('tallies: concurrent appends of many streams keep exact counters (shards, conflicts retried); a two-stream transaction adds both; a failed append adds nothing', async () => {
    const key = `TT#${randomUUID()}`;
    const tallied = talliedStore((_stream, state) => [{ key, counts: { total: 1, [`group:${(state as { group: string }).group}`]: 1 } }]);
    const streams = Array.from({ length: 40 }, (_, i) => `TALLYTEST#${key}#${i}`);
    const decide = (group: string) => ({ events: [{ type: 'Moved', data: { group } }], state: { group } }) as unknown as Decision<{ group: string }>;
    // Every stream: created in group a, then moved to b, then (every third) to c; 40 at once.
    await Promise.all(
      streams.map(async (stream, i) => {
        await appendDecision(tallied, stream, undefined, decide('a'), { actor: 't', at });
        await appendDecision(tallied, stream, await tallied.load<{ group: string }>(stream), decide('b'), { actor: 't', at });
        if (i % 3 === 0) await appendDecision(tallied, stream, await tallied.load<{ group: string }>(stream), decide('c'), { actor: 't', at });
      }),
    );
    const c = streams.filter((_, i) => i % 3 === 0).length;
    expect(await tallied.readTally(key)).toEqual({ total: 40, 'group:a': 0, 'group:b': 40 - c, 'group:c': c });
    // Two new streams on the same shard in one transaction: one update of that shard with both.
    const sameShard = Array.from({ length: 200 }, (_, i) => `TALLYTEST#${key}#pair-${i}`)
      .filter((x) => tallyShard(x) === 0)
      .slice(0, 2);
    await appendDecisions(
      tallied,
      sameShard.map((stream) => ({ stream, current: undefined, decision: decide('d') })),
      { actor: 't', at },
    );
    expect(await tallied.readTally(key)).toMatchObject({ total: 42, 'group:d': 2 });
    // A stale append (version conflict) is refused whole: the counters do not move.
    const stale = { stream: streams[1]!, version: 1, lastHash: GENESIS_HASH, state: { group: 'a' }, updatedAt: '' } as Snapshot<{ group: string }>;
    await expect(appendDecision(tallied, streams[1]!, stale, decide('z'), { actor: 't', at })).rejects.toMatchObject({ code: 'CONCURRENCY.VERSION_CONFLICT' });
    expect(await tallied.readTally(key)).toMatchObject({ total: 42, 'group:b': 40 - c });
    // A rebuild replaces the shards with one set of totals.
    await tallied.replaceTally(key, [{ key, counts: { total: 42 } }]);
    expect(await tallied.readTally(key)).toEqual({ total: 42 });
  });

  it('tallies: a list entry is an item of its own, there while its stream is on the list and gone when it leaves; a read takes the first entries of each list and the whole count', async () => {
    const key = `TL#${randomUUID()}`;
    const listing = talliedStore((stream, state) => {
      const c: Record<string, number> = { total: 1 };
      if ((state as { late: boolean }).late) addEntry(c, 'late', { stream });
      return groupedTally(key, c, () => undefined, ['late']);
    });
    const streams = Array.from({ length: 12 }, (_, i) => `TALLYLIST#${key}#${String(i).padStart(2, '0')}`);
    const decide = (late: boolean) => ({ events: [{ type: 'Changed', data: { late } }], state: { late } }) as unknown as Decision<{ late: boolean }>;
    await Promise.all(streams.map((stream) => appendDecision(listing, stream, undefined, decide(true), { actor: 't', at })));
    // The first three leave the list.
    for (const stream of streams.slice(0, 3))
      await appendDecision(listing, stream, await listing.load<{ late: boolean }>(stream), decide(false), { actor: 't', at });
    const entries = (counts: Record<string, number>) => Object.keys(counts).filter((k) => k.startsWith('late:'));
    const first = await listing.readTally(key, { entriesPerList: 5 });
    expect(first).toMatchObject({ total: 12, 'count:late': 9 });
    expect(entries(first)).toEqual(streams.slice(3, 8).map((stream) => entry('late', { stream })));
    expect(entries(await listing.readTally(key, { entriesPerList: Number.POSITIVE_INFINITY }))).toHaveLength(9);
    // No item lingers for an entry that left: the partition holds the counter shards and the 9 entries.
    const { Items } = await documentClient().send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :l)',
        ExpressionAttributeValues: { ':pk': `TALLY#${key}`, ':l': 'LIST#' },
      }),
    );
    expect(Items).toHaveLength(9);
    // A rebuild writes the same shape: counters, and one item per entry.
    await listing.replaceTally(key, [
      { key, counts: { total: 12, 'count:late': 1 } },
      { key, group: entry('late', { stream: 'x' }), entry: true, counts: { [entry('late', { stream: 'x' })]: 1 } },
    ]);
    expect(await listing.readTally(key)).toEqual({ total: 12, 'count:late': 1, [entry('late', { stream: 'x' })]: 1 });
  });
});
