// Worker thread of Add Objects: parses and validates POSTed envelopes (prepare.ts) while the
// request thread writes earlier ones to the store, so that on a machine with more than one core
// validation and writing overlap.
import { parentPort } from 'node:worker_threads';
import type { ExtensionDefinitionInfo } from '../stix/index.js';
import { prepareEnvelope } from './prepare.js';

interface Job {
  readonly seq: number;
  readonly body: Uint8Array | undefined;
  readonly known: [string, ExtensionDefinitionInfo][];
  readonly fallbackVersion: string;
}

parentPort?.on('message', (job: Job) => {
  try {
    parentPort?.postMessage({ seq: job.seq, result: prepareEnvelope(job.body, job.known, job.fallbackVersion) });
  } catch (e) {
    parentPort?.postMessage({ seq: job.seq, error: e instanceof Error ? e.stack ?? e.message : String(e) });
  }
});
