import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { storeContract } from '../contract/store.case.js';
import { openSqliteStore } from './sqlite-store.js';

storeContract('sqlite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'accord-sqlite-'));
  return Promise.resolve({
    open: () => Promise.resolve(openSqliteStore(join(dir, 'accord.db'))),
    destroy: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
  });
});
