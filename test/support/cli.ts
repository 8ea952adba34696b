// Runs the real `accord` command (bin/accord → dist/, built by `npm test`) as a child process.
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStore, type Store } from '../../src/store/index.js';
import { loadNodeKeys, type NodeKey } from '../../src/trust/index.js';

export const ACCORD_BIN = fileURLToPath(new URL('../../bin/accord', import.meta.url));

export interface RunResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly input?: string | Buffer;
  readonly timeoutMs?: number;
}

/** Starts `accord args…` and returns the child (stdout/stderr piped). */
export function spawnAccord(args: readonly string[], opts: RunOptions = {}): ChildProcess {
  return spawn(process.execPath, [ACCORD_BIN, ...args], {
    cwd: opts.cwd,
    env: { ...process.env, ACCORD_LOG_LEVEL: 'warn', ...opts.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

/** Runs `accord args…` to completion and collects its output. */
export function runAccord(args: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawnAccord(args, opts);
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
    if (opts.input !== undefined) child.stdin?.end(opts.input);
    else child.stdin?.end();
  });
}

/** Starts `accord serve --port 0` and resolves with the child and its base URL once it listens. */
export async function startNode(args: readonly string[], opts: RunOptions = {}): Promise<{ child: ChildProcess; url: string; stop: () => Promise<number | null> }> {
  const child = spawnAccord(['serve', '--port', '0', ...args], opts);
  let stderr = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`node did not start: ${stderr}`)), opts.timeoutMs ?? 30_000);
    child.stderr?.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
      const m = /listening on (https?:\/\/[^\s]+)/.exec(stderr);
      if (m?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.on('exit', (code) => reject(new Error(`node exited with ${code}: ${stderr}`)));
  });
  const stop = (): Promise<number | null> => new Promise((resolve) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
  return { child, url, stop };
}

/** Initialises a node in `data` non-interactively (administrator password from the environment). */
export async function initNodeDir(data: string, extra: readonly string[] = []): Promise<void> {
  const r = await runAccord(['init', '--data', data, '--name', 'Test member', ...extra], { env: { ACCORD_ADMIN_PASSWORD: 'correct horse battery staple 42' } });
  if (r.code !== 0) throw new Error(`accord init failed (${r.code}): ${r.stderr}`);
}

/**
 * Imports `values` (one per line) into the node in `data` as a plain feed named `name` at `tlp`,
 * and shares its indicators with this member alone (`--sharer-only`): what feeding one's own
 * devices needs. The list and id files are written in `dir`. Fails on a non-zero exit.
 */
export async function importShared(data: string, dir: string, name: string, values: string, tlp: string): Promise<void> {
  const run = async (args: readonly string[]): Promise<string> => {
    const r = await runAccord([...args, '--data', data]);
    if (r.code !== 0) throw new Error(`accord ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
    return r.stdout;
  };
  writeFileSync(join(dir, `${name}.txt`), values);
  await run(['import', join(dir, `${name}.txt`), '--tlp', tlp, '--feed-name', name]);
  const ids = (await run(['export', '--format', 'jsonl', '--type', 'indicator'])).trim().split('\n')
    .map((l) => JSON.parse(l) as { id: string; description: string }).filter((o) => o.description.includes(`"${name}"`)).map((o) => o.id);
  writeFileSync(join(dir, `${name}-ids.txt`), ids.join('\n'));
  await run(['share', '--ids-file', join(dir, `${name}-ids.txt`), '--tlp', tlp, '--sharer-only']);
}

/** A free TCP port on 127.0.0.1 (for nodes that must know their port before they start). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (a !== null && typeof a === 'object' ? resolve(a.port) : reject(new Error('no port'))));
    });
  });
}

/** A member's entry in the member list, as `accord members self` prints it. */
export interface MemberEntry {
  readonly id: string;
  readonly name: string;
  readonly nodeUrl: string;
  readonly keys: string[];
}

/**
 * Initialises a member node in `data` that will listen on a free port, and returns the port and
 * its member-list entry (its node URL is `nodeUrl` when given, e.g. a proxy in front of it).
 */
export async function initMemberNode(data: string, name: string, nodeUrl?: (port: number) => string): Promise<{ port: number; entry: MemberEntry }> {
  await initNodeDir(data, ['--name', name]);
  const port = await freePort();
  const self = await runAccord(['members', 'self', '--node-url', nodeUrl?.(port) ?? `http://127.0.0.1:${port}`, '--data', data]);
  if (self.code !== 0) throw new Error(`accord members self failed (${self.code}): ${self.stderr}`);
  return { port, entry: JSON.parse(self.stdout) as MemberEntry };
}

/** A member node of a test federation: its data folder, port, member-list entry and signing key. */
export interface TestMember {
  readonly data: string;
  readonly port: number;
  readonly entry: MemberEntry;
  readonly key: NodeKey;
}

/**
 * Initialises one member node per name under `dir` (named CERT-<NAME>), each on a free port, and
 * gives every node the same member list. The nodes are not started.
 */
export async function initFederation<N extends string>(dir: string, names: readonly N[]): Promise<Record<N, TestMember>> {
  const out = {} as Record<N, TestMember>;
  for (const name of names) {
    const data = join(dir, name);
    const { port, entry } = await initMemberNode(data, `CERT-${name.toUpperCase()}`);
    const key = (await loadNodeKeys(data, { env: process.env, cwd: dir })).keys.signing;
    out[name] = { data, port, entry, key };
  }
  const members = names.map((n) => out[n].entry);
  for (const n of names) writeFileSync(join(out[n].data, 'accord.json'), JSON.stringify({ members }));
  return out;
}

/** Serving member nodes of a test federation, with each one's SQLite store open beside it. */
export interface ServedFederation<N extends string> {
  store(name: N): Store;
  /** Stops every node and closes every store. */
  stop(): Promise<void>;
}

/** Starts `accord serve` for each member (on its port) and opens its store; the caller stops them. */
export async function serveFederation<N extends string>(m: Record<N, TestMember>, names: readonly N[]): Promise<ServedFederation<N>> {
  const nodes: Awaited<ReturnType<typeof startNode>>[] = [];
  const stores = new Map<N, Store>();
  const stop = async (): Promise<void> => {
    for (const node of nodes) await node.stop();
    for (const store of stores.values()) await store.close();
  };
  try {
    for (const n of names) {
      nodes.push(await startNode(['--data', m[n].data, '--port', String(m[n].port)]));
      stores.set(n, await openStore(`sqlite:${join(m[n].data, 'accord.db')}`));
    }
  } catch (e) {
    await stop();
    throw e;
  }
  return {
    store: (name) => {
      const s = stores.get(name);
      if (s === undefined) throw new Error(`no store for ${name}`);
      return s;
    },
    stop,
  };
}

/** Polls `check` every 200 ms until it holds; throws naming `what` after `ms`. */
export async function waitUntil(what: string, check: () => Promise<boolean>, ms = 30_000): Promise<void> {
  for (const deadline = Date.now() + ms; !(await check());) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
