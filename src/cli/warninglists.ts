// The warninglists a node uses: the shipped ones, extended or replaced (by name) by the files in
// `<data>/warninglists/` (docs/interop.md, "Warninglists").
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Warninglists } from '../interop/index.js';

export function nodeWarninglists(dataDir: string): Warninglists {
  const folder = join(dataDir, 'warninglists');
  return Warninglists.load(existsSync(folder) ? folder : undefined);
}
