// Node configuration: defaults, then a JSON file, then ACCORD_* environment variables, then
// command-line flags — each later source overrides the earlier ones. Everything is validated
// once at start and every bad setting is reported together, naming where it came from.
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import type { FeedDefinition } from '../interop/index.js';
import { isLoopbackHost, isRole, OIDC_DEFAULT_SCOPES, OIDC_DEFAULT_USERNAME_CLAIM, type OidcRoleMap, type Role } from '../identity/index.js';
import { AccordError, TLP_LEVELS, type TlpLevel } from '../stix/index.js';
import { feedsSetting } from './feeds-config.js';
import { parseMemberList, readPassphraseFile, type MemberRecord, type SharingGroupRecord } from '../trust/index.js';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export interface Config {
  /** The node's data folder (SQLite store, node key, config file). */
  readonly dataDir: string;
  /** `sqlite:<file>` (default `<dataDir>/accord.db`) or a `postgres://` URL. */
  readonly database: string;
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  readonly logLevel: LogLevel;
  /** Objects per import transaction. */
  readonly importBatchSize: number;
  /** Largest single STIX object accepted, in bytes. */
  readonly maxObjectBytes: number;
  /** Largest HTTP request body accepted, in bytes. */
  readonly httpBodyLimit: number;
  /** Largest body of one detection ingest request (POST /api/v1/detect/events, streamed), in bytes. */
  readonly detectIngestLimit: number;
  /** PEM certificate (chain) and private key files: the node serves HTTPS itself. */
  readonly tlsCert: string | undefined;
  readonly tlsKey: string | undefined;
  /** Administrators must enrol a TOTP second factor. */
  readonly requireTotpForAdmins: boolean;
  /** A web session ends after this many minutes without use. */
  readonly sessionIdleMinutes: number;
  /** A web session ends this many hours after sign-in. */
  readonly sessionMaxHours: number;
  /** Where signed audit checkpoints are appended outside the store (default `<data>/audit-checkpoints.jsonl`). */
  readonly auditCheckpointFile: string;
  /** OpenID Connect: the member's identity provider (its issuer URL); sign-in through it is on when this is set. */
  readonly oidcIssuer: string | undefined;
  readonly oidcClientId: string | undefined;
  /** A file (owner-only permissions) holding the client secret; none for a public client. */
  readonly oidcClientSecretFile: string | undefined;
  /** The node's public URL + /api/v1/auth/oidc/callback, as registered at the provider. */
  readonly oidcRedirectUri: string | undefined;
  readonly oidcScopes: readonly string[];
  readonly oidcUsernameClaim: string;
  /** The claim listing the user's groups; with `oidcRoleMap`, the provider decides roles. */
  readonly oidcRoleClaim: string | undefined;
  /** Group → Accord role(s). */
  readonly oidcRoleMap: OidcRoleMap | undefined;
  /** Create accounts for unknown identities (roles from the role map). */
  readonly oidcAutoCreate: boolean;
  /** Link an unknown identity to the unlinked local account of the same user name. */
  readonly oidcLinkByUsername: boolean;
  /** This node's origin as the other members reach it (their member lists' `nodeUrl`); default: the address it listens on. */
  readonly publicUrl: string | undefined;
  /** The static member list (without a charter): every member's identity, node URL and keys. */
  readonly members: readonly MemberRecord[];
  /**
   * The charter file (issue 6): membership is then decided by the members' signed decisions, and
   * `members` may not be given. `charterSha256` pins it and is required with it.
   */
  readonly charter: string | undefined;
  readonly charterSha256: string | undefined;
  /** Sharing groups and the members of each of their versions. */
  readonly sharingGroups: readonly SharingGroupRecord[];
  /** Seconds between pulls from each peer node while serving (0: no background sync). */
  readonly syncIntervalSeconds: number;
  /**
   * The four-eyes rule: the TLP levels whose shares wait for a second person's approval (a
   * publication request) instead of being signed at once. Set as `false` (none, the default),
   * `true` (every level) or a list of levels.
   */
  readonly fourEyes: readonly TlpLevel[];
  /** Remote feeds pulled on a schedule while serving, and by `accord feeds pull` (feeds-config.ts). */
  readonly feeds: readonly FeedDefinition[];
  /** Days of the retro-hunt history kept (`accord history prune`, and `serve` daily). */
  readonly historyRetentionDays: number;
}

