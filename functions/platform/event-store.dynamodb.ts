import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  BatchWriteCommand,
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  paginateQuery,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { shanghaiDate } from './calendar';
import { eachConcurrently } from './concurrency';
import { shardOf } from './hash';
import type { Obligation } from './domain/obligation';
import { decodeCursor, encodeCursor, indexKeyOf } from './cursor';
import { DomainError, versionConflict } from './errors';
import { obligationItem } from './obligations.dynamodb';
import {
  type AppendRequest,
  chainEvents,
  EVENT_SK_PREFIX,
  type EventStore,
  eventSk,
  GENESIS_HASH,
  type Indexer,
  type IndexName,
  type Page,
  type PageRequest,
  type SeedHistory,
  DUE_SHARDS,
  dueShardKey,
  parseEventId,
  type Snapshot,
  STATE_SK,
  StoredEvent,
  type Tallier,
  type Tally,
  tallyDelta,
} from './event-store';

/**
 * DynamoDB adapter of the event store. An append writes the new events and the new STATE in one
 * TransactWriteItems conditioned on the version that was read: of two concurrent writers exactly
 * one wins, the other gets CONCURRENCY.VERSION_CONFLICT (409) and nothing of it is written.
 */
export class DynamoEventStore implements EventStore {
  constructor(
    private readonly ddb: DynamoDBDocumentClient,
    private readonly table: string,
    /** The workflows new events call for: recorded in the same transaction, so that none is ever lost (obligations). */
    private readonly obligationsFor: (events: readonly StoredEvent[]) => Obligation[] = () => [],
    /** The listing and due keys of each projection written (functions/indexes.ts). */
    private readonly indexOf: Indexer = () => ({}),
    /** The report counters each projection contributes to (functions/tallies.ts). */
    private readonly talliesOf: Tallier = () => [],
  ) {}

  async load<S>(stream: string): Promise<Snapshot<S> | undefined> {
    const { Item } = await this.ddb.send(new GetCommand({ TableName: this.table, Key: { pk: stream, sk: STATE_SK }, ConsistentRead: true }));
    return Item ? snapshotOf<S>(Item) : undefined;
  }

  async loadMany<S>(streams: readonly string[]): Promise<Snapshot<S>[]> {
    const items = await getStates(this.ddb, this.table, streams);
    return streams.flatMap((s) => (items.has(s) ? [snapshotOf<S>(items.get(s)!)] : []));
  }

  async append<S>(req: AppendRequest<S>): Promise<{ version: number; events: StoredEvent[] }> {
    return (await this.appendAll([req]))[0]!;
  }

  /**
   * Appends to several streams in ONE transaction (e.g. a license created together with the case
   * that grants it): all of them land, or none does.
   */
  async appendAll(reqs: readonly AppendRequest<unknown>[]): Promise<{ version: number; events: StoredEvent[] }[]> {
    const chained = reqs.map((req) => {
      if (req.events.length === 0) throw new Error('append needs at least one event');
      return { req, events: chainEvents(req) };
    });
    const items: NonNullable<TransactWriteCommandInput['TransactItems']> = chained.flatMap(({ req, events }) => {
      const stateCondition =
        req.expectedVersion === 0
          ? { ConditionExpression: 'attribute_not_exists(pk)' }
          : { ConditionExpression: 'version = :expected', ExpressionAttributeValues: { ':expected': req.expectedVersion } };
      return [
        ...events.map((e) => ({ Put: { TableName: this.table, Item: eventItem(e), ConditionExpression: 'attribute_not_exists(pk)' } })),
        { Put: { TableName: this.table, Item: this.stateItem(req.stream, req.state, events[events.length - 1]!), ...stateCondition } },
      ];
    });
    for (const o of this.obligationsFor(chained.flatMap((c) => c.events))) {
      items.push({ Put: { TableName: this.table, Item: obligationItem(o, 1), ConditionExpression: 'attribute_not_exists(pk)' } });
    }
    for (const req of reqs)
      if (req.expectedVersion > 0 && req.previous === undefined && this.talliesOf(req.stream, req.state).length)
        throw new Error(`${req.stream} is tallied: an append to it names the state it started from (previous)`);
    items.push(...this.tallyWrites(reqs));
    if (items.length > 100) throw new Error('at most 100 items (events, states, obligations and tallies) per transaction');
    for (let attempt = 1; ; attempt++) {
      try {
        await this.ddb.send(new TransactWriteCommand({ TransactItems: items }));
        break;
      } catch (e) {
        if (e instanceof TransactionCanceledException && e.CancellationReasons?.some((r) => r.Code === 'ConditionalCheckFailed')) {
          throw versionConflict(reqs.map((r) => r.stream).join(', '));
        }
        // Another transaction held a shared item (a tally shard) at the same moment: all or nothing, so the same items again are safe.
        if (attempt < 5 && e instanceof TransactionCanceledException && e.CancellationReasons?.some((r) => r.Code === 'TransactionConflict')) {
          await new Promise((r) => setTimeout(r, 10 * 2 ** attempt * Math.random()));
          continue;
        }
        throw e;
      }
    }
    return chained.map(({ events }) => ({ version: events[events.length - 1]!.seq, events }));
  }

