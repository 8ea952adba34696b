// A whole node's HTTP application for tests: a real SQLite store with the default TAXII
// collection, a real audit log with its checkpoint file, the real identity service, listening on
// 127.0.0.1 on a free port — with sign-in through an OpenID Connect provider when `oidc` is given.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { AuditLog } from '../../src/audit/index.js';
import {
  IdentityService, OidcRelyingParty, SecretBox, type IdentityOptions, type OidcAccountPolicy, type OidcSettings, type Role,
} from '../../src/identity/index.js';
import { buildApp, type DetectionIngest, type MembersApi, type PeerStatusSource } from '../../src/server/index.js';
import type { PublishingService } from '../../src/sharing/index.js';
import type { Store } from '../../src/store/index.js';
import { ensureDefaultCollection } from '../../src/taxii/index.js';
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
  /** The redirect URI the node's relying party uses (register it at the provider), when OIDC is on. */
  readonly oidcRedirectUri?: string;
  /** Creates a user with these roles and returns a token acting with all of them. */
  userWithToken(username: string, roles: readonly Role[]): Promise<string>;
  close(): Promise<void>;
}

export interface TestNodeOptions extends Partial<Pick<IdentityOptions, 'requireTotpForAdmins' | 'clock' | 'sessionIdleSeconds' | 'sessionAbsoluteSeconds' | 'throttle'>> {
  /** Sign-in through an OpenID Connect provider: the relying party's settings (the redirect URI is the node's own) and the account policy. */
  readonly oidc?: { readonly settings: Omit<OidcSettings, 'redirectUri'>; readonly policy: OidcAccountPolicy };
  /**
   * Serve this store instead of a fresh SQLite one (e.g. a second app instance on the same
   * database, as a second `accord serve` process would be); the caller closes it.
   */
  readonly store?: Store;
  /** The largest request body accepted (default 1 MiB). */
  readonly bodyLimit?: number;
  /** Sharing through the API: builds the publishing service over the node's store and audit log. */
  readonly publishing?: (store: Store, audit: AuditLog) => PublishingService;
  /** Detection through the API: the live index (over the node's store) the ingest endpoint matches against. */
  readonly detection?: (store: Store) => DetectionIngest;
  /** This member's identity id (the creator of the sightings the node files). */
  readonly self?: string;
  /** The peers' sync status GET /api/v1/peers shows. */
  readonly peerStatus?: PeerStatusSource;
  /** What /api/v1/members reads and does. */
  readonly members?: MembersApi;
}

/** A port free right now on 127.0.0.1 (the relying party must know its redirect URI before the node listens). */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

export async function startTestNode(options: TestNodeOptions = {}): Promise<TestNode> {
  const { oidc, store, bodyLimit, publishing, detection, self, peerStatus, members, ...identityOptions } = options;
  const t: TempStore = store !== undefined ? { store, dir: mkdtempSync(join(tmpdir(), 'accord-test-')), dispose: () => Promise.resolve() } : await tempSqliteStore();
  await ensureDefaultCollection(t.store);
  const audit = await AuditLog.open({ repository: t.store.audit, key: generateNodeKey('signing'), checkpointFile: join(t.dir, 'audit-checkpoints.jsonl'), checkpointIntervalMs: 0 });
  const identity = new IdentityService(t.store, {
    secretBox: new SecretBox(randomBytes(32)), audit, ...identityOptions, ...(oidc !== undefined ? { oidc: oidc.policy } : {}),
  });
  const build = (rp?: OidcRelyingParty) => buildApp({
    store: t.store, identity, audit, logger: pino({ level: 'silent' }), bodyLimit: bodyLimit ?? 1 << 20, version: 'test', tls: false, ...(rp !== undefined ? { oidc: rp } : {}),
    ...(publishing !== undefined ? { publishing: publishing(t.store, audit) } : {}), ...(self !== undefined ? { self } : {}),
    ...(detection !== undefined ? { detection: detection(t.store) } : {}),
    ...(peerStatus !== undefined ? { peerStatus } : {}), ...(members !== undefined ? { members } : {}),
  });
  let app: FastifyInstance;
  let url: string;
  let oidcRedirectUri: string | undefined;
  if (oidc === undefined) {
    app = await build();
    url = await app.listen({ host: '127.0.0.1', port: 0 });
  } else {
    // The port is chosen before listening; should another socket take it meanwhile, try another.
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      oidcRedirectUri = `http://127.0.0.1:${port}/api/v1/auth/oidc/callback`;
      app = await build(new OidcRelyingParty({ ...oidc.settings, redirectUri: oidcRedirectUri }, { secretBox: new SecretBox(randomBytes(32)), audit }));
      try {
        url = await app.listen({ host: '127.0.0.1', port });
        break;
      } catch (e) {
        await app.close();
        if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt === 5) throw e;
      }
    }
  }
  return {
    app, url, store: t.store, identity, audit, dir: t.dir, ...(oidcRedirectUri !== undefined ? { oidcRedirectUri } : {}),
    async userWithToken(username, roles) {
      await identity.addUser({ username, password: TEST_PASSWORD, roles }, 'test');
      return (await identity.createToken(username, { name: 'test' }, 'test')).token;
    },
    async close() {
      await app.close();
      await audit.close();
      await t.dispose();
      if (store !== undefined) rmSync(t.dir, { recursive: true, force: true });
    },
  };
}
