import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Envelope encryption of personal data at rest (DOMAIN P4): each value gets a fresh 256-bit data
 * key (AES-256-GCM); the data key is stored wrapped by the master key — KMS in AWS (the master key
 * never leaves it), a key file under .local/ locally. The encryption context (e.g. the complaint
 * id) is bound to the ciphertext: a value moved to another record does not decrypt.
 */
export interface Sealed {
  alg: 'A256GCM';
  iv: string;
  tag: string;
  ciphertext: string;
  /** The data key, wrapped by the master key. */
  wrappedKey: string;
  keyRef: string;
}

export interface KeyWrapper {
  generate(context: Record<string, string>): Promise<{ plaintext: Buffer; wrapped: Buffer; keyRef: string }>;
  unwrap(wrapped: Buffer, context: Record<string, string>, keyRef: string): Promise<Buffer>;
}

export const aad = (context: Record<string, string>) => Buffer.from(JSON.stringify(Object.entries(context).sort()));

export async function seal(wrapper: KeyWrapper, plaintext: string, context: Record<string, string>): Promise<Sealed> {
  const key = await wrapper.generate(context);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key.plaintext, iv).setAAD(aad(context));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  key.plaintext.fill(0);
  return {
    alg: 'A256GCM',
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    ciphertext: ciphertext.toString('base64'),
    wrappedKey: key.wrapped.toString('base64'),
    keyRef: key.keyRef,
  };
}

export async function open(wrapper: KeyWrapper, sealed: Sealed, context: Record<string, string>): Promise<string> {
  const key = await wrapper.unwrap(Buffer.from(sealed.wrappedKey, 'base64'), context, sealed.keyRef);
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64')).setAAD(aad(context));
  decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
  const out = Buffer.concat([decipher.update(Buffer.from(sealed.ciphertext, 'base64')), decipher.final()]).toString('utf8');
  key.fill(0);
  return out;
}
