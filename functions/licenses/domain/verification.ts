import { compactVerify, createLocalJWKSet, decodeProtectedHeader, type JWK } from 'jose';
import type { License } from '../../licensing/domain/license';
import { sm2Verify } from '../../platform/sm2';
import { parseQrToken, verifyQrToken } from './qr-token';

/**
 * Verifying a sealed license (E3): pure apart from the crypto. A token is authentic when its
 * signature (ES256, or SM2 over SM3) verifies with the key its `kid` names in the published key
 * set, that key being one of its `alg`; what it says
 * is then compared with the license's current record for the status.
 */
export type Verified =
  | { authentic: true; kind: 'electronic-license' | 'qr'; kid: string; licenseNo: string; version: number; claims: Record<string, unknown> }
  | { authentic: false; reason: string };

export async function verifySealed(token: string, keys: JWK[]): Promise<Verified> {
  if (parseQrToken(token)) {
    const v = await verifyQrToken(token, keys);
    if (!v.authentic) return v;
    const t = v.token;
    // The claims as a format-1 QR names them, so that a verifier reads either format the same way.
    const claims = { f: '2', n: t.licenseNo, v: t.version, u: t.uscc, a: t.validFrom, b: t.validUntil, d: t.digest };
    return { authentic: true, kind: 'qr', kid: v.kid, licenseNo: t.licenseNo, version: t.version, claims };
  }
  let typ: unknown;
  let kid: unknown;
  let alg: unknown;
  try {
    ({ typ, kid, alg } = decodeProtectedHeader(token));
  } catch {
    return { authentic: false, reason: 'not a compact JWS' };
  }
  const key = keys.find((k) => k.kid === kid);
  if (typeof kid !== 'string' || !key) return { authentic: false, reason: 'signed by a key that is not one of the issuing keys' };
  if (alg !== key.alg) return { authentic: false, reason: `the token says ${String(alg)}, its key signs with ${String(key.alg)}` };
  try {
    const payload =
      alg === 'SM2' ? await verifiedSm2(token, key) : (await compactVerify(token, createLocalJWKSet({ keys: [key] }), { algorithms: ['ES256'] })).payload;
    const claims = JSON.parse(Buffer.from(payload).toString('utf8')) as Record<string, unknown>;
    if (typ === 'pp-qr+jws') return { authentic: true, kind: 'qr', kid, licenseNo: String(claims.n), version: Number(claims.v), claims };
    if (typ === 'pp-license+jws')
      return { authentic: true, kind: 'electronic-license', kid, licenseNo: String(claims.licenseNo), version: Number(claims.version), claims };
    return { authentic: false, reason: `unknown token type ${String(typ)}` };
  } catch {
    return { authentic: false, reason: 'the signature does not verify: the content was changed or it was not signed by the issuer' };
  }
}

/** The payload of an SM2-sealed compact JWS whose signature verifies with `key`; throws when it does not. */
async function verifiedSm2(token: string, key: JWK): Promise<Uint8Array> {
  const [header, payload, signature, ...rest] = token.split('.');
  if (!header || !payload || !signature || rest.length) throw new Error('not a compact JWS');
  if (!(await sm2Verify(Buffer.from(`${header}.${payload}`), Buffer.from(signature, 'base64url'), key))) throw new Error('signature');
  return Buffer.from(payload, 'base64url');
}

/** The status to show today: a valid license past its last day is expired even before the sweep records it. */
export function effectiveStatus(l: Pick<License, 'status' | 'validUntil'>, today: string): License['status'] {
  return l.status === 'valid' && l.validUntil < today ? 'expired' : l.status;
}
