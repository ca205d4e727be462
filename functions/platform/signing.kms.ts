import { GetPublicKeyCommand, type KMSClient, SignCommand } from '@aws-sdk/client-kms';
import { createPublicKey } from 'node:crypto';
import { type JWK } from 'jose';
import { derToJose, publicJwk, type SealAlgorithm, sealJwk, type Signer } from './signing';
import { sm2JwkOfSpki } from './sm2';

/**
 * KMS adapter: `keyArns` current first; earlier ones are kept for verification only. ES256 keys
 * are ECC_NIST_P256 (ECDSA_SHA_256); SM2 keys are key spec SM2 (SM2DSA, offered in the China
 * regions), for which KMS computes the SM3 digest of a raw message with the default distinguishing
 * ID, as platform/sm2.ts verifies it.
 */
export class KmsSigner implements Signer {
  private keys?: Promise<{ arn: string; jwk: JWK }[]>;
  constructor(
    private readonly kms: KMSClient,
    private readonly keyArns: readonly string[],
    readonly algorithm: SealAlgorithm = 'ES256',
  ) {
    if (!keyArns.length) throw new Error('at least one KMS key');
  }

  private load() {
    return (this.keys ??= Promise.all(
      this.keyArns.map(async (arn) => {
        const out = await this.kms.send(new GetPublicKeyCommand({ KeyId: arn }));
        const spki = Buffer.from(out.PublicKey!);
        return {
          arn,
          jwk:
            this.algorithm === 'SM2' ? await sealJwk(sm2JwkOfSpki(spki), 'SM2') : await publicJwk(createPublicKey({ key: spki, format: 'der', type: 'spki' })),
        };
      }),
    ));
  }

  async currentKeyId(): Promise<string> {
    return (await this.load())[0]!.jwk.kid!;
  }

  async sign(data: Uint8Array): Promise<{ kid: string; signature: Uint8Array }> {
    const [current] = await this.load();
    const out = await this.kms.send(
      new SignCommand({ KeyId: current!.arn, Message: data, MessageType: 'RAW', SigningAlgorithm: this.algorithm === 'SM2' ? 'SM2DSA' : 'ECDSA_SHA_256' }),
    );
    return { kid: current!.jwk.kid!, signature: derToJose(out.Signature!) };
  }

  async publicKeys(): Promise<JWK[]> {
    return (await this.load()).map((k) => k.jwk);
  }
}
