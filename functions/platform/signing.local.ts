import { createPrivateKey, type KeyObject, sign as nodeSign } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type JWK } from 'jose';
import { type SealAlgorithm, sealJwk, type Signer } from './signing';
import { sm2Sign } from './sm2';

/** The key files of each algorithm in a local key directory (local/keys.ts writes them). */
export const LOCAL_KEY_FILES: Record<SealAlgorithm, RegExp> = { ES256: /^signing.*\.jwk\.json$/, SM2: /^sm2-signing.*\.jwk\.json$/ };

/** Local adapter: the keys of `algorithm` in `dir`; the newest file signs. */
export class LocalSigner implements Signer {
  private readonly keys: (JWK & { created?: number })[];
  /** The ES256 signing key as Node takes it, made once (a private key object per signature costs at every issuance). */
  private readonly es256?: KeyObject;
  constructor(
    dir: string,
    readonly algorithm: SealAlgorithm = 'ES256',
  ) {
    if (!existsSync(dir)) throw new Error(`no signing keys in ${dir}`);
    this.keys = readdirSync(dir)
      .filter((f) => LOCAL_KEY_FILES[algorithm].test(f))
      .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as JWK & { created?: number })
      .sort((a, b) => (b.created ?? 0) - (a.created ?? 0));
    if (!this.keys.length) throw new Error(`no ${algorithm} signing keys in ${dir}`);
    if (algorithm === 'ES256') this.es256 = createPrivateKey({ key: this.keys[0] as never, format: 'jwk' });
  }

  private kid?: Promise<string>;
  currentKeyId(): Promise<string> {
    return (this.kid ??= sealJwk(this.keys[0]!, this.algorithm).then((jwk) => jwk.kid!));
  }

  async sign(data: Uint8Array): Promise<{ kid: string; signature: Uint8Array }> {
    const key = this.keys[0]!;
    const signature = this.es256 ? nodeSign('sha256', data, { key: this.es256, dsaEncoding: 'ieee-p1363' }) : await sm2Sign(data, key);
    return { kid: await this.currentKeyId(), signature };
  }

  async publicKeys(): Promise<JWK[]> {
    // The published form takes the public point (x, y) of each private JWK.
    return Promise.all(this.keys.map((k) => sealJwk(k, this.algorithm)));
  }
}