/** A setting as given by one source, before validation. */
type Raw = Partial<Record<keyof Config, unknown>>;

/** Where each setting is read from. Settings without a flag are set in the file or the environment. */
export const SETTINGS: Readonly<Record<keyof Config, { env: string; flag?: string; file: string }>> = {
  dataDir: { env: 'ACCORD_DATA', flag: '--data', file: '(not in the file: the file lives in the data folder)' },
  database: { env: 'ACCORD_DATABASE', flag: '--database', file: 'database' },
  host: { env: 'ACCORD_HOST', flag: '--host', file: 'host' },
  port: { env: 'ACCORD_PORT', flag: '--port', file: 'port' },
  logLevel: { env: 'ACCORD_LOG_LEVEL', flag: '--log-level', file: 'logLevel' },
  importBatchSize: { env: 'ACCORD_IMPORT_BATCH_SIZE', flag: '--batch-size', file: 'importBatchSize' },
  maxObjectBytes: { env: 'ACCORD_MAX_OBJECT_BYTES', flag: '--max-object-bytes', file: 'maxObjectBytes' },
  httpBodyLimit: { env: 'ACCORD_HTTP_BODY_LIMIT', file: 'httpBodyLimit' },
  detectIngestLimit: { env: 'ACCORD_DETECT_INGEST_LIMIT', file: 'detectIngestLimit' },
  tlsCert: { env: 'ACCORD_TLS_CERT', flag: '--tls-cert', file: 'tlsCert' },
  tlsKey: { env: 'ACCORD_TLS_KEY', flag: '--tls-key', file: 'tlsKey' },
  requireTotpForAdmins: { env: 'ACCORD_REQUIRE_TOTP_FOR_ADMINS', file: 'requireTotpForAdmins' },
  sessionIdleMinutes: { env: 'ACCORD_SESSION_IDLE_MINUTES', file: 'sessionIdleMinutes' },
  sessionMaxHours: { env: 'ACCORD_SESSION_MAX_HOURS', file: 'sessionMaxHours' },
  auditCheckpointFile: { env: 'ACCORD_AUDIT_CHECKPOINTS', file: 'auditCheckpointFile' },
  oidcIssuer: { env: 'ACCORD_OIDC_ISSUER', file: 'oidcIssuer' },
  oidcClientId: { env: 'ACCORD_OIDC_CLIENT_ID', file: 'oidcClientId' },
  oidcClientSecretFile: { env: 'ACCORD_OIDC_CLIENT_SECRET_FILE', file: 'oidcClientSecretFile' },
  oidcRedirectUri: { env: 'ACCORD_OIDC_REDIRECT_URI', file: 'oidcRedirectUri' },
  oidcScopes: { env: 'ACCORD_OIDC_SCOPES', file: 'oidcScopes' },
  oidcUsernameClaim: { env: 'ACCORD_OIDC_USERNAME_CLAIM', file: 'oidcUsernameClaim' },
  oidcRoleClaim: { env: 'ACCORD_OIDC_ROLE_CLAIM', file: 'oidcRoleClaim' },
  oidcRoleMap: { env: 'ACCORD_OIDC_ROLE_MAP', file: 'oidcRoleMap' },
  oidcAutoCreate: { env: 'ACCORD_OIDC_AUTO_CREATE', file: 'oidcAutoCreate' },
  oidcLinkByUsername: { env: 'ACCORD_OIDC_LINK_BY_USERNAME', file: 'oidcLinkByUsername' },
  publicUrl: { env: 'ACCORD_PUBLIC_URL', file: 'publicUrl' },
  members: { env: 'ACCORD_MEMBERS', file: 'members' },
  charter: { env: 'ACCORD_CHARTER', file: 'charter' },
  charterSha256: { env: 'ACCORD_CHARTER_SHA256', file: 'charterSha256' },
  sharingGroups: { env: 'ACCORD_SHARING_GROUPS', file: 'sharingGroups' },
  syncIntervalSeconds: { env: 'ACCORD_SYNC_INTERVAL_SECONDS', file: 'syncIntervalSeconds' },
  fourEyes: { env: 'ACCORD_FOUR_EYES', file: 'fourEyes' },
  feeds: { env: 'ACCORD_FEEDS', file: 'feeds' },
  historyRetentionDays: { env: 'ACCORD_HISTORY_RETENTION_DAYS', file: 'historyRetentionDays' },
};

