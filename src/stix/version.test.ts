import { describe, expect, it } from 'vitest';
import { compareVersions, isRevoked, versionKey, versionOf } from './version.js';

const id = 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f';

describe('versionKey', () => {
  it('uses modified for SDOs and SROs', () => {
    expect(versionKey({ id, created: '2016-04-06T20:03:48.000Z', modified: '2017-01-01T00:00:00.000Z' }))
      .toEqual({ id, version: '2017-01-01T00:00:00.000Z' });
  });

  it('uses created for marking definitions, which have no modified', () => {
    const md = { id: 'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9', created: '2017-01-20T00:00:00.000Z' };
    expect(versionKey(md)).toEqual({ id: md.id, version: '2017-01-20T00:00:00.000Z' });
  });

  it('marks SCOs as unversioned', () => {
    const sco = { type: 'ipv4-addr', id: 'ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd', value: '198.51.100.3' };
    expect(versionKey(sco)).toEqual({ id: sco.id, version: undefined });
  });

  it('ignores values that are not timestamps, and objects without an id', () => {
    expect(versionOf({ modified: 'yesterday', created: '2016-04-06T20:03:48.000Z' })).toBe('2016-04-06T20:03:48.000Z');
    expect(versionKey({ modified: '2016-04-06T20:03:48.000Z' })).toBeUndefined();
  });
});

describe('compareVersions', () => {
  it('orders by modified, exactly', () => {
    const a = { modified: '2016-04-06T20:03:48.000Z' };
    const b = { modified: '2016-04-06T20:03:48.000001Z' };
    expect(compareVersions(a, b)).toBeLessThan(0);
    expect(compareVersions(b, a)).toBeGreaterThan(0);
    expect(compareVersions(a, { modified: '2016-04-06T20:03:48Z' })).toBe(0);
  });

  it('puts unversioned first and treats two unversioned as equal', () => {
    expect(compareVersions({}, { modified: '2016-04-06T20:03:48.000Z' })).toBeLessThan(0);
    expect(compareVersions({ created: '2016-04-06T20:03:48.000Z' }, {})).toBeGreaterThan(0);
    expect(compareVersions({}, {})).toBe(0);
  });
});

describe('isRevoked', () => {
  it('is true only for revoked: true', () => {
    expect(isRevoked({ revoked: true })).toBe(true);
    expect(isRevoked({ revoked: false })).toBe(false);
    expect(isRevoked({ revoked: 'true' })).toBe(false);
    expect(isRevoked({})).toBe(false);
  });
});
