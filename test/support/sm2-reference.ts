import { base32nopad } from '@scure/base';
import { createHash, verify as nodeVerify } from 'node:crypto';
import { compactVerify, createLocalJWKSet, type JWK } from 'jose';

/**
 * An SM2 signature verifier written from the standard alone (GB/T 32918.2-2016 §7.1, curve of
 * GB/T 32918.5), with SM3 from OpenSSL (node:crypto): plain BigInt affine arithmetic, nothing shared
 * with the platform's signing code. Slow and simple on purpose — it checks the platform's seals.
 */
const P = BigInt('0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFF');
const A = BigInt('0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFC');
const B = BigInt('0x28E9FA9E9D9F5E344D5A9E4BCF6509A7F39789F515AB8F92DDBCBD414D940E93');
const N = BigInt('0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123');
const G = {
  x: BigInt('0x32C4AE2C1F1981195F9904466A39C9948FE30BBFF2660BE1715A4589334C74C7'),
  y: BigInt('0xBC3736A2F4F6779C59BDCEE36B692153D0A9877CC62A474002DF32E52139F0A0'),
};
type Point = { x: bigint; y: bigint } | null;

const mod = (a: bigint, m = P) => ((a % m) + m) % m;
const inv = (a: bigint): bigint => {
  // Fermat: a^(p-2) mod p.
  let [result, base, e] = [1n, mod(a), P - 2n];
  for (; e > 0n; e >>= 1n, base = (base * base) % P) if (e & 1n) result = (result * base) % P;
  return result;
};
function add(p: Point, q: Point): Point {
  if (!p) return q;
  if (!q) return p;
  if (p.x === q.x && mod(p.y + q.y) === 0n) return null;
  const l = p.x === q.x ? mod((3n * p.x * p.x + A) * inv(2n * p.y)) : mod((q.y - p.y) * inv(q.x - p.x));
  const x = mod(l * l - p.x - q.x);
  return { x, y: mod(l * (p.x - x) - p.y) };
}
function times(k: bigint, p: Point): Point {
  let r: Point = null;
  for (let q = p; k > 0n; k >>= 1n, q = add(q, q)) if (k & 1n) r = add(r, q);
  return r;
}

const bytes32 = (v: bigint) => Buffer.from(v.toString(16).padStart(64, '0'), 'hex');
const int = (b: Uint8Array) => BigInt(`0x${Buffer.from(b).toString('hex') || '0'}`);
const sm3 = (...parts: Uint8Array[]) => createHash('sm3').update(Buffer.concat(parts)).digest();

/** Whether `signature` (r ‖ s) is the SM2 signature of `message` by the key (x, y) under the distinguishing id. */
export function verifySm2(message: Uint8Array, signature: Uint8Array, key: { x: Uint8Array; y: Uint8Array }, id = '1234567812345678'): boolean {
  const r = int(signature.subarray(0, 32));
  const s = int(signature.subarray(32, 64));
  if (signature.length !== 64 || r < 1n || r >= N || s < 1n || s >= N) return false;
  const idBytes = Buffer.from(id, 'utf8');
  const entl = Buffer.from([(idBytes.length * 8) >> 8, (idBytes.length * 8) & 0xff]);
  const z = sm3(entl, idBytes, bytes32(A), bytes32(B), bytes32(G.x), bytes32(G.y), key.x, key.y);
  const e = int(sm3(z, message));
  const t = mod(r + s, N);
  if (t === 0n) return false;
  const point = add(times(s, G), times(t, { x: int(key.x), y: int(key.y) }));
  return point !== null && mod(e + point.x, N) === r;
}

/**
 * Verifies a compact JWS from the published keys alone, as an offline verifier would from
 * docs/e-license-format.md: ES256 with a standard JOSE library, SM2 with the reference above.
 * Resolves to the payload bytes; rejects when the signature does not verify.
 */
export async function verifyOffline(token: string, keys: JWK[]): Promise<{ payload: Uint8Array; alg: string }> {
  if (token.startsWith('2.')) return verifyQrFormat2(token, keys);
  const [header, payload, signature] = token.split('.');
  const { alg, kid } = JSON.parse(Buffer.from(header!, 'base64url').toString('utf8')) as { alg: string; kid: string };
  if (alg === 'ES256') return { payload: (await compactVerify(token, createLocalJWKSet({ keys }))).payload, alg };
  const key = keys.find((k) => k.kid === kid && k.alg === 'SM2' && k.crv === 'SM2');
  if (alg !== 'SM2' || !key) throw new Error(`no ${alg} key ${kid}`);
  const ok = verifySm2(Buffer.from(`${header}.${payload}`, 'ascii'), Buffer.from(signature!, 'base64url'), {
    x: Buffer.from(key.x!, 'base64url'),
    y: Buffer.from(key.y!, 'base64url'),
  });
  if (!ok) throw new Error('the SM2 signature does not verify');
  return { payload: Buffer.from(payload!, 'base64url'), alg };
}

/**
 * A QR token of format 2, from docs/e-license-format.md alone: nine dot-separated fields; the key is
 * the one whose thumbprint's base32 begins with the second; the signature (base32 r‖s) is over the
 * ASCII bytes before the last dot. Returns the fields as the format-1 claims name them.
 */
async function verifyQrFormat2(token: string, keys: JWK[]): Promise<{ payload: Uint8Array; alg: string }> {
  const fields = token.split('.');
  if (fields.length !== 9) throw new Error('a format-2 QR token has nine fields');
  const [, keyRef, n, v, u, a, b, d, signature] = fields as [string, string, string, string, string, string, string, string, string];
  const key = keys.find((k) => base32nopad.encode(Buffer.from(k.kid!, 'base64url')).startsWith(keyRef));
  if (!key) throw new Error(`no key ${keyRef}`);
  const signed = Buffer.from(fields.slice(0, 8).join('.'), 'ascii');
  const sig = Buffer.from(base32nopad.decode(signature));
  const ok =
    key.alg === 'SM2'
      ? verifySm2(signed, sig, { x: Buffer.from(key.x!, 'base64url'), y: Buffer.from(key.y!, 'base64url') })
      : nodeVerify('sha256', signed, { key: { kty: 'EC', crv: 'P-256', x: key.x!, y: key.y! }, format: 'jwk', dsaEncoding: 'ieee-p1363' }, sig);
  if (!ok) throw new Error(`the ${key.alg} signature does not verify`);
  const date = (s: string) => `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6)}`;
  return { payload: Buffer.from(JSON.stringify({ f: '2', n, v: Number(v), u, a: date(a), b: date(b), d })), alg: key.alg! };
}
