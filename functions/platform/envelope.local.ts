import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { aad, type EnvelopeAlgorithm, type KeyWrapper } from './envelope';

/**
 * Local: a 256-bit master key (from .local/keys) wraps each data key with AES-256-GCM — the local
 * stand-in for KMS, whichever algorithm the envelopes use (in the China regions KMS wraps with SM4).
 */
export class LocalKeyWrapper implements KeyWrapper {
  constructor(
    private readonly master: Buffer,
    readonly algorithm: EnvelopeAlgorithm = 'A256GCM',
    private readonly keyRef = 'local-pii-key',
  ) {
    if (master.length !== 32) throw new Error('the local master key must be 32 bytes');
  }

  async generate(context: Record<string, string>, bytes: number) {
    const plaintext = randomBytes(bytes);
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.master, iv).setAAD(aad(context));
    const wrapped = Buffer.concat([iv, c.update(plaintext), c.final(), c.getAuthTag()]);
    return { plaintext, wrapped, keyRef: this.keyRef };
  }

  async unwrap(wrapped: Buffer, context: Record<string, string>) {
    const d = createDecipheriv('aes-256-gcm', this.master, wrapped.subarray(0, 12)).setAAD(aad(context));
    d.setAuthTag(wrapped.subarray(wrapped.length - 16));
    return Buffer.concat([d.update(wrapped.subarray(12, wrapped.length - 16)), d.final()]);
  }
}
