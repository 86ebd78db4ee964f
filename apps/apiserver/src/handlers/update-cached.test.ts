/**
 * PUT and PATCH start from the watch cache's copy of the object, frozen and handed to the
 * update as it is (no copy): nothing in the update path may change it, and a stale one costs a
 * failed compare, after which the update runs again on the store's object (a PUT on its body
 * decoded again).
 */
import type { ApiObject } from '@wheelhouse/api';
import { deepFreeze } from '@wheelhouse/machinery';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { coreDef } from '../registry/registry.js';
import { RecordingKv } from '../storage/recording-kv.test-support.js';
import { ObjectStorage } from '../storage/storage.js';
import type { WatchCache } from '../watch/watch-cache.js';
import type { HandlerContext } from './context.js';
import { patchObject, updateObject } from './crud.js';
import type { ObjectRequest } from './object-request.js';

const PODS = coreDef('pods');
const NOW = Date.parse('2026-12-07T12:00:00Z');

const pod = (): ApiObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', namespace: 'default', labels: { app: 'web' } },
  spec: { nodeName: 'n1', containers: [{ name: 'c', image: 'nginx' }] },
  status: { phase: 'Pending' },
});

/** A handler context whose watch cache answers `cached()`, deep-frozen as the real one's objects are. */
function context(kv: RecordingKv, cached: () => ApiObject): HandlerContext {
  return {
    storage: new ObjectStorage(kv, { latest: () => deepFreeze(structuredClone(cached())) as ApiObject }),
    cache: {} as WatchCache,
    now: () => NOW,
    admit: () => Promise.resolve(),
    hooks: () => ({}),
    log: pino({ level: 'silent' }),
  };
}

const request = (subresource: string | undefined, body: unknown, contentType: string): ObjectRequest => ({
  target: { def: PODS, namespace: 'default', name: 'p', subresource, watchPrefix: false },
  query: {},
  body: Buffer.from(JSON.stringify(body)),
  contentType,
});

/** The pod stored, then changed in the store behind the (now stale) cached copy. */
async function storedTwice(kv: RecordingKv): Promise<{ stale: ApiObject; current: ApiObject }> {
  const storage = new ObjectStorage(kv);
  const stale = await storage.create(PODS, pod());
  const current = await storage.update(PODS, 'default', 'p', (p) => ({
    ...p,
    metadata: { ...p.metadata, labels: { app: 'api' } },
  }));
  return { stale, current };
}

describe('updates from the watch cache copy', () => {
  it('a status PATCH on a current, frozen cached copy writes once and leaves the copy as it was', async () => {
    const kv = new RecordingKv();
    const created = await new ObjectStorage(kv).create(PODS, pod());
    const ctx = context(kv, () => created);
    const reply = await patchObject(
      ctx,
      request('status', { status: { phase: 'Running', podIP: '10.0.0.5' } }, 'application/strategic-merge-patch+json'),
    );
    const out = reply.body as ApiObject;
    expect(out.status).toEqual({ phase: 'Running', podIP: '10.0.0.5' });
    expect(out.spec).toEqual(created.spec);
    expect(kv.writes.filter((w) => w.ok)).toHaveLength(2);
  });

  it("a PUT on a stale cached copy is decided again on the store's object, from its body decoded again", async () => {
    const kv = new RecordingKv();
    const { stale, current } = await storedTwice(kv);
    const ctx = context(kv, () => stale);
    // No resourceVersion: an unconditional status update (allowed for pods) of whatever is stored.
    const body = { ...pod(), metadata: { name: 'p', namespace: 'default' }, status: { phase: 'Running' } };
    const reply = await updateObject(ctx, request('status', body, 'application/json'));
    const out = reply.body as ApiObject;
    expect(out.status).toEqual({ phase: 'Running' });
    expect(out.metadata.uid).toBe(current.metadata.uid);
    expect(Number(out.metadata.resourceVersion)).toBeGreaterThan(Number(current.metadata.resourceVersion));
    expect(kv.writes.map((w) => w.ok)).toEqual([true, true, false, true]);
  });

  it("a status PATCH on a stale cached copy is applied again to the store's object", async () => {
    const kv = new RecordingKv();
    const { stale } = await storedTwice(kv);
    const ctx = context(kv, () => stale);
    const reply = await patchObject(
      ctx,
      request('status', { status: { phase: 'Running' } }, 'application/merge-patch+json'),
    );
    const out = reply.body as ApiObject;
    expect(out.status).toEqual({ phase: 'Running' });
    // The labels the stale copy lacked: the patch applied to the store's object.
    expect(out.metadata.labels).toEqual({ app: 'api' });
    expect(kv.writes.map((w) => w.ok)).toEqual([true, true, false, true]);
  });
});
