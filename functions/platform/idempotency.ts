import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, type DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { Sealed } from './envelope';
import { DomainError } from './errors';

/**
 * `Idempotency-Key` for POSTs: the same key with the same request replays the first response;
 * the same key with a different request is 422; a key whose first request is still running is 409.
 * Records expire (DynamoDB TTL) after the configured retention. A claim holds the key only while
 * its invocation can still be running (the time Lambda has left, plus a margin): a request that
 * timed out or crashed frees its key for the client's retry within seconds, not a day.
 *
 * (Powertools' idempotency utility was weighed and not taken: it keys records on one static
 * partition per function — a hot partition at scale — keys on the payload rather than on the
 * client's header and the caller, and stores replies in clear, where ours are sealed when they
 * carry personal data.)
 */
export const IdempotencyKey = z
  .string()
  .min(8)
  .max(128)
  .regex(/^[\w.:-]+$/, 'use 8–128 characters of letters, digits, _ . : -');

export interface StoredResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  /** Instead of `body`, for routes whose answers carry personal data: the body sealed (platform/envelope.ts). */
  sealedBody?: Sealed;
}

export type Claim = { outcome: 'claimed' } | { outcome: 'replay'; response: StoredResponse };

export interface IdempotencyStore {
  /** `runningForMs`: how long the claiming invocation may still run (its remaining time). */
  claim(scope: string, key: string, fingerprint: string, now: Date, runningForMs: number): Promise<Claim>;
  complete(scope: string, key: string, response: StoredResponse): Promise<void>;
  release(scope: string, key: string): Promise<void>;
}

/** Clock skew and the time between a timeout and the runtime's last write. */
const LOCK_MARGIN_SECONDS = 5;

const keyOf = (scope: string, key: string) => ({ pk: `IDEMPOTENCY#${scope}#${key}`, sk: 'IDEMPOTENCY' });

export const keyReused = () => new DomainError('IDEMPOTENCY.KEY_REUSED', 'This Idempotency-Key was already used with a different request.');
export const stillRunning = () =>
  new DomainError('IDEMPOTENCY.IN_PROGRESS', 'The first request with this Idempotency-Key is still being processed; retry shortly.');

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
