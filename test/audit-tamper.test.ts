// Tampering with the audit log directly in the database — the way someone with write access to
// the store, but not the node's key, would — must always be detected, at the right entry and for
// the right reason: on SQLite and on PostgreSQL, through verifyAudit and through the real
// `accord audit verify` process. Each case starts from 300 entries written through the real
// AuditLog with a checkpoint every 50 entries (store and file).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog, entryHash, verifyAudit, type AuditFault, type AuditVerification } from '../src/audit/index.js';
import { createTestDatabase } from '../src/store/postgres/test-support/database.js';
import { openStore, type AuditEntry, type Store } from '../src/store/index.js';
import { createNodeKeys, generateNodeKey, rawPublicKey, type NodeKey } from '../src/trust/index.js';
import { runAccord } from './support/cli.js';

const ENTRIES = 300;
const EVERY = 50;

/** Raw SQL on the store's database, `?` placeholders on both. */
interface Sql {
  run(sql: string, params?: readonly unknown[]): Promise<void>;
  rows<T>(sql: string, params?: readonly unknown[]): Promise<T[]>;
}

interface Opened {
  readonly store: Store;
  readonly dir: string;
  readonly sql: Sql;
  dispose(): Promise<void>;
}

const backends: Record<'sqlite' | 'postgres', () => Promise<Opened>> = {
  sqlite: async () => {
    const dir = mkdtempSync(join(tmpdir(), 'accord-audit-'));
    const file = join(dir, 'accord.db');
    const store = await openStore(`sqlite:${file}`);
    let db: Database.Database | undefined;
    const conn = (): Database.Database => (db ??= new Database(file));
    return {
      store, dir,
      sql: {
        run: (sql, params = []) => Promise.resolve(void conn().prepare(sql).run(...params)),
        rows: <T>(sql: string, params: readonly unknown[] = []) => Promise.resolve(conn().prepare(sql).all(...params) as T[]),
      },
      dispose: async () => {
        db?.close();
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
  postgres: async () => {
    const dir = mkdtempSync(join(tmpdir(), 'accord-audit-'));
    const db = await createTestDatabase();
    const store = await openStore(db.url);
    const numbered = (sql: string): string => {
      let i = 0;
      return sql.replace(/\?/g, () => `$${++i}`);
    };
    return {
      store, dir,
      sql: {
        run: async (sql, params = []) => void (await db.query(numbered(sql), params)),
        rows: <T>(sql: string, params: readonly unknown[] = []) => db.query(numbered(sql), params) as Promise<T[]>,
      },
      dispose: async () => {
        await store.close();
        await db.drop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

const ACTIONS = ['auth.sign-in', 'object.created', 'object.shared', 'auth.sign-in-failed', 'token.created', 'object.exported'] as const;

/** Writes the 300 entries through the real AuditLog: batches of 10, a checkpoint every 50. */
async function writeEntries(store: Store, key: NodeKey, checkpointFile: string): Promise<void> {
  const log = await AuditLog.open({ repository: store.audit, key, checkpointFile, checkpointEvery: EVERY, checkpointIntervalMs: 0 });
  for (let i = 0; i < ENTRIES; i += 10) {
    await log.recordMany(Array.from({ length: 10 }, (_, j) => {
      const n = i + j + 1;
      const action = ACTIONS[n % ACTIONS.length] ?? 'object.created';
      return {
        actor: `user:u${n % 7}`, action, target: n % 5 === 0 ? null : `indicator--${String(n).padStart(8, '0')}-0000-4000-8000-000000000000`,
        outcome: action === 'auth.sign-in-failed' ? 'failed' as const : 'ok' as const,
        details: { n, address: `192.0.2.${n % 250}`, tags: ['a', 'b'] },
      };
    }));
  }
  await log.close();
}

interface Row { seq: number; at: string; actor: string; action: string; target: string | null; outcome: AuditEntry['outcome']; details: string; prev_hash: string; hash: string }
const COLUMNS = ['at', 'actor', 'action', 'target', 'outcome', 'details', 'prev_hash', 'hash'] as const;

async function row(sql: Sql, seq: number): Promise<Row> {
  const [r] = await sql.rows<Row>('SELECT seq, at, actor, action, target, outcome, details, prev_hash, hash FROM audit_log WHERE seq = ?', [seq]);
  if (r === undefined) throw new Error(`no entry ${seq}`);
  return { ...r, seq: Number(r.seq) };
}

function sealed(r: Omit<Row, 'hash'>): Row {
  return { ...r, hash: entryHash({ seq: r.seq, at: r.at, actor: r.actor, action: r.action, target: r.target, outcome: r.outcome, details: r.details, prevHash: r.prev_hash }) };
}

async function insert(sql: Sql, r: Row): Promise<void> {
  await sql.run('INSERT INTO audit_log (seq, at, actor, action, target, outcome, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    [r.seq, r.at, r.actor, r.action, r.target, r.outcome, r.details, r.prev_hash, r.hash]);
}

async function overwrite(sql: Sql, seq: number, r: Omit<Row, 'seq'>): Promise<void> {
  await sql.run(`UPDATE audit_log SET ${COLUMNS.map((c) => `${c} = ?`).join(', ')} WHERE seq = ?`, [...COLUMNS.map((c) => r[c]), seq]);
}

/** Moves entries from `from` on one place up (in two steps: seq is a primary key). */
async function renumberFrom(sql: Sql, from: number): Promise<void> {
  await sql.run('UPDATE audit_log SET seq = -seq WHERE seq >= ?', [from]);
  await sql.run('UPDATE audit_log SET seq = 1 - seq WHERE seq < 0');
}

/** A forged entry at `seq`, chained to the entry before it, correctly hashed (the algorithm is public). */
async function forged(sql: Sql, seq: number): Promise<Row> {
  const before = seq > 1 ? await row(sql, seq - 1) : undefined;
  return sealed({
    seq, at: before?.at ?? '2026-01-01T00:00:00.000000Z', actor: 'user:intruder', action: 'auth.sign-in', target: null, outcome: 'ok', details: '{}',
    prev_hash: before?.hash ?? '0'.repeat(64),
  });
}

/** Recomputes every hash and link from `from` on, as a careful forger would. */
async function rechain(sql: Sql, from: number): Promise<void> {
  let prev = (await row(sql, from - 1)).hash;
  for (const r of await sql.rows<Row>('SELECT * FROM audit_log WHERE seq >= ? ORDER BY seq', [from])) {
    const s = sealed({ ...r, seq: Number(r.seq), prev_hash: prev });
    await overwrite(sql, s.seq, s);
    prev = s.hash;
  }
}

interface Case {
  readonly name: string;
  tamper(sql: Sql): Promise<void>;
  readonly firstBad: { seq: number; reason: AuditFault };
}

const CASES: readonly Case[] = [
  { name: 'an edited actor', tamper: (sql) => sql.run("UPDATE audit_log SET actor = 'user:nobody' WHERE seq = 137"), firstBad: { seq: 137, reason: 'hash-mismatch' } },
  { name: 'edited details', tamper: (sql) => sql.run('UPDATE audit_log SET details = ? WHERE seq = 42', ['{"address":"198.51.100.7","n":42,"tags":["a","b"]}']), firstBad: { seq: 42, reason: 'hash-mismatch' } },
  {
    name: 'an edited outcome with that entry\'s hash recomputed',
    tamper: async (sql) => {
      const s = sealed({ ...(await row(sql, 137)), outcome: 'denied' });
      await overwrite(sql, 137, s);
    },
    firstBad: { seq: 138, reason: 'broken-link' },
  },
  { name: 'a deleted entry', tamper: (sql) => sql.run('DELETE FROM audit_log WHERE seq = 200'), firstBad: { seq: 200, reason: 'gap' } },
  { name: 'the first entry deleted', tamper: (sql) => sql.run('DELETE FROM audit_log WHERE seq = 1'), firstBad: { seq: 1, reason: 'gap' } },
  {
    name: 'a forged entry inserted, the later ones renumbered',
    tamper: async (sql) => {
      const f = await forged(sql, 153);
      await renumberFrom(sql, 153);
      await insert(sql, f);
    },
    firstBad: { seq: 154, reason: 'broken-link' },
  },
  {
    name: 'a forged entry inserted, the later ones renumbered and every later hash recomputed',
    tamper: async (sql) => {
      const f = await forged(sql, 153);
      await renumberFrom(sql, 153);
      await insert(sql, f);
      await rechain(sql, 154);
    },
    // The chain is consistent again; only the node's signature over entry 200 shows the rewrite.
    firstBad: { seq: 200, reason: 'checkpoint-mismatch' },
  },
  { name: 'a forged entry inserted before the first, nothing renumbered', tamper: async (sql) => insert(sql, { ...(await forged(sql, 1)), seq: 0 }), firstBad: { seq: 0, reason: 'out-of-sequence' } },
  { name: 'a forged entry with a made-up hash appended after the head', tamper: async (sql) => insert(sql, { ...(await forged(sql, ENTRIES + 1)), hash: 'f'.repeat(64) }), firstBad: { seq: ENTRIES + 1, reason: 'hash-mismatch' } },
  {
    name: 'two adjacent entries swapped',
    tamper: async (sql) => {
      const [a, b] = [await row(sql, 60), await row(sql, 61)];
      await overwrite(sql, 60, b);
      await overwrite(sql, 61, a);
    },
    firstBad: { seq: 60, reason: 'broken-link' },
  },
  {
    name: 'two distant entries swapped',
    tamper: async (sql) => {
      const [a, b] = [await row(sql, 70), await row(sql, 90)];
      await overwrite(sql, 70, b);
      await overwrite(sql, 90, a);
    },
    firstBad: { seq: 70, reason: 'broken-link' },
  },
  { name: 'the newest entries cut off', tamper: (sql) => sql.run('DELETE FROM audit_log WHERE seq > 280'), firstBad: { seq: 281, reason: 'truncated' } },
  {
    name: 'the newest entries cut off together with their checkpoints in the store',
    tamper: async (sql) => {
      await sql.run('DELETE FROM audit_log WHERE seq > 220');
      await sql.run('DELETE FROM audit_checkpoints WHERE seq > 220');
    },
    firstBad: { seq: 221, reason: 'truncated' },
  },
  {
    name: 'a stored checkpoint moved to another entry',
    tamper: async (sql) => sql.run('UPDATE audit_checkpoints SET seq = 99, hash = ? WHERE seq = 100', [(await row(sql, 99)).hash]),
    firstBad: { seq: 99, reason: 'bad-signature' },
  },
];

for (const [backend, open] of Object.entries(backends)) {
  describe(`audit tampering on ${backend}`, () => {
    let o: Opened;
    let key: NodeKey;
    let file: string;
    const verify = (withFile = true): Promise<AuditVerification> => verifyAudit(o.store, { publicKeys: [key.publicKey], ...(withFile ? { checkpointFile: file } : {}), pageSize: 64 });

    beforeEach(async () => {
      o = await open();
      key = generateNodeKey('signing');
      file = join(o.dir, 'audit-checkpoints.jsonl');
      await writeEntries(o.store, key, file);
    });
    afterEach(() => o.dispose());

    it('verifies the untouched log', async () => {
      expect(await verify()).toMatchObject({ ok: true, checked: ENTRIES, unsealed: 0, checkpoints: { store: ENTRIES / EVERY, file: ENTRIES / EVERY, newest: ENTRIES } });
    });

    for (const c of CASES) {
      it(`detects ${c.name}: entry ${c.firstBad.seq}, ${c.firstBad.reason}`, async () => {
        await c.tamper(o.sql);
        const v = await verify();
        expect(v.ok).toBe(false);
        expect(v.firstBad).toMatchObject(c.firstBad);
        expect(v.checked).toBe(Math.max(0, c.firstBad.seq - 1) + (c.firstBad.reason === 'bad-signature' ? 1 : 0));
      });
    }

    it('needs the file kept outside the store to see entries cut off with their stored checkpoints', async () => {
      await CASES.find((c) => c.name.includes('together with their checkpoints'))?.tamper(o.sql);
      expect(await verify(false)).toMatchObject({ ok: true, checked: 220 });
      expect(await verify(true)).toMatchObject({ ok: false, firstBad: { seq: 221, reason: 'truncated' } });
    });

    it('reports a well-forged entry appended after the newest checkpoint as not yet signed (the window checkpoints bound)', async () => {
      await insert(o.sql, await forged(o.sql, ENTRIES + 1));
      expect(await verify()).toMatchObject({ ok: true, checked: ENTRIES + 1, unsealed: 1 });
    });
  });
}

describe('accord audit (the real command)', () => {
  const passphrase = 'audit-tamper-test-passphrase';
  const env = { ACCORD_KEY_PASSPHRASE: passphrase, ACCORD_KEY_PASSPHRASE_FILE: '' };
  let dir: string;
  let key: NodeKey;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'accord-audit-cli-'));
    key = (await createNodeKeys(dir, { env, cwd: dir })).keys.signing;
    const store = await openStore(`sqlite:${join(dir, 'accord.db')}`);
    try {
      await writeEntries(store, key, join(dir, 'audit-checkpoints.jsonl'));
    } finally {
      await store.close();
    }
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const tamper = (sql: string): void => {
    const db = new Database(join(dir, 'accord.db'));
    try {
      db.exec(sql);
    } finally {
      db.close();
    }
  };

  it('exits 0 on an intact log and 1 on a tampered one, naming the first bad entry and why', async () => {
    const intact = await runAccord(['audit', 'verify', '--data', dir], { env });
    expect(intact.stderr).not.toMatch(/TAMPERED|error/i);
    expect(intact.code).toBe(0);
    expect(intact.stdout).toMatch(/audit log intact: 300 entries; 6 checkpoints in the store, 6 in .*audit-checkpoints\.jsonl; the newest signs entry 300/);

    tamper("UPDATE audit_log SET actor = 'user:nobody' WHERE seq = 137");
    const edited = await runAccord(['audit', 'verify', '--data', dir], { env });
    expect(edited.code).toBe(1);
    expect(edited.stdout).toContain('audit log TAMPERED: first bad entry 137: hash-mismatch: entry 137 was changed');
    expect(edited.stdout).toContain('136 entries verified before it');

    tamper("UPDATE audit_log SET actor = 'user:u4' WHERE seq = 137; DELETE FROM audit_log WHERE seq > 250; DELETE FROM audit_checkpoints WHERE seq > 250");
    const cut = await runAccord(['audit', 'verify', '--data', dir, `--public-key=${rawPublicKey(key.publicKey).toString('base64url')}`], { env: { ACCORD_KEY_PASSPHRASE: '' } });
    expect(cut.code).toBe(1);
    expect(cut.stdout).toContain('first bad entry 251: truncated');
  });

  it('refuses checkpoints signed by a key it was not told to trust, and a checkpoint file that is not there', async () => {
    const stranger = generateNodeKey('signing');
    // Given as --public-key=KEY: one key in 64 starts with "-", which as a separate argument reads as an option.
    const r = await runAccord(['audit', 'verify', '--data', dir, `--public-key=${rawPublicKey(stranger.publicKey).toString('base64url')}`], { env });
    expect(r.code, `exit ${String(r.code)} (signal ${String(r.signal)}): ${r.stderr}`).toBe(1);
    expect(r.stdout).toContain('first bad entry 50: unknown-key');
    const missing = await runAccord(['audit', 'verify', '--data', dir, '--checkpoints', join(dir, 'elsewhere.jsonl')], { env });
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(/elsewhere\.jsonl: no such file/);
  });

  it('takes a key that starts with a dash as --public-key=KEY, and says so when it is given apart', async () => {
    let dashed = generateNodeKey('signing');
    while (!rawPublicKey(dashed.publicKey).toString('base64url').startsWith('-')) dashed = generateNodeKey('signing');
    const text = rawPublicKey(dashed.publicKey).toString('base64url');
    const apart = await runAccord(['audit', 'verify', '--data', dir, '--public-key', text], { env });
    expect(apart.code).toBe(2);
    expect(apart.stderr).toContain(`--public-key=-XYZ`);
    const joined = await runAccord(['audit', 'verify', '--data', dir, `--public-key=${text}`], { env });
    expect(joined.code, joined.stderr).toBe(1); // read, and refused as the key that did not sign the checkpoints
    expect(joined.stdout).toContain('unknown-key');
  });

  it('exports entries as JSON lines, filtered, and records the export in the chain', async () => {
    const out = join(dir, 'failed.jsonl');
    const r = await runAccord(['audit', 'export', '--data', dir, '--action', 'auth.sign-in-failed', '--since', '2000-01-01T00:00:00Z', '-o', out], { env });
    expect(r.stderr).toContain('exported 50 audit entries');
    expect(r.code).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { seq: number; action: string; outcome: string; details: { n: number } });
    expect(lines).toHaveLength(50);
    expect(lines.every((l) => l.action === 'auth.sign-in-failed' && l.outcome === 'failed' && l.details.n === l.seq)).toBe(true);

    const store = await openStore(`sqlite:${join(dir, 'accord.db')}`);
    try {
      const v = await verifyAudit(store, { publicKeys: [key.publicKey], checkpointFile: join(dir, 'audit-checkpoints.jsonl') });
      expect(v).toMatchObject({ ok: true, checked: 301, unsealed: 0 });
      const [last] = await store.audit.scan(300, 1);
      expect(last).toMatchObject({ action: 'audit.exported', target: out, outcome: 'ok' });
      expect(last?.actor).toMatch(/^cli:/);
      expect(JSON.parse(last?.details ?? '{}')).toEqual({ entries: 50, filter: { action: 'auth.sign-in-failed', from: '2000-01-01T00:00:00.000000Z' } });
    } finally {
      await store.close();
    }
  });
});
