// `accord serve`: start the node. On first start it initialises the node (as `accord init`
// would) so that `npm start` on a fresh machine just works.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AccordError } from '../../stix/index.js';
import { buildApp } from '../../server/index.js';
import { peerPushHandler, peersOf, readPeerStatuses, readQuarantine, ReplayCache, SyncService, type SyncEventSink } from '../../federation/index.js';
import { BatchRootCache, issueReceipts, quarantineCompromised, VisibilityService } from '../../sharing/index.js';
import { sharingReadFilter } from '../../taxii/index.js';
import { EndorsementVerifier, memberRecords, selfListingProblem } from '../../trust/index.js';
import { commandLine, configFrom, SERVE_OPTIONS, usageText, type OptionTable } from '../args.js';
import { describeDatabase } from '../config.js';
import { EXIT, type Io } from '../io.js';
import { createLogger } from '../logger.js';
import { formatKeyNotice, initNode, isInitialised, nodeMemberId, openNodeStore, seedBuiltins, type InitResult } from '../node.js';
import { nodeMembership, watchMembership } from '../membership.js';
import { MembershipActions } from '../membership-actions.js';
import { assetWatchWork } from '../asset-watch.js';
import { feedPullWork } from '../feeds.js';
import { DETECT_SNAPSHOT, startLiveDetection } from '../live-detection.js';
import { scheduleHistoryPrune } from '../history.js';
import { publishingService, shareContext } from '../publishing.js';
import { runUnderRole } from '../role.js';
import { onStoreChange } from '../store-watch.js';
import { ensureTaxiiDefaults, openNodeServices, recordInit } from '../services.js';
import { VERSION } from '../version.js';
import { nodeWarninglists } from '../warninglists.js';
import { INIT_OPTIONS, initOptionsFrom, reportInit } from './init.js';

/** Receipts signed per round of the receipt issuer. */
const RECEIPT_BATCH = 100;

const OPTIONS: OptionTable = { ...SERVE_OPTIONS, ...INIT_OPTIONS };
export const USAGE = usageText('accord serve [options]',
  'Starts the node: the platform API at /api/v1/, TAXII 2.1 at /taxii2/, health at /healthz and /readyz,\nPrometheus metrics at /metrics (for a token with metrics:read: admin or observer).\nOn first start it initialises the node as `accord init` does, with the same options.', OPTIONS);

