import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { parseCommonPasswords } from './common-passwords.js';

describe('parseCommonPasswords', () => {
  it('skips the leading comment lines only, lower-cases, drops empty lines, accepts CRLF', () => {
    const list = parseCommonPasswords('# header\n# more\nPassword\r\n#name?\n\n123456\npassword\n');
    expect([...list]).toEqual(['password', '#name?', '123456']);
  });
});

describe('the shipped file', () => {
  const text = readFileSync(new URL('./wordlists/common-passwords.txt', import.meta.url), 'utf8');

  it('names its source and licence in its one header line', () => {
    const [header, second] = text.split('\n');
    expect(header).toMatch(/^# .*@zxcvbn-ts\/language-common \d+\.\d+\.\d+ .*MIT licence/);
    expect(second).toBe('123456');
  });

  it('is lower-case and deduplicated, one per line, with a final newline', () => {
    const lines = text.split('\n').slice(1, -1);
    expect(text.endsWith('\n')).toBe(true);
    expect(lines.length).toBeGreaterThanOrEqual(10_000);
    expect(new Set(lines).size).toBe(lines.length);
    expect(lines.every((l) => l !== '' && l === l.toLowerCase() && !l.includes('\r'))).toBe(true);
  });

});

describe('finding the file at run time', () => {
  // Lay out a miniature project: the loader compiled into dist/identity/ (where `npm run build`
  // puts it, without the text file), a stub of the store's index, and the list in src/identity/.
  const source = readFileSync(new URL('./common-passwords.ts', import.meta.url), 'utf8');
  const compiled = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
  const stub = 'export class AccordError extends Error { constructor(kind, code, message) { super(message); this.kind = kind; this.code = code; } }';
  const run = (root: string): string =>
    execFileSync(process.execPath, ['--input-type=module', '-e', `
      const m = await import(${JSON.stringify(pathToFileURL(join(root, 'dist/identity/common-passwords.js')).href)});
      try { console.log(m.commonPasswords().size); } catch (e) { console.log(e.code); }`], { encoding: 'utf8' }).trim();

  function project(withList: boolean): string {
    const root = mkdtempSync(join(tmpdir(), 'accord-cp-'));
    mkdirSync(join(root, 'dist/identity'), { recursive: true });
    mkdirSync(join(root, 'dist/store'), { recursive: true });
    writeFileSync(join(root, 'package.json'), '{"type":"module"}');
    writeFileSync(join(root, 'dist/identity/common-passwords.js'), compiled);
    writeFileSync(join(root, 'dist/store/index.js'), stub);
    if (withList) {
      mkdirSync(join(root, 'src/identity/wordlists'), { recursive: true });
      copyFileSync(new URL('./wordlists/common-passwords.txt', import.meta.url), join(root, 'src/identity/wordlists/common-passwords.txt'));
    }
    return root;
  }

  it('from compiled code in dist/, falls back to the copy in src/', () => {
    const root = project(true);
    try {
      expect(Number(run(root))).toBeGreaterThanOrEqual(10_000);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('fails loudly when the list is nowhere, rather than accept every password', () => {
    const root = project(false);
    try {
      expect(run(root)).toBe('identity.common-passwords-missing');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
