import { describe, expect, it } from 'vitest';
import { validatePattern, type Pattern } from '../pattern/index.js';
import { Detector } from './detector.js';
import { P } from './event.js';

function parse(text: string): Pattern {
  const v = validatePattern(text);
  if (!v.ok) throw new Error(text);
  return v.pattern;
}

describe('Detector', () => {
  it('counts what it holds by kind, and matches exact and anchored patterns', () => {
    const d = new Detector();
    const seq = "[domain-name:value = 'a.example'] FOLLOWEDBY [url:value = 'http://a.example/x'] WITHIN 600 SECONDS";
    d.add('seq', parse(seq));
    d.add('ip', parse("[ipv4-addr:value = '198.51.100.7']"));
    d.add('and', parse("[network-traffic:dst_ref.value = '198.51.100.8' AND network-traffic:dst_port = 443]"));
    expect(d.counts).toEqual({ indicators: 3, exactOrAnchored: 2, everyEvent: 0, multiObservation: 1 });
    const event = (ip: string): Parameters<Detector['match']>[0] => ({ type: 'flow', time: undefined, values: new Map<string, (string | number)[]>([[P.ipv4, [ip]], [P.dstRef, [ip]], [P.dstPort, [443]]]) });
    expect(d.match(event('198.51.100.7'), 'e1').map((h) => h.indicator)).toEqual(['ip']);
    expect(d.match(event('198.51.100.8'), 'e2').map((h) => [h.indicator, h.by])).toEqual([['and', 'pattern']]);
    expect(d.match(event('198.51.100.9'), 'e3')).toEqual([]);
    d.remove('seq');
    d.add('ip', parse("[ipv4-addr:value = '198.51.100.9']"));
    expect(d.counts).toEqual({ indicators: 2, exactOrAnchored: 2, everyEvent: 0, multiObservation: 0 });
    expect(d.match(event('198.51.100.7'), 'e4')).toEqual([]);
    expect(d.match(event('198.51.100.9'), 'e5').map((h) => h.indicator)).toEqual(['ip']);
  });
});
