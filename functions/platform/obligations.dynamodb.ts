import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { type Obligation, OBLIGATION_SHARDS, obligationShard } from './domain/obligation';
import { STATE_SK } from './event-store';
import { getStates } from './event-store.dynamodb';
import { decodeCursor, encodeCursor, indexKeyOf } from './cursor';

/**
 * Where obligations live: one item each (`OBLIGATION#<id>`), written with the event that calls for
 * it (platform/event-store.dynamodb.ts) and then only by the reconciler, each write conditioned on
 * the version read. An open one is in the sparse due index under one of OBLIGATION_SHARDS
 * partitions, sorted by when it is next looked at; a dead-lettered one is listed under
 * DEAD_LETTERS_KEY (gsi1) for operators.
 */
export const DEAD_LETTERS_KEY = 'DEAD_LETTERS#WORKFLOWS';
const duePartition = (shard: number) => `OBLIGATIONS#${shard}`;
const keyOf = (id: string) => ({ pk: `OBLIGATION#${id}`, sk: STATE_SK });

export function obligationItem(o: Obligation, version: number): Record<string, unknown> {
  return {
    ...keyOf(o.id),
    kind: 'obligation',
    version,
    state: o,
    updatedAt: new Date().toISOString(),
    ...(o.status === 'open' && o.nextCheckAt ? { duepk: duePartition(obligationShard(o.id)), duesk: `${o.nextCheckAt}#${o.id}` } : {}),
    ...(o.status === 'dead-lettered' ? { gsi1pk: DEAD_LETTERS_KEY, gsi1sk: `${o.deadLetteredAt}#${o.id}` } : {}),
  };
}

export interface StoredObligation {
  obligation: Obligation;
  version: number;
}

export class DynamoObligationStore {
  constructor(
    private readonly ddb: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  /** Open obligations due by `before` (all open ones without it), every shard, at most `limit`. */
  async due(before: string | undefined, limit: number): Promise<string[]> {
    const ids: string[] = [];
    for (let shard = 0; shard < OBLIGATION_SHARDS && ids.length < limit; shard++) {
      let start: Record<string, unknown> | undefined;
      do {
        const out = await this.ddb.send(
          new QueryCommand({
            TableName: this.table,
            IndexName: 'due',
            KeyConditionExpression: before ? 'duepk = :p AND duesk < :before' : 'duepk = :p',
            ExpressionAttributeValues: { ':p': duePartition(shard), ...(before ? { ':before': before } : {}) },
            Limit: limit - ids.length,
            ExclusiveStartKey: start,
          }),
        );
        for (const item of out.Items ?? []) ids.push((item.pk as string).slice('OBLIGATION#'.length));
        start = out.LastEvaluatedKey;
      } while (start && ids.length < limit);
    }
    return ids;
  }

  async load(id: string): Promise<StoredObligation | undefined> {
    const { Item } = await this.ddb.send(new GetCommand({ TableName: this.table, Key: keyOf(id), ConsistentRead: true }));
    return Item ? { obligation: Item.state as Obligation, version: Item.version as number } : undefined;
  }

  /** Writes the obligation's next state if nobody did since `expectedVersion` was read; false when someone did. */
  async save(o: Obligation, expectedVersion: number): Promise<boolean> {
    try {
      await this.ddb.send(
        new PutCommand({
          TableName: this.table,
          Item: obligationItem(o, expectedVersion + 1),
          ConditionExpression: 'version = :v',
          ExpressionAttributeValues: { ':v': expectedVersion },
        }),
      );
      return true;
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) return false;
      throw e;
    }
  }

  async deadLetters(limit: number, cursor?: string): Promise<{ items: Obligation[]; cursor?: string }> {
    const out = await this.ddb.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :k',
        ExpressionAttributeValues: { ':k': DEAD_LETTERS_KEY },
        ScanIndexForward: false,
        Limit: limit,
        ExclusiveStartKey: cursor ? decodeCursor(cursor, indexKeyOf('gsi1', DEAD_LETTERS_KEY)) : undefined,
      }),
    );
    // The index holds keys only; the obligations are read from the table.
    const items = await getStates(
      this.ddb,
      this.table,
      (out.Items ?? []).map((i) => i.pk as string),
    );
    return {
      items: (out.Items ?? []).flatMap((i) => {
        const o = items.get(i.pk as string)?.state as Obligation | undefined;
        return o?.status === 'dead-lettered' ? [o] : [];
      }),
      ...(out.LastEvaluatedKey ? { cursor: encodeCursor(out.LastEvaluatedKey) } : {}),
    };
  }
}