  /**
   * Benchmarks and operators only (npm run seed): whole histories of NEW streams, each a chain of
   * decisions as the commands made them, written with the items an append writes — events (hash
   * chained, audit keys), the last STATE with its index keys, and what the states add to the
   * tallies (summed, one update per counter item) — but in batches, without transactions or
   * conditions, and calling for no workflow: no obligations, and each event item is marked
   * `seeded` (outside its hashed fields), which the stream reactions pass over — the histories are
   * taken as settled.
   * Never for streams that may already exist.
   */
  async seedHistories(histories: readonly SeedHistory[]): Promise<{ streams: number; events: number }> {
    const puts: Record<string, unknown>[] = [];
    const finals: { stream: string; state: unknown }[] = [];
    for (const h of histories) {
      let head: StoredEvent | undefined;
      let state: unknown;
      for (const step of h.steps) {
        if (!step.events.length) continue;
        const events = chainEvents({ stream: h.stream, expectedVersion: head?.seq ?? 0, lastHash: head?.hash ?? GENESIS_HASH, ...step });
        puts.push(...events.map((e) => ({ ...eventItem(e), seeded: true })));
        head = events[events.length - 1];
        state = step.state;
      }
      if (!head) continue;
      puts.push(this.stateItem(h.stream, state, head));
      finals.push({ stream: h.stream, state });
    }
    await eachConcurrently(Math.ceil(puts.length / 25), 16, (b) =>
      untilProcessed(
        puts.slice(b * 25, b * 25 + 25).map((Item) => ({ PutRequest: { Item } })),
        async (requests) =>
          (await this.ddb.send(new BatchWriteCommand({ RequestItems: { [this.table]: requests } }))).UnprocessedItems?.[this.table] as typeof requests,
      ),
    );
    await this.sendTallyWrites(this.tallyWrites(finals));
    return { streams: finals.length, events: puts.length - finals.length };
  }

  private stateItem(stream: string, state: unknown, last: StoredEvent): Record<string, unknown> {
    return { pk: stream, sk: STATE_SK, kind: 'state', version: last.seq, lastHash: last.hash, state, updatedAt: last.at, ...this.indexOf(stream, state) };
  }

