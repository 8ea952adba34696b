// Files that hold secrets (the encrypted key file, passphrase files, the legacy plaintext key):
// refused when other users may read or write them, written whole or not at all, erased by
// overwriting before unlinking.
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fchmodSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { AccordError } from '../stix/index.js';

function errno(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException).code;
}

/**
 * Throws unless `path` is a regular file that only its owner may read or write (mode & 0o077
 * is 0). `what` names the file's role in the message. POSIX only: Windows has no mode bits.
 */
export function checkOwnerOnly(path: string, what: string): void {
  let mode: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new AccordError('invalid', 'trust.not-a-file', `${what} ${path} is not a regular file`);
    mode = st.mode;
  } catch (e) {
    if (errno(e) === 'ENOENT') throw new AccordError('not-found', 'trust.no-file', `${what} ${path} does not exist`);
    throw e;
  }
  if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
    throw new AccordError('forbidden', 'trust.file-permissions',
      `${what} ${path} may be read or written by other users (mode ${(mode & 0o777).toString(8).padStart(4, '0')}); the node refuses to use it. Fix: chmod 600 ${path}`);
  }
}

/** Reads a file, naming its role when it is missing or unreadable. */
export function readSecretFile(path: string, what: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    if (errno(e) === 'ENOENT') throw new AccordError('not-found', 'trust.no-file', `${what} ${path} does not exist`);
    throw new AccordError('forbidden', 'trust.unreadable', `cannot read ${what} ${path}: ${(e as Error).message}`);
  }
}

function fsyncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Some file systems cannot sync a directory; the rename is still atomic there.
  }
}

/**
 * Writes `data` to `path` with mode 0600, atomically: a temporary file beside it is written,
 * synced and renamed over, so a crash leaves either the old content or the new, never half.
 * Unless `replace`, an existing `path` is an error.
 */
export function writePrivateFile(path: string, data: string | Uint8Array, opts: { replace: boolean; what: string }): void {
  if (!opts.replace && existsSync(path)) throw new AccordError('conflict', 'trust.file-exists', `${opts.what} ${path} already exists`);
  const tmp = `${path}.tmp-${randomBytes(6).toString('hex')}`;
  try {
    const fd = openSync(tmp, 'wx', 0o600);
    try {
      fchmodSync(fd, 0o600);
      writeSync(fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    if (e instanceof AccordError) throw e;
    throw new AccordError('unavailable', 'trust.write-failed', `cannot write ${opts.what} ${path}: ${(e as Error).message}`);
  }
  fsyncDir(dirname(path));
}

/**
 * Overwrites a file with zeros, syncs, then unlinks it. On copy-on-write or flash storage the old
 * blocks may survive (docs/operations.md says so); this still keeps the secret out of the file
 * system's view and out of later backups.
 */
export function eraseFile(path: string): void {
  const size = statSync(path).size;
  const fd = openSync(path, 'r+');
  try {
    writeSync(fd, Buffer.alloc(size), 0, size, 0);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  unlinkSync(path);
  fsyncDir(dirname(path));
}
