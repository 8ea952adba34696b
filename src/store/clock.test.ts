import { describe, expect, it } from 'vitest';
import { formatMicros, nextStamp, parseMicros, sortableTimestamp } from './clock.js';

describe('date_added clock', () => {
  it('never goes backwards when the wall clock steps back', () => {
    let last = 0;
    const wall = [1_000_000, 2_000_000, 1_500_000, 1_500_000, 900_000, 2_000_001];
    const stamps = wall.map((now) => (last = nextStamp(last, now)));
    expect(stamps).toEqual([1_000_000, 2_000_000, 2_000_001, 2_000_002, 2_000_003, 2_000_004]);
  });

  it('formats and parses microsecond timestamps', () => {
    const us = Date.UTC(2026, 10, 27, 6, 55, 22, 123) * 1000 + 456;
    expect(formatMicros(us)).toBe('2026-11-27T06:55:22.123456Z');
    expect(parseMicros('2026-11-27T06:55:22.123456Z')).toBe(us);
    expect(parseMicros('2026-11-27T06:55:22.123456789Z')).toBe(us);
    expect(parseMicros('2026-11-27T06:55:22Z')).toBe(Date.UTC(2026, 10, 27, 6, 55, 22) * 1000);
    expect(parseMicros('yesterday')).toBeUndefined();
  });

  it('orders version timestamps by time, not by text', () => {
    const a = sortableTimestamp('2020-01-01T00:00:00.123Z');
    const b = sortableTimestamp('2020-01-01T00:00:00.1234Z');
    expect(a < b).toBe(true);
    expect(sortableTimestamp('2020-01-01T00:00:00.1Z')).toBe(sortableTimestamp('2020-01-01T00:00:00.100Z'));
    expect(sortableTimestamp('2020-01-01T00:00:00Z') < sortableTimestamp('2020-01-01T00:00:00.001Z')).toBe(true);
    expect(sortableTimestamp('2020-01-01T00:00:00.1000000001Z') > sortableTimestamp('2020-01-01T00:00:00.1Z')).toBe(true);
  });
});
