import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  paginateQuery,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { shanghaiDate } from './calendar';
import type { Obligation } from './domain/obligation';
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
  parseEventId,
  type Snapshot,
  STATE_SK,
  StoredEvent,
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
  ) {}

  async load<S>(stream: string): Promise<Snapshot<S> | undefined> {
    const { Item } = await this.ddb.send(new GetCommand({ TableName: this.table, Key: { pk: stream, sk: STATE_SK }, ConsistentRead: true }));
    if (!Item) return undefined;
    return { stream, version: Item.version as number, lastHash: Item.lastHash as string, state: Item.state as S, updatedAt: Item.updatedAt as string };
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
      const last = events[events.length - 1]!;
      const stateCondition =
        req.expectedVersion === 0
          ? { ConditionExpression: 'attribute_not_exists(pk)' }
          : { ConditionExpression: 'version = :expected', ExpressionAttributeValues: { ':expected': req.expectedVersion } };
      return [
        ...events.map((e) => ({
          Put: {
            TableName: this.table,
            Item: { pk: e.stream, sk: eventSk(e.seq), kind: 'event', ...e, ...auditIndex(e) },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        })),
        {
          Put: {
            TableName: this.table,
            Item: {
              pk: req.stream,
              sk: STATE_SK,
              kind: 'state',
              version: last.seq,
              lastHash: last.hash,
              state: req.state,
              updatedAt: last.at,
              ...this.indexOf(req.stream, req.state),
            },
            ...stateCondition,
          },
        },
      ];
    });
    for (const o of this.obligationsFor(chained.flatMap((c) => c.events))) {
      items.push({ Put: { TableName: this.table, Item: obligationItem(o, 1), ConditionExpression: 'attribute_not_exists(pk)' } });
    }
    if (items.length > 100) throw new Error('at most 100 items (events, states and obligations) per transaction');
    try {
      await this.ddb.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (e) {
      if (e instanceof TransactionCanceledException && e.CancellationReasons?.some((r) => r.Code === 'ConditionalCheckFailed')) {
        throw versionConflict(reqs.map((r) => r.stream).join(', '));
      }
      throw e;
    }
    return chained.map(({ events }) => ({ version: events[events.length - 1]!.seq, events }));
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
    const hashes: string[] = [];
    const pages = paginateQuery(
      { client: this.ddb },
      {
        TableName: this.table,
        IndexName: 'audit',
        KeyConditionExpression: 'auditpk = :day',
        ExpressionAttributeValues: { ':day': auditDayKey(day) },
        ProjectionExpression: '#h',
        ExpressionAttributeNames: { '#h': 'hash' },
      },
    );
    for await (const page of pages) for (const item of page.Items ?? []) hashes.push(item.hash as string);
    return hashes;
  }

  async dueStreams(beforeDate: string): Promise<string[]> {
    const streams: string[] = [];
    const pages = paginateQuery(
      { client: this.ddb },
      {
        TableName: this.table,
        IndexName: 'due',
        KeyConditionExpression: 'duepk = :due AND duesk < :before',
        ExpressionAttributeValues: { ':due': 'DUE', ':before': beforeDate },
      },
    );
    for await (const page of pages) for (const item of page.Items ?? []) streams.push(item.pk as string);
    return streams;
  }

  async listAll<S>(index: IndexName, key: string): Promise<Snapshot<S>[]> {
    const items: Snapshot<S>[] = [];
    const pages = paginateQuery(
      { client: this.ddb, pageSize: 1000 },
      { TableName: this.table, IndexName: index, KeyConditionExpression: `${index}pk = :key`, ExpressionAttributeValues: { ':key': key } },
    );
    for await (const page of pages) {
      for (const i of page.Items ?? [])
        items.push({
          stream: i.pk as string,
          version: i.version as number,
          lastHash: i.lastHash as string,
          state: i.state as S,
          updatedAt: i.updatedAt as string,
        });
    }
    return items;
  }

  async list<S>(index: IndexName, key: string, page: PageRequest = {}): Promise<Page<Snapshot<S>>> {
    const sortPrefix = page.sortKeyPrefix ? ` AND begins_with(${index}sk, :prefix)` : '';
    const result = await this.ddb.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: index,
        KeyConditionExpression: `${index}pk = :key${sortPrefix}`,
        ExpressionAttributeValues: { ':key': key, ...(page.sortKeyPrefix ? { ':prefix': page.sortKeyPrefix } : {}) },
        Limit: Math.min(page.limit ?? 50, 100),
        ScanIndexForward: !page.descending,
        ExclusiveStartKey: page.cursor ? decodeCursor(page.cursor, `${index}pk`, key) : undefined,
      }),
    );
    return {
      items: (result.Items ?? []).map((i) => ({
        stream: i.pk as string,
        version: i.version as number,
        lastHash: i.lastHash as string,
        state: i.state as S,
        updatedAt: i.updatedAt as string,
      })),
      cursor: result.LastEvaluatedKey ? Buffer.from(JSON.stringify(result.LastEvaluatedKey)).toString('base64url') : undefined,
    };
  }
}

/** Every event is also listed under its day (Asia/Shanghai) for the daily audit seal. */
export const auditDayKey = (day: string): string => `AUDIT#${day}`;
const auditIndex = (e: StoredEvent) => ({ auditpk: auditDayKey(shanghaiDate(new Date(e.at))), auditsk: `${e.at}#${e.stream}#${eventSk(e.seq)}` });

/** A cursor is the last key of the previous page; it must belong to the same listing. */
function decodeCursor(cursor: string, partitionAttr: string, partition: string): Record<string, unknown> {
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown> | null;
    if (key && typeof key === 'object' && key[partitionAttr] === partition) return key;
  } catch {
    // fall through
  }
  throw new DomainError('REQUEST.BAD_CURSOR', 'The cursor is not one this API returned.');
}

export { GENESIS_HASH };
