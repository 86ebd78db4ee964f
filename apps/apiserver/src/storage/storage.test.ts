/** ObjectStorage over a small in-memory KvStore that records every write it is sent. */
import { describe, expect, it } from 'vitest';
import { ApiError } from '../errors.js';
import type { ApiObject } from '@wheelhouse/api';
import { coreDef } from '../registry/registry.js';
import { refusal } from '../api-error.test-support.js';
import { RecordingKv } from './recording-kv.test-support.js';
import { ObjectStorage } from './storage.js';

const CM = coreDef('configmaps');
const KEY = '/registry/configmaps/default/c';

function configMap(data: Record<string, unknown>): ApiObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'default' }, data };
}

describe('objects too large for the store', () => {
  it('are refused with 413 before anything is sent, however they repeat one large string', async () => {
    const kv = new RecordingKv();
    const storage = new ObjectStorage(kv);
    const mb = 'x'.repeat(1_000_000);
    const repeated = Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`k${i}`, mb]));
    const err = await refusal(storage.create(CM, configMap(repeated)));
    expect(err.toStatus()).toMatchObject({
      code: 413,
      reason: 'RequestEntityTooLarge',
      message: 'Request entity too large: limit is 3145728',
    });
    expect((await refusal(storage.create(CM, configMap({ a: 'y'.repeat(1_600_000) })))).code).toBe(413);
    expect(kv.writes).toEqual([]);
    await storage.create(CM, configMap({ a: 'y'.repeat(1_400_000) }));
    expect(kv.writes).toEqual([{ key: KEY, bytes: expect.any(Number), ok: true }]);
  });

  it('an update whose result is too large is refused without a write; a store limit below ours also gives 413', async () => {
    const kv = new RecordingKv();
    const storage = new ObjectStorage(kv);
    await storage.create(CM, configMap({ a: '1' }));
    const grow = (c: ApiObject): ApiObject => ({ ...c, data: { a: 'z'.repeat(2_000_000) } });
    expect((await refusal(storage.update(CM, 'default', 'c', grow))).code).toBe(413);
    expect(kv.writes).toHaveLength(1);
    kv.refuseAsTooLarge = true;
    const small = (c: ApiObject): ApiObject => ({ ...c, data: { a: '2' } });
    expect((await refusal(storage.update(CM, 'default', 'c', small))).toStatus().code).toBe(413);
  });
});

describe('GuaranteedUpdate', () => {
  it('re-runs the update on the newer object after a conflict with another writer', async () => {
    const kv = new RecordingKv();
    const storage = new ObjectStorage(kv);
    await storage.create(CM, configMap({ n: 0 }));
    let outside = 2;
    kv.beforeUpdate = (key) => {
      // Another process writes first, twice.
      if (outside-- > 0) kv.put(key, Buffer.from(JSON.stringify(configMap({ n: 100 + outside }))));
    };
    const seen: unknown[] = [];
    const out = await storage.update(CM, 'default', 'c', (c) => {
      seen.push((c.data as { n: number }).n);
      return { ...c, data: { n: (c.data as { n: number }).n + 1 } };
    });
    expect(seen).toEqual([0, 101, 100]);
    expect(out.data).toEqual({ n: 101 });
    expect(kv.writes.map((w) => w.ok)).toEqual([true, false, false, true]);
  });

  it('queues concurrent updates of one object: each is written once, none conflicts', async () => {
    const kv = new RecordingKv();
    const storage = new ObjectStorage(kv);
    await storage.create(CM, configMap({}));
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        storage.update(CM, 'default', 'c', (c) => ({ ...c, data: { ...(c.data as object), [`k${i}`]: 'v' } })),
      ),
    );
    expect(kv.writes.filter((w) => !w.ok)).toEqual([]);
    expect(kv.writes).toHaveLength(51);
    expect(Object.keys(JSON.parse(kv.data.get(KEY)!.value.toString()).data)).toHaveLength(50);
  });

  describe("starting from the watch cache's object (kube's Cacher.GuaranteedUpdate)", () => {
    /** A storage whose cache holds what `cached()` says and that counts the store reads. */
    function cachedStorage(
      kv: RecordingKv,
      cached: () => ApiObject | undefined,
    ): { storage: ObjectStorage; reads: () => number } {
      let reads = 0;
      const range = kv.range.bind(kv);
      kv.range = (o) => {
        reads++;
        return range(o);
      };
      return { storage: new ObjectStorage(kv, { latest: () => cached() }), reads: () => reads };
    }

    it('writes without reading the store when the cached object is current', async () => {
      const kv = new RecordingKv();
      const created = await new ObjectStorage(kv).create(CM, configMap({ n: 1 }));
      const { storage, reads } = cachedStorage(kv, () => Object.freeze(created));
      const out = await storage.update(CM, 'default', 'c', (c) => ({ ...c, data: { n: 2 } }));
      expect(out.data).toEqual({ n: 2 });
      expect(reads()).toBe(0);
      expect(kv.writes.map((w) => w.ok)).toEqual([true, true]);
    });

    it('with a stale cached object: the failed compare hands over the current one; a refusal or no-op is decided on the store', async () => {
      const kv = new RecordingKv();
      const stale = await new ObjectStorage(kv).create(CM, configMap({ n: 1 }));
      kv.put(KEY, Buffer.from(JSON.stringify(configMap({ n: 5 }))));
      const { storage, reads } = cachedStorage(kv, () => stale);

      const seen: unknown[] = [];
      const out = await storage.update(CM, 'default', 'c', (c) => {
        seen.push((c.data as { n: number }).n);
        return { ...c, data: { n: (c.data as { n: number }).n + 1 } };
      });
      expect(seen).toEqual([1, 5]);
      expect(out.data).toEqual({ n: 6 });

      // A precondition that fails on the stale object but holds on the store's passes.
      const rvNow = kv.data.get(KEY)!.modRevision;
      const checked = await storage.update(CM, 'default', 'c', (c) => {
        if (c.metadata.resourceVersion !== String(rvNow)) throw new ApiError('Conflict', 'stale');
        return { ...c, data: { n: 7 } };
      });
      expect(checked.data).toEqual({ n: 7 });

      // A change that is a no-op on the stale object is made on the store's.
      const noop = await storage.update(CM, 'default', 'c', (c) => ({ ...c, data: { n: 1 } }));
      expect(noop.data).toEqual({ n: 1 });
      expect(JSON.parse(kv.data.get(KEY)!.value.toString()).data).toEqual({ n: 1 });
      expect(reads()).toBe(2);
    });
  });
});
