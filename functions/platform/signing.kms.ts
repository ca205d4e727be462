import { GetPublicKeyCommand, type KMSClient, SignCommand } from '@aws-sdk/client-kms';
import { createPublicKey } from 'node:crypto';
import { type JWK } from 'jose';
import { derToJose, publicJwk, type Signer } from './signing';

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