  /**
   * What the states add to (and, from their `previous`, take back from) the tallies: an ADD to each
   * counter item, in the stream's shard; a Put of each list entry the stream joins, a Delete of each
   * it leaves (only that stream writes it: no shard).
   */
  private tallyWrites(changes: readonly { stream: string; state: unknown; previous?: unknown }[]): TallyWrite[] {
    // Two streams of one transaction may add to the same item: their deltas are merged first.
    const items = new Map<string, { shard: number; deltas: Tally[] }>();
    for (const c of changes) {
      const shard = tallyShard(c.stream);
      for (const t of tallyDelta(c.previous === undefined ? [] : this.talliesOf(c.stream, c.previous), this.talliesOf(c.stream, c.state))) {
        const id = t.entry ? `entry|${t.key}|${t.group}` : `${shard}|${t.key}|${t.group ?? ''}`;
        const at = items.get(id) ?? { shard, deltas: [] };
        at.deltas.push(t);
        items.set(id, at);
      }
    }
    return [...items.values()].flatMap(({ shard, deltas }) =>
      tallyDelta([], deltas).map((t): TallyWrite => {
        if (!t.entry) return { Update: tallyUpdate(this.table, t, shard) };
        const [name, n] = Object.entries(t.counts)[0]!;
        return n > 0
          ? { Put: { TableName: this.table, Item: { ...entryKey(t.key, t.group!), kind: 'tally', [COUNT_PREFIX + name]: n } } }
          : { Delete: { TableName: this.table, Key: entryKey(t.key, t.group!) } };
      }),
    );
  }

  /** Sends tally writes one by one (seeding and rebuilding: no transaction to join). */
  private async sendTallyWrites(writes: readonly TallyWrite[]): Promise<void> {
    await eachConcurrently(writes.length, 8, async (i) => {
      const w = writes[i]!;
      if ('Update' in w) await this.ddb.send(new UpdateCommand(w.Update));
      else if ('Put' in w) await this.ddb.send(new PutCommand(w.Put));
      else await this.ddb.send(new DeleteCommand(w.Delete));
    });
  }

