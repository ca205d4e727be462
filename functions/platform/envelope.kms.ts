import { DecryptCommand, GenerateDataKeyCommand, type KMSClient } from '@aws-sdk/client-kms';
import type { EnvelopeAlgorithm, KeyWrapper } from './envelope';

/** AWS: KMS generates and unwraps the data keys (of the length the envelope's algorithm takes), under the encryption context. */
export class KmsKeyWrapper implements KeyWrapper {
  constructor(
    private readonly kms: KMSClient,
    private readonly keyArn: string,
    readonly algorithm: EnvelopeAlgorithm = 'A256GCM',
  ) {}

  async generate(context: Record<string, string>, bytes: number) {
    const out = await this.kms.send(new GenerateDataKeyCommand({ KeyId: this.keyArn, NumberOfBytes: bytes, EncryptionContext: context }));
    return { plaintext: Buffer.from(out.Plaintext!), wrapped: Buffer.from(out.CiphertextBlob!), keyRef: this.keyArn };
  }

  async unwrap(wrapped: Buffer, context: Record<string, string>) {
    const out = await this.kms.send(new DecryptCommand({ CiphertextBlob: wrapped, EncryptionContext: context, KeyId: this.keyArn }));
    return Buffer.from(out.Plaintext!);
  }
}
