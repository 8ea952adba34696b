import { describe, expect, it } from 'vitest';
import { validatePattern, type Pattern } from '../pattern/index.js';
import { Detector } from './detector.js';
import type { LogEvent } from './event.js';
import { WindowMatcher } from './window.js';

function parse(text: string): Pattern {
  const v = validatePattern(text);
  if (!v.ok) throw new Error(`${text}: ${v.errors.map((e) => e.message).join('; ')}`);
  return v.pattern;
}

const base = Date.parse('2026-11-27T10:00:00.000Z');
/** An event `seconds` after 10:00 showing the given values. */
const at = (seconds: number, values: Record<string, (string | number)[]>): LogEvent => ({ type: 'test', time: new Date(base + seconds * 1000).toISOString(), values: new Map(Object.entries(values)) });
const dns = (seconds: number, name: string): LogEvent => at(seconds, { 'domain-name:value': [name] });
const ip = (seconds: number, address: string, port = 443): LogEvent => at(seconds, { 'ipv4-addr:value': [address], 'network-traffic:dst_ref.value': [address], 'network-traffic:dst_port': [port] });

/** Feeds events to a matcher holding one pattern; the hits, as `eventIndex list` strings. */
function run(pattern: string, events: readonly LogEvent[], matcher = new WindowMatcher()): string[] {
  matcher.add('p', parse(pattern));
  return events.flatMap((e, i) => matcher.observe(e, `e${i}`).map((h) => `${h.indicator}@${i}: ${h.events.join(',')}`));
}

describe('WindowMatcher: patterns over several observations', () => {
  it('FOLLOWEDBY … WITHIN: the order and the span both count', () => {
    // Qualifiers bind tighter than FOLLOWEDBY (§9.7): without the parentheses WITHIN would apply to b alone.
    const p = "([domain-name:value = 'a.example'] FOLLOWEDBY [domain-name:value = 'b.example']) WITHIN 600 SECONDS";
    expect(run(p, [dns(0, 'a.example'), dns(10, 'x.example'), dns(60, 'b.example')])).toEqual(['p@2: e0,e2']);
    expect(run(p, [dns(0, 'b.example'), dns(60, 'a.example')])).toEqual([]);
    expect(run(p, [dns(0, 'a.example'), dns(601, 'b.example')])).toEqual([]);
    const unbounded = "[domain-name:value = 'a.example'] FOLLOWEDBY [domain-name:value = 'b.example'] WITHIN 600 SECONDS";
    expect(run(unbounded, [dns(0, 'a.example'), dns(601, 'b.example')])).toEqual(['p@1: e0,e1']);
  });

  it('REPEATS n TIMES fires on the n-th event, then needs n new ones', () => {
    const p = "[ipv4-addr:value = '198.51.100.7'] REPEATS 3 TIMES";
    const events = [ip(0, '198.51.100.7'), ip(1, '198.51.100.7'), ip(2, '192.0.2.1'), ip(3, '198.51.100.7'), ip(4, '198.51.100.7'), ip(5, '198.51.100.7'), ip(6, '198.51.100.7')];
    expect(run(p, events)).toEqual(['p@3: e0,e1,e3', 'p@6: e4,e5,e6']);
  });

  it('observation AND needs both, in any order; OR with a qualifier too', () => {
    const p = "([domain-name:value = 'c2.example'] AND [ipv4-addr:value = '203.0.113.5']) WITHIN 300 SECONDS";
    expect(run(p, [ip(0, '203.0.113.5'), dns(100, 'c2.example')])).toEqual(['p@1: e0,e1']);
    expect(run(p, [ip(0, '203.0.113.5'), ip(100, '203.0.113.5')])).toEqual([]);
    const q = "([domain-name:value = 'c2.example'] OR [ipv4-addr:value = '203.0.113.5']) REPEATS 2 TIMES";
    expect(run(q, [ip(0, '203.0.113.5'), dns(100, 'c2.example')])).toEqual(['p@1: e0,e1']);
  });

  it('START … STOP: only events inside [start, stop)', () => {
    const p = "[domain-name:value = 'a.example'] START t'2026-11-27T10:00:00Z' STOP t'2026-11-27T10:01:00Z'";
    expect(run(p, [dns(-1, 'a.example'), dns(60, 'a.example'), dns(59, 'a.example')])).toEqual(['p@2: e2']);
  });

  it('observations the index cannot hold are evaluated on every event', () => {
    const p = "[network-traffic:dst_port > 1024] REPEATS 2 TIMES WITHIN 60 SECONDS";
    expect(run(p, [ip(0, '192.0.2.1', 80), ip(1, '192.0.2.2', 4444), ip(2, '192.0.2.3', 443), ip(3, '192.0.2.4', 8443)])).toEqual(['p@3: e1,e3']);
  });

  it('the window forgets what is older than its span, and holds at most maxEvents', () => {
    const p = "[domain-name:value = 'a.example'] FOLLOWEDBY [domain-name:value = 'b.example']";
    expect(run(p, [dns(0, 'a.example'), dns(3600, 'b.example')], new WindowMatcher({ horizonSeconds: 3000 }))).toEqual([]);
    expect(run(p, [dns(0, 'a.example'), dns(3600, 'b.example')], new WindowMatcher({ horizonSeconds: 4000 }))).toEqual(['p@1: e0,e1']);
    const small = new WindowMatcher({ maxEvents: 2 });
    expect(run(p, [dns(0, 'a.example'), dns(1, 'x.example'), dns(2, 'b.example')], small)).toEqual(['p@2: e0,e2']);
    const tiny = new WindowMatcher({ maxEvents: 1 });
    expect(run(p, [dns(0, 'a.example'), dns(2, 'b.example')], tiny)).toEqual([]);
  });

  it('a removed pattern no longer matches', () => {
    const m = new WindowMatcher();
    m.add('p', parse("[domain-name:value = 'a.example'] FOLLOWEDBY [domain-name:value = 'b.example']"));
    m.observe(dns(0, 'a.example'), 'e0');
    m.remove('p');
    expect(m.observe(dns(1, 'b.example'), 'e1')).toEqual([]);
    expect(m.size).toBe(0);
  });
});

describe('Detector with patterns over several observations', () => {
  it('reports the events of the match with the hit', () => {
    const d = new Detector();
    d.add('seq', parse("([domain-name:value = 'a.example'] FOLLOWEDBY [ipv4-addr:value = '198.51.100.7']) WITHIN 60 SECONDS"));
    d.add('one', parse("[ipv4-addr:value = '198.51.100.7']"));
    expect(d.match(dns(0, 'a.example'), 'e0')).toEqual([]);
    const hits = d.match(ip(5, '198.51.100.7'), 'e1');
    expect(hits.map((h) => h.indicator).sort()).toEqual(['one', 'seq']);
    expect(hits.find((h) => h.indicator === 'seq')).toEqual({ indicator: 'seq', by: 'pattern', events: ['e0', 'e1'] });
    d.remove('seq');
    d.match(dns(10, 'a.example'), 'e2');
    expect(d.match(ip(11, '198.51.100.7'), 'e3').map((h) => h.indicator)).toEqual(['one']);
  });
});
