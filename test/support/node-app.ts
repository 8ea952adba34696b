// A whole node's HTTP application for tests: a real SQLite store, a real audit log with its
// checkpoint file, the real identity service, listening on 127.0.0.1 on a free port.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { AuditLog } from '../../src/audit/index.js';
import { IdentityService, SecretBox, type IdentityOptions, type Role } from '../../src/identity/index.js';
import { buildApp } from '../../src/server/index.js';
import { generateNodeKey } from '../../src/trust/index.js';
import { tempSqliteStore, type TempStore } from './store.js';

/** The password of every user `userWithToken` creates. */
export const TEST_PASSWORD = 'correct horse battery staple 42';

export interface TestNode {
  readonly app: FastifyInstance;
  readonly url: string;
  readonly store: TempStore['store'];
  readonly identity: IdentityService;
  readonly audit: AuditLog;
  readonly dir: string;
  /** Creates a user with these roles and returns a token acting with all of them. */
  userWithToken(username: string, roles: readonly Role[]): Promise<string>;
  close(): Promise<void>;
}

export async function startTestNode(options: Partial<Pick<IdentityOptions, 'requireTotpForAdmins' | 'clock' | 'sessionIdleSeconds' | 'sessionAbsoluteSeconds' | 'throttle'>> = {}): Promise<TestNode> {
  const t = await tempSqliteStore();
  const audit = await AuditLog.open({ repository: t.store.audit, key: generateNodeKey('signing'), checkpointFile: join(t.dir, 'audit-checkpoints.jsonl'), checkpointIntervalMs: 0 });
  const identity = new IdentityService(t.store, { secretBox: new SecretBox(randomBytes(32)), audit, ...options });
  const app = await buildApp({ store: t.store, identity, logger: pino({ level: 'silent' }), bodyLimit: 1 << 20, version: 'test', tls: false });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    app, url, store: t.store, identity, audit, dir: t.dir,
    async userWithToken(username, roles) {
      await identity.addUser({ username, password: TEST_PASSWORD, roles }, 'test');
      return (await identity.createToken(username, { name: 'test' }, 'test')).token;
    },
    async close() {
      await app.close();
      await audit.close();
      await t.dispose();
    },
  };
}
