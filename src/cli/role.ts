// Background work that one `accord serve` process per store runs at a time (peer sync, feed
// pulls): several processes may share one PostgreSQL database. The process that takes the role
// (Store.exclusive) starts the work; the others serve and keep trying to take the role over, so
// the work goes on when its holder stops. A role lost while held (PostgreSQL: the lock's
// connection failed) stops the work at once, since another process may take it over; this
// process then tries to take the role again.
import type { ExclusiveLease, ExclusiveRole, Store } from '../store/index.js';

/** How often a process that serves only tries to take a role over: a takeover within seconds. */
const ROLE_RETRY_MS = 2000;

export interface RoleLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface RoleWork {
  /** The work's name in messages ("sync", "feed pulls"). */
  readonly what: string;
  start(): void | Promise<void>;
  stop(): Promise<void>;
}

/** The role held or sought; stop() ends the work, gives the role up and stops seeking it. */
export interface RoleHolder {
  stop(): Promise<void>;
}

/** Takes `role` for `work` now if it is free, else keeps trying (see the header). */
export async function runUnderRole(store: Store, role: ExclusiveRole, work: RoleWork, log: RoleLogger): Promise<RoleHolder> {
  let lease: ExclusiveLease | undefined;
  let retry: NodeJS.Timeout | undefined;
  let stopping = false;
  let running = false;
  const take = async (): Promise<void> => {
    lease = await store.exclusive(role).catch((err: unknown) => {
      log.warn({ err }, `could not take the ${role} role`);
      return undefined;
    });
    if (stopping) {
      await lease?.release();
      return;
    }
    if (lease === undefined) {
      if (retry === undefined) log.info({ store: store.location }, `another process of this node runs ${work.what}; this one serves only, and takes over if it stops`);
      retry = setTimeout(() => void take(), ROLE_RETRY_MS);
      return;
    }
    retry = undefined;
    const held = lease;
    void held.lost.then(async (reason) => {
      if (stopping || lease !== held) return;
      log.warn({ reason }, `lost the ${role} role; ${work.what} stops here and this process tries to take the role again`);
      lease = undefined;
      running = false;
      await work.stop();
      await held.release();
      if (!stopping) retry = setTimeout(() => void take(), ROLE_RETRY_MS);
    });
    running = true;
    await work.start();
  };
  await take();
  return {
    async stop() {
      stopping = true;
      clearTimeout(retry);
      if (running) await work.stop();
      await lease?.release();
    },
  };
}
