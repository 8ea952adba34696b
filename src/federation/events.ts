// What sync tells the node about, for its audit log: a page pulled or an envelope pushed in that
// stored or held back something (a poll that brought nothing is no event), and an equivocation
// caught. The federation area does not write the audit log itself (it may not import it); `accord
// serve` passes a sink that does, and tests pass one that collects.
import type { AppliedRetraction } from '../sharing/index.js';
import type { AcceptReport, Equivocation } from './accept.js';

export type SyncEvent =
  | {
    readonly kind: 'received';
    /** How it came: pulled from the peer, or pushed by it. */
    readonly via: 'pull' | 'push';
    readonly peer: string;
    readonly objects: number;
    readonly records: number;
    readonly stored: number;
    readonly unchanged: number;
    readonly held: number;
  }
  | { readonly kind: 'equivocation'; readonly via: 'pull' | 'push'; readonly peer: string; readonly equivocation: Equivocation; readonly message: string }
  /** A retraction received: applied here, refused, or waiting for the share it names. */
  | { readonly kind: 'retraction'; readonly via: 'pull' | 'push'; readonly peer: string; readonly retraction: AppliedRetraction };

/** Receives sync events; a failure to record one is the sink's to report, never sync's to stop on. */
export type SyncEventSink = (event: SyncEvent) => Promise<void>;

/** The events one accepted batch gives rise to. */
export function eventsOf(report: AcceptReport, via: 'pull' | 'push', peer: string, received: number, words: (e: Equivocation) => string): SyncEvent[] {
  const out: SyncEvent[] = [
    ...report.equivocations.map((equivocation): SyncEvent => ({ kind: 'equivocation', via, peer, equivocation, message: words(equivocation) })),
    ...report.retractions.map((retraction): SyncEvent => ({ kind: 'retraction', via, peer, retraction })),
  ];
  if (report.stored > 0 || report.held.length > 0) {
    out.unshift({ kind: 'received', via, peer, objects: received, records: report.records, stored: report.stored, unchanged: report.unchanged, held: report.held.length });
  }
  return out;
}

/** Hands events to the sink, if any; never throws. */
export async function emit(sink: SyncEventSink | undefined, events: readonly SyncEvent[]): Promise<void> {
  if (sink === undefined) return;
  for (const e of events) await sink(e).catch(() => undefined);
}
