import { createCipheriv, timingSafeEqual } from 'node:crypto';
import { ghash } from '@noble/ciphers/_polyval';

/**
 * SM4-GCM: the GCM mode of NIST SP 800-38D with the SM4 block cipher (GB/T 32907), as RFC 8998
 * uses it — the mainland profile's encryption of personal data at rest. 128-bit key, 96-bit IV,
 * 128-bit tag. Node's OpenSSL has SM4 (ECB, CTR) but not SM4-GCM, so GCM is composed here from
 * OpenSSL's SM4 and @noble/ciphers' GHASH; a test checks it against sm-crypto-v2's SM4-GCM.
 */
const block = (key: Uint8Array, input: Uint8Array): Buffer => createCipheriv('sm4-ecb', key, null).setAutoPadding(false).update(input);
const counter = (iv: Uint8Array, n: number) => Buffer.concat([iv, Buffer.from([n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff])]);
const ctr = (key: Uint8Array, iv: Uint8Array, data: Uint8Array) => {
  const c = createCipheriv('sm4-ctr', key, counter(iv, 2));
  return Buffer.concat([c.update(data), c.final()]);
};

function tagOf(key: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array, associatedData: Uint8Array): Buffer {
  if (key.length !== 16 || iv.length !== 12) throw new Error('SM4-GCM takes a 128-bit key and a 96-bit IV');
  const lengths = Buffer.alloc(16);
  lengths.writeBigUInt64BE(BigInt(associatedData.length * 8), 0);
  lengths.writeBigUInt64BE(BigInt(ciphertext.length * 8), 8);
  // GHASH_H(A ‖ pad ‖ C ‖ pad ‖ len(A) ‖ len(C)); each update is padded to a whole block.
  const s = ghash
    .create(block(key, Buffer.alloc(16)))
    .update(associatedData)
    .update(ciphertext)
    .update(lengths)
    .digest();
  const mask = block(key, counter(iv, 1));
  return Buffer.from(s.map((b, i) => b ^ mask[i]!));
}

export function sm4GcmEncrypt(key: Uint8Array, iv: Uint8Array, plaintext: Uint8Array, associatedData: Uint8Array): { ciphertext: Buffer; tag: Buffer } {
  const ciphertext = ctr(key, iv, plaintext);
  return { ciphertext, tag: tagOf(key, iv, ciphertext, associatedData) };
}

/** Throws when the tag does not authenticate the ciphertext and associated data. */
export function sm4GcmDecrypt(key: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array, tag: Uint8Array, associatedData: Uint8Array): Buffer {
  const expected = tagOf(key, iv, ciphertext, associatedData);
  if (tag.length !== 16 || !timingSafeEqual(expected, tag)) throw new Error('SM4-GCM: the ciphertext does not authenticate');
  return ctr(key, iv, ciphertext);
}
