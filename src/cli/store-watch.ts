// Running a task whenever the store changes: at once when any process advances the store's clock
// (Store.watch: LISTEN/NOTIFY on PostgreSQL, a one-row reading on SQLite), and every `everyMs`
// besides. Runs never overlap; changes during a run queue one more run, not one per change.
import type { Store } from '../store/index.js';

export function onStoreChange(store: Store, everyMs: number, task: () => Promise<void>, onError: (err: unknown) => void): { stop(): Promise<void> } {
  let running: Promise<void> = Promise.resolve();
  let queued = false;
  let stopped = false;
  const schedule = (): void => {
    if (queued || stopped) return;
    queued = true;
    running = running.then(() => {
      queued = false;
      return stopped ? undefined : task();
    }).catch(onError);
  };
  const timer = setInterval(schedule, everyMs);
  const watch = store.watch(schedule).catch((e: unknown) => {
    onError(e);
    return undefined;
  });
  schedule();
  return {
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await (await watch)?.stop();
      await running;
    },
  };
}
