// Warninglists (issue 7, "Warninglists"): known-benign values — special-purpose address ranges,
// public resolvers, very popular domains — that must not end up blocked. They are data files in the
// MISP warninglist format (`{"name", "version", "description", "type", "list"}`, type `cidr`,
// `hostname` or `string`), shipped in src/interop/warninglists/ and extended or overridden (same
// name) by the files of a folder the operator keeps current (e.g. cloud providers' published
// ranges, a ranked list of popular domains). A value that matches is flagged at import and left out
// of device exports unless the export is forced.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AccordError } from '../stix/index.js';
import type { ValueKind } from './values.js';

export interface Warninglist {
  readonly name: string;
  readonly description: string;
  readonly type: 'cidr' | 'hostname' | 'string';
  readonly list: readonly string[];
}

/** A list as loaded: which file it came from, and whether that file is one of the shipped lists. */
export interface LoadedWarninglist extends Warninglist {
  readonly file: string;
  readonly shipped: boolean;
}

/** Where the shipped lists are: beside this module in the sources (a build reads them from there too). */
const SHIPPED = [new URL('./warninglists/', import.meta.url), new URL('../../src/interop/warninglists/', import.meta.url)];

interface Network { readonly v6: boolean; readonly base: bigint; readonly bits: number }

function ipv4ToBig(ip: string): bigint | undefined {
  const parts = ip.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return undefined;
  return parts.reduce((a, p) => (a << 8n) | BigInt(Number(p)), 0n);
}

