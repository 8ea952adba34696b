// `accord demo`: three to six member nodes on loopback, each with its own data folder, keys and
// administrator, peered from one generated member list, with sample intelligence shared under
// every kind of audience — so that a newcomer sees sharing and the policy at work in a minute.
//
// The demo is a script over the real command: every step (init, members self, import, share,
// serve) runs `accord` as a child process, exactly as an operator would. Only the summary reads
// the nodes' stores directly, to report what each node holds and the policy's reason for it.
// Serving children get their own process group, so that Ctrl-C reaches the demo alone and the
// demo stops each node with one SIGTERM (a second signal would end a node without its clean stop).
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { peersOf, readPeerStatuses } from '../../federation/index.js';
import { explain, mayRead, VisibilityService, type Share } from '../../sharing/index.js';
import { AccordError } from '../../stix/index.js';
import type { Store } from '../../store/index.js';
import { parseMemberList, StaticMembership } from '../../trust/index.js';
import { commandLine, usageText, type OptionTable } from '../args.js';
import { loadConfig } from '../config.js';
import { DEMO_GROUP, DEMO_MEMBERS, DEMO_SHARES, demoBundle, demoSharingGroups, type DemoMember, type DemoShare } from '../demo-sample.js';
import { EXIT, type Io } from '../io.js';
import { openNodeStore } from '../node.js';

const OPTIONS: OptionTable = {
  members: { type: 'string', arg: 'N', describe: 'how many member nodes, 3 to 6 (default 3)' },
  dir: { type: 'string', arg: 'DIR', describe: 'an empty or new folder for the nodes (default a new temporary folder, kept afterwards)' },
  'base-port': { type: 'string', arg: 'P', describe: 'the nodes listen on P, P+1, … (default free ports chosen for you)' },
  open: { type: 'boolean', describe: 'open each node\'s web app in the desktop\'s browser (the default when a desktop session is found)' },
  'no-open': { type: 'boolean', describe: 'do not open the web apps, only print their addresses' },
};

export const USAGE = usageText('accord demo [--members N] [--dir DIR] [--base-port P] [--open | --no-open]',
  'Starts N member nodes on 127.0.0.1, each with its own data folder, keys and administrator, peered from one\n' +
  'generated member list; imports sample intelligence on the first node and shares it under different audiences\n' +
  '(TLP:CLEAR to all, TLP:GREEN to a group, TLP:AMBER and TLP:RED to one member, one kept); lets the nodes sync and\n' +
  'prints what each node now holds and why, and opens each node\'s web app. Runs until Ctrl-C, then stops every node.\n' +
  'For trying Accord only.', OPTIONS);

/** The interval the demo nodes pull each other at. */
const SYNC_SECONDS = 5;
const START_TIMEOUT_MS = 30_000;
const SYNC_TIMEOUT_MS = 45_000;
const STOP_TIMEOUT_MS = 10_000;
const ACCORD_BIN = fileURLToPath(new URL('../../../bin/accord', import.meta.url));

interface Node {
  readonly member: DemoMember;
  readonly data: string;
  readonly port: number;
  readonly url: string;
  id: string;
  adminUser: string;
  password: string;
  analystPassword: string;
  entry?: unknown;
  child?: ChildProcess;
}

interface Ran { readonly code: number | null; readonly stdout: string; readonly stderr: string }

function intOption(v: unknown, name: string, min: number, max: number, dflt: number | undefined): number | undefined {
  if (v === undefined) return dflt;
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : NaN;
  if (!Number.isInteger(n) || n < min || n > max) throw new AccordError('invalid', 'cli.usage', `--${name} must be a whole number from ${min} to ${max}, got ${JSON.stringify(v)}`);
  return n;
}

function portFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const s = createServer();
    s.once('error', () => done(false));
    s.listen(port, '127.0.0.1', () => s.close(() => done(true)));
  });
}

function anyFreePort(): Promise<number> {
  return new Promise((done, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (a !== null && typeof a === 'object' ? done(a.port) : fail(new Error('no port'))));
    });
  });
}

/** The ports the nodes will listen on: P, P+1, … checked free, or free ports picked now. */
async function choosePorts(n: number, base: number | undefined): Promise<number[]> {
  if (base === undefined) {
    const ports: number[] = [];
    while (ports.length < n) {
      const p = await anyFreePort();
      if (!ports.includes(p)) ports.push(p);
    }
    return ports;
  }
  const ports = Array.from({ length: n }, (_, i) => base + i);
  const busy: number[] = [];
  for (const p of ports) if (!(await portFree(p))) busy.push(p);
  if (busy.length > 0) {
    throw new AccordError('unavailable', 'demo.port-in-use', `port${busy.length > 1 ? 's' : ''} ${busy.join(', ')} on 127.0.0.1 ${busy.length > 1 ? 'are' : 'is'} in use; choose another --base-port (the demo needs ${n} ports from it) or leave it out`);
  }
  return ports;
}

