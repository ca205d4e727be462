import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import fc from 'fast-check';
import type { JWK } from 'jose';
import { checkpointBody, noteKeyId, parseCheckpoint, signedNote, verifyNote } from '../../functions/platform/domain/checkpoint-note';
import { extension } from '../../functions/platform/domain/transparency-log';
import { sm2Sign } from '../../functions/platform/sm2';
import { generateSm2Jwk } from '../../local/keys';
import { consistencyProof, inclusionProof, leafHash, treeHead, verifyConsistency, verifyInclusion } from '../../functions/platform/domain/merkle';

// The RFC 6962 / 9162 reference leaves and the roots of their prefixes (as in the CT implementations' tests).
const LEAVES = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map((h) => Buffer.from(h, 'hex'));
const ROOTS = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];
const leavesOf = (n: number) => Array.from({ length: n }, (_, i) => Buffer.from(`event-${i}`));

describe('the Merkle tree of the transparency log (RFC 9162 §2.1)', () => {
  it('X1: tree heads of the reference leaves are the reference roots', () => {
    expect(ROOTS.map((_, n) => treeHead(LEAVES.slice(0, n)).toString('hex'))).toEqual(ROOTS);
  });

  it('X1: every leaf of every tree up to 40 leaves has an inclusion proof that verifies, and only for its own place, leaf and root', () => {
    for (let size = 1; size <= 40; size++) {
      const leaves = leavesOf(size);
      const root = treeHead(leaves);
      for (let i = 0; i < size; i++) {
        const proof = inclusionProof(leaves, i);
        expect(verifyInclusion(leafHash(leaves[i]!), i, size, proof, root)).toBe(true);
        // Another leaf at this place (a one-leaf tree has no other leaf: itself again verifies).
        expect(verifyInclusion(leafHash(leaves[(i + 1) % size]!), i, size, proof, root)).toBe(size === 1);
        expect(verifyInclusion(leafHash(leaves[i]!), i, size, proof, treeHead(leaves, 0, size - 1))).toBe(false);
      }
    }
  });

  it('X1: a tree is consistent with each of its prefixes, and a rewritten prefix is caught (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 70 }), fc.integer({ min: 0, max: 70 }), fc.nat(), (second, firstRaw, tamper) => {
        const first = firstRaw % (second + 1);
        const leaves = leavesOf(second);
        const proof = consistencyProof(leaves, first);
        const firstRoot = treeHead(leaves, 0, first);
        expect(verifyConsistency(first, second, firstRoot, treeHead(leaves), proof)).toBe(true);
        // A rewritten leaf of the prefix gives another prefix root, which the proof does not connect (an empty or whole prefix has none to rewrite).
        const rewritten = leaves.map((l, i) => (first > 0 && i === tamper % first ? Buffer.from('rewritten') : l));
        expect(verifyConsistency(first, second, treeHead(rewritten, 0, first), treeHead(leaves), proof)).toBe(first === 0);
      }),
    );
  });

  it('X1: an inclusion proof against an older tree head verifies for leaves it already had', () => {
    const leaves = leavesOf(21);
    const proof = inclusionProof(leaves, 6, 13);
    expect(verifyInclusion(leafHash(leaves[6]!), 6, 13, proof, treeHead(leaves, 0, 13))).toBe(true);
    expect(() => inclusionProof(leaves, 13, 13)).toThrow(RangeError);
  });
});

describe('the log of event hashes and its signed checkpoints', () => {
  const hashes = (n: number, salt = '') => Array.from({ length: n }, (_, i) => createHash('sha256').update(`${salt}${i}`).digest('hex'));

  it('X1: extending the right edge day by day gives the same root as the whole tree (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 9 }), { maxLength: 12 }), (days) => {
        let state: Parameters<typeof extension>[0];
        const all: string[] = [];
        days.forEach((n, d) => {
          const day = `2026-01-${String(d + 1).padStart(2, '0')}`;
          const leaves = hashes(n, day);
          const log = extension(state, day, leaves)!;
          all.push(...leaves);
          state = { size: log.size, root: log.root, frontier: log.frontier, segments: [...(state?.segments ?? []), log.segment], checkpoint: '' };
          expect(log.root).toBe(treeHead(all.map((h) => Buffer.from(h, 'hex'))).toString('hex'));
          expect(extension(state, day, leaves)).toBeUndefined();
        });
      }),
    );
  });

  it('X1: a day cannot come back with other events', () => {
    const first = extension(undefined, '2026-01-01', hashes(3))!;
    const state = { size: first.size, root: first.root, frontier: first.frontier, segments: [first.segment], checkpoint: '' };
    expect(() => extension(state, '2026-01-01', hashes(4))).toThrow(expect.objectContaining({ code: 'AUDIT.SEAL_MISMATCH' }));
  });

  it('X1: a checkpoint is a signed note the published keys verify; a changed size or root, another key, or another name do not', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = publicKey.export({ format: 'jwk' }) as JWK;
    const root = createHash('sha256').update('root').digest();
    const body = checkpointBody(42, root);
    const note = signedNote(body, noteKeyId(jwk), sign('sha256', Buffer.from(body), { key: privateKey, dsaEncoding: 'ieee-p1363' }));
    expect(note).toBe(`powerpermit/audit-log/v1\n42\n${root.toString('base64')}\n\n— powerpermit-e-seal ${note.split(' ').at(-1)}`);
    expect(await verifyNote(note, [jwk])).toBe(body);
    expect(parseCheckpoint((await verifyNote(note, [jwk]))!)).toEqual({ origin: 'powerpermit/audit-log/v1', size: 42, root });
    expect(await verifyNote(note.replace('\n42\n', '\n43\n'), [jwk])).toBeUndefined();
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'jwk' }) as JWK;
    expect(await verifyNote(note, [other])).toBeUndefined();
    expect(await verifyNote(note, [jwk], 'someone-else')).toBeUndefined();
  });

  it('X1: in the mainland profile a checkpoint is signed with the SM2 e-seal key (note key type 0xF2) and verifies with it alone', async () => {
    const key = generateSm2Jwk();
    const { d: _d, ...jwk } = key;
    const body = checkpointBody(7, createHash('sha256').update('root').digest());
    const note = signedNote(body, noteKeyId(jwk), await sm2Sign(Buffer.from(body), key));
    expect(await verifyNote(note, [jwk])).toBe(body);
    expect(await verifyNote(note.replace('\n7\n', '\n8\n'), [jwk])).toBeUndefined();
    // The key id names the algorithm: the same point read as P-256 is another key.
    expect(noteKeyId({ ...jwk, crv: 'P-256' }).equals(noteKeyId(jwk))).toBe(false);
  });
});
