import { describe, expect, it } from 'vitest';
import { compareTimestamps, formatTimestamp, isStixTimestamp, nowTimestamp, parseTimestamp, timestampFractionDigits } from './timestamp.js';

describe('isStixTimestamp', () => {
  it.each([
    '2016-05-12T08:17:27Z',
    '2016-05-12T08:17:27.000Z',
    '2016-05-12T08:17:27.123456789Z',
    '2024-02-29T23:59:59.999Z',
    '2000-02-29T00:00:00Z',
    '0001-01-01T00:00:00Z',
    '9999-12-31T23:59:59.999999Z',
  ])('accepts %s', (s) => {
    expect(isStixTimestamp(s)).toBe(true);
  });

  it.each([
    ['no Z', '2016-05-12T08:17:27.000'],
    ['offset instead of Z', '2016-05-12T08:17:27.000+00:00'],
    ['lowercase z', '2016-05-12T08:17:27.000z'],
    ['space instead of T', '2016-05-12 08:17:27.000Z'],
    ['date only', '2016-05-12'],
    ['Feb 30', '2016-02-30T00:00:00.000Z'],
    ['Feb 29 in a common year', '2023-02-29T00:00:00.000Z'],
    ['Feb 29 in 1900', '1900-02-29T00:00:00.000Z'],
    ['April 31', '2016-04-31T00:00:00Z'],
    ['month 13', '2016-13-01T00:00:00Z'],
    ['day 0', '2016-01-00T00:00:00Z'],
    ['hour 24', '2016-05-12T24:00:00Z'],
    ['minute 60', '2016-05-12T23:60:00Z'],
    ['leap second', '2016-12-31T23:59:60Z'],
    ['empty fraction', '2016-05-12T08:17:27.Z'],
    ['two-digit year', '16-05-12T08:17:27Z'],
  ])('rejects %s', (_why, s) => {
    expect(isStixTimestamp(s)).toBe(false);
  });

  it('rejects non-strings', () => {
    expect(isStixTimestamp(1463041047000)).toBe(false);
    expect(isStixTimestamp(null)).toBe(false);
  });
});

describe('parseTimestamp', () => {
  it('gives exact microseconds and the digits as written', () => {
    const p = parseTimestamp('2016-05-12T08:17:27.123456789Z');
    expect(p).toEqual({
      epochMicros: 1463041047123456n,
      epochMillis: 1463041047123,
      fractionDigits: 9,
      fraction: '123456789',
    });
    expect(parseTimestamp('1970-01-01T00:00:00Z')?.epochMicros).toBe(0n);
    expect(parseTimestamp('1969-12-31T23:59:59.5Z')?.epochMicros).toBe(-500000n);
  });

  it('agrees with Date for ordinary instants', () => {
    for (const s of ['2017-01-20T00:00:00.000Z', '2022-10-01T00:00:00.000Z', '1999-12-31T23:59:59.999Z']) {
      expect(parseTimestamp(s)?.epochMillis).toBe(Date.parse(s));
    }
  });

  it('handles years before 100 (which Date.UTC would move to the 1900s)', () => {
    expect(parseTimestamp('0050-03-01T00:00:00Z')?.epochMillis).toBe(new Date('0050-03-01T00:00:00Z').getTime());
  });

  it('returns undefined for invalid input', () => {
    expect(parseTimestamp('2016-02-30T00:00:00Z')).toBeUndefined();
  });

  it('reports fraction digits', () => {
    expect(timestampFractionDigits('2016-05-12T08:17:27Z')).toBe(0);
    expect(timestampFractionDigits('2016-05-12T08:17:27.12Z')).toBe(2);
    expect(timestampFractionDigits('nope')).toBeUndefined();
  });
});

describe('compareTimestamps', () => {
  it('orders by time, not by text', () => {
    expect(compareTimestamps('2016-05-12T08:17:27.1Z', '2016-05-12T08:17:27.100Z')).toBe(0);
    expect(compareTimestamps('2016-05-12T08:17:27Z', '2016-05-12T08:17:27.000Z')).toBe(0);
    expect(compareTimestamps('2016-05-12T08:17:27.09Z', '2016-05-12T08:17:27.1Z')).toBeLessThan(0);
  });

  it('keeps sub-millisecond and sub-microsecond digits', () => {
    expect(compareTimestamps('2016-05-12T08:17:27.000001Z', '2016-05-12T08:17:27.000Z')).toBeGreaterThan(0);
    expect(compareTimestamps('2016-05-12T08:17:27.0000001Z', '2016-05-12T08:17:27Z')).toBeGreaterThan(0);
    expect(compareTimestamps('2016-05-12T08:17:27.123456Z', '2016-05-12T08:17:27.123457Z')).toBeLessThan(0);
  });

  it('compares across fields', () => {
    expect(compareTimestamps('2016-05-12T08:17:27.999Z', '2016-05-12T08:17:28Z')).toBeLessThan(0);
    expect(compareTimestamps('2017-01-01T00:00:00Z', '2016-12-31T23:59:59.999999Z')).toBeGreaterThan(0);
  });

  it('throws on invalid timestamps', () => {
    expect(() => compareTimestamps('2016-02-30T00:00:00Z', '2016-01-01T00:00:00Z')).toThrow(RangeError);
  });
});

describe('formatTimestamp', () => {
  it('formats epoch milliseconds', () => {
    expect(formatTimestamp(0)).toBe('1970-01-01T00:00:00.000Z');
    expect(formatTimestamp(1463041047123)).toBe('2016-05-12T08:17:27.123Z');
    expect(formatTimestamp(1463041047123, 'microsecond')).toBe('2016-05-12T08:17:27.123000Z');
    expect(formatTimestamp(-1)).toBe('1969-12-31T23:59:59.999Z');
  });

  it('formats epoch microseconds (bigint)', () => {
    expect(formatTimestamp(1463041047123456n, 'microsecond')).toBe('2016-05-12T08:17:27.123456Z');
    expect(formatTimestamp(1463041047123456n, 'millisecond')).toBe('2016-05-12T08:17:27.123Z');
    expect(formatTimestamp(-1n, 'microsecond')).toBe('1969-12-31T23:59:59.999999Z');
  });

  it('round-trips through parseTimestamp', () => {
    for (const s of ['2024-02-29T23:59:59.999999Z', '0001-01-01T00:00:00.000000Z', '9999-12-31T23:59:59.999999Z']) {
      const p = parseTimestamp(s);
      expect(p).toBeDefined();
      if (p !== undefined) expect(formatTimestamp(p.epochMicros, 'microsecond')).toBe(s);
    }
  });

  it('refuses years it cannot write', () => {
    expect(() => formatTimestamp(253402300800000)).toThrow(RangeError);
    expect(() => formatTimestamp(Number.NaN)).toThrow(RangeError);
  });
});

describe('nowTimestamp', () => {
  it('is a millisecond-precision STIX timestamp close to now', () => {
    const before = Date.now();
    const s = nowTimestamp();
    expect(s).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    const p = parseTimestamp(s);
    expect(p?.epochMillis).toBeGreaterThanOrEqual(before);
    expect(p?.epochMillis).toBeLessThanOrEqual(Date.now());
  });
});
