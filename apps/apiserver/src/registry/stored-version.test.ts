/**
 * Two definitions of one resource, one served from the other's stored form (storedAs): on a
 * real etcd, objects are stored once, in the stored version, and read, listed and watched
 * in whichever version a request names.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { startRealEtcd, type EtcdServer } from '@wheelhouse/testing';
import type { ApiObject, KubeObject } from '@wheelhouse/api';
import { EtcdKv } from '../storage/etcd-kv.js';
import { ObjectStorage, storageKey } from '../storage/storage.js';
import { WatchCache, type CacheEvent } from '../watch/watch-cache.js';
import { adaptDefinition, coreDef } from './registry.js';
import { LiveRegistry } from './live-registry.js';

// configmaps v2: `payload` is v1's `data`.
const v1 = coreDef('configmaps');
const v2 = adaptDefinition({
  ...v1.api,
  version: 'v2',
  storedAs: {
    version: 'v1',
    toStorage: ({ payload, ...o }: KubeObject) => ({ ...o, apiVersion: 'v1', data: payload }),
    fromStorage: ({ data, ...o }: KubeObject) => ({ ...o, apiVersion: 'v2', payload: data }),
  },
});

let etcd: EtcdServer;
let kv: EtcdKv;
let cache: WatchCache;
const storage = (): ObjectStorage => new ObjectStorage(kv);

beforeAll(async () => {
  etcd = await startRealEtcd();
  kv = new EtcdKv([etcd.endpoint]);
  cache = new WatchCache(kv, [v1], { log: pino({ level: 'silent' }) });
  await cache.start();
});

afterAll(async () => {
  cache?.stop();
  kv?.close();
  await etcd?.stop();
});

const obj = (name: string): ApiObject =>
  ({ apiVersion: 'v2', kind: 'ConfigMap', metadata: { name, namespace: 'default' }, payload: { k: 'v' } }) as ApiObject;

describe('a definition served from another version (storedAs)', () => {
  it('stores in the stored version and reads in either', async () => {
    const created = await storage().create(v2, obj('a'));
    expect(created).toMatchObject({ apiVersion: 'v2', payload: { k: 'v' } });
    const raw = JSON.parse((await kv.range({ key: storageKey(v1, 'default', 'a') })).kvs[0]!.value.toString());
    expect(raw).toMatchObject({ apiVersion: 'v1', data: { k: 'v' } });
    expect(raw.payload).toBeUndefined();
    expect(await storage().get(v1, 'default', 'a')).toMatchObject({ apiVersion: 'v1', data: { k: 'v' } });
    const updated = await storage().update(v2, 'default', 'a', (cur) => ({ ...cur, payload: { k: 'w' } }));
    expect(updated).toMatchObject({ apiVersion: 'v2', payload: { k: 'w' } });
    expect(await storage().get(v1, 'default', 'a')).toMatchObject({ data: { k: 'w' } });
  });

  it('shares one watch cache state, converted per request', async () => {
    await cache.waitFor(await storage().currentRevision(), 3000);
    expect(cache.snapshot(v2).items.map((i) => i.obj)).toMatchObject([{ apiVersion: 'v2', payload: { k: 'w' } }]);
    const seen: CacheEvent[] = [];
    const sub = cache.subscribe(
      v2,
      cache.revision,
      (e) => seen.push(e),
      () => undefined,
    );
    await storage().update(v1, 'default', 'a', (cur) => ({ ...cur, data: { k: 'x' } }));
    await cache.waitFor(await storage().currentRevision(), 3000);
    sub.cancel();
    expect(seen.map((e) => [e.type, JSON.parse(e.line().toString()).object.payload])).toEqual([
      ['MODIFIED', { k: 'x' }],
    ]);
    expect(cache.get(v2, storageKey(v2, 'default', 'a'))).toMatchObject({ apiVersion: 'v2', payload: { k: 'x' } });
  });

  it('is served by a live registry next to the stored version; a taken group/version/plural is refused', () => {
    const registry = new LiveRegistry();
    const before = registry.generation;
    registry.set('test', [v2]);
    expect(registry.generation).not.toBe(before);
    expect(registry.find('', 'v2', 'configmaps')).toBe(v2);
    expect(
      registry
        .groups()
        .find((g) => g.name === '')!
        .versions.map((v) => v.version),
    ).toEqual(['v2', 'v1']);
    expect(() => registry.set('other', [v2])).toThrow('is already served');
    registry.remove('test');
    expect(registry.find('', 'v2', 'configmaps')).toBeUndefined();
  });
});
