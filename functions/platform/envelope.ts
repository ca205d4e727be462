import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import * as z from 'zod';
import { sm4GcmDecrypt, sm4GcmEncrypt } from './sm4';

/**
 * Envelope encryption of personal data at rest (DOMAIN P4): each value gets a fresh data key —
 * AES-256-GCM in the global profile, SM4-GCM (128-bit) in the mainland profile — stored wrapped by
 * the master key: KMS in AWS (the master key never leaves it; in the China regions KMS's symmetric
 * keys are SM4), a key file under .local/ locally. The envelope names its algorithm, so either
 * opens whatever the profile seals now. The encryption context (e.g. the complaint id) is bound to
 * the ciphertext: a value moved to another record does not decrypt.
 */
export const EnvelopeAlgorithm = z.enum(['A256GCM', 'SM4-GCM']);
export type EnvelopeAlgorithm = z.infer<typeof EnvelopeAlgorithm>;
const KEY_BYTES: Record<EnvelopeAlgorithm, number> = { A256GCM: 32, 'SM4-GCM': 16 };

export interface Sealed {
  alg: EnvelopeAlgorithm;
  iv: string;
  tag: string;
  ciphertext: string;
  /** The data key, wrapped by the master key. */
  wrappedKey: string;
  keyRef: string;
}

export interface KeyWrapper {
  /** What new envelopes are sealed with (the deployment profile's). */
  readonly algorithm: EnvelopeAlgorithm;
  generate(context: Record<string, string>, bytes: number): Promise<{ plaintext: Buffer; wrapped: Buffer; keyRef: string }>;
  unwrap(wrapped: Buffer, context: Record<string, string>, keyRef: string): Promise<Buffer>;
}

export const aad = (context: Record<string, string>) => Buffer.from(JSON.stringify(Object.entries(context).sort()));

export async function seal(wrapper: KeyWrapper, plaintext: string, context: Record<string, string>): Promise<Sealed> {
  const alg = wrapper.algorithm;
  const key = await wrapper.generate(context, KEY_BYTES[alg]);
  const iv = randomBytes(12);
  const data = Buffer.from(plaintext, 'utf8');
  let encrypted: { ciphertext: Buffer; tag: Buffer };
  if (alg === 'SM4-GCM') encrypted = sm4GcmEncrypt(key.plaintext, iv, data, aad(context));
  else {
    const cipher = createCipheriv('aes-256-gcm', key.plaintext, iv).setAAD(aad(context));
    encrypted = { ciphertext: Buffer.concat([cipher.update(data), cipher.final()]), tag: cipher.getAuthTag() };
  }
  key.plaintext.fill(0);
  return {
    alg,
    iv: iv.toString('base64'),
    tag: encrypted.tag.toString('base64'),
    ciphertext: encrypted.ciphertext.toString('base64'),
    wrappedKey: key.wrapped.toString('base64'),
    keyRef: key.keyRef,
  };
}

export async function open(wrapper: KeyWrapper, sealed: Sealed, context: Record<string, string>): Promise<string> {
  const key = await wrapper.unwrap(Buffer.from(sealed.wrappedKey, 'base64'), context, sealed.keyRef);
  const [iv, tag, ciphertext] = [sealed.iv, sealed.tag, sealed.ciphertext].map((v) => Buffer.from(v, 'base64')) as [Buffer, Buffer, Buffer];
  try {
    if (sealed.alg === 'SM4-GCM') return sm4GcmDecrypt(key, iv, ciphertext, tag, aad(context)).toString('utf8');
    const decipher = createDecipheriv('aes-256-gcm', key, iv).setAAD(aad(context));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
  } finally {
    key.fill(0);
  }
}
