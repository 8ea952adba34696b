// The warninglists a node uses: the shipped ones, extended or replaced (by name) by the files in
// `<data>/warninglists/` (docs/interop.md, "Warninglists").
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadWarninglists, Warninglists, type LoadedWarninglist } from '../interop/index.js';

/** The folder of the node's own warninglists (`accord warninglists install` puts files there). */
export function warninglistFolder(dataDir: string): string {
  return join(dataDir, 'warninglists');
}

/** The lists the node uses, each with the file it came from. */
export function nodeWarninglistFiles(dataDir: string): LoadedWarninglist[] {
  const folder = warninglistFolder(dataDir);
  return loadWarninglists(existsSync(folder) ? folder : undefined);
}

export function nodeWarninglists(dataDir: string): Warninglists {
  return new Warninglists(nodeWarninglistFiles(dataDir));
}
