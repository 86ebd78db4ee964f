import type { Pod } from '@wheelhouse/api';
import { ApiError, type Lister, type ResourceClient, type Served } from '@wheelhouse/client';
import { deepFreeze, type JsonObject } from '@wheelhouse/machinery';
import { FakeClock } from '@wheelhouse/testing';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { WeightedDelayingQueue } from '../queue/delaying-queue.js';
import { mergeStatus } from '../status-writer.js';
import type { CachedPod } from '../types.js';
import { PodStatusManager } from './status-manager.js';

const logger = pino({ level: 'silent' });

/** An API server of one namespace's pods: the cache the kubelet reads, and the status patches it was sent. */
class FakePods {
  readonly cache = new Map<string, CachedPod>();
  readonly sent: JsonObject[] = [];
  /** The whole patches sent (status and metadata). */
  readonly bodies: JsonObject[] = [];
  rv = 10;
  /** The next write's failure, if any. */
  fail: ApiError | undefined;
  /** Resolves the write in flight (writes wait for it when `hold` is set). */
  hold = false;
  private release: (() => void) | undefined;

  put(pod: CachedPod): void {
    this.cache.set(pod.metadata.name, pod);
  }

  get(name: string): CachedPod {
    return this.cache.get(name)!;
  }

  releaseWrite(): void {
    this.release?.();
  }

  readonly lister = { get: (name: string) => this.cache.get(name) } as unknown as Lister<Served<Pod>>;

  readonly client = {
    patchForMetadata: async (name: string, patch: { status: JsonObject }) => {
      this.sent.push(patch.status);
      this.bodies.push(patch);
      if (this.hold) await new Promise<void>((r) => (this.release = r));
      const err = this.fail;
      this.fail = undefined;
      if (err) throw err;
      return { metadata: { name, resourceVersion: String(++this.rv) } };
    },
  } as unknown as ResourceClient<Pod>;

  /** The watch event of the last write: the cache gets the pod with `status` at the write's version. */
  echo(name: string, status: JsonObject): void {
    const pod = this.get(name);
    this.put(
      deepFreeze({ ...pod, metadata: { ...pod.metadata, resourceVersion: String(this.rv) }, status }) as CachedPod,
    );
  }
}

function pod(status: JsonObject = {}): CachedPod {
  return deepFreeze({
    metadata: { name: 'web', namespace: 'default', uid: 'u1', resourceVersion: '10' },
    spec: { nodeName: 'n1', containers: [{ name: 'app', image: 'nginx' }] },
    status,
  }) as CachedPod;
}

function setup(running = () => true) {
  const clock = new FakeClock();
  const queue = new WeightedDelayingQueue({ clock, concurrency: 4, logger });
  const api = new FakePods();
  const rematched: CachedPod[] = [];
  const statuses = new PodStatusManager({
    pods: api.client,
    lister: api.lister,
    queue,
    running,
    logger,
    retryBaseMs: 500,
    rematch: (p) => rematched.push(p),
  });
  /** A stage's status change, taken as the pod host takes it. */
  const change = (p: CachedPod, patch: JsonObject): CachedPod => {
    const merged = mergeStatus(p, 'Pod', patch);
    statuses.record(p, merged.patch, merged.status);
    return statuses.view(api.get('web'));
  };
  return { clock, queue, api, statuses, change, rematched };
}

const PENDING = {
  phase: 'Pending',
  hostIP: '10.0.0.1',
  conditions: [{ type: 'Ready', status: 'False', reason: 'ContainersNotReady' }],
};
const RUNNING = { phase: 'Running', podIP: '10.1.0.2', conditions: [{ type: 'Ready', status: 'True', reason: null }] };

