// The critical information infrastructure watch as `accord serve` runs it (docs/detection.md):
// whenever any process stores objects (imports, peers' pulls and pushes, the API), the watch
// examines what is new since its persisted high-water mark, so nothing is missed across restarts
// and nothing is alerted twice. One process per store runs it (the `assets` role, role.ts).
import { AssetWatch } from '../assets/index.js';
import type { RoleLogger, RoleWork } from './role.js';
import type { NodeServices } from './services.js';
import { onStoreChange } from './store-watch.js';

/** How often the watch runs besides the store's change notices. */
const EVERY_MS = 10_000;

export function assetWatchWork(node: NodeServices, log: RoleLogger & { error(obj: object, msg: string): void }): RoleWork {
  let running: { stop(): Promise<void> } | undefined;
  return {
    what: 'the asset watch',
    start: () => {
      const watch = new AssetWatch(node.store, node.audit);
      running = onStoreChange(node.store, EVERY_MS, async () => {
        const r = await watch.runNew();
        for (const a of r.alerts) {
          log.warn({ alert: a.id, asset: a.assetName, object: a.objectId, version: a.objectVersion, sharers: a.sharers }, `intelligence touches the asset "${a.assetName}"`);
        }
      }, (err) => log.error({ err }, 'the asset watch failed; it runs again on the next change'));
      log.info({}, 'asset watch started');
    },
    stop: async () => {
      await running?.stop();
      running = undefined;
    },
  };
}
