import type { Pod } from '@wheelhouse/api';
import {
  isNotFound,
  objectKey,
  type Clock,
  type EventRecorder,
  type Lister,
  type ResourceClient,
  type Served,
} from '@wheelhouse/client';
import { formatTime } from '@wheelhouse/machinery';
import type { CompiledStage } from '../stages/compile.js';
import { eventSubject } from '../stages/event-subject.js';
import type { Scope } from '../stages/expression-eval.js';
import { BUILTIN_FUNCTIONS } from '../stages/functions.js';
import type { StageHost } from '../stages/player.js';
import { statusChange } from '../status-writer.js';
import type { CachedPod } from '../types.js';
import type { ClaimLookup } from './pod-claims.js';
import { podFunctions } from './pod-functions.js';
import type { PodLedger } from './pod-ledger.js';
import type { PodStatusManager } from './status-manager.js';
import { stageLogWrites } from './stage-log-writes.js';
import type { StageLogBook } from './stage-log-book.js';

/** The node side of playing pod stages: which nodes run, their IPs, their event recorders. */
export interface PodNodes {
  /** True when the node is hosted here and heartbeating (not failed, not registering). */
  running(node: string): boolean;
  /** The node's InternalIP. */
  ip(node: string): string;
  /** The event recorder reporting as the node's kubelet. */
  recorder(node: string): EventRecorder;
}

/** Options of a {@link PodHost}. */
export interface PodHostOptions {
  pods: ResourceClient<Pod>;
  lister: Lister<Served<Pod>>;
  /** The kubelet's own pod statuses, and their writes. */
  statuses: PodStatusManager;
  ledger: PodLedger;
  nodes: PodNodes;
  clock: Clock;
  /** Where the lines stages write go. */
  stageLogs: StageLogBook;
  /** `$config` of pod stages. */
  config: Readonly<Record<string, unknown>>;
  /** The PersistentVolumeClaims as the kubelet sees them (absent: every claim counts as Bound). */
  claims?: ClaimLookup;
}

/**
 * Plays pod stages: status changes go to the kubelet's status manager (skipped when they
 * change nothing), which writes them as strategic merge patches of pods/status; Events come
 * from the node's kubelet, log lines go into the kubelet's memory; deletion, with grace
 * period 0 and a uid precondition, follows the write of the pod's last status, as the kubelet
 * deletes a pod whose containers have stopped.
 */
export class PodHost implements StageHost<Served<Pod>> {
  /** A host over the process's pod cache. */
  constructor(private readonly o: PodHostOptions) {}

  /** The pod of `key` ("namespace/name") as the kubelet sees it (see {@link view}). */
  get(key: string): CachedPod | undefined {
    const [ns, name] = key.split('/');
    const cached = this.o.lister.get(name ?? '', ns);
    return cached && this.o.statuses.view(cached);
  }

  /** The cached pod with the status changes the kubelet has not seen come back yet. */
  view(cached: CachedPod): CachedPod {
    return this.o.statuses.view(cached);
  }

  /** The pod's version as the kubelet sees it (a view's own). */
  version(pod: CachedPod): string {
    return this.o.statuses.version(pod);
  }

  /** Variables `$now`, `$nowMs`, `$node`, `$config`; built-in and pod functions. */
  scope(pod: CachedPod): Scope {
    const node = pod.spec?.nodeName ?? '';
    const ip = this.o.nodes.ip(node);
    const now = this.o.clock.now();
    return {
      root: pod,
      vars: { now: formatTime(now), nowMs: now, node: { name: node, ip }, config: this.o.config },
      functions: { ...BUILTIN_FUNCTIONS, ...podFunctions(pod, this.o.ledger, ip, this.o.claims) },
    };
  }

  /** Pods of nodes that are not running here wait (the node failed or is registering). */
  suspended(pod: CachedPod): boolean {
    return !this.o.nodes.running(pod.spec?.nodeName ?? '');
  }

  /**
   * Log lines, the status change, then Events (lines and Events only when the status changes
   * or the stage has none); then deletion, once the status is written. Resolves the pod's
   * version as the kubelet sees it after a status change.
   */
  async play(pod: CachedPod, stage: CompiledStage, scope: Scope): Promise<string | undefined> {
    const patch = stage.status?.(scope);
    // Merged once: it decides the lines and Events, and is what the kubelet's status becomes.
    const change = isMap(patch) ? statusChange(pod, 'Pod', patch) : undefined;
    if (change || !stage.status) this.writeLogs(pod, stage, scope, change?.status);
    const rv = change ? this.o.statuses.record(pod, change.patch, change.status) : undefined;
    if (rv !== undefined || !stage.status) {
      const recorder = this.o.nodes.recorder(pod.spec?.nodeName ?? '');
      for (const e of stage.events(scope))
        recorder.event(eventSubject(pod, 'Pod', e.fieldPath), e.type, e.reason, e.message);
    }
    if (stage.delete) {
      await this.o.statuses.flush(objectKey(pod));
      await this.delete(pod);
    }
    return rv;
  }

  /** Writes the stage's lines at the current time. */
  private writeLogs(pod: CachedPod, stage: CompiledStage, scope: Scope, after: unknown): void {
    const lines = stage.logs(scope);
    if (lines.length === 0) return;
    const at = this.o.clock.now();
    for (const w of stageLogWrites(pod, after as CachedPod['status'], lines))
      this.o.stageLogs.write(
        pod.metadata.uid,
        w.container,
        w.run,
        w.texts.map((text) => ({ at, text })),
      );
  }

  /** A pod that is gone needs no retry. */
  isGone(err: unknown): boolean {
    return isNotFound(err);
  }

  private async delete(pod: CachedPod): Promise<void> {
    try {
      await this.o.pods.delete(pod.metadata.name, {
        namespace: pod.metadata.namespace,
        gracePeriodSeconds: 0,
        preconditions: { uid: pod.metadata.uid },
      });
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
}

function isMap(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
