import { base32nopad } from '@scure/base';
import { canonicalJson, sha256Hex } from '../../platform/hash';
import { keyRef } from '../../licenses/domain/qr-token';
import type { Signer } from '../../platform/signing';
import type { License } from './license';

/**
 * The electronic license and its seal (DOMAIN E1, E3; docs/e-license-format.md). One record, two
 * signed forms: the full payload as a compact JWS (ES256, or SM2 in the mainland profile, over RFC
 * 8785 canonical JSON: the electronic license), and a short token for the QR code on paper that
 * names the license, its holder, version and validity and binds the full payload by its digest.
 * The QR token (format 2) is written in the QR code's alphanumeric alphabet so that the verification
 * URL holding it stays a small code a phone reads from paper; format-1 tokens (JWS) keep verifying.
 */
export const LICENSE_FORMAT = 'powerpermit.license/1';
export const QR_FORMAT = '2';
/** The QR token of format 1 (a compact JWS of short claims), issued until December 2026. */
export const QR_FORMAT_1 = 'pp1';

export interface LicensePayload {
  format: typeof LICENSE_FORMAT;
  licenseNo: string;
  version: number;
  licenseClass: string;
  level?: number;
  scope: string;
  holder: { name: string; uscc: string; regionCode: string; legalRepresentative?: string; address?: string };
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
    holder: {
      name: l.holder.name,
      uscc: l.holder.uscc,
      regionCode: l.holder.regionCode,
      ...(l.holder.legalRepresentative ? { legalRepresentative: l.holder.legalRepresentative } : {}),
      ...(l.holder.address ? { address: l.holder.address } : {}),
    },
    issuer: { agencyId: l.agencyId },
    validFrom: l.validFrom,
    validUntil: l.validUntil,
    issuedAt,
  };
}

/** The claims of a format-1 QR token (a JWS; verified still, no longer issued). */
export interface QrClaims {
  f: typeof QR_FORMAT_1;
  n: string; // license number
  v: number; // version
  u: string; // holder's unified social credit code
  a: string; // valid from
  b: string; // valid until
  d: string; // first 16 bytes of SHA-256 of the canonical full payload, base64url
}

export function qrClaims(p: LicensePayload): QrClaims {
  return { f: QR_FORMAT_1, n: p.licenseNo, v: p.version, u: p.holder.uscc, a: p.validFrom, b: p.validUntil, d: payloadDigest(p) };
}

/**
 * The QR token, format 2: `2.<key>.<licence no>.<version>.<credit code>.<valid from>.<valid until>.<digest>.<signature>`,
 * dates as YYYYMMDD, `key` the first 8 characters of the base32 of the signing key's RFC 7638 thumbprint (its kid),
 * `digest` base32 of the first 10 bytes of SHA-256 of the canonical full payload, and the signature (r‖s, ES256 or
 * SM2 as the seal) over the ASCII bytes before its dot, base32. Base32 (RFC 4648, no padding) and upper-case
 * letters, digits, `-` and `.` only: the QR code's alphanumeric mode, 5.5 bits a character.
 */
export async function qrToken(p: LicensePayload, signer: Pick<Signer, 'currentKeyId' | 'sign'>): Promise<{ token: string; kid: string }> {
  const kid = await signer.currentKeyId();
  const digest = base32nopad.encode(Buffer.from(sha256Hex(canonicalJson(p)), 'hex').subarray(0, 10));
  const body = [QR_FORMAT, keyRef(kid), p.licenseNo, String(p.version), p.holder.uscc, compactDate(p.validFrom), compactDate(p.validUntil), digest].join('.');
  const signed = await signer.sign(Buffer.from(body, 'ascii'));
  if (signed.kid !== kid) throw new Error('the signing key rotated while signing; sign again');
  return { token: `${body}.${base32nopad.encode(signed.signature)}`, kid };
}

const compactDate = (d: string) => d.replace(/-/g, '');

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
  const qr = await qrToken(payload, signer);
  if (qr.kid !== full.kid) throw new Error('the signing key rotated while sealing; seal again');
  return { version: l.version, kid: full.kid, jws: full.jws, qr: qr.token, payloadDigest: payloadDigest(payload) };
}

export interface Seal {
  version: number;
  kid: string;
  /** The electronic license: JWS over the canonical full payload. */
  jws: string;
  /** The paper license's QR token (format 2; format-1 JWS in seals made before December 2026). */
  qr: string;
  payloadDigest: string;
}