/** Where the provider sends the browser back: the redirect URI's path is always this. */
export const OIDC_CALLBACK_PATH = '/api/v1/auth/oidc/callback';

const FILE_KEYS = new Set(Object.keys(SETTINGS).filter((k) => k !== 'dataDir'));

export interface ConfigSources {
  /** Flag values already parsed by the command (strings as typed). */
  readonly flags: Raw;
  readonly env: NodeJS.ProcessEnv;
  /** `--config FILE`; default `<dataDir>/accord.json` when that file exists. */
  readonly configFile?: string;
  readonly cwd: string;
}

/** Resolves and validates the configuration; throws AccordError `config.invalid` listing every problem. */
export function loadConfig(src: ConfigSources): Config {
  const problems: string[] = [];
  const origin: Partial<Record<keyof Config, string>> = {};
  const merged: Raw = {};
  const take = (raw: Raw, from: (k: keyof Config) => string): void => {
    for (const [k, v] of Object.entries(raw) as [keyof Config, unknown][]) {
      if (v === undefined) continue;
      merged[k] = v;
      origin[k] = from(k);
    }
  };

  // The data folder decides where the default config file is, so it is resolved first.
  const envRaw: Raw = {};
  for (const [k, s] of Object.entries(SETTINGS) as [keyof Config, (typeof SETTINGS)[keyof Config]][]) {
    if (src.env[s.env] !== undefined && src.env[s.env] !== '') envRaw[k] = src.env[s.env];
  }
  const dataDirRaw = src.flags.dataDir ?? envRaw.dataDir ?? './data';
  const dataDir = resolve(src.cwd, typeof dataDirRaw === 'string' ? dataDirRaw : './data');

  const file = src.configFile !== undefined ? resolve(src.cwd, src.configFile) : join(dataDir, 'accord.json');
  if (existsSync(file)) {
    try {
      const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
        problems.push(`${file}: the configuration file must hold a JSON object`);
      } else {
        const fileRaw: Raw = {};
        for (const [k, v] of Object.entries(parsed)) {
          if (!FILE_KEYS.has(k)) problems.push(`${file}: unknown setting "${k}" (known: ${[...FILE_KEYS].join(', ')})`);
          else fileRaw[k as keyof Config] = v;
        }
        take(fileRaw, (k) => `${file} (${k})`);
      }
    } catch (e) {
      problems.push(`${file}: not valid JSON: ${(e as Error).message}`);
    }
  } else if (src.configFile !== undefined) {
    problems.push(`--config ${src.configFile}: no such file`);
  }
  take(envRaw, (k) => SETTINGS[k].env);
  take(src.flags, (k) => SETTINGS[k].flag ?? k);

  const where = (k: keyof Config): string => origin[k] ?? 'default';
  const int = (k: keyof Config, dflt: number, min: number, max: number): number => {
    const v = merged[k];
    if (v === undefined) return dflt;
    const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v) : NaN;
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${where(k)}: ${k} must be an integer from ${min} to ${max}, got ${JSON.stringify(v)}`);
      return dflt;
    }
    return n;
  };
  const str = (k: keyof Config, dflt: string): string => {
    const v = merged[k];
    if (v === undefined) return dflt;
    if (typeof v !== 'string' || v.trim() === '') {
      problems.push(`${where(k)}: ${k} must be a non-empty string, got ${JSON.stringify(v)}`);
      return dflt;
    }
    return v.trim();
  };

  const host = str('host', '127.0.0.1');
  const port = int('port', 8470, 0, 65535);
  const logLevel = str('logLevel', 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`${where('logLevel')}: logLevel must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
  let database = str('database', `sqlite:${join(dataDir, 'accord.db')}`);
  if (database.startsWith('postgres://') || database.startsWith('postgresql://')) {
    try {
      new URL(database);
    } catch {
      problems.push(`${where('database')}: database is not a valid PostgreSQL URL`);
    }
  } else {
    const path = database.startsWith('sqlite:') ? database.slice('sqlite:'.length) : database;
    if (path === '') problems.push(`${where('database')}: database must be sqlite:<file> or postgres://…`);
    database = `sqlite:${isAbsolute(path) || path === ':memory:' ? path : resolve(src.cwd, path)}`;
  }
  const bool = (k: keyof Config, dflt: boolean): boolean => {
    const v = merged[k];
    if (v === undefined) return dflt;
    if (v === true || v === 'true' || v === '1' || v === 'yes') return true;
    if (v === false || v === 'false' || v === '0' || v === 'no') return false;
    problems.push(`${where(k)}: ${k} must be true or false, got ${JSON.stringify(v)}`);
    return dflt;
  };
  const pathSetting = (k: keyof Config): string | undefined => {
    const v = merged[k];
    if (v === undefined) return undefined;
    if (typeof v !== 'string' || v.trim() === '') {
      problems.push(`${where(k)}: ${k} must be a file path`);
      return undefined;
    }
    const path = resolve(src.cwd, v.trim());
    if (!existsSync(path)) problems.push(`${where(k)}: ${k} names ${path}, which does not exist`);
    return path;
  };
  const tlsCert = pathSetting('tlsCert');
  const tlsKey = pathSetting('tlsKey');
  if ((merged.tlsCert === undefined) !== (merged.tlsKey === undefined)) problems.push('TLS needs both tlsCert and tlsKey (--tls-cert and --tls-key)');
  const oidc = oidcSettings(merged, where, problems, src.cwd);
  const membership = memberSettings(merged, where, problems);
  let publicUrl: string | undefined;
  if (merged.publicUrl !== undefined) {
    const u = webUrl(merged.publicUrl, 'publicUrl', where('publicUrl'), problems);
    if (u !== undefined && u.pathname !== '/') problems.push(`${where('publicUrl')}: publicUrl is the node's origin only (https://host[:port]), got ${u.href}`);
    else if (u !== undefined) publicUrl = u.origin;
  }
  const config: Config = {
    dataDir, database, host, port, logLevel: LOG_LEVELS.includes(logLevel) ? logLevel : 'info',
    importBatchSize: int('importBatchSize', 10_000, 1, 100_000),
    maxObjectBytes: int('maxObjectBytes', 16 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    httpBodyLimit: int('httpBodyLimit', 32 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    detectIngestLimit: int('detectIngestLimit', 256 * 1024 * 1024, 1024, 16 * 1024 * 1024 * 1024),
    tlsCert, tlsKey,
    requireTotpForAdmins: bool('requireTotpForAdmins', false),
    sessionIdleMinutes: int('sessionIdleMinutes', 30, 1, 24 * 60),
    sessionMaxHours: int('sessionMaxHours', 12, 1, 24 * 30),
    auditCheckpointFile: resolve(src.cwd, str('auditCheckpointFile', join(dataDir, 'audit-checkpoints.jsonl'))),
    ...oidc,
    publicUrl,
    ...membership,
    ...charterSettings(merged, where, problems, pathSetting('charter')),
    syncIntervalSeconds: int('syncIntervalSeconds', 30, 0, 24 * 60 * 60),
    fourEyes: fourEyesSetting(merged.fourEyes, where('fourEyes'), problems),
    feeds: feedsSetting(jsonValue(merged.feeds, 'feeds', where('feeds'), problems), where('feeds'), problems),
    historyRetentionDays: int('historyRetentionDays', 90, 1, 3650),
  };
  if (problems.length > 0) {
    throw new AccordError('invalid', 'config.invalid', `invalid configuration:\n  - ${problems.join('\n  - ')}`, { problems });
  }
  return config;
}

/** A JSON setting: the value itself in the file, its JSON text in the environment. */
function jsonValue(v: unknown, k: keyof Config, at: string, problems: string[]): unknown {
  if (typeof v !== 'string') return v;
  try {
    return JSON.parse(v);
  } catch (e) {
    problems.push(`${at}: ${k} is not valid JSON: ${(e as Error).message}`);
    return undefined;
  }
}

/**
 * The four-eyes rule: false (default) or true, or the TLP 2.0 levels it applies to — a JSON list
 * in the file (["amber", "amber+strict", "red"]), a JSON list or comma-separated levels in the
 * environment. Returns the levels whose shares need a second person.
 */
function fourEyesSetting(v: unknown, at: string, problems: string[]): readonly TlpLevel[] {
  if (v === undefined || v === false || v === 'false' || v === '0' || v === 'no') return [];
  if (v === true || v === 'true' || v === '1' || v === 'yes') return TLP_LEVELS;
  const list = typeof v === 'string' ? (v.trim().startsWith('[') ? jsonValue(v, 'fourEyes', at, problems) : v.split(',').map((l) => l.trim())) : v;
  if (list === undefined) return [];
  const expected = `fourEyes must be true, false or a list of TLP levels (${TLP_LEVELS.join(', ')}), e.g. ["amber", "amber+strict", "red"]`;
  if (!Array.isArray(list) || list.some((l) => typeof l !== 'string')) {
    problems.push(`${at}: ${expected}, got ${JSON.stringify(v)}`);
    return [];
  }
  const levels = (list as string[]).map((l) => l.trim().toLowerCase());
  const unknown = levels.filter((l) => !(TLP_LEVELS as readonly string[]).includes(l));
  if (unknown.length > 0) {
    problems.push(`${at}: fourEyes names ${unknown.map((l) => JSON.stringify(l)).join(', ')}, which ${unknown.length > 1 ? 'are not TLP 2.0 levels' : 'is not a TLP 2.0 level'}; ${expected}`);
    return [];
  }
  return TLP_LEVELS.filter((l) => levels.includes(l));
}

/** The charter file and its pinned SHA-256: both or neither. */
function charterSettings(merged: Raw, where: (k: keyof Config) => string, problems: string[], file: string | undefined): Pick<Config, 'charter' | 'charterSha256'> {
  const pin = merged.charterSha256;
  if (file === undefined) {
    if (pin !== undefined) problems.push(`${where('charterSha256')}: charterSha256 pins a charter: give the charter file too`);
    return { charter: undefined, charterSha256: undefined };
  }
  if (typeof pin !== 'string' || !/^[0-9a-fA-F]{64}$/.test(pin.trim())) {
    problems.push(`${where('charterSha256')}: charterSha256 (64 hex digits, the SHA-256 every member agreed on) is required with a charter, got ${JSON.stringify(pin)}`);
    return { charter: undefined, charterSha256: undefined };
  }
  return { charter: file, charterSha256: pin.trim().toLowerCase() };
}

/** The static member list and sharing groups; each problem is reported with the rest. */
function memberSettings(merged: Raw, where: (k: keyof Config) => string, problems: string[]): Pick<Config, 'members' | 'sharingGroups'> {
  const none = { members: [], sharingGroups: [] };
  if (merged.charter !== undefined) {
    if (merged.members !== undefined) problems.push(`${where('members')}: members may not be given with a charter: the charter and the members' decisions say who is a member`);
    if (merged.sharingGroups === undefined) return none;
    const groups = jsonValue(merged.sharingGroups, 'sharingGroups', where('sharingGroups'), problems);
    try {
      return { members: [], sharingGroups: parseMemberList(undefined, groups, where('sharingGroups'), true).groups };
    } catch (e) {
      if (e instanceof AccordError && Array.isArray(e.details?.problems)) problems.push(...(e.details.problems as string[]));
      else throw e;
      return none;
    }
  }
  if (merged.members === undefined) {
    if (merged.sharingGroups !== undefined) problems.push(`${where('sharingGroups')}: sharingGroups needs a members list`);
    return none;
  }
  const members = jsonValue(merged.members, 'members', where('members'), problems);
  const groups = merged.sharingGroups === undefined ? undefined : jsonValue(merged.sharingGroups, 'sharingGroups', where('sharingGroups'), problems);
  if (members === undefined) return none;
  try {
    const parsed = parseMemberList(members, groups, where('members'));
    return { members: parsed.members, sharingGroups: parsed.groups };
  } catch (e) {
    if (e instanceof AccordError && Array.isArray(e.details?.problems)) problems.push(...(e.details.problems as string[]));
    else throw e;
    return none;
  }
}

type OidcConfig = Pick<Config, Extract<keyof Config, `oidc${string}`>>;

/** An absolute http(s) URL without query or fragment; https unless the host is loopback. Pushes a problem and returns undefined otherwise. */
function webUrl(v: unknown, k: keyof Config, at: string, problems: string[]): URL | undefined {
  let u: URL;
  try {
    if (typeof v !== 'string') throw new TypeError('not a string');
    u = new URL(v.trim());
  } catch {
    problems.push(`${at}: ${k} must be an absolute URL, got ${JSON.stringify(v)}`);
    return undefined;
  }
  if (u.protocol !== 'https:' && !(u.protocol === 'http:' && isLoopbackHost(u.hostname))) {
    problems.push(`${at}: ${k} must be an https:// URL (http:// only for a loopback address), got ${u.href}`);
    return undefined;
  }
  if (u.search !== '' || u.hash !== '' || u.username !== '' || u.password !== '') {
    problems.push(`${at}: ${k} must not carry a query, a fragment or credentials, got ${u.href}`);
    return undefined;
  }
  return u;
}

/** Words from a JSON array of strings, or from a string separated by spaces or commas. */
function words(v: unknown): string[] | undefined {
  if (typeof v === 'string') return v.split(/[\s,]+/).filter((w) => w !== '');
  if (Array.isArray(v) && v.every((w) => typeof w === 'string')) return v.map((w) => w.trim()).filter((w) => w !== '');
  return undefined;
}

/** The role map from a JSON object (file) or its JSON text (environment, flag). */
function roleMap(v: unknown, at: string, problems: string[]): OidcRoleMap | undefined {
  let parsed = v;
  if (typeof v === 'string') {
    try {
      parsed = JSON.parse(v);
    } catch (e) {
      problems.push(`${at}: oidcRoleMap is not valid JSON: ${(e as Error).message}`);
      return undefined;
    }
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed) || Object.keys(parsed).length === 0) {
    problems.push(`${at}: oidcRoleMap must be a non-empty JSON object from group to role(s), e.g. {"cert-analysts": "analyst", "cert-leads": ["analyst", "liaison"]}`);
    return undefined;
  }
  const map: Record<string, readonly Role[]> = {};
  let ok = true;
  for (const [group, given] of Object.entries(parsed)) {
    const roles = typeof given === 'string' ? [given] : Array.isArray(given) ? (given as unknown[]) : [];
    const bad = roles.filter((r) => typeof r !== 'string' || !isRole(r));
    if (group === '' || roles.length === 0 || bad.length > 0) {
      problems.push(`${at}: oidcRoleMap maps ${JSON.stringify(group)} to ${JSON.stringify(given)}; each group needs one or more of admin, analyst, liaison, observer`);
      ok = false;
      continue;
    }
    map[group] = [...new Set(roles as Role[])];
  }
  return ok ? map : undefined;
}

