/**
 * One sync of a HorizontalPodAutoscaler (kube 1.32's reconcileAutoscaler), with no metrics API
 * served: the target's scale is read (AbleToScale); a target scaled to zero disables
 * autoscaling (ScalingActive False/ScalingDisabled); replicas above maxReplicas or below
 * minReplicas are brought within them (SuccessfulRescale); otherwise every metric fails as on
 * a cluster without metrics-server (ScalingActive False with the metric's reason, Events
 * FailedGet*Metric and FailedComputeMetricsReplicas) and the replicas stay. The status
 * (currentReplicas, desiredReplicas, currentMetrics, lastScaleTime, conditions) is written
 * only when it changed.
 */
import type { HorizontalPodAutoscaler, Pod } from '@wheelhouse/api';
import {
  type DeepReadonly,
  type EventRecorder,
  type Lister,
  type RestClient,
  type Served,
  mutableCopy,
} from '@wheelhouse/client';
import { type Clock, formatTime, jsonEqual, parseLabelSelector } from '@wheelhouse/machinery';
import type { Logger } from 'pino';
import { type HpaStatus, setCondition } from './conditions.js';
import { metricFailure } from './metrics.js';
import type { ScaleClient } from '../../workload/scale-client.js';
import type { HpaSelectors } from './selectors.js';
import { ScaleLookupError, type TargetScale, readTargetScale, writeTargetScale } from './target.js';

type Hpa = Served<HorizontalPodAutoscaler>;

/** What a sync reads and writes. */
export interface HpaDeps {
  client: RestClient;
  scales: ScaleClient;
  hpas: Lister<Hpa>;
  pods: Lister<Served<Pod>>;
  selectors: HpaSelectors;
  recorder: EventRecorder;
  clock: Clock;
  log: Logger;
}

/** A failed step of the sync: kube logs it and syncs again a period later. */
class SyncError extends Error {}

/** Syncs the HPA `key` ("namespace/name"); false when it is gone. Throws a SyncError for a failed sync. */
export async function syncHpa(deps: HpaDeps, key: string): Promise<boolean> {
  const [namespace = '', name = ''] = key.split('/');
  const cached = deps.hpas.get(name, namespace);
  if (!cached) {
    deps.selectors.delete(key);
    return false;
  }
  deps.selectors.register(key, namespace);
  await new Sync(deps, key, cached).run();
  return true;
}

/** One reconcileAutoscaler pass over a copy of the cached HPA. */
class Sync {
  private readonly hpa: Hpa;
  private readonly original: HpaStatus;
  private readonly status: HpaStatus;

  constructor(
    private readonly deps: HpaDeps,
    private readonly key: string,
    cached: DeepReadonly<Hpa>,
  ) {
    this.hpa = mutableCopy(cached) as Hpa;
    this.original = structuredClone(this.hpa.status ?? {}) as HpaStatus;
    this.status = (this.hpa.status ??= {}) as HpaStatus;
  }

  private get now(): number {
    return this.deps.clock.now();
  }

  private event(type: 'Normal' | 'Warning', reason: string, message: string): void {
    const { metadata } = this.hpa;
    this.deps.recorder.event(
      {
        apiVersion: 'autoscaling/v2',
        kind: 'HorizontalPodAutoscaler',
        namespace: metadata.namespace,
        name: metadata.name,
        uid: metadata.uid,
        resourceVersion: metadata.resourceVersion,
      },
      type,
      reason,
      message,
    );
  }

  async run(): Promise<void> {
    const spec = this.hpa.spec ?? {};
    const ref = spec.scaleTargetRef ?? {};
    const reference = `${ref.kind ?? ''}/${this.hpa.metadata.namespace ?? ''}/${ref.name ?? ''}`;
    let target: TargetScale;
    try {
      target = await readTargetScale(this.deps.scales, ref, this.hpa.metadata.namespace ?? '');
    } catch (err) {
      if (!(err instanceof ScaleLookupError)) throw err;
      this.event('Warning', 'FailedGetScale', err.message);
      const why = `the HPA controller was unable to get the target's current scale: ${err.message}`;
      setCondition(this.status, 'AbleToScale', 'False', 'FailedGetScale', why, this.now);
      await this.updateStatusIfNeeded().catch((e: unknown) => this.deps.log.error({ err: e }, 'status update failed'));
      throw new SyncError(err.syncError);
    }
    setCondition(
      this.status,
      'AbleToScale',
      'True',
      'SucceededGetScale',
      "the HPA controller was able to get the target's current scale",
      this.now,
    );
    const current = target.scale.spec?.replicas ?? 0;
    const min = spec.minReplicas ?? 1;
    const max = spec.maxReplicas ?? 0;
    let desired: number;
    let reason = '';
    let rescale = true;
    if (current === 0 && min !== 0) {
      desired = 0;
      rescale = false;
      setCondition(
        this.status,
        'ScalingActive',
        'False',
        'ScalingDisabled',
        'scaling is disabled since the replica count of the target is zero',
        this.now,
      );
    } else if (current > max) {
      reason = 'Current number of replicas above Spec.MaxReplicas';
      desired = max;
    } else if (current < min) {
      reason = 'Current number of replicas below Spec.MinReplicas';
      desired = min;
    } else {
      const failure = this.computeReplicasForMetrics(target);
      this.setStatus(current, this.status.desiredReplicas ?? 0, failure.statuses, false);
      await this.updateStatusIfNeeded().catch((e: unknown) => this.deps.log.error({ err: e }, 'status update failed'));
      this.event('Warning', 'FailedComputeMetricsReplicas', failure.error);
      throw new SyncError(
        `failed to compute desired number of replicas based on listed metrics for ${reference}: ${failure.error}`,
      );
    }
    if (rescale) {
      try {
        await writeTargetScale(this.deps.scales, target, desired);
      } catch (err) {
        const message = (err as Error).message;
        this.event('Warning', 'FailedRescale', `New size: ${desired}; reason: ${reason}; error: ${message}`);
        const why = `the HPA controller was unable to update the target scale: ${message}`;
        setCondition(this.status, 'AbleToScale', 'False', 'FailedUpdateScale', why, this.now);
        this.setStatus(current, this.status.desiredReplicas ?? 0, undefined, false);
        await this.updateStatusIfNeeded().catch((e: unknown) =>
          this.deps.log.error({ err: e }, 'status update failed'),
        );
        throw new SyncError(`failed to rescale ${reference}: ${message}`);
      }
      const done = `the HPA controller was able to update the target scale to ${desired}`;
      setCondition(this.status, 'AbleToScale', 'True', 'SucceededRescale', done, this.now);
      this.event('Normal', 'SuccessfulRescale', `New size: ${desired}; reason: ${reason}`);
      this.deps.log.info(
        { hpa: this.key, currentReplicas: current, desiredReplicas: desired, reason },
        'Successfully rescaled',
      );
    } else {
      desired = current;
    }
    this.setStatus(current, desired, undefined, rescale);
    await this.updateStatusIfNeeded();
  }

