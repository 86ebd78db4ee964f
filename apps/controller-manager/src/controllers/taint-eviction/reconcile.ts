/**
 * The NoExecute taint manager (kube's tainteviction Controller): for each pod on a node with
 * NoExecute taints, a pod that does not tolerate them all is evicted at once; one tolerating
 * them for a while is evicted after the shortest tolerationSeconds of the tolerations in use,
 * counted from when its eviction was first scheduled; one tolerating them forever, or whose
 * node loses the taints first, is left alone (a scheduled eviction is cancelled, with an event).
 */
import type { Node, Pod, Toleration, Taint } from '@wheelhouse/api';
import {
  type Clock,
  type DeepReadonly,
  type EventRecorder,
  type Lister,
  type RestClient,
  type Served,
  NODE_NAME_INDEX,
  objectKey,
  sleep,
  splitKey,
} from '@wheelhouse/client';
import type { Logger } from 'pino';
import { markAndDeletePod } from './evict.js';
import type { TaintEvictionMetrics } from './metrics.js';
import { TimedWorkerQueue } from './timed-workers.js';
import { matchingTolerations, minTolerationMs, noExecuteTaints } from './tolerations.js';

/** What the taint manager reads, writes and reports through. */
export interface TaintManagerDeps {
  client: RestClient;
  pods: Lister<Served<Pod>>;
  nodes: Lister<Served<Node>>;
  clock: Clock;
  recorder: EventRecorder;
  metrics: TaintEvictionMetrics;
  logger: Logger;
}

/** kube's event reason for both marking a pod for deletion and cancelling that. */
export const EVICTION_REASON = 'TaintManagerEviction';

/** kube's deletePodHandler: attempts at marking and deleting a pod, 10 ms apart. */
const EVICTION_ATTEMPTS = 5;
const EVICTION_RETRY_MS = 10;

/**
 * The taint manager's state: the evictions it has scheduled, by pod key ("ns/name"). Its syncs
 * read the listers and are synchronous. An eviction that comes due runs at once, on its own
 * (kube's TimedWorkerQueue starts each in a goroutine of its own): when 100 nodes fail
 * together, their 1,000 pods are deleted together, not eight at a time.
 */
export class TaintManager {
  /** Scheduled and running evictions by pod key. */
  readonly evictions: TimedWorkerQueue;

  constructor(private readonly deps: TaintManagerDeps) {
    this.evictions = new TimedWorkerQueue(deps.clock, (key) => {
      this.event(key, `Marking for deletion Pod ${key}`);
      void this.evict(key);
    });
  }

  /** Re-examines every pod on the node `name` against its NoExecute taints (kube's handleNodeUpdate). */
  syncNode(name: string): void {
    const node = this.deps.nodes.get(name);
    if (!node) return;
    const taints = noExecuteTaints(node.spec?.taints);
    const now = this.deps.clock.now();
    for (const pod of this.deps.pods.byIndex(NODE_NAME_INDEX, name)) {
      this.processPod(objectKey(pod), pod.spec?.tolerations, taints, now);
    }
  }

  /**
   * Re-examines the pod `key` (kube's handlePodUpdate): a pod gone has its eviction cancelled;
   * a pod on a node the cache does not know is left as it is.
   */
  syncPod(key: string): void {
    const { namespace, name } = splitKey(key);
    const pod = this.deps.pods.get(name, namespace);
    if (!pod) return this.cancel(key);
    const nodeName = pod.spec?.nodeName;
    const node = nodeName ? this.deps.nodes.get(nodeName) : undefined;
    if (!node) return;
    this.processPod(key, pod.spec?.tolerations, noExecuteTaints(node.spec?.taints), this.deps.clock.now());
  }

  /**
   * Carries out the due eviction of `key`: marks the pod and deletes it gracefully, up to
   * five attempts 10 ms apart (kube's deletePodHandler), then ends the work either way (a
   * later change of the pod or its node schedules it again). Nothing happens when the
   * eviction was cancelled meanwhile. Never rejects.
   */
  async evict(key: string): Promise<void> {
    const work = this.evictions.get(key);
    if (!work?.fired) return;
    const { namespace, name } = splitKey(key);
    for (let attempt = 1; ; attempt++) {
      const pod = this.deps.pods.get(name, namespace);
      if (!pod) break;
      try {
        if (attempt === 1) this.deps.logger.info({ pod: key, node: pod.spec?.nodeName }, 'deleting pod');
        const now = this.deps.clock.now();
        if (await markAndDeletePod(this.deps.client, pod, now))
          this.deps.metrics.podDeleted((this.deps.clock.now() - work.fireAt) / 1000);
        break;
      } catch (err) {
        if (attempt >= EVICTION_ATTEMPTS) {
          this.deps.logger.warn({ pod: key, err }, 'giving up deleting pod');
          break;
        }
        await sleep(this.deps.clock, EVICTION_RETRY_MS);
      }
    }
    this.evictions.finish(key, work);
  }

  /** Stops every timer (the controller stops). */
  stop(): void {
    this.evictions.cancelAll();
  }

  private processPod(
    key: string,
    tolerations: readonly DeepReadonly<Toleration>[] | undefined,
    taints: readonly DeepReadonly<Taint>[],
    now: number,
  ): void {
    if (taints.length === 0) return this.cancel(key);
    const used = matchingTolerations(taints, tolerations);
    if (!used) return this.evictNow(key, now);
    const ms = minTolerationMs(used);
    if (ms === Infinity) return this.cancel(key);
    // A scheduled eviction keeps its time: the toleration counts from when it was first scheduled.
    if (this.evictions.get(key)) return;
    this.evictions.add(key, now, now + ms);
  }

  private evictNow(key: string, now: number): void {
    const work = this.evictions.get(key);
    if (work && work.fireAt <= now) return; // already due: under way
    this.cancel(key);
    this.evictions.add(key, now, now);
  }

  private cancel(key: string): void {
    if (this.evictions.cancel(key)) this.event(key, `Cancelling deletion of Pod ${key}`);
  }

  private event(key: string, message: string): void {
    const { namespace, name } = splitKey(key);
    this.deps.recorder.event({ apiVersion: 'v1', kind: 'Pod', name, namespace }, 'Normal', EVICTION_REASON, message);
  }
}
