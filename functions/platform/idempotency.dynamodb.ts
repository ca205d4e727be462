import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, type DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type Claim, type IdempotencyStore, keyReused, LOCK_MARGIN_SECONDS, type StoredResponse, stillRunning } from './idempotency';

const keyOf = (scope: string, key: string) => ({ pk: `IDEMPOTENCY#${scope}#${key}`, sk: 'IDEMPOTENCY' });

export class DynamoIdempotencyStore implements IdempotencyStore {
  constructor(
    private readonly ddb: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly retentionHours: number,
  ) {}

  async claim(scope: string, key: string, fingerprint: string, now: Date, runningForMs: number): Promise<Claim> {
    const nowSec = Math.floor(now.getTime() / 1000);
    try {
      await this.ddb.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            ...keyOf(scope, key),
            kind: 'idempotency',
            status: 'in-progress',
            fingerprint,
            createdAt: now.toISOString(),
            lockedUntil: nowSec + Math.ceil(runningForMs / 1000) + LOCK_MARGIN_SECONDS,
            expiresAt: nowSec + this.retentionHours * 3600,
          },
          // An expired record that TTL has not swept yet counts as absent, and so does the claim of an invocation that can no longer be running.
          ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now OR (#s = :running AND lockedUntil < :now)',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':now': nowSec, ':running': 'in-progress' },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { outcome: 'claimed' };
    } catch (e) {
      if (!(e instanceof ConditionalCheckFailedException)) throw e;
      const existing = e.Item as Record<string, { S?: string; N?: string }> | undefined;
      if (existing?.fingerprint?.S !== fingerprint) throw keyReused();
      if (existing.status?.S !== 'completed' || !existing.response?.S) throw stillRunning();
      return { outcome: 'replay', response: JSON.parse(existing.response.S) as StoredResponse };
    }
  }

  async complete(scope: string, key: string, response: StoredResponse): Promise<void> {
    await this.ddb.send(
      new UpdateCommand({
        TableName: this.table,
        Key: keyOf(scope, key),
        UpdateExpression: 'SET #s = :done, #r = :resp',
        ConditionExpression: '#s = :running',
        ExpressionAttributeNames: { '#s': 'status', '#r': 'response' },
        ExpressionAttributeValues: { ':done': 'completed', ':running': 'in-progress', ':resp': JSON.stringify(response) },
      }),
    );
  }

  /** After an unexpected failure the key is freed so that the client's retry runs again. */
  async release(scope: string, key: string): Promise<void> {
    await this.ddb
      .send(
        new DeleteCommand({
          TableName: this.table,
          Key: keyOf(scope, key),
          ConditionExpression: '#s = :running',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':running': 'in-progress' },
        }),
      )
      .catch((e: unknown) => {
        if (!(e instanceof ConditionalCheckFailedException)) throw e;
      });
  }
}