/**
 * The OpenID Connect settings. Off unless oidcIssuer is set; then the client id and the redirect
 * URI are required, the secret file must be owner-only, and auto-creation needs a role mapping
 * (a new account's roles come from the provider, never from a default).
 */
function oidcSettings(merged: Raw, where: (k: keyof Config) => string, problems: string[], cwd: string): OidcConfig {
  const present = (k: keyof Config): boolean => merged[k] !== undefined;
  const text = (k: keyof Config): string | undefined => {
    const v = merged[k];
    if (v === undefined) return undefined;
    if (typeof v !== 'string' || v.trim() === '') {
      problems.push(`${where(k)}: ${k} must be a non-empty string, got ${JSON.stringify(v)}`);
      return undefined;
    }
    return v.trim();
  };
  const flag = (k: keyof Config): boolean => {
    const v = merged[k];
    if (v === undefined || v === false || v === 'false' || v === '0' || v === 'no') return false;
    if (v === true || v === 'true' || v === '1' || v === 'yes') return true;
    problems.push(`${where(k)}: ${k} must be true or false, got ${JSON.stringify(v)}`);
    return false;
  };
  const off: OidcConfig = {
    oidcIssuer: undefined, oidcClientId: undefined, oidcClientSecretFile: undefined, oidcRedirectUri: undefined, oidcScopes: OIDC_DEFAULT_SCOPES,
    oidcUsernameClaim: OIDC_DEFAULT_USERNAME_CLAIM, oidcRoleClaim: undefined, oidcRoleMap: undefined, oidcAutoCreate: false, oidcLinkByUsername: false,
  };
  const keys = (Object.keys(SETTINGS) as (keyof Config)[]).filter((k) => k.startsWith('oidc'));
  if (!present('oidcIssuer')) {
    const stray = keys.filter(present);
    if (stray.length > 0) problems.push(`${stray.map(where).join(', ')}: ${stray.join(', ')} ${stray.length > 1 ? 'have' : 'has'} no effect without oidcIssuer (sign-in through an identity provider is off)`);
    return off;
  }
  const issuer = webUrl(merged.oidcIssuer, 'oidcIssuer', where('oidcIssuer'), problems);
  const clientId = text('oidcClientId');
  if (!present('oidcClientId')) problems.push('oidcIssuer is set, so oidcClientId is needed too (the client id this node has at the identity provider)');
  let redirectUri: string | undefined;
  if (!present('oidcRedirectUri')) {
    problems.push(`oidcIssuer is set, so oidcRedirectUri is needed too: the node's public URL + ${OIDC_CALLBACK_PATH}, e.g. https://accord.example.org${OIDC_CALLBACK_PATH}`);
  } else {
    const u = webUrl(merged.oidcRedirectUri, 'oidcRedirectUri', where('oidcRedirectUri'), problems);
    if (u !== undefined && u.pathname !== OIDC_CALLBACK_PATH) {
      problems.push(`${where('oidcRedirectUri')}: oidcRedirectUri must be the node's public URL + ${OIDC_CALLBACK_PATH}, got ${u.href}`);
    } else if (u !== undefined) {
      redirectUri = u.href;
    }
  }
  let secretFile: string | undefined;
  const secretPath = text('oidcClientSecretFile');
  if (secretPath !== undefined) {
    secretFile = resolve(cwd, secretPath);
    try {
      readPassphraseFile(secretFile, 'the OpenID Connect client secret file');
    } catch (e) {
      problems.push(`${where('oidcClientSecretFile')}: ${(e as Error).message}`);
    }
  }
  let scopes = OIDC_DEFAULT_SCOPES;
  if (present('oidcScopes')) {
    const w = words(merged.oidcScopes);
    if (w === undefined || !w.includes('openid')) problems.push(`${where('oidcScopes')}: oidcScopes must be scope names separated by spaces (or a JSON array), including openid, got ${JSON.stringify(merged.oidcScopes)}`);
    else scopes = [...new Set(w)];
  }
  const usernameClaim = text('oidcUsernameClaim') ?? OIDC_DEFAULT_USERNAME_CLAIM;
  const roleClaim = text('oidcRoleClaim');
  const map = present('oidcRoleMap') ? roleMap(merged.oidcRoleMap, where('oidcRoleMap'), problems) : undefined;
  if (present('oidcRoleClaim') !== present('oidcRoleMap')) {
    problems.push('oidcRoleClaim and oidcRoleMap go together: the claim names the groups, the map turns groups into roles');
  }
  const autoCreate = flag('oidcAutoCreate');
  if (autoCreate && !(present('oidcRoleClaim') && present('oidcRoleMap'))) {
    problems.push(`${where('oidcAutoCreate')}: oidcAutoCreate needs oidcRoleClaim and oidcRoleMap: a new account's roles come from the identity provider's groups`);
  }
  return {
    oidcIssuer: issuer !== undefined ? String(merged.oidcIssuer).trim() : undefined, oidcClientId: clientId, oidcClientSecretFile: secretFile, oidcRedirectUri: redirectUri,
    oidcScopes: scopes, oidcUsernameClaim: usernameClaim, oidcRoleClaim: roleClaim, oidcRoleMap: map, oidcAutoCreate: autoCreate,
    oidcLinkByUsername: flag('oidcLinkByUsername'),
  };
}

/** The database setting with any password masked, for logs and messages. */
export function describeDatabase(database: string): string {
  if (!database.startsWith('postgres')) return database;
  try {
    const u = new URL(database);
    if (u.password !== '') u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://(unparseable)';
  }
}