  async readTally(key: string, o: { entriesPerList?: number } = {}): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    const add = (item: Record<string, unknown>) => {
      for (const [attr, n] of Object.entries(item))
        if (attr.startsWith(COUNT_PREFIX)) counts[attr.slice(COUNT_PREFIX.length)] = (counts[attr.slice(COUNT_PREFIX.length)] ?? 0) + (n as number);
    };
    const query = (prefix: string) => ({
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': tallyPk(key), ':prefix': prefix },
      ConsistentRead: true,
    });
    for await (const page of paginateQuery({ client: this.ddb }, query('SHARD#'))) for (const item of page.Items ?? []) add(item);
    // The lists the counters name: the first entries of each, in entry order.
    const limit = o.entriesPerList ?? 100;
    if (limit === 0) return counts;
    const lists = Object.entries(counts).flatMap(([name, n]) => (name.startsWith('count:') && n > 0 ? [name.slice('count:'.length)] : []));
    await Promise.all(
      lists.map(async (list) => {
        let read = 0;
        for await (const page of paginateQuery({ client: this.ddb, pageSize: Math.min(limit, 1000) }, query(`${ENTRY_SK_PREFIX}${list}:`))) {
          for (const item of (page.Items ?? []).slice(0, limit - read)) add(item);
          if ((read += page.Items?.length ?? 0) >= limit) break;
        }
      }),
    );
    return counts;
  }

  async readEntries<T extends object>(
    key: string,
    list: string,
    page: { limit?: number; descending?: boolean; between?: readonly [string, string]; after?: T } = {},
  ): Promise<{ items: T[]; more: boolean }> {
    const prefix = `${ENTRY_SK_PREFIX}${list}:`;
    const [lo, hi] = page.between ? [prefix + page.between[0], prefix + page.between[1]] : [prefix, `${prefix}\uffff`];
    const after = page.after === undefined ? undefined : prefix + JSON.stringify(page.after);
    // A start outside the range would be DynamoDB's 400 about query boundaries; it can only be a cursor made up.
    if (after !== undefined && (after < lo || after > hi))
      throw new DomainError('REQUEST.BAD_CURSOR', 'The cursor is not one this API returned for this search.');
    const result = await this.ddb.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :lo AND :hi',
        ExpressionAttributeValues: { ':pk': tallyPk(key), ':lo': lo, ':hi': hi },
        ProjectionExpression: 'sk',
        Limit: Math.min(page.limit ?? 50, 1000),
        ScanIndexForward: !page.descending,
        ConsistentRead: true,
        ExclusiveStartKey: after === undefined ? undefined : { pk: tallyPk(key), sk: after },
      }),
    );
    return { items: (result.Items ?? []).map((i) => JSON.parse((i.sk as string).slice(prefix.length)) as T), more: result.LastEvaluatedKey !== undefined };
  }

  async replaceTally(key: string, tallies: readonly Tally[]): Promise<void> {
    // Every item of the key goes (its shards, groups and entries); the totals take their place, in shard 0.
    const existing: Record<string, unknown>[] = [];
    for await (const page of paginateQuery(
      { client: this.ddb },
      { TableName: this.table, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': tallyPk(key) }, ProjectionExpression: 'pk, sk' },
    ))
      existing.push(...(page.Items ?? []));
    await this.sendTallyWrites(existing.map((k) => ({ Delete: { TableName: this.table, Key: { pk: k.pk, sk: k.sk } } })));
    const totals = tallyDelta(
      [],
      tallies.filter((t) => t.key === key),
    );
    await this.sendTallyWrites(
      totals.map((t) => ({
        Put: {
          TableName: this.table,
          Item: {
            ...(t.entry ? entryKey(key, t.group!) : { pk: tallyPk(key), sk: `SHARD#0${t.group ? `#${t.group}` : ''}` }),
            kind: 'tally',
            ...Object.fromEntries(Object.entries(t.counts).map(([k, n]) => [COUNT_PREFIX + k, n])),
          },
        },
      })),
    );
  }

  async readStream(stream: string): Promise<StoredEvent[]> {
    const events: StoredEvent[] = [];
    const pages = paginateQuery(
      { client: this.ddb },
      {
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :ev)',
        ExpressionAttributeValues: { ':pk': stream, ':ev': EVENT_SK_PREFIX },
        ConsistentRead: true,
      },
    );
    for await (const page of pages) for (const item of page.Items ?? []) events.push(StoredEvent.parse(item));
    return events;
  }

  async readEvent(id: string): Promise<StoredEvent | undefined> {
    const { stream, seq } = parseEventId(id);
    const { Item } = await this.ddb.send(new GetCommand({ TableName: this.table, Key: { pk: stream, sk: eventSk(seq) }, ConsistentRead: true }));
    return Item ? StoredEvent.parse(Item) : undefined;
  }

  async eventHashesOfDay(day: string): Promise<string[]> {
    const shards = await Promise.all(
      Array.from({ length: AUDIT_SHARDS }, (_, shard) =>
        this.queryIndex('audit', { KeyConditionExpression: 'auditpk = :day', ExpressionAttributeValues: { ':day': auditDayKey(day, shard) } }),
      ),
    );
    // Each shard comes in sort-key order; the day's order is theirs merged (DynamoDB orders keys by their UTF-8 bytes).
    return shards
      .flat()
      .map((i) => ({ sk: Buffer.from(i.auditsk as string), hash: i.hash as string }))
      .sort((a, b) => Buffer.compare(a.sk, b.sk))
      .map((i) => i.hash);
  }

  async dueStreams(beforeDate: string): Promise<string[]> {
    const shards = await Promise.all(
      Array.from({ length: DUE_SHARDS }, (_, shard) =>
        this.queryIndex('due', {
          KeyConditionExpression: 'duepk = :due AND duesk < :before',
          ExpressionAttributeValues: { ':due': dueShardKey(shard), ':before': beforeDate },
        }),
      ),
    );
    return shards.flat().map((i) => i.pk as string);
  }

  /** Every item of one index partition (all pages). */
  private async queryIndex(
    index: string,
    q: Pick<QueryCommandInput, 'KeyConditionExpression' | 'ExpressionAttributeValues'>,
  ): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    for await (const page of paginateQuery({ client: this.ddb }, { TableName: this.table, IndexName: index, ...q })) items.push(...(page.Items ?? []));
    return items;
  }

  async listAll<S>(index: IndexName, key: string, o: { sortKeyPrefix?: string } = {}): Promise<Snapshot<S>[]> {
    const items: Snapshot<S>[] = [];
    const pages = paginateQuery(
      { client: this.ddb, pageSize: 1000 },
      {
        TableName: this.table,
        IndexName: index,
        KeyConditionExpression: `${index}pk = :key${o.sortKeyPrefix ? ` AND begins_with(${index}sk, :prefix)` : ''}`,
        ExpressionAttributeValues: { ':key': key, ...(o.sortKeyPrefix ? { ':prefix': o.sortKeyPrefix } : {}) },
      },
    );
    for await (const page of pages) items.push(...(await this.listed<S>(index, key, page.Items ?? [], o)));
    return items;
  }

  async list<S>(index: IndexName, key: string, page: PageRequest = {}): Promise<Page<Snapshot<S>>> {
    const sortCondition = page.sortKeyPrefix ? ` AND begins_with(${index}sk, :prefix)` : page.sortKeyBetween ? ` AND ${index}sk BETWEEN :lo AND :hi` : '';
    const result = await this.ddb.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: index,
        KeyConditionExpression: `${index}pk = :key${sortCondition}`,
        ExpressionAttributeValues: {
          ':key': key,
          ...(page.sortKeyPrefix ? { ':prefix': page.sortKeyPrefix } : {}),
          ...(page.sortKeyBetween && !page.sortKeyPrefix ? { ':lo': page.sortKeyBetween[0], ':hi': page.sortKeyBetween[1] } : {}),
        },
        Limit: Math.min(page.limit ?? 50, 100),
        ScanIndexForward: !page.descending,
        ExclusiveStartKey: page.cursor ? decodeCursor(page.cursor, listPosition(index, key, page)) : undefined,
      }),
    );
    return {
      items: await this.listed<S>(index, key, result.Items ?? [], page),
      cursor: result.LastEvaluatedKey ? encodeCursor(result.LastEvaluatedKey) : undefined,
    };
  }

  /**
   * The listing indexes hold keys only (an index copy costs a write unit, not the projection's
   * kilobytes): the projections listed are read from the table by key, consistently, in the
   * index's order. One the index still shows under this key but whose item has since moved out of
   * it (the index lags the table) is left out.
   */
  private async listed<S>(index: IndexName, key: string, keys: readonly Record<string, unknown>[], range: PageRequest): Promise<Snapshot<S>[]> {
    const items = await getStates(
      this.ddb,
      this.table,
      keys.map((k) => k.pk as string),
    );
    return keys.flatMap((k) => {
      const item = items.get(k.pk as string);
      return item && item[`${index}pk`] === key && inRange(String(item[`${index}sk`]), range) ? [snapshotOf<S>(item)] : [];
    });
  }
}

