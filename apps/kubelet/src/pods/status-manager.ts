import type { Pod } from '@wheelhouse/api';
import {
  isNotFound,
  ItemExponentialRateLimiter,
  objectKey,
  type Lister,
  type ResourceClient,
  type Served,
} from '@wheelhouse/client';
import {
  deepFreeze,
  defaultPatchStrategies,
  strategicMergeDiff,
  strategicMergePatch,
  type JsonObject,
} from '@wheelhouse/machinery';
import type { Logger } from 'pino';
import { PRIORITY, type WeightedDelayingQueue } from '../queue/delaying-queue.js';
import { sendStatus } from '../status-writer.js';
import type { CachedPod } from '../types.js';

const POD_STRATEGIES = defaultPatchStrategies('Pod');

/** One status change a stage made: its patch, and the resourceVersion of the write that carried it. */
interface Change {
  readonly patch: JsonObject;
  written?: string;
}

/** The kubelet's own status of one pod: the changes the pod cache does not show yet. */
interface LocalStatus {
  readonly uid: string;
  /** Oldest first; a change leaves once the cache shows a version at least as new as its write. */
  changes: Change[];
  /** Moves with every change: part of the view's {@link PodStatusManager.version}. */
  seq: number;
  /** The last view made, for the cached version it was made from. */
  view?: { readonly serverRv: string; readonly seq: number; readonly pod: CachedPod };
}

/** Options of a {@link PodStatusManager}. */
export interface PodStatusManagerOptions {
  pods: ResourceClient<Pod>;
  /** The process's pod cache (what the API server last sent). */
  lister: Lister<Served<Pod>>;
  /** The queue the writes take their turn in (after the stage transitions that are due). */
  queue: WeightedDelayingQueue;
  /** Whether the node's kubelet is running: a failed node's pods are written once it is back ({@link resume}). */
  running(node: string): boolean;
  logger: Logger;
  /** Retry delay after a failed write: doubling from this to 30 s (default 500 ms). */
  retryBaseMs?: number;
  /**
   * Matches a pod against the stages again. Called when a write's answer comes after the pod
   * cache already showed a later version of the pod (another writer's, e.g. the node lifecycle
   * controller's Ready False): until the answer, the kubelet's views laid the written change
   * over that version and hid it, so what it saw then is looked at again.
   */
  rematch?(pod: CachedPod): void;
}

/**
 * The kubelet's status manager (pkg/kubelet/status): a stage's status change takes effect in
 * the kubelet at once, and the API server is sent the pod's latest status when the write's
 * turn comes. The kubelet goes on from its own status: the next stage is matched against
 * the pod as the kubelet sees it ({@link view}: the cached pod with the changes not yet in
 * the cache), not against what the API server has acknowledged. So when writes fall behind,
 * as the real kubelet's do under load, a pod that moved on twice before its turn is written
 * once, with its latest status (a strategic merge patch from the cached status, which leaves
 * other writers' conditions alone). One write per pod at a time; a failed write is retried
 * with backoff, and a pod that is gone is dropped.
 */
export class PodStatusManager {
  private readonly local = new Map<string, LocalStatus>();
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly failures: ItemExponentialRateLimiter<string>;
  /** The views made, with their versions: viewing one again views the pod cache's current pod. */
  private readonly views = new WeakMap<CachedPod, string>();
  private seq = 0;

  /** A manager writing through `options.pods`; nothing is written before a change is {@link record}ed. */
  constructor(private readonly o: PodStatusManagerOptions) {
    this.failures = new ItemExponentialRateLimiter(o.retryBaseMs ?? 500, 30_000);
  }

  /**
   * The pod as the kubelet sees it: `cached` (from the pod cache) with the status changes
   * the cache does not show yet (its resourceVersion stays the cached one: Events refer to
   * it; {@link version} tells views apart); `cached` itself when there are none.
   */
  view(cached: CachedPod): CachedPod {
    const key = objectKey(cached);
    if (this.views.has(cached)) {
      const current = this.cached(key);
      return current ? this.view(current) : cached;
    }
    const local = this.local.get(key);
    if (!local) return cached;
    if (local.uid !== cached.metadata.uid) {
      this.forget(key);
      return cached;
    }
    const rv = cached.metadata.resourceVersion ?? '';
    local.changes = local.changes.filter((c) => c.written === undefined || !atLeast(rv, c.written));
    if (local.changes.length === 0) {
      if (!this.inFlight.has(key)) this.local.delete(key);
      return cached;
    }
    if (local.view?.serverRv === rv && local.view.seq === local.seq) return local.view.pod;
    let status = asJson(cached.status);
    for (const c of local.changes) status = mergedStatus(status, c.patch);
    return this.remember(local, cached, status);
  }

  /** The version of a pod as the kubelet sees it: a view's own, else the pod's resourceVersion. */
  version(pod: CachedPod): string {
    return this.views.get(pod) ?? pod.metadata.resourceVersion ?? '';
  }

  /**
   * Takes a stage's status change of `pod` (as {@link view} showed it): `patch` as sent to
   * the status subresource, `status` the pod's status with it. Returns the {@link version}
   * the view has from now on, and queues the write.
   */
  record(pod: CachedPod, patch: JsonObject, status: JsonObject): string {
    const key = objectKey(pod);
    let local = this.local.get(key);
    if (!local || local.uid !== pod.metadata.uid)
      this.local.set(key, (local = { uid: pod.metadata.uid, changes: [], seq: 0 }));
    local.changes.push({ patch });
    local.seq = ++this.seq;
    const cached = this.cached(key);
    if (cached && cached.metadata.uid === local.uid) this.remember(local, cached, status);
    else local.view = undefined;
    this.schedule(key);
    return localVersion(cached?.metadata.resourceVersion ?? '', local.seq);
  }

