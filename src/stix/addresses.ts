// IP addresses and CIDR ranges as numbers: the one reading of their text forms that every area
// uses — ipv4-addr/ipv6-addr values and patterns' ISSUBSET/ISSUPERSET, the detection index's
// address tries, the registry's networks, and the values of feeds and MISP attributes.
// IPv4 parts are written without leading zeros (`010.0.0.1` is refused: octal or decimal is
// ambiguous), prefix lengths in decimal.
/**
 * An IPv4 or IPv6 address or CIDR range (RFC 4291 text forms, an IPv4 tail allowed) as its family,
 * its bits (32 or 128 of them) and its prefix length; undefined when the text is none.
 */
export function addressRange(text: string): { family: 4 | 6; value: bigint; prefix: number } | undefined {
  const [addr, prefixText, extra] = text.split('/');
  if (addr === undefined || extra !== undefined) return undefined;
  if (/^\d{1,3}(?:\.\d{1,3}){3}$/.test(addr)) {
    const texts = addr.split('.');
    const parts = texts.map(Number);
    if (parts.some((p) => p > 255) || texts.some((t) => t.length > 1 && t.startsWith('0'))) return undefined;
    const prefix = prefixText === undefined ? 32 : /^(?:0|[1-9]\d?)$/.test(prefixText) ? Number(prefixText) : NaN;
    if (!(prefix >= 0 && prefix <= 32)) return undefined;
    return { family: 4, value: parts.reduce((a, p) => (a << 8n) | BigInt(p), 0n), prefix };
  }
  if (!addr.includes(':')) return undefined;
  let groups: string[];
  const halves = addr.split('::');
  if (halves.length > 2) return undefined;
  const tail = (s: string): string[] => (s === '' ? [] : s.split(':'));
  const expandV4 = (g: string[]): string[] | undefined => {
    const last = g.at(-1);
    if (last === undefined || !last.includes('.')) return g;
    const v4 = addressRange(last);
    if (v4 === undefined || v4.family !== 4 || last.includes('/')) return undefined;
    return [...g.slice(0, -1), ((v4.value >> 16n) & 0xffffn).toString(16), (v4.value & 0xffffn).toString(16)];
  };
  if (halves.length === 2) {
    const left = tail(halves[0] as string);
    const right = expandV4(tail(halves[1] as string));
    if (right === undefined || left.length + right.length > 7) return undefined;
    groups = [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  } else {
    const all = expandV4(tail(addr));
    if (all === undefined) return undefined;
    groups = all;
  }
  if (groups.length !== 8 || groups.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  const prefix = prefixText === undefined ? 128 : /^(?:0|[1-9]\d{0,2})$/.test(prefixText) ? Number(prefixText) : NaN;
  if (!(prefix >= 0 && prefix <= 128)) return undefined;
  return { family: 6, value: groups.reduce((a, g) => (a << 16n) | BigInt(parseInt(g, 16)), 0n), prefix };
}

