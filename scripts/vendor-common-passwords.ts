// Regenerates src/identity/wordlists/common-passwords.txt from the password frequency list of
// the npm package @zxcvbn-ts/language-common (MIT), a devDependency: the most common passwords,
// most frequent first, lower-cased and deduplicated, one per line under one header line.
// (The folder is not called data/: .gitignore ignores every data/ folder.)
// Usage: npx tsx scripts/vendor-common-passwords.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dictionary } from '@zxcvbn-ts/language-common';

const OUT = 'src/identity/wordlists/common-passwords.txt';
const MINIMUM = 10_000;

const pkg: unknown = JSON.parse(readFileSync(createRequire(import.meta.url).resolve('@zxcvbn-ts/language-common/package.json'), 'utf8'));
const version = pkg !== null && typeof pkg === 'object' && 'version' in pkg && typeof pkg.version === 'string' ? pkg.version : 'unknown';

const seen = new Set<string>();
const skipped: string[] = [];
for (const entry of dictionary['passwords-common']) {
  const password = entry.toLowerCase();
  // A line holds one password, and the header's "# " opens only comment lines.
  if (password === '' || /[\r\n]/.test(password) || password.startsWith('# ')) skipped.push(entry);
  else seen.add(password);
}
if (seen.size < MINIMUM) throw new Error(`only ${seen.size} passwords in @zxcvbn-ts/language-common ${version}; expected at least ${MINIMUM}`);

const header =
  `# ${seen.size} common passwords, most frequent first, lower-cased, from @zxcvbn-ts/language-common ${version} ` +
  '(https://github.com/zxcvbn-ts/zxcvbn, MIT licence, (c) 2012-2016 Dan Wheeler and Dropbox, Inc., (c) 2021 @zxcvbn-ts); ' +
  'regenerate with scripts/vendor-common-passwords.ts';
writeFileSync(OUT, `${header}\n${[...seen].join('\n')}\n`);
console.log(`wrote ${seen.size} passwords to ${OUT}${skipped.length > 0 ? `; skipped ${skipped.length} unusable entries` : ''}`);
