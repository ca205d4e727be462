import { GetPublicKeyCommand, type KMSClient, SignCommand } from '@aws-sdk/client-kms';
import { createPrivateKey, createPublicKey, sign as nodeSign, type KeyObject } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { calculateJwkThumbprint, exportJWK, type JWK } from 'jose';

/**
 * The e-seal's signer (DOMAIN E3, E5): ECDSA P-256 / SHA-256, signatures in the JOSE form (r‖s,
 * 64 bytes). One port, two adapters: AWS KMS (the private key never leaves KMS) and a local key
 * file under .local/keys. Key ids are RFC 7638 thumbprints of the public keys, so a verifier picks
 * the key from the JWKS by the `kid` of a token. Old keys stay verifiable after a rotation.
 */
export interface Signer {
  /** The key that signs now. */
  currentKeyId(): Promise<string>;
  sign(data: Uint8Array): Promise<{ kid: string; signature: Uint8Array }>;
  /** Every key that has signed and may still be presented (current first). */
  publicKeys(): Promise<JWK[]>;
}

const thumbprintKid = async (jwk: JWK): Promise<string> => calculateJwkThumbprint({ kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y });

async function publicJwk(key: KeyObject): Promise<JWK> {
  const jwk = await exportJWK(key);
  return { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y, alg: 'ES256', use: 'sig', kid: await thumbprintKid(jwk) };
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

/** KMS adapter: `keyArns` current first; earlier ones are kept for verification only. */
export class KmsSigner implements Signer {
  private keys?: Promise<{ arn: string; jwk: JWK }[]>;
  constructor(
    private readonly kms: KMSClient,
    private readonly keyArns: readonly string[],
  ) {
    if (!keyArns.length) throw new Error('at least one KMS key');
  }

  private load() {
    return (this.keys ??= Promise.all(
      this.keyArns.map(async (arn) => {
        const out = await this.kms.send(new GetPublicKeyCommand({ KeyId: arn }));
        return { arn, jwk: await publicJwk(createPublicKey({ key: Buffer.from(out.PublicKey!), format: 'der', type: 'spki' })) };
      }),
    ));
  }

  async currentKeyId(): Promise<string> {
    return (await this.load())[0]!.jwk.kid!;
  }

  async sign(data: Uint8Array): Promise<{ kid: string; signature: Uint8Array }> {
    const [current] = await this.load();
    const out = await this.kms.send(new SignCommand({ KeyId: current!.arn, Message: data, MessageType: 'RAW', SigningAlgorithm: 'ECDSA_SHA_256' }));
    return { kid: current!.jwk.kid!, signature: derToJose(out.Signature!) };
  }

  async publicKeys(): Promise<JWK[]> {
    return (await this.load()).map((k) => k.jwk);
  }
}

/** Local adapter: the P-256 keys in `dir` (`signing*.jwk.json`); the newest file signs. */
export class LocalSigner implements Signer {
  private readonly keys: { key: KeyObject; created: number }[];
  constructor(dir: string) {
    if (!existsSync(dir)) throw new Error(`no signing keys in ${dir}`);
    this.keys = readdirSync(dir)
      .filter((f) => /^signing.*\.jwk\.json$/.test(f))
      .map((f) => {
        const jwk = JSON.parse(readFileSync(join(dir, f), 'utf8')) as JWK & { created?: number };
        return { key: createPrivateKey({ key: jwk as never, format: 'jwk' }), created: jwk.created ?? 0 };
      })
      .sort((a, b) => b.created - a.created);
    if (!this.keys.length) throw new Error(`no signing keys in ${dir}`);
  }

  async currentKeyId(): Promise<string> {
    return (await publicJwk(createPublicKey(this.keys[0]!.key))).kid!;
  }

  async sign(data: Uint8Array): Promise<{ kid: string; signature: Uint8Array }> {
    const signature = nodeSign('sha256', data, { key: this.keys[0]!.key, dsaEncoding: 'ieee-p1363' });
    return { kid: await this.currentKeyId(), signature };
  }

  async publicKeys(): Promise<JWK[]> {
    return Promise.all(this.keys.map((k) => publicJwk(createPublicKey(k.key))));
  }
}
