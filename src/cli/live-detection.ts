// The live detection index as `accord serve` runs it (docs/detection.md, "Detection inside the
// node"): every server process holds its own index (the ingest endpoint answers from it), loaded
// at start and kept current on the store's change notices and every FOLLOW_MS besides, so that a
// change made by any process sharing the store reaches it within a second.
//
// What it finds is kept: matches become detection alerts with their sightings (recordDetections);
// the events' values go to the retro-hunt history (flushed every HISTORY_FLUSH_MS); and each
// indicator that enters the index after the first load is run against that history, its past hits
// recorded as alerts too. Alerts are keyed by their evidence, so two processes that both record
// (or hunt) the same thing store it once.
//
// The index starts from the snapshot in the data folder when it is valid for this store
// (docs/decisions/0029) and then reads only what was stored since; in the background it then
// checks what the snapshot held against the store (indicators removed without a new version while
// the process was stopped: LiveDetector.reconcile). The snapshot is written after
// the first load, then every SNAPSHOT_MS when the index changed, and at shutdown. Several
// processes sharing one store (PostgreSQL) and one data folder each write their own temporary
// file and rename it: the last one wins, and any of them is a valid start for all.
import { LiveDetector, ObservationHistory, pastHitDetection, recordDetections, retroHunt, type DetectionSink, type RestoreOutcome } from '../detect/index.js';
import type { Pattern } from '../pattern/index.js';
import { storeIdentity } from './node.js';
import type { RoleLogger } from './role.js';
import type { NodeServices } from './services.js';
import { onStoreChange } from './store-watch.js';

/** How often the index looks for changes besides the store's notices (and applies valid_from / valid_until). */
const FOLLOW_MS = 500;
/** How often the ingested events' values are written to the retro-hunt history. */
const HISTORY_FLUSH_MS = 5000;
/** How often the index snapshot is written again, when the index changed. */
const SNAPSHOT_MS = 5 * 60_000;
/** The snapshot's name in the data folder. */
export const DETECT_SNAPSHOT = 'detect-index.snapshot';

export interface LiveDetectionOptions {
  /** Where the index snapshot is read from and written to (none: always built from the store). */
  readonly snapshotFile?: string;
  /** How often it is written again when the index changed (default SNAPSHOT_MS). */
  readonly snapshotEveryMs?: number;
}

export interface LiveDetection {
  readonly live: LiveDetector;
  /** Where ingested events' values are kept for retro-hunt. */
  readonly history: ObservationHistory;
  stop(): Promise<void>;
}

type Log = RoleLogger & { error(obj: object, msg: string): void };

/** Starts this process's live index over the node's store; matches are recorded as alerts of member `self`. */
export function startLiveDetection(node: NodeServices, log: Log, self: string, options: LiveDetectionOptions = {}): LiveDetection {
  const record: DetectionSink = async (detections) => {
    const r = await recordDetections(node.store, detections, new Date().toISOString(), { self, audit: node.audit });
    if (r.raised.length > 0) log.warn({ raised: r.raised.length, indicators: r.raised.map((a) => a.indicatorId).slice(0, 20) }, 'detection alerts raised');
  };
  // Retro-hunts run one at a time, after one another, never holding up the index.
  let hunting: Promise<void> = Promise.resolve();
  const hunt = (indicator: string, pattern: Pattern, validUntil: number | undefined): void => {
    hunting = hunting.then(async () => {
      const r = await retroHunt(node.store.observations, indicator, pattern, validUntil !== undefined ? { validUntil: new Date(validUntil).toISOString() } : {});
      if (r.hits.length === 0) return;
      await record(r.hits.map(pastHitDetection));
      log.warn({ indicator, pastHits: r.hits.length }, 'retro-hunt: a new indicator matched values seen before');
    }).catch((err: unknown) => log.error({ err, indicator }, 'retro-hunt failed for an indicator'));
  };
  const file = options.snapshotFile;
  // The generation of the index the file on disk holds (-1: none written or loaded by this process).
  let savedGeneration = -1;
  let reconciling: Promise<void> | undefined;
  const restored = (outcome: RestoreOutcome): void => {
    if ('restored' in outcome) {
      savedGeneration = 0;
      // After the first refresh (this runs inside it): one pass over the indicators' latest versions, between refreshes.
      reconciling = Promise.resolve().then(async () => {
        const changed = await live.reconcile();
        if (changed > 0) log.info({ changed, indicators: live.counts.indicators }, 'detection index: indicators removed from the store while it was stopped taken out');
      }).catch((err: unknown) => log.error({ err }, 'could not check the detection index snapshot against the store; a restart without the snapshot will'));
      log.info({ file, indicators: outcome.restored.indicators, written: outcome.restored.written, ms: outcome.ms }, 'detection index loaded from its snapshot; reading what was stored since');
    } else if ('refused' in outcome) log.warn({ file, reason: outcome.refused }, 'detection index snapshot not used; building the index from the store');
  };
  const live = new LiveDetector(node.store, {
    sink: record, onActivated: hunt,
    ...(file !== undefined ? { snapshot: { file, storeIdentity: () => storeIdentity(node.store), onRestore: restored } } : {}),
  });
  let saving: Promise<void> | undefined;
  const save = (why: string): Promise<void> => {
    if (file === undefined || saving !== undefined || live.generation === savedGeneration) return saving ?? Promise.resolve();
    const started = Date.now();
    saving = (async () => {
      const identity = await storeIdentity(node.store);
      if (identity === undefined) return;
      const r = await live.save(file, identity);
      savedGeneration = r.generation;
      log.info({ file, why, megabytes: Math.round(r.bytes / 1e5) / 10, ms: Date.now() - started }, 'detection index snapshot written');
    })().catch((err: unknown) => log.error({ err, file }, 'could not write the detection index snapshot; the next start builds the index from the store'))
      .finally(() => (saving = undefined));
    return saving;
  };
  const snapshots = setInterval(() => void save('changed'), options.snapshotEveryMs ?? SNAPSHOT_MS);
  snapshots.unref();
  const history = new ObservationHistory(node.store.observations);
  const flush = async (): Promise<void> => {
    try {
      await history.flush();
    } catch (err) {
      log.error({ err }, 'could not write the retro-hunt history; the values are dropped');
    }
  };
  const flushing = setInterval(() => void flush(), HISTORY_FLUSH_MS);
  flushing.unref();
  let loaded = false;
  const following = onStoreChange(node.store, FOLLOW_MS, async () => {
    const started = Date.now();
    const changes = await live.refresh();
    if (!loaded) {
      loaded = true;
      const c = live.counts;
      log.info({ indicators: c.indicators, waiting: c.waiting, refused: c.refused, multiObservation: c.multiObservation, ms: Date.now() - started }, 'detection index loaded');
      void save('loaded');
    } else if (changes.added + changes.removed + changes.replaced > 0) {
      log.info({ ...changes, indicators: live.counts.indicators }, 'detection index changed');
    }
  }, (err) => log.error({ err }, 'the detection index could not read the store; it tries again on the next change'));
  return {
    live,
    history,
    stop: async () => {
      await following.stop();
      clearInterval(flushing);
      clearInterval(snapshots);
      await reconciling;
      await saving;
      await save('shutdown');
      await hunting;
      await flush();
    },
  };
}
