// Merkle trees as RFC 9162 §2.1 defines them: the Certificate Transparency reference vectors
// (the eight-leaf tree of certificate-transparency's merkle_tree_test.cc, reused by Trillian and
// many other implementations), a recursive transcription of the RFC's definitions, and properties.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MerkleTree, merkleLeafHash, merkleNodeHash, merkleRoot, verifyMerkleProof } from './merkle.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const unhex = (s: string): Buffer => Buffer.from(s, 'hex');

const CT_LEAVES = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map(unhex);
const CT_ROOTS = [
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
/** [index (0-based), tree size, audit path] from the same reference. */
const CT_PROOFS: [number, number, string[]][] = [
  [0, 8, [
    '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
    '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
    '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
  ]],
  [5, 8, [
    'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
    'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  ]],
  [2, 3, ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125']],
  [1, 5, [
    '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
    '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
    'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
  ]],
];

// RFC 9162 §2.1.1 and §2.1.3.1 transcribed literally (recursive), as the reference for the tree.
function largestPowerOfTwoBelow(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}
function mth(leaves: readonly Buffer[]): Buffer {
  if (leaves.length === 0) return createHash('sha256').digest();
  if (leaves.length === 1) return leaves[0] as Buffer;
  const k = largestPowerOfTwoBelow(leaves.length);
  return merkleNodeHash(mth(leaves.slice(0, k)), mth(leaves.slice(k)));
}
function path(m: number, leaves: readonly Buffer[]): Buffer[] {
  if (leaves.length <= 1) return [];
  const k = largestPowerOfTwoBelow(leaves.length);
  return m < k ? [...path(m, leaves.slice(0, k)), mth(leaves.slice(k))] : [...path(m - k, leaves.slice(k)), mth(leaves.slice(0, k))];
}

/** The length of PATH(m, D[n]), without hashing anything. */
function pathLength(m: number, n: number): number {
  if (n <= 1) return 0;
  const k = largestPowerOfTwoBelow(n);
  return 1 + (m < k ? pathLength(m, k) : pathLength(m - k, n - k));
}

const leavesOf = (n: number): Buffer[] => Array.from({ length: n }, (_, i) => merkleLeafHash(`leaf ${i}`));

describe('Merkle tree: RFC 6962 / RFC 9162 reference vectors', () => {
  const leafHashes = CT_LEAVES.map((d) => merkleLeafHash(d));

  it('hashes leaves with 0x00 and nodes with 0x01', () => {
    expect(hex(merkleLeafHash(new Uint8Array()))).toBe(CT_ROOTS[1]);
    expect(merkleLeafHash('ab').equals(merkleLeafHash(Buffer.from('ab')))).toBe(true);
    expect(merkleLeafHash(Buffer.concat([leafHashes[0] as Buffer, leafHashes[1] as Buffer])).equals(merkleNodeHash(leafHashes[0] as Buffer, leafHashes[1] as Buffer))).toBe(false);
  });

  it('gives the published root for every size from 0 to 8', () => {
    for (let n = 0; n <= 8; n++) {
      expect(hex(merkleRoot(leafHashes.slice(0, n))), `size ${n}`).toBe(CT_ROOTS[n]);
      expect(new MerkleTree(leafHashes.slice(0, n)).size).toBe(n);
    }
  });

  it.each(CT_PROOFS)('gives and verifies the published audit path of leaf %i in a tree of %i', (index, size, expected) => {
    const tree = new MerkleTree(leafHashes.slice(0, size));
    const proof = tree.proof(index);
    expect(proof.map(hex)).toEqual(expected);
    expect(verifyMerkleProof(leafHashes[index] as Buffer, index, size, proof, unhex(CT_ROOTS[size] as string))).toBe(true);
    expect(verifyMerkleProof(leafHashes[index] as Buffer, index, size, proof, unhex(CT_ROOTS[0] as string))).toBe(false);
  });
});

describe('Merkle tree: properties', () => {
  it('builds the RFC 9162 tree and its audit paths for every size from 1 to 70', () => {
    for (let n = 1; n <= 70; n++) {
      const leaves = leavesOf(n);
      const tree = new MerkleTree(leaves);
      expect(tree.root.equals(mth(leaves)), `root of ${n}`).toBe(true);
      for (let i = 0; i < n; i++) {
        const proof = tree.proof(i);
        expect(proof.map(hex), `path ${i}/${n}`).toEqual(path(i, leaves).map(hex));
        expect(verifyMerkleProof(leaves[i] as Buffer, i, n, proof, tree.root), `leaf ${i}/${n}`).toBe(true);
      }
    }
  });

  it('rejects any altered leaf, index, size or path element, in every tree from 1 to 70', () => {
    const flip = (b: Buffer): Buffer => {
      const c = Buffer.from(b);
      c[7] = (c[7] ?? 0) ^ 0x10;
      return c;
    };
    for (let n = 1; n <= 70; n++) {
      const leaves = leavesOf(n);
      const tree = new MerkleTree(leaves);
      const root = tree.root;
      for (let i = 0; i < n; i++) {
        const leaf = leaves[i] as Buffer;
        const proof = tree.proof(i);
        expect(verifyMerkleProof(flip(leaf), i, n, proof, root)).toBe(false);
        if (n > 1) expect(verifyMerkleProof(leaves[(i + 1) % n] as Buffer, i, n, proof, root)).toBe(false);
        for (let j = 0; j < n; j++) if (j !== i) expect(verifyMerkleProof(leaf, j, n, proof, root), `index ${j} for ${i}/${n}`).toBe(false);
        // The walk up the tree depends only on (index, size), so a path of another length than
        // the one (i, m) needs always fails. A size with the same path length may rebuild the same
        // root (see the next test): the path does not bind the size, the batch signature must.
        for (let m = 1; m <= 72; m++) {
          if (m !== n && (i >= m || pathLength(i, m) !== proof.length)) expect(verifyMerkleProof(leaf, i, m, proof, root), `size ${m} for ${i}/${n}`).toBe(false);
        }
        for (let p = 0; p < proof.length; p++) {
          const altered = proof.map((h, q) => (q === p ? flip(h) : h));
          expect(verifyMerkleProof(leaf, i, n, altered, root), `path element ${p} of ${i}/${n}`).toBe(false);
        }
        expect(verifyMerkleProof(leaf, i, n, [...proof, root], root)).toBe(false);
        if (proof.length > 0) expect(verifyMerkleProof(leaf, i, n, proof.slice(0, -1), root)).toBe(false);
        expect(verifyMerkleProof(leaf, i, n, proof, flip(root))).toBe(false);
      }
    }
  });

  it('does not bind the tree size: leaf 0 of 8 has the same path and root as leaf 0 of 5, 6 or 7', () => {
    const leaves = leavesOf(8);
    const tree = new MerkleTree(leaves);
    for (const m of [5, 6, 7]) expect(verifyMerkleProof(leaves[0] as Buffer, 0, m, tree.proof(0), tree.root)).toBe(true);
    expect(verifyMerkleProof(leaves[0] as Buffer, 0, 4, tree.proof(0), tree.root)).toBe(false);
  });

  it('never throws on hostile proofs, and refuses malformed input when building', () => {
    const leaves = leavesOf(5);
    const tree = new MerkleTree(leaves);
    const proof = tree.proof(3);
    const leaf = leaves[3] as Buffer;
    for (const [index, size] of [[-1, 5], [5, 5], [3, 0], [0.5, 5], [3, Number.NaN], [3, 2 ** 60]] as const) {
      expect(verifyMerkleProof(leaf, index, size, proof, tree.root), `${index}/${size}`).toBe(false);
    }
    expect(verifyMerkleProof(leaf.subarray(1), 3, 5, proof, tree.root)).toBe(false);
    expect(verifyMerkleProof(leaf, 3, 5, [Buffer.alloc(31), ...proof.slice(1)], tree.root)).toBe(false);
    expect(verifyMerkleProof(leaf, 3, 5, proof, tree.root.subarray(0, 31))).toBe(false);
    expect(() => new MerkleTree([Buffer.alloc(33)])).toThrow(/leaf hash 0 has 33 bytes/);
    expect(() => tree.proof(5)).toThrow(/outside a tree of 5 leaves/);
    expect(() => new MerkleTree([]).proof(0)).toThrow(/outside a tree of 0 leaves/);
  });

  it('a one-leaf tree has the leaf hash as its root and an empty path', () => {
    const [leaf] = leavesOf(1) as [Buffer];
    const tree = new MerkleTree([leaf]);
    expect(tree.root.equals(leaf)).toBe(true);
    expect(tree.proof(0)).toEqual([]);
    expect(verifyMerkleProof(leaf, 0, 1, [], leaf)).toBe(true);
  });
});
