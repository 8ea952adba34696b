// A running node's services, composed once for every command that acts as the node: the store,
// the node's keys, the audit log, the identity service and, when configured, the OpenID Connect
// relying party. `serve` keeps them for its lifetime; account commands (`accord user`,
// `accord token`) open them for one action.
import { userInfo } from 'node:os';
import { AuditLog } from '../audit/index.js';
import { IdentityService, OidcRelyingParty, SecretBox, type OidcAccountPolicy } from '../identity/index.js';
import { AccordError, type Store } from '../store/index.js';
import { ensureDefaultCollection } from '../taxii/index.js';
import { deriveSecretKey, readPassphraseFile, type OpenedNodeKeys } from '../trust/index.js';
import type { Config } from './config.js';
import type { Io } from './io.js';
import { isInitialised, openNodeKeys, openNodeStore } from './node.js';

export interface NodeServices {
  readonly store: Store;
  readonly keys: OpenedNodeKeys;
  readonly audit: AuditLog;
  readonly identity: IdentityService;
  /** Sign-in through the member's identity provider, when configured (give it to buildApp). */
  readonly oidc?: OidcRelyingParty;
  close(): Promise<void>;
}

/** The account policy for identities from the provider, from the configuration. */
function oidcPolicy(config: Config): OidcAccountPolicy | undefined {
  if (config.oidcIssuer === undefined) return undefined;
  return {
    autoCreate: config.oidcAutoCreate, linkByUsername: config.oidcLinkByUsername,
    ...(config.oidcRoleMap !== undefined ? { roleMap: config.oidcRoleMap } : {}),
  };
}

/** The relying party, when configured. Nothing is fetched yet: the provider is discovered on first use. */
function oidcRelyingParty(config: Config, keys: OpenedNodeKeys, audit: AuditLog): OidcRelyingParty | undefined {
  if (config.oidcIssuer === undefined || config.oidcClientId === undefined || config.oidcRedirectUri === undefined) return undefined;
  const clientSecret = config.oidcClientSecretFile !== undefined
    ? readPassphraseFile(config.oidcClientSecretFile, 'the OpenID Connect client secret file')
    : undefined;
  return new OidcRelyingParty({
    issuer: config.oidcIssuer, clientId: config.oidcClientId, redirectUri: config.oidcRedirectUri, scopes: config.oidcScopes,
    usernameClaim: config.oidcUsernameClaim,
    ...(clientSecret !== undefined ? { clientSecret } : {}),
    ...(config.oidcRoleClaim !== undefined ? { roleClaim: config.oidcRoleClaim } : {}),
  }, { secretBox: new SecretBox(deriveSecretKey(keys.keys.signing, 'accord-oidc-login-v1')), audit });
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

/**
 * Gives the node its default TAXII collection unless it has had one (a new node at `accord init`,
 * a node from before collections at its next `accord serve`), and records it in the audit log.
 */
export async function ensureTaxiiDefaults(node: NodeServices, actor: string): Promise<void> {
  const created = await ensureDefaultCollection(node.store);
  if (created === undefined) return;
  await node.audit.record({
    actor, action: 'collection.created', target: `collection:${created.id}`,
    details: { title: created.title, alias: created.alias, scope: created.scope, readers: created.readers, writers: created.writers, by: 'default' },
  });
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
    const policy = oidcPolicy(config);
    const identity = new IdentityService(s, {
      secretBox: new SecretBox(deriveSecretKey(keys.keys.signing, 'accord-totp-secrets-v1')),
      audit,
      requireTotpForAdmins: config.requireTotpForAdmins,
      sessionIdleSeconds: config.sessionIdleMinutes * 60,
      sessionAbsoluteSeconds: config.sessionMaxHours * 3600,
      ...(policy !== undefined ? { oidc: policy } : {}),
    });
    const oidc = oidcRelyingParty(config, keys, audit);
    return {
      store: s, keys, audit, identity, ...(oidc !== undefined ? { oidc } : {}),
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
