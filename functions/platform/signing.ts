import { type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, type JWK } from 'jose';
import * as z from 'zod';

/**
 * The e-seal's signer (DOMAIN E3, E5): ES256 (ECDSA P-256 / SHA-256) in the global profile, SM2
 * (over SM3, platform/sm2.ts) in the mainland profile; signatures in the JOSE form (r‖s, 64 bytes)
 * either way. One port, two adapters: AWS KMS (the private key never leaves KMS) and a local key
 * file under .local/keys. Key ids are RFC 7638 thumbprints of the public keys, so a verifier picks
 * the key from the JWKS by the `kid` of a token. Old keys stay verifiable after a rotation.
 */
export const SealAlgorithm = z.enum(['ES256', 'SM2']);
export type SealAlgorithm = z.infer<typeof SealAlgorithm>;

export interface Signer {
  /** The JWS `alg` of its signatures. */
  readonly algorithm: SealAlgorithm;
  /** The key that signs now. */
  currentKeyId(): Promise<string>;
  sign(data: Uint8Array): Promise<{ kid: string; signature: Uint8Array }>;
  /** Every key that has signed and may still be presented (current first). */
  publicKeys(): Promise<JWK[]>;
}

export const thumbprintKid = async (jwk: JWK): Promise<string> => calculateJwkThumbprint({ kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y });

export async function publicJwk(key: KeyObject): Promise<JWK> {
  return sealJwk(await exportJWK(key), 'ES256');
}

/** The published form of a seal key: its public point, what it signs with, and its thumbprint as `kid`. */
export async function sealJwk(jwk: JWK, alg: SealAlgorithm): Promise<JWK> {
  return { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y, alg, use: 'sig', kid: await thumbprintKid(jwk) };
}

/** DER ECDSA signature (as KMS returns it) → JOSE r‖s. */
export function derToJose(der: Uint8Array): Uint8Array {
  const buf = Buffer.from(der);
  let i = 2 + (buf[1]! & 0x80 ? buf[1]! & 0x7f : 0);
  const int = () => {
    if (buf[i++] !== 0x02) throw new Error('not a DER ECDSA signature');
    const len = buf[i++]!;
    let v = buf.subarray(i, i + len);
    i += len;
    while (v.length > 32 && v[0] === 0) v = v.subarray(1);
    return Buffer.concat([Buffer.alloc(32 - v.length), v]);
  };
  return Buffer.concat([int(), int()]);
}
