// Detection test data: a STIX indicator on one IPv4 address, and a Suricata flow event to one.
const T = '2026-01-01T00:00:00.000Z';

/** The id of test indicator n. */
export const indicatorId = (n: number): string => `indicator--00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** Indicator n, `[ipv4-addr:value = 'ip']`, valid from 2026-01-01; `extra` overrides or adds properties. */
export const ipIndicator = (n: number, ip: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  type: 'indicator', spec_version: '2.1', id: indicatorId(n), created: T, modified: T, name: `indicator ${n}`,
  pattern: `[ipv4-addr:value = '${ip}']`, pattern_type: 'stix', valid_from: T, ...extra,
});

/** One eve.json flow line (newline included) from 10.0.0.5 to `ip`. */
export const flowLine = (ip: string): string => `${JSON.stringify({ timestamp: '2026-02-01T10:00:00.000000+0000', event_type: 'flow', src_ip: '10.0.0.5', dest_ip: ip, dest_port: 443, proto: 'TCP' })}\n`;
