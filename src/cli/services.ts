// A running node's services, composed once for every command that acts as the node: the store,
// the node's keys, the audit log and the identity service. `serve` keeps them for its lifetime;
// account commands (`accord user`, `accord token`) open them for one action.
import { userInfo } from 'node:os';
import { AuditLog } from '../audit/index.js';
import { IdentityService, SecretBox } from '../identity/index.js';
import { AccordError, type Store } from '../store/index.js';
import { deriveSecretKey, type OpenedNodeKeys } from '../trust/index.js';
import type { Config } from './config.js';
import type { Io } from './io.js';
import { isInitialised, openNodeKeys, openNodeStore } from './node.js';

export interface NodeServices {
  readonly store: Store;
  readonly keys: OpenedNodeKeys;
  readonly audit: AuditLog;
  readonly identity: IdentityService;
  close(): Promise<void>;
}

/** The audit actor for what an operator does at the command line. */
export function cliActor(): string {
  let name = 'unknown';
  try {
    name = userInfo().username;
  } catch {
    // no passwd entry (some containers)
  }
  return `cli:${name}`;
}

/** Records in the audit log what initialisation did (the administrator it created). */
export async function recordInit(node: NodeServices, result: { readonly createdAdmin: boolean; readonly adminUser: string }, by: string): Promise<void> {
  if (!result.createdAdmin) return;
  await node.audit.record({ actor: cliActor(), action: 'user.created', target: `user:${result.adminUser}`, details: { roles: ['admin'], by } });
}

/** Opens the services of an initialised node; closes what it opened if anything fails. */
export async function openNodeServices(config: Config, io: Io, store?: Store): Promise<NodeServices> {
  const s = store ?? (await openNodeStore(config));
  try {
    if (!(await isInitialised(s))) {
      throw new AccordError('unavailable', 'node.not-initialised', `there is no initialised node in ${config.dataDir}; run \`accord init\` (or \`accord serve\`) first`);
    }
    const keys = await openNodeKeys(config, s, { env: io.env, cwd: io.cwd });
    const audit = await AuditLog.open({ repository: s.audit, key: keys.keys.signing, checkpointFile: config.auditCheckpointFile });
    const identity = new IdentityService(s, {
      secretBox: new SecretBox(deriveSecretKey(keys.keys.signing, 'accord-totp-secrets-v1')),
      audit,
      requireTotpForAdmins: config.requireTotpForAdmins,
      sessionIdleSeconds: config.sessionIdleMinutes * 60,
      sessionAbsoluteSeconds: config.sessionMaxHours * 3600,
    });
    return {
      store: s, keys, audit, identity,
      async close() {
        await audit.close();
        await s.close();
      },
    };
  } catch (e) {
    await s.close();
    throw e;
  }
}
