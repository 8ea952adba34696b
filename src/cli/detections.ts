// What `accord detections`, `accord sightings` and `accord detect --record` share: the detection
// book over an open node (its member id, its audit log), the publishing service bound to the
// operator for sharing sightings back, and how alerts and sightings are printed.
import { DetectionBook, recordDetections, type Detection, type Publish, type SharedBack } from '../detect/index.js';
import type { PublishingService } from '../sharing/index.js';
import { AccordError, type DetectionRecord } from '../store/index.js';
import type { Values } from './args.js';
import type { Config } from './config.js';
import type { Io } from './io.js';
import { nodeMemberId } from './node.js';
import { cliPublisher, openPublishing } from './publishing.js';
import { cliActor, openNodeServices, type NodeServices } from './services.js';

/** Matches recorded per transaction by `accord detect --record`. */
const RECORD_BATCH = 1000;

/** The sharing area's shareObjects as detection asks for it, on behalf of `by`. */
export function publishVia(publishing: PublishingService, by: Parameters<PublishingService['shareObjects']>[2]): Publish {
  return (refs, terms) => publishing.shareObjects(refs, terms, by);
}

/** Opens the node, its detection book and a publish function for the operator; the caller closes `node`. */
export async function openDetections(values: Values, io: Io): Promise<{ node: NodeServices; book: DetectionBook; publish: Publish; self: string }> {
  const { node, publishing, self } = await openPublishing(values, io);
  return { node, book: new DetectionBook(node.store, self, node.audit), publish: publishVia(publishing, cliPublisher()), self };
}

/** The TLP to share under, when --tlp is given. */
export function tlpOption(values: Values): string | undefined {
  if (values.tlp === undefined) return undefined;
  if (typeof values.tlp !== 'string' || !['clear', 'green', 'amber', 'amber+strict', 'red'].includes(values.tlp)) throw new AccordError('invalid', 'cli.usage', '--tlp is clear, green, amber, amber+strict or red');
  return values.tlp;
}

/** One alert in words: a line, and with `full` its evidence, sighting and changes. */
export function describeDetection(a: DetectionRecord, full: boolean): string {
  const head = `${a.id}  ${a.state}  ${a.count.toLocaleString('en')} hit${a.count === 1 ? '' : 's'} ${a.firstSeen} … ${a.lastSeen}  ${a.indicatorName ?? a.indicatorId}\n`;
  if (!full) return head;
  const lines = [
    `    indicator ${a.indicatorId}; created by ${a.originator ?? 'unknown'}`,
    `    sighting ${a.sightingId} version ${a.sightingVersion ?? 'none yet'}; ${a.sharedVersion === null ? 'not shared' : `version ${a.sharedVersion} shared back at ${a.sharedAt ?? '?'}${a.sharedVersion !== a.sightingVersion ? ' (a newer version is not shared yet)' : ''}`}`,
    ...a.evidence.map((e) => `    ${e.seen} ${e.source}${e.line !== null ? `:${e.line}` : ''} ${e.eventType}: ${e.why}`),
    ...(a.count > a.evidence.length ? [`    … and ${(a.count - a.evidence.length).toLocaleString('en')} more hits (the first ${a.evidence.length} are kept as evidence)`] : []),
    ...a.changes.map((c) => `    ${c.at} ${c.actor}: ${c.from} → ${c.to}${c.note !== null ? ` (${c.note})` : ''}`),
  ];
  return `${head}${lines.join('\n')}\n`;
}

/** What sharing back did, in words (exit 1 when nothing was shared or requested). */
export function sharedWords(r: SharedBack): { text: string; ok: boolean } {
  const o = r.outcome;
  const refused = o.refused.map((x) => `  refused ${x.id}: ${x.code}: ${x.reason}\n`).join('');
  if (o.publication !== undefined) return { text: `${refused}Publication request ${o.publication.id} awaits approval by a second user; once approved, ${r.sighting.id} goes to ${r.originator} alone.\n`, ok: true };
  if (o.shared === 0) return { text: `${refused}Nothing was shared.\n`, ok: false };
  return { text: `${refused}Shared ${r.sighting.id} (version ${r.sighting.version})${r.objects > 1 ? ` and ${(o.shared - 1).toLocaleString('en')} evidence objects` : ''} with ${r.originator} alone.\n`, ok: o.refused.length === 0 };
}

export { cliActor };

/** Records the matches of `accord detect --record` in batches; `finish` says how many alerts were raised and updated. */
export class DetectionRecorder {
  private batch: Detection[] = [];
  private readonly raised = new Set<string>();
  private readonly updated = new Set<string>();

  private constructor(private readonly node: NodeServices, private readonly self: string, private readonly now: () => string) {}

  /** Opens the node (its member id and audit log) for recording. */
  static async open(config: Config, io: Io): Promise<DetectionRecorder> {
    const node = await openNodeServices(config, io);
    try {
      return new DetectionRecorder(node, await nodeMemberId(node.store), () => new Date().toISOString());
    } catch (e) {
      await node.close();
      throw e;
    }
  }

  async add(d: Detection): Promise<void> {
    this.batch.push(d);
    if (this.batch.length >= RECORD_BATCH) await this.flush();
  }

  /** Records what is left and returns the summary line. */
  async finish(): Promise<string> {
    await this.flush();
    const updated = [...this.updated].filter((id) => !this.raised.has(id)).length;
    return `recorded: ${this.raised.size.toLocaleString('en')} alert${this.raised.size === 1 ? '' : 's'} raised, ${updated.toLocaleString('en')} updated (accord detections list)\n`;
  }

  close(): Promise<void> {
    return this.node.close();
  }

  private async flush(): Promise<void> {
    if (this.batch.length === 0) return;
    const batch = this.batch;
    this.batch = [];
    const r = await recordDetections(this.node.store, batch, this.now(), { self: this.self, audit: this.node.audit, actor: cliActor() });
    for (const a of r.raised) this.raised.add(a.id);
    for (const a of r.updated) this.updated.add(a.id);
  }
}
