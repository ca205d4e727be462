import { compactVerify, createLocalJWKSet, decodeProtectedHeader, type JWK } from 'jose';
import type { License } from '../../licensing/domain/license';

/**
 * Verifying a sealed license (E3): pure apart from the crypto. A token is authentic when its
 * ES256 signature verifies with the key its `kid` names in the published key set; what it says
 * is then compared with the license's current record for the status.
 */
export type Verified =
  | { authentic: true; kind: 'electronic-license' | 'qr'; kid: string; licenseNo: string; version: number; claims: Record<string, unknown> }
  | { authentic: false; reason: string };

export async function verifySealed(token: string, keys: JWK[]): Promise<Verified> {
  let typ: unknown;
  let kid: unknown;
  try {
    ({ typ, kid } = decodeProtectedHeader(token));
  } catch {
    return { authentic: false, reason: 'not a compact JWS' };
  }
  if (typeof kid !== 'string' || !keys.some((k) => k.kid === kid)) return { authentic: false, reason: 'signed by a key that is not one of the issuing keys' };
  try {
    const { payload } = await compactVerify(token, createLocalJWKSet({ keys }), { algorithms: ['ES256'] });
    const claims = JSON.parse(Buffer.from(payload).toString('utf8')) as Record<string, unknown>;
    if (typ === 'pp-qr+jws') return { authentic: true, kind: 'qr', kid, licenseNo: String(claims.n), version: Number(claims.v), claims };
    if (typ === 'pp-license+jws')
      return { authentic: true, kind: 'electronic-license', kid, licenseNo: String(claims.licenseNo), version: Number(claims.version), claims };
    return { authentic: false, reason: `unknown token type ${String(typ)}` };
  } catch {
    return { authentic: false, reason: 'the signature does not verify: the content was changed or it was not signed by the issuer' };
  }
}

/** The status to show today: a valid license past its last day is expired even before the sweep records it. */
export function effectiveStatus(l: Pick<License, 'status' | 'validUntil'>, today: string): License['status'] {
  return l.status === 'valid' && l.validUntil < today ? 'expired' : l.status;
}
