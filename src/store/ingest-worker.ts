// Worker thread of ingest: prepares batches of raw items (parse, validate, canonicalise, hash)
// while the importing thread writes the previous batch to the database. Batches are handled in
// the order they arrive, so extension-definitions learnt in one batch apply to the next.
import { parentPort, workerData } from 'node:worker_threads';
import type { ExtensionDefinitionInfo } from '../stix/index.js';
import { KnownExtensions, prepareItems, type RawItem } from './ingest-prepare.js';

const known = new KnownExtensions((workerData as { known: [string, ExtensionDefinitionInfo][] }).known);
parentPort?.on('message', (msg: { seq: number; items: RawItem[] }) => {
  try {
    parentPort?.postMessage({ seq: msg.seq, results: prepareItems(msg.items, known) });
  } catch (e) {
    parentPort?.postMessage({ seq: msg.seq, error: e instanceof Error ? e.stack ?? e.message : String(e) });
  }
});
