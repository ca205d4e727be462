import { canonicalJson, sha256Hex } from '../../platform/hash';
import type { Signer } from '../../platform/signing';
import type { License } from './license';

/**
 * The electronic license and its seal (DOMAIN E1, E3; docs/e-license-format.md). One record, two
 * signed forms: the full payload as a compact JWS (the electronic license), and a short token for
 * the QR code on paper that names the license, its version and validity and binds the full payload
 * by its digest. Both are JWS (ES256, or SM2 in the mainland profile) whose payload bytes are RFC 8785
 * canonical JSON.
 */
export const LICENSE_FORMAT = 'powerpermit.license/1';
export const QR_FORMAT = 'pp1';

export interface LicensePayload {
  format: typeof LICENSE_FORMAT;
  licenseNo: string;
  version: number;
  licenseClass: string;
  level?: number;
  scope: string;
  holder: { name: string; uscc: string; regionCode: string };
  issuer: { agencyId: string };
  validFrom: string;
  validUntil: string;
  issuedAt: string;
}

export function licensePayload(l: License, issuedAt: string): LicensePayload {
  return {
    format: LICENSE_FORMAT,
    licenseNo: l.licenseNo,
    version: l.version,
    licenseClass: l.licenseClass,
    ...(l.level ? { level: l.level } : {}),
    scope: l.scope,
    holder: { name: l.holder.name, uscc: l.holder.uscc, regionCode: l.holder.regionCode },
    issuer: { agencyId: l.agencyId },
    validFrom: l.validFrom,
    validUntil: l.validUntil,
    issuedAt,
  };
}

/** The QR token's claims: short keys keep the code small enough to scan from paper. */
export interface QrClaims {
  f: typeof QR_FORMAT;
  n: string; // license number
  v: number; // version
  u: string; // holder's unified social credit code
  a: string; // valid from
  b: string; // valid until
  d: string; // first 16 bytes of SHA-256 of the canonical full payload, base64url
}

export function qrClaims(p: LicensePayload): QrClaims {
  return { f: QR_FORMAT, n: p.licenseNo, v: p.version, u: p.holder.uscc, a: p.validFrom, b: p.validUntil, d: payloadDigest(p) };
}

export const payloadDigest = (p: LicensePayload): string =>
  Buffer.from(sha256Hex(canonicalJson(p)), 'hex')
    .subarray(0, 16)
    .toString('base64url');

const b64 = (s: string | Uint8Array) => Buffer.from(s).toString('base64url');

/** A compact JWS over canonical JSON, signed by the platform's signer (KMS or local). */
export async function signCompact(
  payload: object,
  signer: Pick<Signer, 'algorithm' | 'currentKeyId' | 'sign'>,
  typ: string,
): Promise<{ jws: string; kid: string }> {
  const kid = await signer.currentKeyId();
  const input = `${b64(canonicalJson({ alg: signer.algorithm, kid, typ }))}.${b64(canonicalJson(payload))}`;
  const signed = await signer.sign(Buffer.from(input));
  if (signed.kid !== kid) throw new Error('the signing key rotated while signing; sign again');
  return { jws: `${input}.${b64(signed.signature)}`, kid };
}

/** Seals one version of a license: the electronic license and the QR token, by the same key. */
export async function sealLicense(l: License, issuedAt: string, signer: Pick<Signer, 'algorithm' | 'currentKeyId' | 'sign'>): Promise<Seal> {
  const payload = licensePayload(l, issuedAt);
  const full = await signCompact(payload, signer, 'pp-license+jws');
  const qr = await signCompact(qrClaims(payload), signer, 'pp-qr+jws');
  return { version: l.version, kid: full.kid, jws: full.jws, qr: qr.jws, payloadDigest: payloadDigest(payload) };
}

export interface Seal {
  version: number;
  kid: string;
  /** The electronic license: JWS over the canonical full payload. */
  jws: string;
  /** The paper license's QR text: JWS over the short claims. */
  qr: string;
  payloadDigest: string;
}
