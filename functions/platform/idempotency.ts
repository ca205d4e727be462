import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, type DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { DomainError } from './errors';

/**
 * `Idempotency-Key` for POSTs: the same key with the same request replays the first response;
 * the same key with a different request is 422; a key whose first request is still running is 409.
 * Records expire (DynamoDB TTL) after the configured retention.
 */
export const IdempotencyKey = z.string().min(8).max(128).regex(/^[\w.:-]+$/, 'use 8–128 characters of letters, digits, _ . : -');

export interface StoredResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

export type Claim = { outcome: 'claimed' } | { outcome: 'replay'; response: StoredResponse };

export interface IdempotencyStore {
  claim(scope: string, key: string, fingerprint: string, now: Date): Promise<Claim>;
  complete(scope: string, key: string, response: StoredResponse): Promise<void>;
  release(scope: string, key: string): Promise<void>;
}

const keyOf = (scope: string, key: string) => ({ pk: `IDEMPOTENCY#${scope}#${key}`, sk: 'IDEMPOTENCY' });

export const keyReused = () =>
  new DomainError('IDEMPOTENCY.KEY_REUSED', 'unprocessable', 'This Idempotency-Key was already used with a different request.');
export const stillRunning = () =>
  new DomainError('IDEMPOTENCY.IN_PROGRESS', 'conflict', 'The first request with this Idempotency-Key is still being processed; retry shortly.');

export class DynamoIdempotencyStore implements IdempotencyStore {
  constructor(
    private readonly ddb: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly retentionHours: number,
  ) {}

  async claim(scope: string, key: string, fingerprint: string, now: Date): Promise<Claim> {
    const nowSec = Math.floor(now.getTime() / 1000);
    try {
      await this.ddb.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...keyOf(scope, key), kind: 'idempotency', status: 'in-progress', fingerprint, createdAt: now.toISOString(), expiresAt: nowSec + this.retentionHours * 3600 },
          // An expired record that TTL has not swept yet counts as absent.
          ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
          ExpressionAttributeValues: { ':now': nowSec },
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
