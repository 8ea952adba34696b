import { describe, expect, it } from 'vitest';
import { RecencyMap } from './recency-map.js';

/** A plain reference: an array of keys in order, for comparison. */
function reference(): { order: string[]; set: (k: string) => void; del: (k: string) => void } {
  const order: string[] = [];
  return {
    order,
    set: (k) => {
      const i = order.indexOf(k);
      if (i >= 0) order.splice(i, 1);
      order.push(k);
    },
    del: (k) => {
      const i = order.indexOf(k);
      if (i >= 0) order.splice(i, 1);
    },
  };
}

describe('RecencyMap', () => {
  it('is empty at first', () => {
    const m = new RecencyMap<string, number>();
    expect(m.oldest()).toBeUndefined();
    expect(m.size).toBe(0);
  });

  it('keeps insertion order, and setting a key again makes it the newest', () => {
    const m = new RecencyMap<string, number>();
    m.set('a', 1);
    m.set('b', 2);
    m.set('c', 3);
    expect(m.oldest()).toEqual(['a', 1]);
    m.set('a', 4);
    expect(m.oldest()).toEqual(['b', 2]);
    expect([...m.entries()]).toEqual([['b', 2], ['c', 3], ['a', 4]]);
    expect(m.get('a')).toBe(4);
  });

  it('moves past deleted entries and sees entries added after the cursor finished', () => {
    const m = new RecencyMap<string, number>();
    m.set('a', 1);
    expect(m.oldest()).toEqual(['a', 1]);
    m.delete('a');
    expect(m.oldest()).toBeUndefined();
    m.set('b', 2);
    expect(m.oldest()).toEqual(['b', 2]);
    m.set('b', 3); // the same key set again, while it was the head
    m.set('c', 4);
    expect(m.oldest()).toEqual(['b', 3]);
    m.clear();
    expect(m.oldest()).toBeUndefined();
    m.set('d', 5);
    expect(m.oldest()).toEqual(['d', 5]);
  });

  it('agrees with a plain reference under random operations', () => {
    let seed = 42;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const m = new RecencyMap<string, number>();
    const ref = reference();
    for (let i = 0; i < 20_000; i++) {
      const k = `k${rnd(50)}`;
      const op = rnd(4);
      if (op < 2) {
        m.set(k, i);
        ref.set(k);
      } else if (op === 2) {
        m.delete(k);
        ref.del(k);
      } else {
        const o = m.oldest();
        expect(o?.[0]).toBe(ref.order[0]);
        if (o !== undefined && rnd(2) === 0) {
          m.delete(o[0]);
          ref.del(o[0]);
        }
      }
      expect(m.size).toBe(ref.order.length);
    }
    expect([...m.entries()].map(([k]) => k)).toEqual(ref.order);
  });

  it('evicts from the front of a large map, oldest first', () => {
    const m = new RecencyMap<string, number>();
    for (let i = 0; i < 100_000; i++) m.set(`k${i}`, i);
    for (let i = 0; i < 100_000; i++) {
      m.set(`n${i}`, i);
      const o = m.oldest();
      if (o !== undefined) m.delete(o[0]);
    }
    expect(m.size).toBe(100_000);
    expect(m.oldest()?.[0]).toBe('n0');
    // (Its cost, ~0.5 µs per eviction against ~26 µs with a fresh iterator each time, was measured
    // by hand while tuning; a timed assertion does not belong in a unit test.)
  });
});
