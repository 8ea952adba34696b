// A Map in "least recently set first" order with cheap access to the oldest entry, for the
// bounded in-memory tables of this area (login throttle, Basic-auth cache).
//
// Why not just `map.keys().next()`: V8 leaves deleted slots in place until the table is rebuilt,
// and a fresh iterator walks over all of them, so evicting from the front of a full Map costs
// tens of microseconds per eviction (measured: ~26 µs at 100,000 entries). A Map iterator is
// live — it keeps its place across insertions and deletions and sees entries added behind it —
// so one long-lived cursor makes eviction amortised O(1) (~0.5 µs).
export class RecencyMap<K, V> {
  readonly #map = new Map<K, V>();
  #cursor: MapIterator<[K, V]> | undefined;
  /** The entry the cursor stands on; every entry before it has been deleted or set again since. */
  #head: [K, V] | undefined;

  get size(): number {
    return this.#map.size;
  }

  get(key: K): V | undefined {
    return this.#map.get(key);
  }

  /** Sets `key` and makes it the newest entry (even when it was there already). */
  set(key: K, value: V): void {
    this.delete(key);
    this.#map.set(key, value);
  }

  delete(key: K): boolean {
    if (this.#head !== undefined && Object.is(this.#head[0], key)) this.#head = undefined;
    return this.#map.delete(key);
  }

  /** The least recently set entry, or undefined when empty. */
  oldest(): readonly [K, V] | undefined {
    if (this.#head !== undefined) return this.#head;
    this.#cursor ??= this.#map.entries();
    let next = this.#cursor.next();
    if (next.done === true) {
      // Finished iterators stay finished, so start again; nothing live was left behind the old one.
      this.#cursor = this.#map.entries();
      next = this.#cursor.next();
      if (next.done === true) return undefined;
    }
    this.#head = next.value;
    return this.#head;
  }

  /** Every entry, oldest first; deleting during the walk is allowed. */
  entries(): MapIterator<[K, V]> {
    return this.#map.entries();
  }

  clear(): void {
    this.#map.clear();
    this.#cursor = undefined;
    this.#head = undefined;
  }
}
