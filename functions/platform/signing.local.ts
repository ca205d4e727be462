import { createPrivateKey, createPublicKey, sign as nodeSign, type KeyObject } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type JWK } from 'jose';
import { publicJwk, type Signer } from './signing';

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
