import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  ProvisionedThroughputExceededException,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { GENESIS_HASH } from '../../functions/platform/event-store';
import { DynamoEventStore } from '../../functions/platform/event-store.dynamodb';
import { DynamoIdempotencyStore } from '../../functions/platform/idempotency.dynamodb';
import { problemOf } from '../../functions/platform/http/problem';

/** Failure paths of the DynamoDB adapters that the emulator cannot be made to produce on demand. */
describe('DynamoDB adapters under failure', () => {
  const ddb = mockClient(DynamoDBDocumentClient);
  const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'cn-north-1' }));
  beforeEach(() => ddb.reset());
  const append = () =>
    new DynamoEventStore(client, 't').append({
      stream: 'S#1',
      expectedVersion: 3,
      lastHash: GENESIS_HASH,
      events: [{ type: 'T', data: {} }],
      state: {},
      actor: 'a',
      at: new Date(),
    });

  it('a cancelled transaction because of a condition is a 409 version conflict', async () => {
    ddb
      .on(TransactWriteCommand)
      .rejects(
        new TransactionCanceledException({ message: 'cancelled', $metadata: {}, CancellationReasons: [{ Code: 'None' }, { Code: 'ConditionalCheckFailed' }] }),
      );
    await expect(append()).rejects.toMatchObject({ code: 'CONCURRENCY.VERSION_CONFLICT', kind: 'conflict' });
  });

  it('throttling is not mistaken for a conflict: it surfaces as an unknown error, a 500 without internals', async () => {
    ddb.on(TransactWriteCommand).rejects(new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: {} }));
    const error = await append().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProvisionedThroughputExceededException);
    expect(problemOf(error)).toMatchObject({ status: 500, code: 'INTERNAL' });
    expect(JSON.stringify(problemOf(error))).not.toContain('slow down');
  });

  it('a transaction cancelled for another reason (e.g. a conflicting transaction) is not a version conflict', async () => {
    ddb
      .on(TransactWriteCommand)
      .rejects(new TransactionCanceledException({ message: 'cancelled', $metadata: {}, CancellationReasons: [{ Code: 'TransactionConflict' }] }));
    await expect(append()).rejects.toBeInstanceOf(TransactionCanceledException);
  });

  it('a listing reads its keys from the index and the projections from the table: what DynamoDB leaves unprocessed is read again, and one that has left the listing since the index was written is not shown', async () => {
    const state = (pk: string, gsi1pk: string) => ({
      pk,
      sk: 'STATE',
      version: 1,
      lastHash: GENESIS_HASH,
      state: { id: pk },
      updatedAt: 'now',
      gsi1pk,
      gsi1sk: pk,
    });
    ddb.on(QueryCommand).resolves({ Items: ['S#1', 'S#2', 'S#3'].map((pk) => ({ pk, sk: 'STATE', gsi1pk: 'L', gsi1sk: pk })) });
    ddb
      .on(BatchGetCommand)
      .resolvesOnce({ Responses: { t: [state('S#3', 'L'), state('S#2', 'ELSEWHERE')] }, UnprocessedKeys: { t: { Keys: [{ pk: 'S#1', sk: 'STATE' }] } } })
      .resolvesOnce({ Responses: { t: [state('S#1', 'L')] } });
    const page = await new DynamoEventStore(client, 't').list<{ id: string }>('gsi1', 'L');
    expect(page.items.map((i) => i.state.id)).toEqual(['S#1', 'S#3']);
    const asked = ddb.commandCalls(BatchGetCommand).map((c) => c.args[0].input.RequestItems!.t!);
    expect(asked.map((r) => r.Keys!.map((k) => k.pk))).toEqual([['S#1', 'S#2', 'S#3'], ['S#1']]);
    expect(asked.every((r) => r.ConsistentRead)).toBe(true);
  });

  it('idempotency: a conditional failure carrying the old record decides replay, reuse or in-progress', async () => {
    const store = new DynamoIdempotencyStore(client, 't', 24);
    const old = (status: string, fingerprint: string, response?: object) =>
      new ConditionalCheckFailedException({
        message: 'exists',
        $metadata: {},
        Item: marshall({ status, fingerprint, ...(response ? { response: JSON.stringify(response) } : {}) }),
      });
    ddb.on(PutCommand).rejects(old('completed', 'fp', { statusCode: 201, headers: {}, body: '{}' }));
    expect(await store.claim('u', 'k', 'fp', new Date(), 10_000)).toEqual({ outcome: 'replay', response: { statusCode: 201, headers: {}, body: '{}' } });
    ddb.reset();
    ddb.on(PutCommand).rejects(old('completed', 'other'));
    await expect(store.claim('u', 'k', 'fp', new Date(), 10_000)).rejects.toMatchObject({ code: 'IDEMPOTENCY.KEY_REUSED' });
    ddb.reset();
    ddb.on(PutCommand).rejects(old('in-progress', 'fp'));
    await expect(store.claim('u', 'k', 'fp', new Date(), 10_000)).rejects.toMatchObject({ code: 'IDEMPOTENCY.IN_PROGRESS' });
  });

  // (It claimed "no partial write is attempted" too, which a load cannot do either way: issue 34.)
  it('a read timeout while loading propagates as the timeout, never as a stream that does not exist', async () => {
    ddb.on(GetCommand).rejects(Object.assign(new Error('socket timeout'), { name: 'TimeoutError' }));
    await expect(new DynamoEventStore(client, 't').load('S#1')).rejects.toMatchObject({ name: 'TimeoutError', message: 'socket timeout' });
  });
});
