import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { storeContract } from '../contract/store.case.js';
import { openSqliteStore } from './sqlite-store.js';

storeContract('sqlite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'accord-sqlite-'));
  return Promise.resolve({
    open: () => Promise.resolve(openSqliteStore(join(dir, 'accord.db'))),
    destroy: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
  });
});

describe('SQLite exclusive roles', () => {
  it('takes over a lock file left by a process that is gone, and keeps off while its holder lives', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'accord-sqlite-lock-'));
    const file = join(dir, 'accord.db');
    const store = openSqliteStore(file);
    try {
      // A process that ran and ended: its id names nobody now.
      const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
      writeFileSync(`${file}.sync.lock`, `${gone.stdout}\n`);
      const lease = await store.exclusive('sync');
      expect(lease).toBeDefined();
      expect(readFileSync(`${file}.sync.lock`, 'utf8').trim()).toBe(String(process.pid));
      await lease?.release();
      expect(existsSync(`${file}.sync.lock`)).toBe(false);
      // A live process (the test runner's parent) holds it: refused.
      writeFileSync(`${file}.sync.lock`, `${process.ppid}\n`);
      expect(await store.exclusive('sync')).toBeUndefined();
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
