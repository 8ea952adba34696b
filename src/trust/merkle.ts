// Binary Merkle trees and inclusion proofs, exactly as Certificate Transparency defines them
// (RFC 9162 §2.1, unchanged from RFC 6962 §2.1), so that one signature can cover many statements
// and each statement can still be checked on its own: a batch of share records is signed once
// over the tree's root, and every record carries the few hashes that lead from it to that root.
//
// Hashing (§2.1.1) is domain-separated so that an inner node can never pass for a leaf:
//   leaf hash  = SHA-256(0x00 || data)
//   inner node = SHA-256(0x01 || left || right)
//   the empty tree's hash = SHA-256() (no input)
// The tree over n > 1 leaves splits at k, the largest power of two below n: MTH(D[0:k]) is the
// left subtree, MTH(D[k:n]) the right. We build it bottom up instead, pairing neighbours level by
// level and lifting an unpaired last node to the next level unchanged; that gives the same tree
// (the left part is always the complete subtree of k leaves), in one pass, with every level kept
// so that all n proofs cost no further hashing.
//
// An inclusion proof (§2.1.3.1) is the audit path: the sibling hashes from the leaf up to the
// root, bottom first. Verification (§2.1.3.2) rebuilds the root from the leaf hash, its index,
// the tree size and the path; the size decides at each step whether the sibling is on the left
// or the right and which levels have none, and a path that is too long or too short fails.
import * as nodeCrypto from 'node:crypto';
import { AccordError } from '../stix/index.js';

/** Bytes in a hash (SHA-256). */
export const MERKLE_HASH_BYTES = 32;

// Verifying a batch of share records is mostly this hashing, so it avoids per-call overhead: the
// one-shot crypto.hash (Node 20.12 and later; the streaming API before) over one reused buffer.
const oneShot = (nodeCrypto as { hash?: typeof nodeCrypto.hash }).hash;
function sha256(data: Uint8Array): Buffer {
  return oneShot !== undefined ? oneShot('sha256', data, 'buffer') : nodeCrypto.createHash('sha256').update(data).digest();
}
const nodeInput = Buffer.alloc(1 + 2 * MERKLE_HASH_BYTES);
nodeInput[0] = 0x01;

/** The hash of a leaf: SHA-256(0x00 || data); a string is hashed as its UTF-8 bytes. */
export function merkleLeafHash(data: Uint8Array | string): Buffer {
  const length = typeof data === 'string' ? Buffer.byteLength(data, 'utf8') : data.length;
  const input = Buffer.allocUnsafe(1 + length);
  input[0] = 0x00;
  if (typeof data === 'string') input.write(data, 1, 'utf8');
  else input.set(data, 1);
  return sha256(input);
}

/** The hash of an inner node: SHA-256(0x01 || left || right). */
export function merkleNodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  if (left.length !== MERKLE_HASH_BYTES || right.length !== MERKLE_HASH_BYTES) {
    return nodeCrypto.createHash('sha256').update(nodeInput.subarray(0, 1)).update(left).update(right).digest();
  }
  nodeInput.set(left, 1);
  nodeInput.set(right, 1 + MERKLE_HASH_BYTES);
  return sha256(nodeInput);
}

function isSize(n: number): boolean {
  return Number.isSafeInteger(n) && n >= 0;
}

/** A Merkle tree over leaf hashes (each 32 bytes), with every level kept for proofs. */
export class MerkleTree {
  /** levels[0] holds the leaf hashes, the last level the root alone (empty for an empty tree). */
  private readonly levels: readonly (readonly Buffer[])[];

  constructor(leafHashes: readonly Uint8Array[]) {
    let level: Buffer[] = leafHashes.map((h, i) => {
      if (h.length !== MERKLE_HASH_BYTES) throw new AccordError('invalid', 'trust.bad-leaf-hash', `leaf hash ${i} has ${h.length} bytes, not ${MERKLE_HASH_BYTES}`);
      return Buffer.from(h);
    });
    const levels: Buffer[][] = [level];
    while (level.length > 1) {
      const up: Buffer[] = [];
      for (let i = 0; i < level.length; i += 2) {
        const left = level[i] as Buffer;
        const right = level[i + 1];
        up.push(right === undefined ? left : merkleNodeHash(left, right));
      }
      levels.push(up);
      level = up;
    }
    this.levels = levels;
  }

  /** The number of leaves. */
  get size(): number {
    return this.levels[0]?.length ?? 0;
  }

  /** The tree head MTH: SHA-256() for an empty tree, the leaf hash itself for one leaf. */
  get root(): Buffer {
    const top = this.levels.at(-1)?.[0];
    return top === undefined ? sha256(new Uint8Array(0)) : Buffer.from(top);
  }

  /** The audit path of leaf `index` (RFC 9162 §2.1.3.1), bottom first. */
  proof(index: number): Buffer[] {
    if (!Number.isSafeInteger(index) || index < 0 || index >= this.size) {
      throw new AccordError('invalid', 'trust.bad-leaf-index', `leaf index ${index} is outside a tree of ${this.size} leaves`);
    }
    const path: Buffer[] = [];
    let i = index;
    for (let l = 0; l < this.levels.length - 1; l++) {
      const level = this.levels[l] as readonly Buffer[];
      const sibling = level[i % 2 === 1 ? i - 1 : i + 1];
      // A last node without a right-hand neighbour is lifted unchanged: nothing to record.
      if (sibling !== undefined) path.push(Buffer.from(sibling));
      i = Math.floor(i / 2);
    }
    return path;
  }
}

/** The root of the tree over `leafHashes` (RFC 9162 §2.1.1 MTH). */
export function merkleRoot(leafHashes: readonly Uint8Array[]): Buffer {
  return new MerkleTree(leafHashes).root;
}

/**
 * The root that the audit path `path` leads to from `leafHash` at `index` in a tree of `size`
 * leaves (RFC 9162 §2.1.3.2 steps 1–5, without the final comparison); undefined when the
 * inputs cannot belong to any such tree (index outside the tree, a path of the wrong length or
 * with elements that are not 32 bytes). Never throws: proofs come from peers.
 */
export function merkleRootFromProof(leafHash: Uint8Array, index: number, size: number, path: readonly Uint8Array[]): Buffer | undefined {
  if (!isSize(index) || !isSize(size) || index >= size || leafHash.length !== MERKLE_HASH_BYTES) return undefined;
  let fn = index;
  let sn = size - 1;
  let r: Buffer = Buffer.from(leafHash);
  for (const p of path) {
    if (p.length !== MERKLE_HASH_BYTES || sn === 0) return undefined;
    if (fn % 2 === 1 || fn === sn) {
      r = merkleNodeHash(p, r);
      // Levels where this subtree is the lifted, unpaired last node have no sibling: skip them.
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
      }
    } else {
      r = merkleNodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? r : undefined;
}

/** True when `path` proves that `leafHash` is leaf `index` of the tree of `size` leaves whose root is `root`. */
export function verifyMerkleProof(leafHash: Uint8Array, index: number, size: number, path: readonly Uint8Array[], root: Uint8Array): boolean {
  const computed = merkleRootFromProof(leafHash, index, size, path);
  return computed !== undefined && root.length === MERKLE_HASH_BYTES && computed.equals(root);
}
