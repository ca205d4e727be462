import canonicalize from 'canonicalize';
import { createHash } from 'node:crypto';

/** RFC 8785 canonical JSON: the one byte form we hash and sign. */
export function canonicalJson(value: unknown): string {
  const s = canonicalize(value);
  if (s === undefined) throw new TypeError('value cannot be canonicalized');
  return s;
}

export const sha256Hex = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');
