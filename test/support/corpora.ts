// The real STIX corpora kept (gzip-compressed) under test/fixtures/corpora/.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

export type CorpusName = 'ics-attack' | 'mobile-attack';

/** The corpus file's bytes, uncompressed. */
export function corpusBytes(name: CorpusName): Buffer {
  return gunzipSync(readFileSync(new URL(`../fixtures/corpora/${name}.json.gz`, import.meta.url)));
}

/** The corpus bundle, parsed. */
export function corpusBundle(name: CorpusName): { type: string; id: string; objects: Record<string, unknown>[] } {
  return JSON.parse(corpusBytes(name).toString('utf8')) as { type: string; id: string; objects: Record<string, unknown>[] };
}