/**
 * STATE items by stream (pk), read consistently, 100 per BatchGetItem and several at a time; what
 * DynamoDB leaves unprocessed is asked for again. Streams without a STATE item are absent.
 */
export async function getStates(ddb: DynamoDBDocumentClient, table: string, streams: readonly string[]): Promise<Map<string, Record<string, unknown>>> {
  const found = new Map<string, Record<string, unknown>>();
  await eachConcurrently(Math.ceil(streams.length / 100), 8, (c) =>
    untilProcessed(
      streams.slice(c * 100, c * 100 + 100).map((pk): Record<string, unknown> => ({ pk, sk: STATE_SK })),
      async (keys) => {
        const out = await ddb.send(new BatchGetCommand({ RequestItems: { [table]: { Keys: keys, ConsistentRead: true } } }));
        for (const item of out.Responses?.[table] ?? []) found.set(item.pk as string, item);
        return out.UnprocessedKeys?.[table]?.Keys;
      },
    ),
  );
  return found;
}

/**
 * A batch call (BatchGetItem, BatchWriteItem) and then what DynamoDB left unprocessed (under
 * throttling), again with jittered backoff, until nothing is left; throws after 10 tries rather
 * than spin on a table that stays throttled.
 */
async function untilProcessed<T>(first: T[], send: (batch: T[]) => Promise<T[] | undefined>): Promise<void> {
  let left = first;
  for (let attempt = 0; left.length; attempt++) {
    if (attempt >= 10) throw new Error(`DynamoDB left ${left.length} of a batch unprocessed after ${attempt} tries`);
    if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 20 * 2 ** attempt) * Math.random()));
    left = (await send(left)) ?? [];
  }
}

