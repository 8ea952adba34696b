// Writes the objects of concurrent Add Objects requests to the store, several requests per
// transaction when they arrive together (group commit). A store transaction has a fixed cost
// (the write lock, the commit's sync, index pages touched) that a batch of 1,000 objects feels
// and one of 5,000 much less; when clients post concurrently, their batches for the same
// collection are written together, in arrival order, and each request gets the outcomes of its
// own objects. A transaction is all or nothing, so a failure fails every request in it and
// leaves none of their objects behind.
import type { PreparedObject, PutOutcome, Store } from '../store/index.js';

interface Pending {
  readonly objects: readonly PreparedObject[];
  readonly collection: string | undefined;
  resolve(outcomes: PutOutcome[]): void;
  reject(e: unknown): void;
}

export class ObjectWriter {
  private readonly queue: Pending[] = [];
  private running = false;

  constructor(
    private readonly store: Store,
    /** Most objects written in one transaction. */
    private readonly maxBatch = 10_000,
  ) {}

  /** Stores `objects` (and adds them to the members collection `collection`, if given); resolves with their outcomes. */
  put(objects: readonly PreparedObject[], collection?: string): Promise<PutOutcome[]> {
    if (objects.length === 0) return Promise.resolve([]);
    return new Promise((resolve, reject) => {
      this.queue.push({ objects, collection, resolve, reject });
      if (!this.running) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.queue.length > 0) {
        // Let requests whose objects are ready join this transaction.
        await new Promise<void>((r) => setImmediate(r));
        const group = this.takeGroup();
        const collection = group[0]?.collection;
        try {
          const outcomes = await this.store.objects.put(group.flatMap((p) => p.objects), collection !== undefined ? { collection } : {});
          let at = 0;
          for (const p of group) {
            p.resolve(outcomes.slice(at, at + p.objects.length));
            at += p.objects.length;
          }
        } catch (e) {
          for (const p of group) p.reject(e);
        }
      }
    } finally {
      this.running = false;
    }
  }

  /** The oldest request and those after it for the same collection, up to maxBatch objects. */
  private takeGroup(): Pending[] {
    const first = this.queue.shift() as Pending;
    const group = [first];
    let size = first.objects.length;
    for (let i = 0; i < this.queue.length && size < this.maxBatch;) {
      const p = this.queue[i] as Pending;
      if (p.collection === first.collection && size + p.objects.length <= this.maxBatch) {
        group.push(p);
        size += p.objects.length;
        this.queue.splice(i, 1);
      } else {
        i++;
      }
    }
    return group;
  }
}