  /** Writes the pod's status now if a change is not written yet (before the kubelet deletes the pod). */
  flush(key: string): Promise<void> {
    return this.unwritten(key) ? this.write(key) : (this.inFlight.get(key) ?? Promise.resolve());
  }

  /** Queues the write of a pod whose node is back (its writes waited). */
  resume(key: string): void {
    if (this.unwritten(key)) this.schedule(key);
  }

  /** Forgets a pod that is gone: its changes are not written. */
  forget(key: string): void {
    this.local.delete(key);
    this.o.queue.cancel(queueKey(key));
    this.failures.forget(key);
  }

  /** Whether a change of the pod is not written yet. */
  private unwritten(key: string): boolean {
    return this.local.get(key)?.changes.some((c) => c.written === undefined) ?? false;
  }

  private remember(local: LocalStatus, cached: CachedPod, status: JsonObject): CachedPod {
    const serverRv = cached.metadata.resourceVersion ?? '';
    const pod = deepFreeze({ ...cached, status }) as CachedPod;
    local.view = { serverRv, seq: local.seq, pod };
    this.views.set(pod, localVersion(serverRv, local.seq));
    return pod;
  }

  private cached(key: string): CachedPod | undefined {
    const slash = key.indexOf('/');
    return this.o.lister.get(key.slice(slash + 1), key.slice(0, slash));
  }

  private schedule(key: string, delayMs = 0, priority: number = PRIORITY.status): void {
    // A write already waiting sends the latest status when its turn comes: it keeps its place.
    if (delayMs === 0 && this.o.queue.has(queueKey(key))) return;
    this.o.queue.schedule(queueKey(key), delayMs, priority, () => this.write(key));
  }

  /** Sends the pod's unwritten changes, after any write of the pod still in flight (one at a time). */
  private write(key: string): Promise<void> {
    const before = this.inFlight.get(key);
    const running = (before ? before.then(() => this.send(key)) : this.send(key)).finally(() => {
      if (this.inFlight.get(key) === running) this.inFlight.delete(key);
    });
    this.inFlight.set(key, running);
    return running;
  }

  /** Calls `rematch` when the pod cache shows a version later than the write at `rv` (see the option). */
  private rematchIfOvertaken(key: string, uid: string, rv: string): void {
    const now = this.cached(key);
    const nowRv = now?.metadata.resourceVersion ?? '';
    if (now && now.metadata.uid === uid && nowRv !== rv && atLeast(nowRv, rv)) this.o.rematch?.(now);
  }

  private async send(key: string): Promise<void> {
    const local = this.local.get(key);
    const cached = this.cached(key);
    if (!local) return;
    if (!cached || cached.metadata.uid !== local.uid) return this.forget(key);
    if (!this.o.running(cached.spec?.nodeName ?? '')) return;
    const pending = local.changes.filter((c) => c.written === undefined);
    if (pending.length === 0) return;
    // kube's preparePatchBytesForPodStatus: the two-way merge patch from the cached status to
    // the kubelet's, with the pod's uid in it as a precondition (a pod of the same name made
    // since is not written to); none when only the uid would be sent.
    const patch = strategicMergeDiff(
      { status: asJson(cached.status) },
      { metadata: { uid: local.uid }, status: asJson(this.view(cached).status) },
      POD_STRATEGIES,
    );
    try {
      const rv = patch['status'] ? await sendStatus(this.o.pods, cached, patch) : undefined;
      for (const c of pending) c.written = rv ?? cached.metadata.resourceVersion ?? '';
      this.failures.forget(key);
      if (rv !== undefined) this.rematchIfOvertaken(key, local.uid, rv);
    } catch (err) {
      if (isNotFound(err)) return this.forget(key);
      const delay = this.failures.when(key);
      this.o.logger.warn({ err, pod: key, retryInMs: delay }, 'pod status write failed; retrying');
      this.schedule(key, delay, PRIORITY.retry);
    }
  }
}

/** The status after a strategic merge of `patch` into `status` (as the API server merges it). */
function mergedStatus(status: JsonObject, patch: JsonObject): JsonObject {
  const merged = strategicMergePatch({ status }, { status: patch }, POD_STRATEGIES);
  return (merged['status'] ?? {}) as JsonObject;
}

/** Whether resourceVersion `rv` is at least `written` (etcd revisions; others only by equality). */
function atLeast(rv: string, written: string): boolean {
  if (rv === written) return true;
  if (!/^\d+$/.test(rv) || !/^\d+$/.test(written)) return false;
  return rv.length !== written.length ? rv.length > written.length : rv > written;
}

/** A pod's status as the JSON it is. */
function asJson(status: CachedPod['status']): JsonObject {
  return (status ?? {}) as JsonObject;
}

/** The version of a view: the cached resourceVersion it was made on, and the change it shows. */
function localVersion(serverRv: string, seq: number): string {
  return `${serverRv}+${seq}`;
}

function queueKey(key: string): string {
  return `status/${key}`;
}
