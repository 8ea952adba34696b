import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccordError } from '../store/index.js';
import { rejectedWith } from '../../test/support/thrown.js';
import { tempSqliteStore, type TempStore } from '../../test/support/store.js';
import { collectionAccess, CollectionsService, DEFAULT_COLLECTION_META, ensureDefaultCollection, type PermissionCheck, type TaxiiAudit } from './collections.service.js';
import type { TaxiiRequester } from './read-filter.js';

const ROLES = ['admin', 'analyst', 'liaison', 'observer'];
const GRANTS: Record<string, readonly string[]> = { analyst: ['objects:read', 'objects:write'], liaison: ['objects:read'], observer: ['objects:read'], admin: ['audit:read'] };
const can: PermissionCheck = (roles, p) => roles.some((r) => GRANTS[r]?.includes(p) ?? false);
const who = (username: string, roles: string[]): TaxiiRequester => ({ kind: 'local', userId: `id-${username}`, username, roles, actor: `user:${username}` });

class RecordingAudit implements TaxiiAudit {
  readonly events: { actor: string; action: string; target?: string; details?: Readonly<Record<string, unknown>> }[] = [];
  record(e: { actor: string; action: string; target?: string; details?: Readonly<Record<string, unknown>> }): Promise<void> {
    this.events.push(e);
    return Promise.resolve();
  }
}

describe('TAXII collections', () => {
  let t: TempStore;
  let audit: RecordingAudit;
  let service: CollectionsService;
  beforeEach(async () => {
    t = await tempSqliteStore();
    audit = new RecordingAudit();
    service = new CollectionsService(t.store, audit, ROLES);
  });
  afterEach(() => t.dispose());

  it('creates the default collection once; a removed default stays removed', async () => {
    const created = await ensureDefaultCollection(t.store);
    expect(created).toMatchObject({ scope: 'all', alias: 'default', readers: ['role:analyst', 'role:liaison', 'role:observer'], writers: ['role:analyst'] });
    expect(await t.store.meta.get(DEFAULT_COLLECTION_META)).toBe(created?.id);
    expect(await ensureDefaultCollection(t.store)).toBeUndefined();
    await service.remove('default', 'cli:test');
    expect(await ensureDefaultCollection(t.store)).toBeUndefined();
    expect(await t.store.collections.list()).toEqual([]);
  });

  it('gives a node that already uses the alias a default collection without it', async () => {
    await service.create({ title: 'Mine', alias: 'default' }, 'cli:test');
    expect((await ensureDefaultCollection(t.store))?.alias).toBeNull();
  });

  it('computes can_read and can_write from roles, user entries and permissions', async () => {
    const c = await service.create({ title: 'Partner feed', readers: ['role:observer', 'user:omar'], writers: ['user:omar', 'role:liaison'] }, 'cli:test');
    expect(collectionAccess(c, who('olga', ['observer']), can)).toEqual({ canRead: true, canWrite: false });
    expect(collectionAccess(c, who('omar', ['analyst']), can)).toEqual({ canRead: true, canWrite: true });
    // A writer entry gives nothing without objects:write; a reader entry nothing without objects:read.
    expect(collectionAccess(c, who('lia', ['liaison']), can)).toEqual({ canRead: false, canWrite: false });
    expect(collectionAccess(c, who('omar', ['admin']), can)).toEqual({ canRead: false, canWrite: false });
  });

  it('checks every setting and records every change in the audit log', async () => {
    const bad = async (p: Promise<unknown>, message: RegExp): Promise<void> => {
      const e = await rejectedWith(p, AccordError);
      expect(e.code).toBe('taxii.bad-collection');
      expect(e.message).toMatch(message);
    };
    await bad(service.create({ title: ' ' }, 'x'), /title/);
    await bad(service.create({ title: 'x', id: 'not-a-uuid' }, 'x'), /UUIDv4/);
    await bad(service.create({ title: 'x', alias: '4f9e6a02-7c1d-4b8e-9a3f-2d5c8e1b7a60' }, 'x'), /UUID/);
    await bad(service.create({ title: 'x', alias: 'Has Space' }, 'x'), /alias/);
    await bad(service.create({ title: 'x', readers: ['role:root'] }, 'x'), /role:<admin\|analyst\|liaison\|observer>/);
    await bad(service.create({ title: 'x', writers: ['everyone'] }, 'x'), /writers/);
    await bad(service.create({ title: 'x', mediaTypes: ['application/pdf'] }, 'x'), /cannot be stored/);
    expect(audit.events).toEqual([]);

    const c = await service.create({ title: 'Feed', id: '4f9e6a02-7c1d-4b8e-9a3f-2d5c8e1b7a60', alias: 'feed', readers: ['role:analyst'] }, 'user:admin');
    expect(c).toMatchObject({ scope: 'members', mediaTypes: ['application/stix+json;version=2.1'], writers: [] });
    const u = await service.update('feed', { title: 'Feed (CERT-X)', description: 'from CERT-X', alias: null, writers: ['role:analyst'] }, 'user:admin');
    expect(u).toMatchObject({ title: 'Feed (CERT-X)', description: 'from CERT-X', alias: null, writers: ['role:analyst'] });
    expect(await service.update(c.id, {}, 'user:admin')).toEqual(u);
    await service.remove(c.id, 'user:admin');
    expect((await rejectedWith(service.remove(c.id, 'user:admin'), AccordError)).code).toBe('taxii.no-such-collection');
    expect(audit.events.map((e) => [e.action, e.actor, e.target])).toEqual([
      ['collection.created', 'user:admin', `collection:${c.id}`],
      ['collection.changed', 'user:admin', `collection:${c.id}`],
      ['collection.removed', 'user:admin', `collection:${c.id}`],
    ]);
    expect(audit.events[1]?.details?.changed).toEqual(['title', 'description', 'alias', 'writers']);
  });
});
