// Where the key passphrase comes from: ACCORD_KEY_PASSPHRASE, else the file named by
// ACCORD_KEY_PASSPHRASE_FILE, else `<data>/key-passphrase`. The last exists for the
// zero-configuration first start only: a passphrase next to the key it protects keeps the key
// out of a stolen database dump, not out of a stolen data folder, and the node says so.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AccordError } from '../stix/index.js';
import { checkOwnerOnly, readSecretFile, writePrivateFile } from './secret-files.js';

export const KEY_PASSPHRASE_FILE = 'key-passphrase';
export const PASSPHRASE_ENV = 'ACCORD_KEY_PASSPHRASE';
export const PASSPHRASE_FILE_ENV = 'ACCORD_KEY_PASSPHRASE_FILE';

/** What a custody operation may read of its process: the environment and working directory. */
export interface CustodyContext {
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

export interface Passphrase {
  readonly value: string;
  /** Where it came from, for messages: an environment variable's name or a file path. */
  readonly source: string;
  /** True when it was read from the data folder (the zero-configuration default). */
  readonly inDataFolder: boolean;
}

/**
 * Reads a passphrase file: owner-only permissions required, one trailing newline ignored, an
 * empty passphrase refused. `what` names the file's role in messages.
 */
export function readPassphraseFile(path: string, what: string): string {
  checkOwnerOnly(path, what);
  const value = readSecretFile(path, what).toString('utf8').replace(/\r?\n$/, '');
  if (value === '') throw new AccordError('invalid', 'trust.empty-passphrase', `${what} ${path} is empty`);
  return value;
}

/** The configured key passphrase, or undefined when none is configured. */
export function findKeyPassphrase(dataDir: string, ctx: CustodyContext): Passphrase | undefined {
  const fromEnv = ctx.env[PASSPHRASE_ENV];
  if (fromEnv !== undefined && fromEnv !== '') return { value: fromEnv, source: PASSPHRASE_ENV, inDataFolder: false };
  const named = ctx.env[PASSPHRASE_FILE_ENV];
  if (named !== undefined && named !== '') {
    const path = resolve(ctx.cwd, named);
    if (!existsSync(path)) {
      throw new AccordError('not-found', 'trust.no-passphrase-file', `${PASSPHRASE_FILE_ENV} names ${path}, which does not exist`);
    }
    return { value: readPassphraseFile(path, `the key passphrase file (${PASSPHRASE_FILE_ENV})`), source: path, inDataFolder: false };
  }
  const local = join(dataDir, KEY_PASSPHRASE_FILE);
  if (existsSync(local)) return { value: readPassphraseFile(local, 'the key passphrase file'), source: local, inDataFolder: true };
  return undefined;
}

/** Generates a random passphrase (32 bytes, base64url) into `<data>/key-passphrase`, mode 0600. */
export function generateKeyPassphrase(dataDir: string): Passphrase {
  const path = join(dataDir, KEY_PASSPHRASE_FILE);
  const value = randomBytes(32).toString('base64url');
  writePrivateFile(path, `${value}\n`, { replace: false, what: 'the key passphrase file' });
  return { value, source: path, inDataFolder: true };
}
