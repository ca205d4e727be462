import { sha256 } from '@noble/hashes/sha2';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils';

/**
 * What the domain code the pages share with the server takes from `node:crypto` — `createHash('sha256')`, fed
 * strings and bytes, read as hex — for the browser (web/build.ts puts this module in its place): the draw page
 * re-runs pp-draw-1 with the very functions the platform drew it with.
 */
export function createHash(algorithm: string) {
  if (algorithm !== 'sha256') throw new Error(`only sha256 in the browser, not ${algorithm}`);
  const h = sha256.create();
  const hash = {
    update(data: string | Uint8Array) {
      h.update(typeof data === 'string' ? utf8ToBytes(data) : data);
      return hash;
    },
    digest(encoding: 'hex') {
      if (encoding !== 'hex') throw new Error('only hex digests in the browser');
      return bytesToHex(h.digest());
    },
  };
  return hash;
}
