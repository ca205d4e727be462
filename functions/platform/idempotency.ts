import { DomainError } from './errors';
import * as z from 'zod';
import type { Sealed } from './envelope';

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
export const LOCK_MARGIN_SECONDS = 5;

export const keyReused = () => new DomainError('IDEMPOTENCY.KEY_REUSED', 'This Idempotency-Key was already used with a different request.');
export const stillRunning = () =>
  new DomainError('IDEMPOTENCY.IN_PROGRESS', 'The first request with this Idempotency-Key is still being processed; retry shortly.');