describe("the kubelet's status manager", () => {
  it('shows its own status at once, and writes it when the write comes due', async () => {
    const { queue, api, statuses, change } = setup();
    api.put(pod());
    const seen = change(api.get('web'), PENDING);
    expect(seen.status).toMatchObject({ phase: 'Pending', hostIP: '10.0.0.1' });
    // Events refer to the pod's resourceVersion: the view keeps the cached one, with a version of its own.
    expect(seen.metadata.resourceVersion).toBe('10');
    expect(statuses.version(seen)).not.toBe('10');
    expect(statuses.version(api.get('web'))).toBe('10');
    expect(api.get('web').status).toEqual({});
    await queue.idle();
    expect(api.sent).toEqual([
      {
        phase: 'Pending',
        hostIP: '10.0.0.1',
        conditions: [expect.objectContaining({ type: 'Ready', status: 'False' })],
      },
    ]);
    // The pod's uid goes with the status, as kube's kubelet sends it: a precondition.
    expect(api.bodies[0]!['metadata']).toEqual({ uid: 'u1' });
    // The echo shows the write: the kubelet sees the cached pod itself again.
    api.echo('web', seen.status as JsonObject);
    expect(statuses.view(api.get('web'))).toBe(api.get('web'));
  });

  it('writes a pod that moved on twice before its turn once, with its latest status', async () => {
    const { queue, api, change } = setup();
    api.put(pod());
    const pending = change(api.get('web'), PENDING);
    const running = change(pending, RUNNING);
    expect(running.status).toMatchObject({ phase: 'Running', hostIP: '10.0.0.1', podIP: '10.1.0.2' });
    await queue.idle();
    expect(api.sent).toHaveLength(1);
    expect(api.sent[0]).toMatchObject({ phase: 'Running', hostIP: '10.0.0.1', podIP: '10.1.0.2' });
    expect(api.sent[0]!['conditions']).toEqual([expect.objectContaining({ type: 'Ready', status: 'True' })]);
  });

  it('sends a change made while a write is in flight in a second write', async () => {
    const { queue, api, change } = setup();
    api.put(pod());
    api.hold = true;
    const pending = change(api.get('web'), PENDING);
    await Promise.resolve();
    await Promise.resolve();
    expect(api.sent).toHaveLength(1);
    change(pending, RUNNING);
    api.hold = false;
    api.releaseWrite();
    await queue.idle();
    expect(api.sent).toHaveLength(2);
    expect(api.sent[1]).toMatchObject({ phase: 'Running', podIP: '10.1.0.2' });
  });

  it("looks again at a pod whose cache moved past its write before the answer came (another writer's Ready False)", async () => {
    const { queue, api, statuses, change, rematched } = setup();
    api.put(pod());
    api.hold = true;
    change(api.get('web'), RUNNING);
    await Promise.resolve();
    await Promise.resolve();
    expect(api.sent).toHaveLength(1);
    // The watch is ahead of the answer: the write's version (11), then the node lifecycle
    // controller's Ready False on top of it (12).
    const marked = { ...RUNNING, conditions: [{ type: 'Ready', status: 'False' }] };
    api.put(deepFreeze({ ...pod(marked), metadata: { ...pod().metadata, resourceVersion: '12' } }) as CachedPod);
    // Until the answer the kubelet's view still lays its change over it: Ready True.
    expect(statuses.view(api.get('web')).status?.conditions?.[0]?.status).toBe('True');
    api.hold = false;
    api.releaseWrite();
    await queue.idle();
    // Once answered (at 11), the cache's Ready False is the pod's latest: it is matched again.
    expect(rematched.map((p) => p.metadata.resourceVersion)).toEqual(['12']);
    expect(statuses.view(api.get('web'))).toBe(api.get('web'));
  });

  it('does not look again when the answer comes before the write shows in the cache', async () => {
    const { queue, api, change, rematched } = setup();
    api.put(pod());
    change(api.get('web'), RUNNING);
    await queue.idle();
    expect(api.sent).toHaveLength(1);
    expect(rematched).toEqual([]);
  });

  it("patches only what it changed: another writer's condition stays", async () => {
    const { queue, api, change } = setup();
    const gate = { type: 'example.com/gate', status: 'True' };
    api.put(pod({ phase: 'Pending', conditions: [{ type: 'Ready', status: 'False' }, gate] }));
    const seen = change(api.get('web'), RUNNING);
    expect(seen.status?.conditions).toEqual([expect.objectContaining({ type: 'Ready', status: 'True' }), gate]);
    await queue.idle();
    expect(api.sent[0]!['conditions']).toEqual([expect.objectContaining({ type: 'Ready', status: 'True' })]);
  });

  it("keeps a failed node's writes until the node is back", async () => {
    let up = false;
    const { queue, api, statuses, change } = setup(() => up);
    api.put(pod());
    change(api.get('web'), PENDING);
    await queue.idle();
    expect(api.sent).toEqual([]);
    expect(statuses.view(api.get('web')).status?.phase).toBe('Pending');
    up = true;
    statuses.resume('default/web');
    await queue.idle();
    expect(api.sent).toHaveLength(1);
  });

  it('retries a failed write with backoff, and forgets a pod that is gone', async () => {
    const { clock, queue, api, statuses, change } = setup();
    api.put(pod());
    api.fail = new ApiError({ reason: 'InternalError', message: 'etcd unavailable' }, 500);
    change(api.get('web'), PENDING);
    await queue.idle();
    expect(api.sent).toHaveLength(1);
    await clock.advance(500);
    await queue.idle();
    expect(api.sent).toHaveLength(2);

    api.fail = new ApiError({ reason: 'NotFound', message: 'pods "web" not found' }, 404);
    change(api.get('web'), RUNNING);
    await queue.idle();
    expect(api.sent).toHaveLength(3);
    expect(statuses.view(api.get('web'))).toBe(api.get('web'));
    await clock.advance(30_000);
    await queue.idle();
    expect(api.sent).toHaveLength(3);
  });

  it('flushes before a deletion: the status is written first', async () => {
    const { api, statuses, change } = setup();
    api.put(pod());
    change(api.get('web'), PENDING);
    await statuses.flush('default/web');
    expect(api.sent).toHaveLength(1);
  });

  it('drops the changes of a pod replaced by one of the same name', async () => {
    const { queue, api, statuses, change } = setup();
    api.put(pod());
    change(api.get('web'), PENDING);
    const replaced = deepFreeze({
      ...pod(),
      metadata: { ...pod().metadata, uid: 'u2', resourceVersion: '20' },
    }) as CachedPod;
    api.put(replaced);
    expect(statuses.view(replaced)).toBe(replaced);
    await queue.idle();
    expect(api.sent).toEqual([]);
  });
});
