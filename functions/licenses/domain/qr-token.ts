import { base32nopad, base64urlnopad } from '@scure/base';
import type { JWK } from 'jose';
import { sm2Verify } from '../../platform/sm2';

/**
 * The QR token of format 2 (docs/e-license-format.md "QR code"), read and verified the same way on the
 * server (POST /v1/public/verifications) and in the citizen's browser (the verification page): Web
 * Crypto for ES256, the seal's SM2 verifier (platform/sm2.ts) for SM2, nothing of Node's.
 *
 * `2.<key>.<licence no>.<version>.<credit code>.<valid from>.<valid until>.<digest>.<signature>`
 */
export interface QrToken {
  licenseNo: string;
  version: number;
  uscc: string;
  validFrom: string;
  validUntil: string;
  /** base32 of the first 10 bytes of SHA-256 of the canonical full payload: binds the QR to its electronic licence. */
  digest: string;
  keyRef: string;
  /** The ASCII bytes the signature is over. */
  signed: Uint8Array;
  signature: Uint8Array;
}

const SHAPE = /^2\.([A-Z2-7]{8})\.([A-Z]{1,2}\d?-[A-Z]{2}-\d{4}-\d{6}[0-9A-Z])\.(\d{1,4})\.([0-9A-Z]{18})\.(\d{8})\.(\d{8})\.([A-Z2-7]{16})\.([A-Z2-7]{103})$/;
const isoDate = (d: string) => `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6)}`;

/** The token's parts, or undefined when it is not a format-2 token (letters of either case: some scanners lower them). */
export function parseQrToken(text: string): QrToken | undefined {
  const token = text.trim().toUpperCase();
  const m = SHAPE.exec(token);
  if (!m) return undefined;
  const [, keyRef, licenseNo, version, uscc, from, until, digest, signature] = m as unknown as string[];
  return {
    keyRef: keyRef!,
    licenseNo: licenseNo!,
    version: Number(version),
    uscc: uscc!,
    validFrom: isoDate(from!),
    validUntil: isoDate(until!),
    digest: digest!,
    signed: new TextEncoder().encode(token.slice(0, token.lastIndexOf('.'))),
    signature: base32nopad.decode(signature!),
  };
}

/**
 * What the paper licence's QR code holds: the verification page at `/V/<token>` of the public site, in upper case
 * (host names and the scheme are case-blind; the site takes `/V/` and `/v/`) so that the whole address is in the
 * QR code's alphanumeric alphabet.
 */
export const verificationUrl = (publicBaseUrl: string, token: string): string => `${publicBaseUrl.replace(/\/$/, '').toUpperCase()}/V/${token}`;

/** A key's short reference in QR tokens: the first 8 base32 characters of its RFC 7638 thumbprint (its kid). */
export const keyRef = (kid: string): string => base32nopad.encode(base64urlnopad.decode(kid)).slice(0, 8);

export type QrVerified = { authentic: true; kid: string; token: QrToken } | { authentic: false; reason: string };

/** Whether a format-2 token was signed by one of the issuing keys (a JWKS as GET /v1/public/keys publishes it). */
export async function verifyQrToken(text: string, keys: readonly JWK[]): Promise<QrVerified> {
  const token = parseQrToken(text);
  if (!token) return { authentic: false, reason: 'not a licence QR token' };
  const key = keys.find((k) => k.kid && keyRef(k.kid) === token.keyRef);
  if (!key?.kid) return { authentic: false, reason: 'signed by a key that is not one of the issuing keys' };
  const valid = key.alg === 'SM2' ? await sm2Verify(token.signed, token.signature, key) : key.alg === 'ES256' ? await es256(token, key) : false;
  return valid
    ? { authentic: true, kid: key.kid, token }
    : { authentic: false, reason: 'the signature does not verify: the content was changed or it was not signed by the issuer' };
}

async function es256(t: QrToken, key: JWK): Promise<boolean> {
  try {
    const subtle = globalThis.crypto.subtle;
    const publicKey = await subtle.importKey('jwk', { kty: 'EC', crv: 'P-256', x: key.x, y: key.y }, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
    return await subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, publicKey, t.signature as Uint8Array<ArrayBuffer>, t.signed as Uint8Array<ArrayBuffer>);
  } catch {
    return false;
  }
}
