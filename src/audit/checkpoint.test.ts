import { describe, expect, it } from 'vitest';
import { canonicalize } from '../store/index.js';
import { generateNodeKey, verifyWithContext } from '../trust/index.js';
import { CHECKPOINT_CONTEXT, CheckpointKeys, checkpointMessage, parseCheckpoint, signCheckpoint } from './checkpoint.js';

const head = { seq: 1000, hash: 'ab'.repeat(32) };
const at = '2026-11-27T09:00:00.123456Z';

describe('audit checkpoints', () => {
  it('sign the RFC 8785 JSON of {at, hash, seq} under the audit checkpoint context only', () => {
    const key = generateNodeKey('signing');
    const c = signCheckpoint(key, head, at);
    expect(checkpointMessage(c)).toBe(canonicalize({ seq: c.seq, hash: c.hash, at: c.at }));
    expect(CHECKPOINT_CONTEXT).toBe('accord-audit-checkpoint-v1');
    expect(c).toMatchObject({ ...head, at, keyFingerprint: key.fingerprint });
    expect(verifyWithContext(key.publicKey, 'accord-audit-checkpoint-v1', checkpointMessage(c), c.signature)).toBe(true);
    expect(verifyWithContext(key.publicKey, 'accord-share-v1', checkpointMessage(c), c.signature)).toBe(false);
  });

  it('are checked against the known keys: any change to seq, hash or at breaks the signature', () => {
    const key = generateNodeKey('signing');
    const keys = new CheckpointKeys([generateNodeKey('signing').publicKey, key.publicKey]);
    const c = signCheckpoint(key, head, at);
    expect(keys.check(c)).toBe('ok');
    expect(keys.check({ ...c, seq: 999 })).toBe('bad-signature');
    expect(keys.check({ ...c, hash: 'cd'.repeat(32) })).toBe('bad-signature');
    expect(keys.check({ ...c, at: '2026-11-27T09:00:00.123457Z' })).toBe('bad-signature');
    expect(keys.check({ ...c, signature: 'not-a-signature' })).toBe('bad-signature');
    expect(new CheckpointKeys([]).check(c)).toBe('unknown-key');
  });

  it('read from outside are shape-checked', () => {
    const c = signCheckpoint(generateNodeKey('signing'), head, at);
    expect(parseCheckpoint(JSON.parse(JSON.stringify(c)))).toEqual(c);
    expect(parseCheckpoint([])).toBe('not a JSON object');
    expect(parseCheckpoint({ ...c, seq: 0 })).toMatch(/seq/);
    expect(parseCheckpoint({ ...c, seq: '5' })).toMatch(/seq/);
    expect(parseCheckpoint({ ...c, hash: 'AB'.repeat(32) })).toMatch(/hash/);
    expect(parseCheckpoint({ ...c, keyFingerprint: undefined })).toMatch(/keyFingerprint/);
  });
});
