// CPE 2.3 formatted strings (NISTIR 7695, §6.2 "Formatted string binding"), and the version order
// the watch uses for version ranges. A formatted string is `cpe:2.3:` followed by the eleven
// attributes part, vendor, product, version, update, edition, language, sw_edition, target_sw,
// target_hw and other — thirteen colon-separated components in all. Each attribute is `*` (ANY),
// `-` (NA) or a value: letters, digits, `.`, `-` and `_` as they are; any other printable
// character quoted with `\`; unquoted `*` (one) or `?` (one or more) only at the start or end.

export const CPE_ATTRIBUTES = ['part', 'vendor', 'product', 'version', 'update', 'edition', 'language', 'sw_edition', 'target_sw', 'target_hw', 'other'] as const;

export interface Cpe {
  /** `a` (application), `o` (operating system), `h` (hardware) or `*`. */
  readonly part: string;
  /** Lower case, quoting kept (`\!`), so that equal names compare equal as text. */
  readonly vendor: string;
  readonly product: string;
  readonly version: string;
  readonly update: string;
}

const VALUE = /^(?:\*|-|\?+|(?:\*|\?+)?(?:[a-z0-9._-]|\\[!-/:-@[-^`{-~])+(?:\*|\?+)?)$/;

/** The components of a formatted string split at unquoted colons. */
function components(text: string): string[] {
  const out: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c === '\\') {
      current += c + (text[i + 1] ?? '');
      i++;
    } else if (c === ':') {
      out.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  out.push(current);
  return out;
}

/** A CPE 2.3 formatted string's attributes, or the problem with it (naming the component). */
export function parseCpe(text: string): Cpe | { readonly problem: string } {
  if (!text.startsWith('cpe:2.3:')) return { problem: 'a CPE 2.3 name starts with "cpe:2.3:"' };
  const parts = components(text.slice(8).toLowerCase());
  if (parts.length !== CPE_ATTRIBUTES.length) {
    return { problem: `a CPE 2.3 name has ${CPE_ATTRIBUTES.length} attributes after "cpe:2.3:" (part to other, 13 components in all), not ${parts.length}` };
  }
  for (const [i, value] of parts.entries()) {
    if (!VALUE.test(value)) {
      return { problem: `CPE attribute ${CPE_ATTRIBUTES[i] ?? i} "${value}" is not *, - or a value (letters, digits, . - _; other characters quoted with \\; * or ? only at its ends)` };
    }
  }
  const [part = '', vendor = '', product = '', version = '', update = ''] = parts;
  if (!['a', 'o', 'h', '*'].includes(part)) return { problem: `CPE part "${part}" is not a (application), o (operating system), h (hardware) or *` };
  return { part, vendor, product, version, update };
}

/** True when the attribute names a value (not ANY, NA or a wildcard pattern). */
export function concrete(value: string): boolean {
  return value !== '*' && value !== '-' && !/^(?:\*|\?)|(?<!\\)(?:\*|\?)$/.test(value);
}

/** A version's segments: digit runs as numbers, letter runs as text; `\` quoting and separators dropped. */
function segments(version: string): (number | string)[] {
  return (version.replace(/\\(.)/g, '$1').toLowerCase().match(/\d+|[a-z]+/g) ?? []).map((s) => (/^\d/.test(s) ? Number(s) : s));
}

/** Compares two versions segment by segment (2.4.9 < 2.4.49 < 2.4.49a < 2.5); a number ranks above text (1.0 > 1.0rc1). */
export function compareVersions(a: string, b: string): number {
  const x = segments(a);
  const y = segments(b);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const p = x[i];
    const q = y[i];
    if (p === q) continue;
    if (p === undefined) return typeof q === 'string' ? 1 : -1;
    if (q === undefined) return typeof p === 'string' ? -1 : 1;
    if (typeof p === typeof q) return p < q ? -1 : 1;
    return typeof p === 'number' ? 1 : -1;
  }
  return 0;
}
