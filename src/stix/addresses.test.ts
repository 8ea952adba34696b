import { describe, expect, it } from 'vitest';
import { addressRange } from './addresses.js';

describe('addressRange: the one reading of address and CIDR text', () => {
  it('reads IPv4 and IPv6 addresses and networks as bits and a prefix', () => {
    expect(addressRange('192.0.2.1')).toEqual({ family: 4, value: 0xc0000201n, prefix: 32 });
    expect(addressRange('198.51.100.0/24')).toEqual({ family: 4, value: 0xc6336400n, prefix: 24 });
    expect(addressRange('0.0.0.0/0')).toEqual({ family: 4, value: 0n, prefix: 0 });
    expect(addressRange('2001:db8::1')).toEqual({ family: 6, value: 0x20010db8000000000000000000000001n, prefix: 128 });
    expect(addressRange('::ffff:192.0.2.1')?.value).toBe(0xffffc0000201n);
    expect(addressRange('2001:DB8::/32')).toEqual({ family: 6, value: 0x20010db8n << 96n, prefix: 32 });
  });

  it('refuses what is not exactly one address or network', () => {
    for (const bad of ['', '1.2.3', '1.2.3.4.5', '256.0.0.1', '010.0.0.1', '1.2.3.4/33', '1.2.3.4/08', '1.2.3.4/', '1.2.3.4/24/1',
      ':::', '1::2::3', '2001:db8::/129', '2001:db8::/012', '12345::', 'fe80::1%eth0', '1:2:3:4:5:6:7:8:9', 'example.com', '::ffff:1.2.3.4/24x']) {
      expect(addressRange(bad), bad).toBeUndefined();
    }
  });
});
