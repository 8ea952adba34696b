import { describe, expect, it } from 'vitest';
import { mispShape } from './misp-attributes.js';

describe('MISP address attributes', () => {
  it('are read by the one address reader: networks become ISSUBSET, malformed addresses are not mapped', () => {
    expect(mispShape('ip-dst', '2001:DB8::1')).toMatchObject({ kind: 'observable', terms: [{ object: 'ipv6-addr', path: 'value', op: '=', value: '2001:db8::1' }] });
    expect(mispShape('ip-src', '198.51.100.0/24')).toMatchObject({ kind: 'observable', terms: [{ object: 'ipv4-addr', op: 'ISSUBSET', value: '198.51.100.0/24' }] });
    for (const bad of ['1:2:::3', '::::', '010.0.0.1', '198.51.100.7/33']) {
      expect(mispShape('ip-dst', bad), bad).toEqual({ kind: 'unmapped', reason: `"${bad}" is not an IPv4 or IPv6 address or network` });
    }
  });
});