export async function run(argv: readonly string[], io: Io): Promise<number> {
  const parsed = commandLine(argv, OPTIONS, USAGE, io, 'none');
  if (parsed === undefined) return EXIT.ok;
  const { values } = parsed;
  const config = configFrom(values, io);
  const logger = createLogger(config.logLevel, 'stdout');
  const store = await openNodeStore(config);
  let init: InitResult | undefined;
  if (!(await isInitialised(store))) {
    const result = await initNode(config, store, initOptionsFrom(values, io)).catch(async (e: unknown) => {
      await store.close();
      throw e;
    });
    reportInit({ ...io, stdout: io.stderr }, result, config.dataDir);
    init = result;
  }
  // The node does not start without its keys (a wrong passphrase, a key file others may read).
  const node = await openNodeServices(config, io, store);
  for (const notice of node.keys.notices) io.stderr.write(`${formatKeyNotice(notice)}\n`);
  if (init !== undefined) await recordInit(node, init, 'first start');
  await ensureTaxiiDefaults(node, 'node');
  // Built-in objects added by later versions (e.g. the share record's extension-definition) reach
  // older nodes too; a node initialised just now has them already.
  if (init === undefined) await seedBuiltins(node.store);
  // A node listed under another identity or key would have everything it signs refused. With a
  // charter, a node not (yet) a member serves and pulls from the members: an admission makes it one.
  const nodeMembers = await nodeMembership(config, node.store).catch(async (e: unknown) => {
    await node.close();
    throw e;
  });
  const { membership } = nodeMembers;
  const self = await nodeMemberId(node.store);
  const listing = selfListingProblem(membership, self, node.keys.keys.signing.fingerprint);
  if (listing !== undefined && nodeMembers.held === undefined) {
    await node.close();
    throw new AccordError('invalid', 'serve.not-listed', listing);
  }
  if (listing !== undefined) io.stderr.write(`NOTE: ${listing.replace(/; add it .*$/, '')}: until the members admit it, this node only receives what is public to it\n`);
  const tls = config.tlsCert !== undefined && config.tlsKey !== undefined
    ? { cert: readFileSync(config.tlsCert), key: readFileSync(config.tlsKey) }
    : undefined;
  // Peers sign the URL the members list for this node; until it listens, nobody can call.
  let listening = '';
  const peers = { membership, publicOrigin: () => config.publicUrl ?? listening, replay: new ReplayCache() };
  // With a charter, who the peers are changes as the members decide: asked each time. (A node not
  // yet admitted is in no list: its peers are every active member.)
  const peerTargets = (): ReturnType<typeof peersOf> => peersOf({ membership, self });
  // One cache of verified batch roots for what peers send, pulled or pushed.
  const cache = new BatchRootCache();
  // What peers sent that was stored or held back, and equivocations caught, go to the audit log.
  const syncLog = logger.child({ cat: 'sync' });
  const events: SyncEventSink = async (e) => {
    try {
      if (e.kind === 'retraction') {
        const r = e.retraction;
        if (r.state !== 'waiting') {
          syncLog.info({ peer: e.peer, via: e.via, retraction: r.id, sharer: r.sharer, effect: r.effect, outcome: r.outcome }, `retraction ${r.state}: ${r.detail}`);
          await node.audit.record({
            actor: 'node', action: r.state === 'applied' ? 'retraction.applied' : 'retraction.refused', target: r.id,
            details: { via: e.via, peer: e.peer, sharer: r.sharer, effect: r.effect, outcome: r.outcome, detail: r.detail, shares: r.shares, removed: r.removed },
          });
        }
      } else if (e.kind === 'equivocation') {
        syncLog.warn({ peer: e.peer, via: e.via, sharer: e.equivocation.sharer, object: e.equivocation.objectId }, e.message);
        await node.audit.record({ actor: 'node', action: 'peer.equivocation', target: e.equivocation.objectId, details: { via: e.via, peer: e.peer, ...e.equivocation } });
      } else {
        const { kind: _kind, ...details } = e;
        await node.audit.record({ actor: 'node', action: 'peer.received', target: `member:${e.peer}`, details });
      }
    } catch (err) {
      syncLog.error({ err }, 'could not record a sync event in the audit log');
    }
  };
  const publishing = publishingService(node, config, membership, self);
  // Every process holds its own detection index (the ingest endpoint matches against it), loaded now and kept current.
  const detection = startLiveDetection(node, logger.child({ cat: 'detect' }), self, { snapshotFile: join(config.dataDir, DETECT_SNAPSHOT) });
  const app = await buildApp({
    detection: { live: detection.live, maxBytes: config.detectIngestLimit, history: detection.history },
    peers,
    // Pushes from peers are checked as pulled pages are: share records, not the import path.
    peerAdd: peerPushHandler({ store: node.store, membership, self, cache, events }),
    peerStatus: { statuses: () => readPeerStatuses(node.store, peerTargets()), quarantine: (id) => readQuarantine(node.store, id) },
    taxiiReadFilter: sharingReadFilter({ membership, self }),
    publishing,
    self,
    members: new MembershipActions(node, config, membership, self, nodeMembers.verifier),
    feeds: { store: node.store, membership, self, visibility: new VisibilityService(node.store, membership, self), warninglists: nodeWarninglists(config.dataDir) },
    store: node.store, identity: node.identity, audit: node.audit, logger, bodyLimit: config.httpBodyLimit, version: VERSION, tls: tls !== undefined,
    imports: { batchSize: config.importBatchSize, maxObjectBytes: config.maxObjectBytes },
    ...(node.oidc !== undefined ? { oidc: node.oidc } : {}),
    ...(tls !== undefined ? { https: tls } : {}),
  });
  // Signals are handled from here on, so that a stop request during start-up is not lost.
  const stopped = new Promise<string>((resolveStop) => {
    const stop = (signal: string): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolveStop(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  let address: string;
  try {
    address = await app.listen({ host: config.host, port: config.port });
    listening = address;
  } catch (e) {
    await app.close();
    await detection.stop();
    await node.close();
    throw new AccordError('unavailable', 'serve.listen-failed', `cannot listen on ${config.host}:${config.port}: ${(e as Error).message}`);
  }
  await node.audit.record({ actor: 'node', action: 'node.started', details: { address, version: VERSION, tls: tls !== undefined } });
  io.stderr.write(`Accord node listening on ${address} (store ${describeDatabase(config.database)})\n`);
  logger.info({ cat: 'http', address, store: node.store.kind }, 'node started');
  // Sync starts once the node listens: a peer that answers at once may already be pulling from us.
  // It pulls from every peer and pushes to it, on the interval and as soon as the store changes.
  // One process per store runs sync (several `accord serve` may share a PostgreSQL database): the
  // others serve and keep trying to take the role over, so sync goes on when its holder stops (role.ts).
  let sync: SyncService | undefined;
  let receipts: { stop(): Promise<void> } | undefined;
  const syncRole = (peerTargets().length > 0 || nodeMembers.held !== undefined) && config.syncIntervalSeconds > 0 ? await runUnderRole(node.store, 'sync', {
    what: 'sync',
    start: () => {
      sync = new SyncService(
        { store: node.store, membership, self, key: node.keys.keys.signing, cache, events },
        { intervalMs: config.syncIntervalSeconds * 1000, logger: syncLog },
      );
      sync.start();
      syncLog.info({ peers: peerTargets().length, intervalSeconds: config.syncIntervalSeconds }, 'sync started');
      // Retractions applied here are answered with signed receipts, by the process that syncs.
      receipts = onStoreChange(node.store, config.syncIntervalSeconds * 1000, async () => {
        for (let issued = RECEIPT_BATCH; issued === RECEIPT_BATCH;) {
          issued = await issueReceipts({ ...shareContext(node, membership, self), actor: 'node' }, RECEIPT_BATCH);
          if (issued === 0) break;
          syncLog.info({ receipts: issued }, 'retraction receipts issued');
          await node.audit.record({ actor: 'node', action: 'retraction.receipts-issued', details: { count: issued } });
        }
      }, (err) => syncLog.warn({ err }, 'could not issue retraction receipts'));
    },
    stop: async () => {
      await receipts?.stop();
      receipts = undefined;
      await sync?.stop();
      sync = undefined;
    },
  }, syncLog) : undefined;
  // Configured feeds are pulled on their intervals, by one process per store too.
  const feedLog = logger.child({ cat: 'feeds' });
  const feedRole = config.feeds.length > 0 ? await runUnderRole(node.store, 'feeds', feedPullWork(node, config, publishing, feedLog), feedLog) : undefined;
  // The critical information infrastructure watch: whatever is stored, by any process, is compared
  // with the registered assets at once (one process per store).
  const assetLog = logger.child({ cat: 'detect' });
  const assetRole = await runUnderRole(node.store, 'assets', assetWatchWork(node, assetLog), assetLog);
  // The retro-hunt history is kept within its retention: pruned a minute after start, then daily.
  const historyPrune = scheduleHistoryPrune(node.store, config, assetLog);

  // With a charter: membership objects arrive by sync (or are made by `accord members` in another
  // process); when they change the state, every area sees the new member list at once, the
  // visibility table follows it, and sync restarts with the new peers.
  const watcher = nodeMembers.charter === undefined ? undefined : watchMembership({
    store: node.store, charter: nodeMembers.charter, held: nodeMembers.held, verifier: nodeMembers.verifier ?? new EndorsementVerifier(), everyMs: 5000,
    onChange: async (next, before) => {
      membership.replace(memberRecords(next.state), config.sharingGroups);
      logger.info({ cat: 'membership', head: next.state.head, applied: next.state.applied.length, members: membership.members().length }, 'membership changed');
      await node.audit.record({
        actor: 'node', action: 'membership.changed', target: `charter:${next.state.charterHash}`,
        details: { head: next.state.head, applied: next.state.applied.length, previousHead: before?.state.head ?? null, members: membership.members() },
      });
      const visibility = new VisibilityService(node.store, membership, self);
      await visibility.recomputeAll();
      // Keys declared compromised by this change: what they signed from then on no longer counts here.
      const compromisedBefore = new Set(before === undefined ? [] : [...before.state.members.values()].flatMap((m) => m.signingKeys.filter((k) => k.compromisedAt !== undefined).map((k) => `${k.fingerprint}@${k.compromisedAt ?? ''}`)));
      const compromised = new Map([...next.state.members.values()].flatMap((m) => m.signingKeys)
        .filter((k) => k.compromisedAt !== undefined && !compromisedBefore.has(`${k.fingerprint}@${k.compromisedAt}`)).map((k) => [k.fingerprint, k.compromisedAt as string]));
      const quarantined = await quarantineCompromised(node.store, visibility, compromised);
      if (quarantined.length > 0) {
        logger.warn({ cat: 'membership', keys: [...compromised.keys()], records: quarantined.length }, 'share records signed with a compromised key quarantined');
        await node.audit.record({ actor: 'node', action: 'membership.records-quarantined', details: { keys: Object.fromEntries(compromised), count: quarantined.length, records: quarantined.slice(0, 100) } });
      }
      if (sync !== undefined) {
        await sync.stop();
        sync = new SyncService(
          { store: node.store, membership, self, key: node.keys.keys.signing, cache, events },
          { intervalMs: config.syncIntervalSeconds * 1000, logger: syncLog },
        );
        sync.start();
      }
    },
    onError: (err) => logger.warn({ cat: 'membership', err }, 'could not read the membership objects'),
  });

  const signal = await stopped;
  logger.info({ cat: 'http', signal }, 'stopping');
  await watcher?.stop();
  await syncRole?.stop();
  await feedRole?.stop();
  await assetRole.stop();
  historyPrune.stop();
  await app.close();
  await detection.stop();
  await node.audit.record({ actor: 'node', action: 'node.stopped', details: { signal } });
  await node.close();
  return EXIT.ok;
}
