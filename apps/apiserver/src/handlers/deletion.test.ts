/**
 * deleteOne decides on the watch cache's copy of the object, so a delete costs the store one
 * write; a stale copy is read again from the store before anything is refused or written.
 */
import type { ApiObject } from '@wheelhouse/api';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { KindHooks } from '../registry/hooks.js';
import { coreDef } from '../registry/registry.js';
import { refusal } from '../api-error.test-support.js';
import { RecordingKv } from '../storage/recording-kv.test-support.js';
import { ObjectStorage } from '../storage/storage.js';
import type { WatchCache } from '../watch/watch-cache.js';
import type { HandlerContext } from './context.js';
import { deleteOne } from './deletion.js';

const CM = coreDef('configmaps');
const KEY = '/registry/configmaps/default/c';
const NOW = Date.parse('2026-12-06T12:00:00Z');

function configMap(uid: string): ApiObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'default', uid }, data: { a: 'b' } };
}

/** A handler context over `kv` whose watch cache holds what `cached()` says; counts store reads and admissions. */
function context(kv: RecordingKv, cached: () => ApiObject | undefined, hooks: KindHooks = {}) {
  const counts = { reads: 0, admitted: [] as string[] };
  const range = kv.range.bind(kv);
  kv.range = (o) => {
    counts.reads++;
    return range(o);
  };
  const ctx: HandlerContext = {
    storage: new ObjectStorage(kv, { latest: () => cached() }),
    cache: {} as WatchCache,
    now: () => NOW,
    admit: (_def, obj) => {
      counts.admitted.push(obj.metadata.uid ?? '');
      return Promise.resolve();
    },
    hooks: () => hooks,
    log: pino({ level: 'silent' }),
  };
  return { ctx, counts };
}

async function stored(kv: RecordingKv, uid: string): Promise<ApiObject> {
  return new ObjectStorage(kv).create(CM, configMap(uid));
}

describe('deleteOne', () => {
  it('deletes from a current cached copy without reading the store', async () => {
    const kv = new RecordingKv();
    const obj = Object.freeze(await stored(kv, 'u1'));
    const { ctx, counts } = context(kv, () => obj);
    const out = await deleteOne(ctx, CM, 'default', 'c', { preconditions: { uid: 'u1' } }, false);
    expect(out.metadata.uid).toBe('u1');
    expect(kv.data.has(KEY)).toBe(false);
    expect(counts.reads).toBe(0);
  });

  it('marks an object with a grace period from the cached copy, with one write', async () => {
    const kv = new RecordingKv();
    const obj = Object.freeze(await stored(kv, 'u1'));
    const { ctx, counts } = context(kv, () => obj, { gracePeriodSeconds: () => 30 });
    const out = await deleteOne(ctx, CM, 'default', 'c', {}, false);
    expect(out.metadata.deletionTimestamp).toBe('2026-12-06T12:00:30Z');
    expect(out.metadata.deletionGracePeriodSeconds).toBe(30);
    expect(counts.reads).toBe(0);
    expect(kv.writes.map((w) => w.ok)).toEqual([true, true]);
  });

  it('with a stale cached copy: a uid precondition is decided on the store, and the new object is deleted', async () => {
    const kv = new RecordingKv();
    const old = Object.freeze(await stored(kv, 'u1'));
    kv.data.delete(KEY);
    await stored(kv, 'u2');
    const { ctx, counts } = context(kv, () => old);
    const out = await deleteOne(ctx, CM, 'default', 'c', { preconditions: { uid: 'u2' } }, false);
    expect(out.metadata.uid).toBe('u2');
    expect(kv.data.has(KEY)).toBe(false);
    expect(counts.reads).toBe(1);
    expect(counts.admitted).toEqual(['u2']);
  });

  it("with a stale cached copy: the old object's uid is refused with the store's uid in the message", async () => {
    const kv = new RecordingKv();
    const old = Object.freeze(await stored(kv, 'u1'));
    kv.data.delete(KEY);
    await stored(kv, 'u2');
    const { ctx } = context(kv, () => old);
    const err = await refusal(deleteOne(ctx, CM, 'default', 'c', { preconditions: { uid: 'u1' } }, false));
    expect(err.code).toBe(409);
    expect(err.message).toContain('UID in precondition: u1, UID in object meta: u2');
    expect(kv.data.has(KEY)).toBe(true);
  });

  it('with a stale cached resourceVersion: the failed compare is read again and the delete goes through', async () => {
    const kv = new RecordingKv();
    const old = Object.freeze(await stored(kv, 'u1'));
    await new ObjectStorage(kv).update(CM, 'default', 'c', (c) => ({ ...c, data: { a: 'changed' } }));
    const { ctx, counts } = context(kv, () => old);
    const out = await deleteOne(ctx, CM, 'default', 'c', {}, false);
    expect(out.data).toEqual({ a: 'changed' });
    expect(kv.data.has(KEY)).toBe(false);
    expect(counts.reads).toBe(1);
  });

  it('an object the cache still holds but the store no longer has is NotFound', async () => {
    const kv = new RecordingKv();
    const old = Object.freeze(await stored(kv, 'u1'));
    kv.data.delete(KEY);
    const { ctx } = context(kv, () => old);
    expect((await refusal(deleteOne(ctx, CM, 'default', 'c', {}, false))).code).toBe(404);
  });
});