const snapshotOf = <S>(i: Record<string, unknown>): Snapshot<S> => ({
  stream: i.pk as string,
  version: i.version as number,
  lastHash: i.lastHash as string,
  state: i.state as S,
  updatedAt: i.updatedAt as string,
});

const inRange = (sk: string, range: Pick<PageRequest, 'sortKeyPrefix' | 'sortKeyBetween'>): boolean =>
  range.sortKeyPrefix !== undefined
    ? sk.startsWith(range.sortKeyPrefix)
    : range.sortKeyBetween === undefined || (sk >= range.sortKeyBetween[0] && sk <= range.sortKeyBetween[1]);

/**
 * A tally key's counters are spread over shards (by stream), so that appends of different streams
 * rarely meet on one item; a read sums the shards. Counters are top-level attributes `c#<name>`.
 */
export const TALLY_SHARDS = 8;
const COUNT_PREFIX = 'c#';
const ENTRY_SK_PREFIX = 'LIST#';
const tallyPk = (key: string): string => `TALLY#${key}`;
const entryKey = (key: string, entry: string) => ({ pk: tallyPk(key), sk: `${ENTRY_SK_PREFIX}${entry}` });
type TallyWrite =
  | { Update: ReturnType<typeof tallyUpdate> }
  | { Put: { TableName: string; Item: Record<string, unknown> } }
  | { Delete: { TableName: string; Key: Record<string, unknown> } };
export const tallyShard = (stream: string): number => shardOf(stream, TALLY_SHARDS);

function tallyUpdate(table: string, t: Tally, shard: number) {
  const names: Record<string, string> = {};
  const values: Record<string, number | string> = { ':kind': 'tally' };
  const adds = Object.entries(t.counts).map(([name, n], i) => {
    names[`#c${i}`] = COUNT_PREFIX + name;
    values[`:c${i}`] = n;
    return `#c${i} :c${i}`;
  });
  return {
    TableName: table,
    Key: { pk: tallyPk(t.key), sk: `SHARD#${shard}${t.group ? `#${t.group}` : ''}` },
    UpdateExpression: `ADD ${adds.join(', ')} SET kind = :kind`,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
}

/**
 * Every event is also listed under its day (Asia/Shanghai) for the daily audit seal, in one of
 * AUDIT_SHARDS partitions by stream: one partition per day would cap the platform's event rate at
 * one index partition's writes. The seal reads the shards in parallel and merges them by sort key.
 */
export const AUDIT_SHARDS = 8;
export const auditDayKey = (day: string, shard: number): string => `AUDIT#${day}#${shard}`;
const eventItem = (e: StoredEvent): Record<string, unknown> => ({ pk: e.stream, sk: eventSk(e.seq), kind: 'event', ...e, ...auditIndex(e) });
const auditIndex = (e: StoredEvent) => ({
  auditpk: auditDayKey(shanghaiDate(new Date(e.at)), shardOf(e.stream, AUDIT_SHARDS)),
  auditsk: `${e.at}#${e.stream}#${eventSk(e.seq)}`,
});

/** A listing's cursor: the last key of its previous page — in its partition, and within its sort-key range (else DynamoDB's 400 about boundaries). */
const listPosition =
  (index: IndexName, key: string, page: PageRequest) =>
  (position: unknown): Record<string, string> | undefined => {
    const k = indexKeyOf(index, key)(position);
    const sk = k?.[`${index}sk`];
    if (!k || sk === undefined) return undefined;
    if (page.sortKeyPrefix && !sk.startsWith(page.sortKeyPrefix)) return undefined;
    if (page.sortKeyBetween && !page.sortKeyPrefix && (sk < page.sortKeyBetween[0] || sk > page.sortKeyBetween[1])) return undefined;
    return k;
  };

export { GENESIS_HASH };
