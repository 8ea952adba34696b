// The live detection index as `accord serve` runs it (docs/detection.md, "Detection inside the
// node"): every server process holds its own index (the ingest endpoint answers from it), loaded
// at start and kept current on the store's change notices and every FOLLOW_MS besides, so that a
// change made by any process sharing the store reaches it within a second.
import { LiveDetector, type DetectionSink } from '../detect/index.js';
import type { RoleLogger } from './role.js';
import type { NodeServices } from './services.js';
import { onStoreChange } from './store-watch.js';

/** How often the index looks for changes besides the store's notices (and applies valid_from / valid_until). */
const FOLLOW_MS = 500;

export interface LiveDetection {
  readonly live: LiveDetector;
  stop(): Promise<void>;
}

/** Starts this process's live index over the node's store; matches go to `sink` (default: logged). */
export function startLiveDetection(node: NodeServices, log: RoleLogger & { error(obj: object, msg: string): void }, sink?: DetectionSink): LiveDetection {
  // The seam for alerts and sightings: until they are recorded, matches are logged (counts and indicator ids only, never the events).
  const logged: DetectionSink = (detections) => {
    log.warn({ matches: detections.length, indicators: [...new Set(detections.map((d) => d.hit.indicator))].slice(0, 20), source: detections[0]?.source }, 'events matched indicators');
    return Promise.resolve();
  };
  const live = new LiveDetector(node.store, { sink: sink ?? logged });
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
  return { live, stop: () => following.stop() };
}
