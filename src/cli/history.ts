// The retro-hunt history as the commands use it (docs/detection.md "Retro-hunt"): `accord detect
// --history` records what it reads, `accord hunt` runs indicators against it, `accord history
// prune` and `serve` (at start, then daily) keep it within `historyRetentionDays`.
import { ObservationHistory, pruneHistory, type LogEvent } from '../detect/index.js';
import type { Store } from '../store/index.js';
import type { Config } from './config.js';
import { openNodeStore } from './node.js';
import type { RoleLogger } from './role.js';

/** A history recorder on a store of its own: add each event, close at the end. */
export interface HistoryRecorder {
  /** Adds an event; a promise to wait for when a batch is being written. */
  add(event: LogEvent): Promise<number> | undefined;
  /** Writes the rest and closes the store; the values recorded and rows written. */
  close(): Promise<{ readonly values: number; readonly rows: number }>;
}

export async function openHistoryRecorder(config: Config): Promise<HistoryRecorder> {
  const store = await openNodeStore(config);
  const history = new ObservationHistory(store.observations);
  return {
    add: (event) => (history.add(event) ? history.flush() : undefined),
    close: async () => {
      try {
        await history.flush();
      } finally {
        await store.close();
      }
      return history.counts;
    },
  };
}

const DAY_MS = 86_400_000;

/** Prunes the history now and then once a day, until stopped (any process may: pruning twice deletes nothing more). */
export function scheduleHistoryPrune(store: Store, config: Config, log: RoleLogger): { stop(): void } {
  const prune = (): void => {
    pruneHistory(store.observations, config.historyRetentionDays).then(
      (r) => log.info({ deleted: r.deleted, keptFrom: r.keptFrom }, 'pruned the retro-hunt history'),
      (err: unknown) => log.warn({ err }, 'could not prune the retro-hunt history'),
    );
  };
  const first = setTimeout(prune, 60_000);
  const daily = setInterval(prune, DAY_MS);
  first.unref();
  daily.unref();
  return {
    stop() {
      clearTimeout(first);
      clearInterval(daily);
    },
  };
}