function ipv6ToBig(ip: string): bigint | undefined {
  let text = ip.toLowerCase();
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4 !== null) {
    const n = ipv4ToBig(v4[1] ?? '');
    if (n === undefined) return undefined;
    text = `${text.slice(0, v4.index)}${(n >> 16n).toString(16)}:${(n & 0xffffn).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (s: string): string[] => (s === '' ? [] : s.split(':'));
  const left = groups(halves[0] ?? '');
  const right = halves.length === 2 ? groups(halves[1] ?? '') : [];
  const missing = 8 - left.length - right.length;
  if ((halves.length === 2 && missing < 1) || (halves.length === 1 && missing !== 0)) return undefined;
  const all = [...left, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...right];
  if (all.some((g) => !/^[0-9a-f]{1,4}$/.test(g))) return undefined;
  return all.reduce((a, g) => (a << 16n) | BigInt(parseInt(g, 16)), 0n);
}

/** An address or a network (`a/n`) as a base and a prefix length; undefined when it is neither. */
function network(text: string): Network | undefined {
  const [ip = '', len] = text.split('/');
  const v6 = ip.includes(':');
  const base = v6 ? ipv6ToBig(ip) : ipv4ToBig(ip);
  const max = v6 ? 128 : 32;
  const bits = len === undefined ? max : Number(len);
  if (base === undefined || !Number.isInteger(bits) || bits < 0 || bits > max || (len !== undefined && !/^\d{1,3}$/.test(len))) return undefined;
  const shift = BigInt(max - bits);
  return { v6, base: (base >> shift) << shift, bits };
}

function within(inner: Network, outer: Network): boolean {
  if (inner.v6 !== outer.v6 || inner.bits < outer.bits) return false;
  const shift = BigInt((outer.v6 ? 128 : 32) - outer.bits);
  return (inner.base >> shift) === (outer.base >> shift);
}

/** Reads one warninglist file; throws AccordError naming the file and the problem. */
export function readWarninglist(text: string, file: string): Warninglist {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new AccordError('invalid', 'warninglist.bad-file', `${file}: not JSON: ${(e as Error).message}`);
  }
  const o = v as Partial<Record<string, unknown>>;
  if (typeof v !== 'object' || v === null || typeof o.name !== 'string' || o.name === '') throw new AccordError('invalid', 'warninglist.bad-file', `${file}: a warninglist has a name`);
  // The name becomes a label (`warninglist:<name>`) on imported objects: one printable line.
  if (o.name.length > 200 || /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(o.name)) throw new AccordError('invalid', 'warninglist.bad-file', `${file}: the name must be one line of at most 200 characters`);
  if (o.type !== 'cidr' && o.type !== 'hostname' && o.type !== 'string') {
    throw new AccordError('invalid', 'warninglist.bad-file', `${file}: type must be cidr, hostname or string, not ${JSON.stringify(o.type)} (substring and regex lists are not matched)`);
  }
  if (!Array.isArray(o.list) || o.list.some((x) => typeof x !== 'string')) throw new AccordError('invalid', 'warninglist.bad-file', `${file}: list must be an array of strings`);
  const list = o.list as string[];
  if (o.type === 'cidr') {
    const bad = list.find((x) => network(x) === undefined);
    if (bad !== undefined) throw new AccordError('invalid', 'warninglist.bad-file', `${file}: ${JSON.stringify(bad)} is not an address or a network`);
  }
  if (o.type === 'hostname') {
    const bad = list.find((x) => x === '' || /\s/.test(x));
    if (bad !== undefined) throw new AccordError('invalid', 'warninglist.bad-file', `${file}: ${JSON.stringify(bad)} is not a host name`);
  }
  return { name: o.name, description: typeof o.description === 'string' ? o.description : '', type: o.type, list };
}

function readFolder(folder: string, shipped: boolean): LoadedWarninglist[] {
  return readdirSync(folder).filter((f) => f.endsWith('.json')).sort().map((f) => {
    const file = join(folder, f);
    return { ...readWarninglist(readFileSync(file, 'utf8'), file), file, shipped };
  });
}

/** The shipped lists, extended (or, by name, replaced) by the files of `folder`; each with its file. */
export function loadWarninglists(folder?: string): LoadedWarninglist[] {
  const shipped = SHIPPED.map((u) => fileURLToPath(u)).find((dir) => {
    try {
      return readdirSync(dir).some((f) => f.endsWith('.json'));
    } catch {
      return false;
    }
  });
  if (shipped === undefined) throw new AccordError('internal', 'warninglist.missing', 'the shipped warninglists are not installed (src/interop/warninglists/)');
  const byName = new Map(readFolder(shipped, true).map((l) => [l.name, l] as const));
  if (folder !== undefined) for (const l of readFolder(folder, false)) byName.set(l.name, l);
  return [...byName.values()];
}

/** The lists a node uses and the matching of values against them. */
export class Warninglists {
  private readonly networks: { readonly name: string; readonly net: Network }[] = [];
  private readonly hostnames = new Map<string, string[]>();
  private readonly strings = new Map<string, string[]>();

  constructor(readonly lists: readonly Warninglist[]) {
    const add = (map: Map<string, string[]>, key: string, name: string): void => void map.set(key, [...(map.get(key) ?? []), name]);
    for (const l of lists) {
      for (const entry of l.list) {
        if (l.type === 'cidr') this.networks.push({ name: l.name, net: network(entry) as Network });
        else if (l.type === 'hostname') add(this.hostnames, entry.toLowerCase().replace(/^\*?\./, '').replace(/\.$/, ''), l.name);
        else add(this.strings, entry.toLowerCase(), l.name);
      }
    }
  }

  /** The shipped lists, extended (or, by name, replaced) by the files of `folder`. */
  static load(folder?: string): Warninglists {
    return new Warninglists(loadWarninglists(folder));
  }

  /** The names of the lists a value is on (an address or network inside a listed range, a host name under a listed one). */
  match(kind: ValueKind, value: string): string[] {
    const out = new Set<string>();
    const v = value.toLowerCase();
    for (const name of this.strings.get(v) ?? []) out.add(name);
    if (kind === 'ipv4' || kind === 'ipv6' || kind === 'cidr') {
      const net = network(v);
      if (net !== undefined) for (const n of this.networks) if (within(net, n.net)) out.add(n.name);
    }
    let host: string | undefined;
    if (kind === 'domain') host = v;
    else if (kind === 'url') {
      try {
        host = new URL(v).hostname;
      } catch {
        host = undefined;
      }
    } else if (kind === 'email') host = v.slice(v.lastIndexOf('@') + 1);
    if (host !== undefined) {
      if (/^[\d.]+$/.test(host) || host.includes(':')) return [...out, ...this.match(host.includes(':') ? 'ipv6' : 'ipv4', host.replace(/^\[|\]$/g, ''))];
      const labels = host.split('.');
      for (let i = 0; i < labels.length - 1; i++) for (const name of this.hostnames.get(labels.slice(i).join('.')) ?? []) out.add(name);
    }
    return [...out];
  }
}

/** A list `installWarninglists` put in the folder. */
export interface InstalledWarninglist {
  readonly list: Warninglist;
  /** The file it was read from. */
  readonly source: string;
  /** Where it is now. */
  readonly file: string;
  /** SHA-256 of the file's bytes, hex. */
  readonly sha256: string;
  /** What it replaced: a shipped list or an installed list of the same name, or nothing. */
  readonly replaced: 'shipped' | 'installed' | undefined;
}

/** The outcome of an install: all installed, or (when any file is bad) none, with every problem. */
export type WarninglistInstall =
  | { readonly installed: readonly InstalledWarninglist[]; readonly refused: readonly [] }
  | { readonly installed: readonly []; readonly refused: readonly { readonly source: string; readonly problem: string }[] };

/**
 * Copies warninglist files (MISP format) into `folder`, each as it is, replacing the installed
 * list of the same name in place (same file) or, for a new name, as `<name as a file name>.json`;
 * a shipped list of that name is then overridden. Every file is read and checked first: one bad
 * file (or two files with one name) and nothing is written. Each file is written beside its target
 * and renamed over it, so a reader sees the old list or the new one, never a part.
 */
export function installWarninglists(folder: string, sources: readonly string[]): WarninglistInstall {
  const refused: { source: string; problem: string }[] = [];
  const read: { list: Warninglist; source: string; bytes: Buffer }[] = [];
  for (const source of sources) {
    try {
      const bytes = readFileSync(source);
      const list = readWarninglist(bytes.toString('utf8'), source);
      const twin = read.find((r) => r.list.name === list.name);
      if (twin !== undefined) throw new AccordError('invalid', 'warninglist.bad-file', `${source}: the list name ${JSON.stringify(list.name)} is also in ${twin.source}`);
      read.push({ list, source, bytes });
    } catch (e) {
      if (e instanceof AccordError) refused.push({ source, problem: e.message });
      else if (typeof (e as NodeJS.ErrnoException).code === 'string') refused.push({ source, problem: `${source}: cannot be read (${(e as Error).message})` });
      else throw e;
    }
  }
  if (refused.length > 0) return { installed: [], refused };
  mkdirSync(folder, { recursive: true });
  const present = loadWarninglists(folder);
  const taken = new Set(readdirSync(folder));
  const plan = read.map((r) => {
    const prior = present.find((l) => l.name === r.list.name);
    const file = prior !== undefined && !prior.shipped ? prior.file : join(folder, freeFileName(r.list.name, taken));
    return { ...r, file, replaced: prior === undefined ? undefined : prior.shipped ? 'shipped' as const : 'installed' as const };
  });
  const temps = plan.map((p) => `${p.file}.${process.pid}.tmp`);
  try {
    plan.forEach((p, i) => writeFileSync(temps[i] as string, p.bytes));
    plan.forEach((p, i) => renameSync(temps[i] as string, p.file));
  } finally {
    for (const t of temps) rmSync(t, { force: true });
  }
  return {
    installed: plan.map((p) => ({ list: p.list, source: p.source, file: p.file, sha256: createHash('sha256').update(p.bytes).digest('hex'), replaced: p.replaced })),
    refused: [],
  };
}

// A file name for a new list: its name in lowercase letters, digits and hyphens, unused in the folder.
function freeFileName(name: string, taken: Set<string>): string {
  const stem = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 80) || 'warninglist';
  let file = `${stem}.json`;
  for (let i = 2; taken.has(file); i++) file = `${stem}-${i}.json`;
  taken.add(file);
  return file;
}
