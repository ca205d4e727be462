import { createPrivateKey, createPublicKey, sign as nodeSign } from 'node:crypto';
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
  }

  async currentKeyId(): Promise<string> {
    return (await sealJwk(this.keys[0]!, this.algorithm)).kid!;
  }

  async sign(data: Uint8Array): Promise<{ kid: string; signature: Uint8Array }> {
    const key = this.keys[0]!;
    const signature =
      this.algorithm === 'SM2'
        ? await sm2Sign(data, key)
        : nodeSign('sha256', data, { key: createPrivateKey({ key: key as never, format: 'jwk' }), dsaEncoding: 'ieee-p1363' });
    return { kid: await this.currentKeyId(), signature };
  }

  async publicKeys(): Promise<JWK[]> {
    return Promise.all(
      this.keys.map((k) =>
        sealJwk(this.algorithm === 'SM2' ? k : (createPublicKey({ key: k as never, format: 'jwk' }).export({ format: 'jwk' }) as JWK), this.algorithm),
      ),
    );
  }
}