  /**
   * kube's computeReplicasForMetrics when no metric can be read: the target's selector is checked
   * first (missing, unparsable, or shared with another HPA), then each metric fails; the
   * condition is the first failure's.
   */
  private computeReplicasForMetrics(target: TargetScale): { statuses: HpaStatus['currentMetrics']; error: string } {
    const selectorError = this.checkSelector(target.scale.status?.selector ?? '');
    if (selectorError !== undefined) return { statuses: undefined, error: selectorError };
    const metrics = this.hpa.spec?.metrics ?? [];
    const namespace = this.hpa.metadata.namespace ?? '';
    const failures = metrics.map((m) => metricFailure(m, namespace));
    for (const f of failures) this.event('Warning', f.reason, f.detail);
    const first = failures[0];
    if (first) {
      const why = `the HPA was unable to compute the replica count: ${first.detail}`;
      setCondition(this.status, 'ScalingActive', 'False', first.reason, why, this.now);
    }
    return {
      statuses: metrics.map(() => ({ type: '' })),
      error: `invalid metrics (${failures.length} invalid out of ${metrics.length}), first error is: ${first?.error ?? ''}`,
    };
  }

  /** kube's validateAndParseSelector: the error text, or undefined when the selector is usable. */
  private checkSelector(selector: string): string | undefined {
    if (selector === '') {
      this.event('Warning', 'SelectorRequired', 'selector is required');
      setCondition(
        this.status,
        'ScalingActive',
        'False',
        'InvalidSelector',
        "the HPA target's scale is missing a selector",
        this.now,
      );
      return 'selector is required';
    }
    const namespace = this.hpa.metadata.namespace ?? '';
    let parsed;
    try {
      parsed = parseLabelSelector(selector);
    } catch (err) {
      const message = `couldn't convert selector into a corresponding internal selector object: ${(err as Error).message}`;
      this.event('Warning', 'InvalidSelector', message);
      setCondition(this.status, 'ScalingActive', 'False', 'InvalidSelector', message, this.now);
      return message;
    }
    this.deps.selectors.put(this.key, namespace, parsed);
    const pods = this.deps.pods.list({ namespace, labelSelector: parsed });
    const selecting = this.deps.selectors.selecting(
      namespace,
      pods.map((p) => p.metadata.labels ?? {}),
    );
    if (selecting.length <= 1) return undefined;
    const keys = selecting.map((k) => `{${k.slice(k.indexOf('/') + 1)} ${namespace}}`).join(' ');
    const message = `pods by selector ${selector} are controlled by multiple HPAs: [${keys}]`;
    this.event('Warning', 'AmbiguousSelector', message);
    setCondition(this.status, 'ScalingActive', 'False', 'AmbiguousSelector', message, this.now);
    return message;
  }

  /** kube's setStatus: the counts and metrics replaced, lastScaleTime moved on a rescale, conditions kept. */
  private setStatus(current: number, desired: number, metrics: HpaStatus['currentMetrics'], rescale: boolean): void {
    const s = this.status;
    s.currentReplicas = current;
    s.desiredReplicas = desired;
    if (metrics === undefined) delete s.currentMetrics;
    else s.currentMetrics = metrics;
    if (rescale) s.lastScaleTime = formatTime(this.now);
  }

  /** Writes the status (PUT .../status) only if it changed; FailedUpdateStatus when that fails. */
  private async updateStatusIfNeeded(): Promise<void> {
    if (jsonEqual(this.original, this.status)) return;
    try {
      await this.deps.client.resource('horizontalpodautoscalers', this.hpa.metadata.namespace).updateStatus(this.hpa);
    } catch (err) {
      const message = (err as Error).message;
      this.event('Warning', 'FailedUpdateStatus', message);
      throw new SyncError(`failed to update status for ${this.hpa.metadata.name}: ${message}`);
    }
  }
}

export { SyncError };
