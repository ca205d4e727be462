import canonicalize from 'canonicalize';
import { createHash } from 'node:crypto';

/** RFC 8785 canonical JSON: the one byte form we hash and sign. */
export function canonicalJson(value: unknown): string {
  const s = canonicalize(value);
  if (s === undefined) throw new TypeError('value cannot be canonicalized');
  return s;
}

export const sha256Hex = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');

/** A stable shard in 0…shards-1 for an id: how a hot index partition or counter is spread over several. */
export const shardOf = (id: string, shards: number): number => Number.parseInt(sha256Hex(id).slice(0, 8), 16) % shards;
