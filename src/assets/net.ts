// Addresses, networks and host names as the registry's watch compares them: an IPv4 or IPv6
// network is a (family, first address, prefix length) with the address as a bigint, so that
// "inside" and "overlaps" are two comparisons; a domain covers itself and its sub-domains.
import { addressRange } from '../stix/index.js';

export interface Network {
  readonly family: 4 | 6;
  /** The network's first address. */
  readonly base: bigint;
  readonly prefix: number;
}

/** An address or a CIDR network (`192.0.2.0/24`, `2001:db8::/32`, `198.51.100.7`), or undefined when it is neither. */
export function parseNetwork(text: string): Network | undefined {
  const a = addressRange(text);
  if (a === undefined) return undefined;
  const bits = a.family === 4 ? 32 : 128;
  const host = (1n << BigInt(bits - a.prefix)) - 1n;
  return { family: a.family, base: a.value & ~host & ((1n << BigInt(bits)) - 1n), prefix: a.prefix };
}

/** The canonical text of a network: its first address and prefix length. */
export function formatNetwork(n: Network): string {
  if (n.family === 4) return `${[24n, 16n, 8n, 0n].map((s) => String((n.base >> s) & 0xffn)).join('.')}/${n.prefix}`;
  const groups = Array.from({ length: 8 }, (_, i) => ((n.base >> BigInt(112 - 16 * i)) & 0xffffn).toString(16));
  // The longest run of zero groups (two or more) is written `::` (RFC 5952).
  let best = { at: -1, len: 1 };
  for (let i = 0; i < 8;) {
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > best.len) best = { at: i, len: j - i };
    i = j === i ? i + 1 : j;
  }
  const text = best.at < 0 ? groups.join(':') : `${groups.slice(0, best.at).join(':')}::${groups.slice(best.at + best.len).join(':')}`;
  return `${text}/${n.prefix}`;
}

function last(n: Network): bigint {
  return n.base + (1n << BigInt((n.family === 4 ? 32 : 128) - n.prefix)) - 1n;
}

/** True when the two networks share at least one address (one holds the other: CIDR blocks nest or are apart). */
export function overlaps(a: Network, b: Network): boolean {
  return a.family === b.family && a.base <= last(b) && b.base <= last(a);
}

const LABEL = /^(?!-)[a-z0-9_-]{1,63}(?<!-)$/;

/** A domain or host name, lower case without a trailing dot, or undefined when it is not one. */
export function normalDomain(text: string): string | undefined {
  const d = text.trim().toLowerCase().replace(/\.$/, '');
  if (d.length === 0 || d.length > 253 || addressRange(d) !== undefined) return undefined;
  return d.split('.').every((l) => LABEL.test(l)) ? d : undefined;
}

/** True when `host` is `domain` or one of its sub-domains. */
export function covers(domain: string, host: string): boolean {
  return host === domain || host.endsWith(`.${domain}`);
}

/** The host of a URL (a name or an address), lower case; undefined when there is none. */
export function urlHost(url: string): string | undefined {
  try {
    const host = new URL(url).hostname;
    return host === '' ? undefined : host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  } catch {
    return undefined;
  }
}
