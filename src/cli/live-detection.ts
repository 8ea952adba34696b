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
import { LiveDetector, ObservationHistory, pastHitDetection, recordDetections, retroHunt, type DetectionSink } from '../detect/index.js';
import type { Pattern } from '../pattern/index.js';
import type { RoleLogger } from './role.js';
import type { NodeServices } from './services.js';
import { onStoreChange } from './store-watch.js';

/** How often the index looks for changes besides the store's notices (and applies valid_from / valid_until). */
const FOLLOW_MS = 500;
/** How often the ingested events' values are written to the retro-hunt history. */
const HISTORY_FLUSH_MS = 5000;

export interface LiveDetection {
  readonly live: LiveDetector;
  /** Where ingested events' values are kept for retro-hunt. */
  readonly history: ObservationHistory;
  stop(): Promise<void>;
}

type Log = RoleLogger & { error(obj: object, msg: string): void };

/** Starts this process's live index over the node's store; matches are recorded as alerts of member `self`. */
export function startLiveDetection(node: NodeServices, log: Log, self: string): LiveDetection {
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
  const live = new LiveDetector(node.store, { sink: record, onActivated: hunt });
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
      await hunting;
      await flush();
    },
  };
}
