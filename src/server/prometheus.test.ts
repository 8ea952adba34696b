import { describe, expect, it } from 'vitest';
import { Counter, escapeHelp, escapeLabelValue, ExpositionWriter, formatValue, Histogram } from './prometheus.js';

describe('the exposition writer', () => {
  it('writes HELP and TYPE once before the samples of each family, and ends every line with a newline', () => {
    const text = new ExpositionWriter()
      .gauge('accord_peers', 'Peer nodes', [{ value: 2 }])
      .counter('accord_things_total', 'Things', [{ labels: { kind: 'a' }, value: 1 }, { labels: { kind: 'b' }, value: 3 }])
      .text();
    expect(text).toBe([
      '# HELP accord_peers Peer nodes',
      '# TYPE accord_peers gauge',
      'accord_peers 2',
      '# HELP accord_things_total Things',
      '# TYPE accord_things_total counter',
      'accord_things_total{kind="a"} 1',
      'accord_things_total{kind="b"} 3',
      '',
    ].join('\n'));
  });

  it('escapes label values (backslash, double quote, newline) and HELP text (backslash, newline)', () => {
    expect(escapeLabelValue('a\\b"c\nd')).toBe('a\\\\b\\"c\\nd');
    expect(escapeHelp('a\\b"c\nd')).toBe('a\\\\b"c\\nd');
    const text = new ExpositionWriter().gauge('m', 'say "hi"\\\nbye', [{ labels: { name: 'CERT "Alpha"\\\nEast' }, value: 1 }]).text();
    expect(text).toBe('# HELP m say "hi"\\\\\\nbye\n# TYPE m gauge\nm{name="CERT \\"Alpha\\"\\\\\\nEast"} 1\n');
  });

  it('writes the infinities and NaN as Go reads them', () => {
    expect([Infinity, -Infinity, NaN, 0, 1.5, 1e21].map(formatValue)).toEqual(['+Inf', '-Inf', 'NaN', '0', '1.5', '1e+21']);
  });

  it('writes nothing for a family without samples', () => {
    expect(new ExpositionWriter().gauge('m', 'h', []).counter('c_total', 'h', []).histogram('h', 'h', [1], []).text()).toBe('');
  });

  it('refuses duplicate series (in any label order), families written twice, bad names and counters not named _total', () => {
    expect(() => new ExpositionWriter().gauge('m', 'h', [{ labels: { a: '1', b: '2' }, value: 1 }, { labels: { b: '2', a: '1' }, value: 2 }])).toThrow(/duplicate series/);
    expect(() => new ExpositionWriter().gauge('m', 'h', [{ value: 1 }]).gauge('m', 'h', [{ value: 1 }])).toThrow(/twice/);
    expect(() => new ExpositionWriter().gauge('h_count', 'h', [{ value: 1 }]).histogram('h', 'h', [1], [{ counts: [0, 0], sum: 0 }])).toThrow(/twice/);
    expect(() => new ExpositionWriter().gauge('accord-peers', 'h', [{ value: 1 }])).toThrow(/metric name/);
    expect(() => new ExpositionWriter().gauge('m', 'h', [{ labels: { 'bad-name': 'x' }, value: 1 }])).toThrow(/label name/);
    expect(() => new ExpositionWriter().gauge('m', 'h', [{ labels: { __reserved: 'x' }, value: 1 }])).toThrow(/label name/);
    expect(() => new ExpositionWriter().counter('accord_things', 'h', [{ value: 1 }])).toThrow(/_total/);
  });

  it('writes histograms with cumulative buckets ending in +Inf, then _sum and _count', () => {
    const text = new ExpositionWriter().histogram('d_seconds', 'Durations', [0.1, 1], [{ labels: { route: '/x' }, counts: [2, 1, 3], sum: 12.5 }]).text();
    expect(text).toBe([
      '# HELP d_seconds Durations',
      '# TYPE d_seconds histogram',
      'd_seconds_bucket{route="/x",le="0.1"} 2',
      'd_seconds_bucket{route="/x",le="1"} 3',
      'd_seconds_bucket{route="/x",le="+Inf"} 6',
      'd_seconds_sum{route="/x"} 12.5',
      'd_seconds_count{route="/x"} 6',
      '',
    ].join('\n'));
    expect(() => new ExpositionWriter().histogram('d', 'h', [1, 0.5], [{ counts: [0, 0, 0], sum: 0 }])).toThrow(/ascending/);
    expect(() => new ExpositionWriter().histogram('d', 'h', [1], [{ labels: { le: '1' }, counts: [0, 0], sum: 0 }])).toThrow(/le/);
  });
});

describe('counters and histograms kept between scrapes', () => {
  it('keep one series per label set, in the declared label order', () => {
    const c = new Counter('reqs_total', 'Requests', ['method', 'route']);
    c.inc({ route: '/a', method: 'GET' });
    c.inc({ method: 'GET', route: '/a' }, 2);
    c.inc({ method: 'POST', route: '/a' });
    const w = new ExpositionWriter();
    c.writeTo(w);
    expect(w.text()).toContain('reqs_total{method="GET",route="/a"} 3\nreqs_total{method="POST",route="/a"} 1\n');
    expect(() => c.inc({ method: 'GET', route: '/a' }, -1)).toThrow(/only goes up/);
  });

  it('count an observation in the first bucket whose bound is at least the value (le is inclusive)', () => {
    const h = new Histogram('d_seconds', 'Durations', ['route'], [0.1, 1]);
    for (const v of [0.05, 0.1, 0.5, 1, 7]) h.observe({ route: '/a' }, v);
    const w = new ExpositionWriter();
    h.writeTo(w);
    const lines = w.text().split('\n');
    expect(lines).toContain('d_seconds_bucket{route="/a",le="0.1"} 2');
    expect(lines).toContain('d_seconds_bucket{route="/a",le="1"} 4');
    expect(lines).toContain('d_seconds_bucket{route="/a",le="+Inf"} 5');
    expect(lines).toContain('d_seconds_sum{route="/a"} 8.65');
    expect(lines).toContain('d_seconds_count{route="/a"} 5');
  });
});
