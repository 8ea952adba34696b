// The list of common passwords the password policy refuses (wordlists/common-passwords.txt,
// vendored by scripts/vendor-common-passwords.ts). Read once, on first use, into a Set.
//
// The file ships as data beside this module's source. The build (plain tsc) does not copy it to
// dist/, so when running compiled code the file is found in src/ instead: first next to this
// module, then at ../../src/identity/ relative to it (dist/identity → src/identity). If neither
// exists the node is broken, and we say so rather than accept every password.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AccordError } from '../store/index.js';

const FILE = 'wordlists/common-passwords.txt';
const CANDIDATES = [new URL(`./${FILE}`, import.meta.url), new URL(`../../src/identity/${FILE}`, import.meta.url)];

let passwords: ReadonlySet<string> | undefined;

/** True when `password`, lower-cased, is in the common-password list. */
export function isCommonPassword(password: string): boolean {
  return commonPasswords().has(password.toLowerCase());
}

/** The list, loaded once. */
export function commonPasswords(): ReadonlySet<string> {
  passwords ??= parseCommonPasswords(read());
  return passwords;
}

/** Parses the file: leading lines starting with "# " are comments, every other non-empty line a password. */
export function parseCommonPasswords(text: string): ReadonlySet<string> {
  const lines = text.split('\n');
  let i = 0;
  while (i < lines.length && (lines[i] ?? '').startsWith('# ')) i++;
  const out = new Set<string>();
  for (; i < lines.length; i++) {
    const line = (lines[i] ?? '').replace(/\r$/, '');
    if (line !== '') out.add(line.toLowerCase());
  }
  return out;
}

function read(): string {
  for (const url of CANDIDATES) {
    try {
      return readFileSync(url, 'utf8');
    } catch (e) {
      if (!(e instanceof Error && 'code' in e && e.code === 'ENOENT')) throw e;
    }
  }
  const tried = CANDIDATES.map((u) => fileURLToPath(u)).join(', ');
  throw new AccordError('internal', 'identity.common-passwords-missing', `the common-password list is missing (looked for ${tried})`);
}
