import { createHash } from 'node:crypto';

/**
 * The Merkle tree of RFC 9162 §2.1 (Certificate Transparency 2.0) over byte-string leaves: the
 * tree head of a list of leaves, the inclusion proof of one leaf and the consistency proof
 * between two sizes, and their verification. Pure: the transparency log of every event hash
 * (docs/audit.md) is built on it, and the stand-alone verifier re-implements nothing else.
 */
const sha256 = (...parts: Uint8Array[]): Buffer => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};
const LEAF = Uint8Array.of(0);
const NODE = Uint8Array.of(1);

export const leafHash = (leaf: Uint8Array): Buffer => sha256(LEAF, leaf);
export const nodeHash = (left: Uint8Array, right: Uint8Array): Buffer => sha256(NODE, left, right);

/** The largest power of two smaller than n (n > 1). */
const split = (n: number): number => 2 ** Math.floor(Math.log2(n - 1));

/** MTH(D[n]): the root of the leaves `leaves[from, to)`. */
export function treeHead(leaves: readonly Uint8Array[], from = 0, to = leaves.length): Buffer {
  const n = to - from;
  if (n === 0) return sha256();
  if (n === 1) return leafHash(leaves[from]!);
  const k = split(n);
  return nodeHash(treeHead(leaves, from, from + k), treeHead(leaves, from + k, to));
}

/** PATH(m, D[n]): the audit path of leaf `index` in the tree of the first `size` leaves (§2.1.3.1). */
export function inclusionProof(leaves: readonly Uint8Array[], index: number, size = leaves.length): Buffer[] {
  if (!(index >= 0 && index < size && size <= leaves.length)) throw new RangeError(`no leaf ${index} in a tree of ${size}`);
  const path = (m: number, from: number, to: number): Buffer[] => {
    const n = to - from;
    if (n === 1) return [];
    const k = split(n);
    return m < k ? [...path(m, from, from + k), treeHead(leaves, from + k, to)] : [...path(m - k, from + k, to), treeHead(leaves, from, from + k)];
  };
  return path(index, 0, size);
}

/** PROOF(m, D[n]): that the tree of the first `first` leaves is a prefix of the tree of `second` (§2.1.4.1). */
export function consistencyProof(leaves: readonly Uint8Array[], first: number, second = leaves.length): Buffer[] {
  if (!(first >= 0 && first <= second && second <= leaves.length)) throw new RangeError(`no consistency between ${first} and ${second}`);
  if (first === 0 || first === second) return [];
  const sub = (m: number, from: number, to: number, complete: boolean): Buffer[] => {
    const n = to - from;
    if (m === n) return complete ? [] : [treeHead(leaves, from, to)];
    const k = split(n);
    return m <= k
      ? [...sub(m, from, from + k, complete), treeHead(leaves, from + k, to)]
      : [...sub(m - k, from + k, to, false), treeHead(leaves, from, from + k)];
  };
  return sub(first, 0, second, true);
}

const equal = (a: Uint8Array, b: Uint8Array) => Buffer.compare(a, b) === 0;

/** The RFC's "right-shift fn and sn until LSB(fn) is set or fn is 0". */
function climb(fn: number, sn: number): [number, number] {
  while (fn % 2 === 0 && fn !== 0) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return [fn, sn];
}

/** §2.1.3.2: does `proof` place the leaf with hash `leaf` at `index` of the tree of `size` with root `root`? */
export function verifyInclusion(leaf: Uint8Array, index: number, size: number, proof: readonly Uint8Array[], root: Uint8Array): boolean {
  if (!(index >= 0 && index < size)) return false;
  let fn = index;
  let sn = size - 1;
  let r: Uint8Array = leaf;
  for (const p of proof) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      [fn, sn] = climb(fn, sn);
    } else r = nodeHash(r, p);
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && equal(r, root);
}

/** §2.1.4.2: does `proof` show the tree of `first` leaves (root `firstRoot`) is a prefix of the tree of `second` (root `secondRoot`)? */
export function verifyConsistency(first: number, second: number, firstRoot: Uint8Array, secondRoot: Uint8Array, proof: readonly Uint8Array[]): boolean {
  if (!(first >= 0 && first <= second)) return false;
  if (first === 0) return proof.length === 0;
  if (first === second) return proof.length === 0 && equal(firstRoot, secondRoot);
  const path = (first & (first - 1)) === 0 ? [firstRoot, ...proof] : [...proof];
  if (!path.length) return false;
  let fn = first - 1;
  let sn = second - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr: Uint8Array = path[0]!;
  let sr: Uint8Array = path[0]!;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      [fn, sn] = climb(fn, sn);
    } else sr = nodeHash(sr, c);
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && equal(fr, firstRoot) && equal(sr, secondRoot);
}
