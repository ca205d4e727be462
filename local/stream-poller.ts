import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  ExpiredIteratorException,
  TrimmedDataAccessException,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { logger } from '../functions/platform/log';

type StreamHandler = (e: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse>;

/**
 * Polls DynamoDB Local's stream and feeds the records, in batches shaped like Lambda's, to the
 * same stream handler the cloud runs. Remembers the last sequence number per shard in a file, so
 * a restart neither misses nor replays records; failed records are retried like Lambda would.
 */
export class StreamPoller {
  private readonly streams = new DynamoDBStreamsClient({});
  private readonly iterators = new Map<string, string>();
  private checkpoints: Record<string, string>;
  private stopped = false;
  private loop?: Promise<void>;

  constructor(
    private readonly tableName: string,
    private readonly handler: StreamHandler,
    private readonly checkpointFile?: string,
    private readonly intervalMs = 250,
  ) {
    this.checkpoints = checkpointFile && existsSync(checkpointFile) ? (JSON.parse(readFileSync(checkpointFile, 'utf8')) as Record<string, string>) : {};
  }

  start(): void {
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop;
    this.streams.destroy();
  }

  /**
   * Passes over every shard until all records available now are handled (used by tests). A stream
   * may answer an empty page before records that are there, so it takes two empty passes in a row.
   */
  async drain(): Promise<number> {
    let total = 0;
    let empty = 0;
    while (empty < 2) {
      const n = await this.pollOnce();
      total += n;
      empty = n === 0 ? empty + 1 : 0;
    }
    return total;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        if ((await this.pollOnce()) === 0) await sleep(this.intervalMs);
      } catch (error) {
        logger.error('stream poll failed', { error });
        await sleep(1000);
      }
    }
  }

  private async streamArn(): Promise<string> {
    const ddb = new DynamoDBClient({});
    try {
      const { Table } = await ddb.send(new DescribeTableCommand({ TableName: this.tableName }));
      if (!Table?.LatestStreamArn) throw new Error(`table ${this.tableName} has no stream`);
      return Table.LatestStreamArn;
    } finally {
      ddb.destroy();
    }
  }

  private arn?: string;

  async pollOnce(): Promise<number> {
    this.arn ??= await this.streamArn();
    const { StreamDescription } = await this.streams.send(new DescribeStreamCommand({ StreamArn: this.arn }));
    let handled = 0;
    for (const shard of StreamDescription?.Shards ?? []) {
      const shardId = shard.ShardId!;
      let iterator = this.iterators.get(shardId);
      if (!iterator) {
        const after = this.checkpoints[shardId];
        const out = await this.streams.send(
          new GetShardIteratorCommand({
            StreamArn: this.arn,
            ShardId: shardId,
            ...(after ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: after } : { ShardIteratorType: 'TRIM_HORIZON' }),
          }),
        );
        iterator = out.ShardIterator;
        if (!iterator) continue;
      }
      try {
        const page = await this.streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 100 }));
        const records = page.Records ?? [];
        if (records.length) {
          const result = await this.handler({
            Records: records.map((r) => ({
              ...r,
              eventSourceARN: this.arn,
              dynamodb: r.dynamodb && { ...r.dynamodb, NewImage: repairImage(r.dynamodb.NewImage), OldImage: repairImage(r.dynamodb.OldImage) },
            })),
          } as DynamoDBStreamEvent);
          const failed = result.batchItemFailures[0]?.itemIdentifier;
          const upTo = failed ? records.findIndex((r) => r.dynamodb?.SequenceNumber === failed) - 1 : records.length - 1;
          if (upTo >= 0) this.checkpoint(shardId, records[upTo]!.dynamodb!.SequenceNumber!);
          if (failed) {
            // Like Lambda: retry from the failed record on the next pass.
            this.iterators.delete(shardId);
            handled += Math.max(upTo + 1, 0);
            continue;
          }
          handled += records.length;
        }
        if (page.NextShardIterator) this.iterators.set(shardId, page.NextShardIterator);
        else this.iterators.delete(shardId);
      } catch (e) {
        if (e instanceof ExpiredIteratorException) this.iterators.delete(shardId);
        else if (e instanceof TrimmedDataAccessException) {
          // The checkpoint is older than what the shard still keeps (DynamoDB Local trims under load; AWS after 24 h):
          // go on from the oldest record kept, as Lambda does. What was trimmed is the reconciler's (ADR 0007).
          logger.warn('stream records trimmed before they were read; resuming at the trim horizon', { shardId });
          this.iterators.delete(shardId);
          delete this.checkpoints[shardId];
        } else throw e;
      }
    }
    return handled;
  }

  private checkpoint(shardId: string, sequenceNumber: string): void {
    this.checkpoints[shardId] = sequenceNumber;
    if (this.checkpointFile) writeFileSync(this.checkpointFile, JSON.stringify(this.checkpoints));
  }
}

type Image = Record<string, unknown> | undefined;

/**
 * The DynamoDB Streams SDK client (the newest on the registry, 3.1141.0) deserializes an empty map
 * attribute `{"M":{}}` to `{}`, which no AttributeValue may be; Lambda receives the service's JSON
 * untouched. Put the empty maps back so that the handler sees what Lambda would.
 */
export function repairImage(image: Image): Image {
  if (!image) return image;
  const fix = (v: unknown): unknown => {
    if (!v || typeof v !== 'object') return v;
    const av = v as Record<string, unknown>;
    const keys = Object.keys(av);
    if (keys.length === 0) return { M: {} };
    if ('M' in av) return { M: Object.fromEntries(Object.entries(av.M as Record<string, unknown>).map(([k, x]) => [k, fix(x)])) };
    if ('L' in av) return { L: (av.L as unknown[]).map(fix) };
    return av;
  };
  return Object.fromEntries(Object.entries(image).map(([k, v]) => [k, fix(v)]));
}