function demoFolder(given: unknown, io: Io): string {
  if (typeof given !== 'string') return mkdtempSync(join(tmpdir(), 'accord-demo-'));
  const dir = resolve(io.cwd, given);
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    throw new AccordError('invalid', 'cli.usage', `--dir ${dir} is not empty: the demo creates new nodes in an empty or new folder`);
  }
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** The child processes' environment: none of the caller's ACCORD_* settings, which would make every node alike. */
function childEnv(env: NodeJS.ProcessEnv, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(env)) if (!k.startsWith('ACCORD_')) out[k] = v;
  return { ...out, ...extra };
}

/** The running demo: its nodes and every child process it started, so that any failure can stop them all. */
class Demo {
  readonly nodes: Node[] = [];
  private readonly children = new Set<ChildProcess>();
  private stopping = false;

  constructor(private readonly io: Io, readonly dir: string) {}

  /** Runs one `accord` command to its end. */
  accord(args: readonly string[]): Promise<Ran> {
    return new Promise((done, fail) => {
      const child = this.spawn(args, { ACCORD_LOG_LEVEL: 'warn' });
      let stdout = '';
      let stderr = '';
      child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
      child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      child.once('error', fail);
      child.once('close', (code) => done({ code, stdout, stderr }));
    });
  }

  /** Runs one `accord` command and fails, naming the step, unless it succeeds. */
  async step(what: string, args: readonly string[]): Promise<string> {
    const r = await this.accord(args);
    if (this.stopping) throw new AccordError('unavailable', 'demo.stopped', 'the demo was stopped');
    if (r.code !== 0) throw new AccordError('unavailable', 'demo.step-failed', `${what} failed (\`accord ${args.join(' ')}\` exited with ${String(r.code)}): ${(r.stderr || r.stdout).trim()}`);
    return r.stdout;
  }

