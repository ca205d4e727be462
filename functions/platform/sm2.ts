import { base64urlnopad, hex } from '@scure/base';
import type { JWK } from 'jose';

/**
 * SM2 signatures (GM/T 0003.2, GB/T 32918.2) over SM3 digests (GM/T 0004): e = SM3(Z ‖ M), where Z
 * binds the signer's public key under the default distinguishing ID `1234567812345678` (GM/T 0009),
 * as KMS's SM2DSA computes it for raw messages. Signatures are r ‖ s, 32 bytes each (the JOSE form),
 * keys JWKs of `kty: EC, crv: SM2` (docs/e-license-format.md). The arithmetic is sm-crypto-v2's,
 * loaded on first use: a function that never signs or verifies SM2 does not bundle it (its module
 * has top-level effects esbuild cannot drop, ~56 KiB). No Node API: the verification page runs it too.
 */
const library = async () => (await import('sm-crypto-v2')).sm2;
export const SM2_USER_ID = '1234567812345678';

const hex32 = (b64url: string) => hex.encode(base64urlnopad.decode(b64url)).padStart(64, '0');
/** The uncompressed point 04 ‖ x ‖ y of an SM2 JWK, hex, as sm-crypto-v2 takes it. */
const pointHex = (jwk: Pick<JWK, 'x' | 'y'>): string => `04${hex32(jwk.x!)}${hex32(jwk.y!)}`;

export async function sm2Sign(data: Uint8Array, privateKey: Pick<JWK, 'd' | 'x' | 'y'>): Promise<Uint8Array> {
  const signature = (await library()).doSignature(data, hex32(privateKey.d!), { hash: true, der: false, publicKey: pointHex(privateKey), userId: SM2_USER_ID });
  return hex.decode(signature);
}

export async function sm2Verify(data: Uint8Array, signature: Uint8Array, publicKey: Pick<JWK, 'x' | 'y'>): Promise<boolean> {
  if (signature.length !== 64) return false;
  const sm2 = await library();
  try {
    return sm2.doVerifySignature(data, hex.encode(signature), pointHex(publicKey), { hash: true, der: false, userId: SM2_USER_ID });
  } catch {
    return false;
  }
}

/** The SM2 public key of an SPKI (as KMS's GetPublicKey returns it): its last 65 bytes are 04 ‖ x ‖ y. */
export function sm2JwkOfSpki(spki: Uint8Array): JWK {
  const point = Buffer.from(spki).subarray(-65);
  if (point[0] !== 4) throw new Error('not an uncompressed SM2 public key');
  return { kty: 'EC', crv: 'SM2', x: point.subarray(1, 33).toString('base64url'), y: point.subarray(33).toString('base64url') };
}
