// Node configuration: defaults, then a JSON file, then ACCORD_* environment variables, then
// command-line flags — each later source overrides the earlier ones. Everything is validated
// once at start and every bad setting is reported together, naming where it came from.
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { AccordError } from '../stix/index.js';

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
}

/** A setting as given by one source, before validation. */
type Raw = Partial<Record<keyof Config, unknown>>;

/** Where each setting is read from, for error messages and docs/operations.md. */
export const SETTINGS: Readonly<Record<keyof Config, { env: string; flag: string; file: string }>> = {
  dataDir: { env: 'ACCORD_DATA', flag: '--data', file: '(not in the file: the file lives in the data folder)' },
  database: { env: 'ACCORD_DATABASE', flag: '--database', file: 'database' },
  host: { env: 'ACCORD_HOST', flag: '--host', file: 'host' },
  port: { env: 'ACCORD_PORT', flag: '--port', file: 'port' },
  logLevel: { env: 'ACCORD_LOG_LEVEL', flag: '--log-level', file: 'logLevel' },
  importBatchSize: { env: 'ACCORD_IMPORT_BATCH_SIZE', flag: '--batch-size', file: 'importBatchSize' },
  maxObjectBytes: { env: 'ACCORD_MAX_OBJECT_BYTES', flag: '--max-object-bytes', file: 'maxObjectBytes' },
  httpBodyLimit: { env: 'ACCORD_HTTP_BODY_LIMIT', flag: '--http-body-limit', file: 'httpBodyLimit' },
  tlsCert: { env: 'ACCORD_TLS_CERT', flag: '--tls-cert', file: 'tlsCert' },
  tlsKey: { env: 'ACCORD_TLS_KEY', flag: '--tls-key', file: 'tlsKey' },
  requireTotpForAdmins: { env: 'ACCORD_REQUIRE_TOTP_FOR_ADMINS', flag: '--require-totp-for-admins', file: 'requireTotpForAdmins' },
  sessionIdleMinutes: { env: 'ACCORD_SESSION_IDLE_MINUTES', flag: '--session-idle-minutes', file: 'sessionIdleMinutes' },
  sessionMaxHours: { env: 'ACCORD_SESSION_MAX_HOURS', flag: '--session-max-hours', file: 'sessionMaxHours' },
  auditCheckpointFile: { env: 'ACCORD_AUDIT_CHECKPOINTS', flag: '--audit-checkpoints', file: 'auditCheckpointFile' },
};

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
  take(src.flags, (k) => SETTINGS[k].flag);

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
  const config: Config = {
    dataDir, database, host, port, logLevel: LOG_LEVELS.includes(logLevel) ? logLevel : 'info',
    importBatchSize: int('importBatchSize', 10_000, 1, 100_000),
    maxObjectBytes: int('maxObjectBytes', 16 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    httpBodyLimit: int('httpBodyLimit', 32 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    tlsCert, tlsKey,
    requireTotpForAdmins: bool('requireTotpForAdmins', false),
    sessionIdleMinutes: int('sessionIdleMinutes', 30, 1, 24 * 60),
    sessionMaxHours: int('sessionMaxHours', 12, 1, 24 * 30),
    auditCheckpointFile: resolve(src.cwd, str('auditCheckpointFile', join(dataDir, 'audit-checkpoints.jsonl'))),
  };
  if (problems.length > 0) {
    throw new AccordError('invalid', 'config.invalid', `invalid configuration:\n  - ${problems.join('\n  - ')}`, { problems });
  }
  return config;
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