  private spawn(args: readonly string[], env: NodeJS.ProcessEnv): ChildProcess {
    if (this.stopping) throw new AccordError('unavailable', 'demo.stopped', 'the demo was stopped');
    const child = spawn(process.execPath, [ACCORD_BIN, ...args], { env: childEnv(this.io.env, env), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    this.children.add(child);
    child.once('exit', () => this.children.delete(child));
    return child;
  }

  /** Starts `accord serve` for one node; resolves once it listens. Its output goes to node.log in its folder. */
  serve(node: Node): Promise<void> {
    const child = this.spawn(['serve', '--data', node.data], {});
    node.child = child;
    const log = createWriteStream(join(node.data, 'node.log'), { flags: 'a' });
    child.stdout?.pipe(log, { end: false });
    let stderr = '';
    child.once('close', () => log.end());
    return new Promise((done, fail) => {
      const timer = setTimeout(() => fail(new AccordError('unavailable', 'demo.node-not-started', `${node.member.name}'s node did not start within ${START_TIMEOUT_MS / 1000} s (log: ${join(node.data, 'node.log')})`)), START_TIMEOUT_MS);
      child.stderr?.setEncoding('utf8').on('data', (d: string) => {
        log.write(d);
        stderr += d;
        if (/listening on https?:\/\//.test(stderr)) {
          clearTimeout(timer);
          done();
        }
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        fail(new AccordError('unavailable', 'demo.node-not-started', `${node.member.name}'s node on port ${node.port} stopped before it listened (${signal ?? `exit ${String(code)}`}): ${stderr.trim().split('\n').slice(-3).join(' ')}`));
      });
    });
  }

  /** Resolves with a message when a serving node ends on its own. */
  nodeDied(): Promise<string> {
    return new Promise((done) => {
      for (const n of this.nodes) {
        if (n.child !== undefined && (n.child.exitCode !== null || n.child.signalCode !== null)) done(`${n.member.name}'s node has stopped; see ${join(n.data, 'node.log')}`);
        n.child?.once('exit', (code, signal) => {
          if (!this.stopping) done(`${n.member.name}'s node stopped unexpectedly (${signal ?? `exit ${String(code)}`}); see ${join(n.data, 'node.log')}`);
        });
      }
    });
  }

  /** Stops every child with SIGTERM, waits for each, and kills any that does not end in time. */
  async stopAll(): Promise<void> {
    this.stopping = true;
    const live = [...this.children].filter((c) => c.exitCode === null && c.signalCode === null);
    await Promise.all(live.map((c) => new Promise<void>((done) => {
      const timer = setTimeout(() => {
        this.io.stderr.write(`accord demo: process ${String(c.pid)} did not stop within ${STOP_TIMEOUT_MS / 1000} s; killing it\n`);
        c.kill('SIGKILL');
      }, STOP_TIMEOUT_MS);
      c.once('exit', () => {
        clearTimeout(timer);
        done();
      });
      c.kill('SIGTERM');
    })));
  }
}

/** Creates the nodes: init, their member-list entries, one accord.json each with the same list. */
async function createNodes(demo: Demo, count: number, ports: readonly number[]): Promise<void> {
  const members = DEMO_MEMBERS.slice(0, count);
  members.forEach((member, i) => {
    const port = ports[i] as number;
    demo.nodes.push({ member, data: join(demo.dir, member.slug), port, url: `http://127.0.0.1:${port}`, id: '', adminUser: 'admin', password: '', analystPassword: '' });
  });
  await Promise.all(demo.nodes.map(async (n) => {
    const kind = n.member.country !== undefined ? ['--country', n.member.country] : ['--organisation'];
    const out = await demo.step(`creating ${n.member.name}`, ['init', '--data', n.data, '--name', n.member.name, ...kind]);
    n.id = /member identity:\s+(identity--\S+)/.exec(out)?.[1] ?? '';
    n.adminUser = /administrator:\s+(\S+)/.exec(out)?.[1] ?? 'admin';
    n.password = /password:\s+(\S+)/.exec(out)?.[1] ?? '(not shown: it came from ACCORD_ADMIN_PASSWORD)';
    // Administrators manage the node; reading intelligence (TAXII included) needs an analyst.
    const analyst = await demo.step(`adding an analyst to ${n.member.name}`, ['user', 'add', 'analyst', '--roles', 'analyst', '--data', n.data]);
    n.analystPassword = /password:\s+(\S+)/.exec(analyst)?.[1] ?? '(not shown: it came from ACCORD_USER_PASSWORD)';
    n.entry = JSON.parse(await demo.step(`listing ${n.member.name}`, ['members', 'self', '--data', n.data, '--node-url', n.url])) as unknown;
  }));
  const list = demo.nodes.map((n) => n.entry);
  const sharingGroups = demoSharingGroups(demo.nodes.map((n) => n.id));
  for (const n of demo.nodes) {
    const config = { host: '127.0.0.1', port: n.port, publicUrl: n.url, logLevel: 'info', syncIntervalSeconds: SYNC_SECONDS, members: list, sharingGroups };
    writeFileSync(join(n.data, 'accord.json'), `${JSON.stringify(config, null, 2)}\n`);
  }
}

function shareArgs(s: DemoShare, nodes: readonly Node[]): string[] {
  const a = s.audience;
  const audience = a.kind === 'all' ? ['--all', ...(a.relay ? ['--relay'] : [])]
    : a.kind === 'group' ? ['--group', `${DEMO_GROUP.id}@${a.version}`]
    : a.kind === 'member' ? ['--members', nodes[a.member]?.id ?? '']
    : ['--sharer-only'];
  return ['share', s.objectId, '--tlp', s.tlp, ...audience];
}

/** Imports the sample on the first node and makes one share per audience. */
async function shareSample(demo: Demo): Promise<void> {
  const first = demo.nodes[0] as Node;
  const bundle = join(demo.dir, 'sample-bundle.json');
  writeFileSync(bundle, `${JSON.stringify(demoBundle(first.id), null, 2)}\n`);
  await demo.step('importing the sample', ['import', '--data', first.data, bundle]);
  // One after another: each share appends to the same node's audit chain.
  for (const s of DEMO_SHARES) await demo.step(`sharing ${s.label}`, [...shareArgs(s, demo.nodes), '--data', first.data]);
}

async function openStores(demo: Demo, io: Io): Promise<Store[]> {
  const stores: Store[] = [];
  try {
    for (const n of demo.nodes) stores.push(await openNodeStore(loadConfig({ cwd: io.cwd, env: {}, flags: { dataDir: n.data } })));
  } catch (e) {
    await Promise.all(stores.map((s) => s.close()));
    throw e;
  }
  return stores;
}

/** Waits until every node has pulled from every peer once since they all listen. */
async function waitForSync(demo: Demo, stores: readonly Store[], membership: StaticMembership): Promise<void> {
  const deadline = Date.now() + SYNC_TIMEOUT_MS;
  for (;;) {
    const pending: string[] = [];
    for (const [i, n] of demo.nodes.entries()) {
      const statuses = await readPeerStatuses(stores[i] as Store, peersOf({ membership, self: n.id }));
      for (const s of statuses) {
        if (s.lastSuccess === null || !s.caughtUp) pending.push(`${n.member.name} from ${s.name}${s.lastError !== null ? ` (last error: ${s.lastError.code}: ${s.lastError.message})` : ''}`);
      }
    }
    if (pending.length === 0) return;
    if (Date.now() > deadline) throw new AccordError('unavailable', 'demo.sync-timeout', `the nodes did not finish their first sync within ${SYNC_TIMEOUT_MS / 1000} s; still waiting for: ${pending.join('; ')}`);
    await new Promise((done) => setTimeout(done, 250));
  }
}

/** What each node holds of each shared sample object, asked of its own store, and the policy's reason. */
async function holdings(demo: Demo, stores: readonly Store[], membership: StaticMembership): Promise<string> {
  const first = demo.nodes[0] as Node;
  const firstStore = stores[0] as Store;
  const visibility = new VisibilityService(firstStore, membership, first.id);
  const width = Math.max(...demo.nodes.map((n) => n.member.name.length));
  const lines: string[] = [];
  for (const s of DEMO_SHARES) {
    const stored = (await firstStore.objects.versions(s.objectId)).at(-1);
    const version = stored !== undefined ? visibility.policyVersion(stored) : undefined;
    if (version === undefined) throw new AccordError('internal', 'demo.sample-missing', `${first.member.name} does not hold the sample ${s.objectId}`);
    const shares = (await firstStore.shares.forObject(s.objectId)).filter((r) => r.state === 'valid').map((r) => JSON.parse(r.policy) as Share);
    lines.push('', `TLP:${s.tlp.toUpperCase()}  ${s.label}`, `  shared by ${first.member.name} with ${s.says}`);
    for (const [i, n] of demo.nodes.entries()) {
      const holds = (await (stores[i] as Store).objects.versions(s.objectId)).length > 0;
      const decision = mayRead(n.id, version, shares, membership);
      const odd = holds !== decision.allowed ? `  [UNEXPECTED: the node ${holds ? 'holds it' : 'has not received it yet'}]` : '';
      lines.push(`  ${n.member.name.padEnd(width)}  ${holds ? 'HOLDS   ' : 'not here'}  ${explain(decision, membership)}${odd}`);
    }
  }
  return lines.join('\n');
}

function summary(demo: Demo, table: string, seconds: number): string {
  const first = demo.nodes[0] as Node;
  const width = Math.max(...demo.nodes.map((n) => n.member.name.length));
  const rows = demo.nodes.map((n) => `  ${n.member.name.padEnd(width)}  ${n.url}  ${n.adminUser} / ${n.password}  analyst / ${n.analystPassword}\n  ${' '.repeat(width)}  data ${n.data}`);
  const other = demo.nodes[1] as Node;
  return [
    `Accord demo: ${demo.nodes.length} member nodes on 127.0.0.1, synced in ${seconds.toFixed(1)} s (each pulls the others every ${SYNC_SECONDS} s).`,
    `Sample intelligence was imported on ${first.member.name} and shared five ways; here is what each node now holds`,
    'of it (read from each node\'s own store after the first sync) and the sharing policy\'s reason:',
    table,
    '',
    `The sample's relationships were imported but not shared: they stay on ${first.member.name}.`,
    '',
    'Nodes, with each node\'s administrator and analyst (DEMO ONLY: generated passwords, shown this once; each node\'s key',
    'passphrase sits in its data folder, which is fine for a demo and nothing else):',
    ...rows,
    '',
    'Web apps: sign in on two of them as analyst, share from the first (the line below, or the API), and watch the',
    `others' dashboards: what ${first.member.name} shares arrives within ${SYNC_SECONDS} s, live, only where the policy lets it.`,
    ...demo.nodes.map((n) => `  ${n.member.name.padEnd(width)}  web app ${n.url}/`),
    '',
    'Try it:',
    `  curl -u analyst:'${other.analystPassword}' -H 'Accept: application/taxii+json;version=2.1' \\`,
    `    ${other.url}/taxii2/accord/collections/default/objects/     (what ${other.member.name} holds, over TAXII 2.1)`,
    `  bin/accord share <object-id> --tlp green --all --data ${first.data}     (the others receive it within ${SYNC_SECONDS} s)`,
    `  bin/accord peers list --data ${other.data}`,
    `  logs: <data folder>/node.log; all of it: ${demo.dir} (kept after the demo)`,
    '',
    `The demo is running. Press Ctrl-C to stop all ${demo.nodes.length} nodes.`,
    '',
  ].join('\n');
}

/** A desktop session a browser can open in: macOS, Windows, or a Linux display. */
function hasDesktop(): boolean {
  return process.platform === 'darwin' || process.platform === 'win32' || process.env.DISPLAY !== undefined || process.env.WAYLAND_DISPLAY !== undefined;
}

/** Opens each address with the desktop's opener; says so once when there is none. */
function openWebApps(urls: readonly string[], io: Io): void {
  const [command, ...pre] = process.platform === 'darwin' ? ['open'] : process.platform === 'win32' ? ['cmd', '/c', 'start', '""'] : ['xdg-open'];
  let told = false;
  for (const url of urls) {
    const child = spawn(command, [...pre, url], { detached: true, stdio: 'ignore' });
    child.on('error', () => {
      if (told) return;
      told = true;
      io.stderr.write(`accord demo: could not open a browser (${command}); open the web app addresses above yourself\n`);
    });
    child.unref();
  }
}

export async function run(argv: readonly string[], io: Io): Promise<number> {
  const parsed = commandLine(argv, OPTIONS, USAGE, io, 'none');
  if (parsed === undefined) return EXIT.ok;
  const { values } = parsed;
  for (const o of ['data', 'config', 'database']) {
    if (values[o] !== undefined) throw new AccordError('invalid', 'cli.usage', `--${o} does not apply: the demo creates its own nodes (use --dir for where)`);
  }
  const count = intOption(values.members, 'members', 3, DEMO_MEMBERS.length, 3) as number;
  const base = intOption(values['base-port'], 'base-port', 1024, 65535 - count + 1, undefined);
  const ports = await choosePorts(count, base);
  const demo = new Demo(io, demoFolder(values.dir, io));
  const started = Date.now();

  let signalled: (signal: string) => void = () => undefined;
  const stopRequested = new Promise<string>((done) => (signalled = done));
  const onSignal = (signal: string): void => signalled(signal);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    io.stdout.write(`Creating ${count} member nodes in ${demo.dir} …\n`);
    const work = (async (): Promise<string> => {
      await createNodes(demo, count, ports);
      await shareSample(demo);
      io.stdout.write('Starting the nodes …\n');
      await Promise.all(demo.nodes.map((n) => demo.serve(n)));
      const list = parseMemberList(demo.nodes.map((n) => n.entry), demoSharingGroups(demo.nodes.map((n) => n.id)), 'demo');
      const membership = new StaticMembership(list.members, list.groups);
      const stores = await openStores(demo, io);
      try {
        await waitForSync(demo, stores, membership);
        return summary(demo, await holdings(demo, stores, membership), (Date.now() - started) / 1000);
      } finally {
        await Promise.all(stores.map((s) => s.close()));
      }
    })();
    const first = await Promise.race([work.then((text) => ({ text })), stopRequested.then((signal) => ({ signal }))]);
    if ('signal' in first) {
      io.stderr.write(`accord demo: ${first.signal} during set-up; stopping\n`);
      await demo.stopAll();
      await work.catch(() => undefined);
      return EXIT.ok;
    }
    io.stdout.write(first.text);
    if (values['no-open'] !== true && (values.open === true || hasDesktop())) openWebApps(demo.nodes.map((n) => `${n.url}/`), io);
    const end = await Promise.race([stopRequested.then((signal) => ({ signal })), demo.nodeDied().then((problem) => ({ problem }))]);
    if ('problem' in end) throw new AccordError('unavailable', 'demo.node-died', end.problem);
    io.stdout.write(`\n${end.signal}: stopping the ${count} nodes …\n`);
    await demo.stopAll();
    io.stdout.write(`Stopped. The nodes' folders are kept in ${demo.dir}.\n`);
    return EXIT.ok;
  } catch (e) {
    await demo.stopAll();
    if (e instanceof AccordError) throw new AccordError(e.kind, e.code, `${e.message}\n(every node the demo started has been stopped; the folders are in ${demo.dir})`);
    throw e;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
