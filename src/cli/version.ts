// The version of this Accord build, read from package.json (one source of truth).
import { readFileSync } from 'node:fs';

/** This build's version, e.g. 0.1.0. */
export const VERSION: string = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
