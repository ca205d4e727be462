import { createHash, createPublicKey, verify as verifySignature } from 'node:crypto';
import type { JWK } from 'jose';
import { sm2Verify } from '../sm2';

/**
 * Checkpoints of the transparency log as signed notes (C2SP tlog-checkpoint and signed-note):
 *
 *     <origin>\n<tree size, decimal>\n<root hash, base64>\n
 *     \n
 *     — <key name> <base64(key id (4 bytes) ‖ signature)>\n
 *
 * The signature is the e-seal key's ECDSA P-256 / SHA-256 (or, in the mainland profile, SM2 over
 * SM3) over the body bytes, as r ‖ s (64 bytes); the key id is the first 4 bytes of SHA-256(key
 * name ‖ 0x0A ‖ type ‖ the key's uncompressed point (0x04 ‖ x ‖ y)), type 0x02 for ECDSA P-256
 * and 0xF2 for SM2 (a type of ours: signed-note leaves 0xF0–0xFF unassigned). The same keys as the
 * licences' seals, at /v1/public/keys.
 */
export const LOG_ORIGIN = 'powerpermit/audit-log/v1';
export const NOTE_KEY_NAME = 'powerpermit-e-seal';
const NOTE_KEY_TYPE: Record<string, number> = { 'P-256': 0x02, SM2: 0xf2 };

export const checkpointBody = (size: number, root: Uint8Array, origin = LOG_ORIGIN): string => `${origin}\n${size}\n${Buffer.from(root).toString('base64')}\n`;

export function parseCheckpoint(body: string): { origin: string; size: number; root: Buffer } {
  const [origin, size, root] = body.split('\n');
  if (!origin || !size || !/^\d+$/.test(size) || !root) throw new Error('not a checkpoint');
  return { origin, size: Number(size), root: Buffer.from(root, 'base64') };
}

/** The uncompressed point of a P-256 public key given as a JWK. */
const pointOf = (jwk: JWK): Buffer => Buffer.concat([Buffer.of(4), Buffer.from(jwk.x!, 'base64url'), Buffer.from(jwk.y!, 'base64url')]);

export const noteKeyId = (jwk: JWK, name = NOTE_KEY_NAME): Buffer =>
  createHash('sha256')
    .update(Buffer.concat([Buffer.from(name, 'utf8'), Buffer.of(0x0a, NOTE_KEY_TYPE[jwk.crv ?? ''] ?? 0), pointOf(jwk)]))
    .digest()
    .subarray(0, 4);

export const signedNote = (body: string, keyId: Uint8Array, signature: Uint8Array, name = NOTE_KEY_NAME): string =>
  `${body}\n— ${name} ${Buffer.concat([keyId, signature]).toString('base64')}\n`;

export function parseSignedNote(note: string): { body: string; signatures: { name: string; keyId: Buffer; signature: Buffer }[] } {
  const at = note.lastIndexOf('\n\n');
  if (at < 0) throw new Error('not a signed note');
  const body = note.slice(0, at + 1);
  const signatures = note
    .slice(at + 2)
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const m = /^— (\S+) ([A-Za-z0-9+/=]+)$/.exec(line);
      if (!m) throw new Error(`not a signature line: ${line}`);
      const bytes = Buffer.from(m[2]!, 'base64');
      return { name: m[1]!, keyId: bytes.subarray(0, 4), signature: bytes.subarray(4) };
    });
  return { body, signatures };
}

/** Whether one of the note's signatures is by one of `keys` (a JWKS's keys) under `name`; the body when so. */
export async function verifyNote(note: string, keys: readonly JWK[], name = NOTE_KEY_NAME): Promise<string | undefined> {
  const { body, signatures } = parseSignedNote(note);
  for (const s of signatures.filter((x) => x.name === name))
    for (const jwk of keys.filter((k) => k.kty === 'EC' && k.crv! in NOTE_KEY_TYPE && noteKeyId(k, name).equals(s.keyId))) {
      if (jwk.crv === 'SM2') {
        if (await sm2Verify(Buffer.from(body, 'utf8'), s.signature, jwk)) return body;
        continue;
      }
      const key = createPublicKey({ key: { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y }, format: 'jwk' });
      if (verifySignature('sha256', Buffer.from(body, 'utf8'), { key, dsaEncoding: 'ieee-p1363' }, s.signature)) return body;
    }
  return undefined;
}
