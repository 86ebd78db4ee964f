/**
 * The value of endpoints.kubernetes.io/last-change-trigger-time (kube's TriggerTimeTracker):
 * the earliest of the changes a sync is about to publish, where a pod's change time is its
 * Ready condition's lastTransitionTime and a Service's its creation. The first sync of a
 * Service (nothing known yet) has none.
 */
import { formatTime } from '@wheelhouse/machinery';
import { type CachedPod, podCondition, timeOf } from '../../workload/pod-status.js';
import type { CachedService } from './pod-endpoints.js';

interface ServiceState {
  pods: Map<string, number>;
  service: number;
}

/** Remembers, per Service, the trigger times its last sync saw. One per controller; not shared between workers of one key. */
export class TriggerTimeTracker {
  private readonly states = new Map<string, ServiceState>();

  /** The annotation value for this sync of `svc` over `pods` (undefined for none), and records their times. */
  compute(svc: CachedService, pods: readonly CachedPod[]): string | undefined {
    const key = `${svc.metadata.namespace ?? ''}/${svc.metadata.name}`;
    const last = this.states.get(key);
    let earliest: number | undefined;
    const changed = (t: number, before: number | undefined) => {
      if (before === undefined || t > before) earliest = earliest === undefined ? t : Math.min(earliest, t);
    };
    const pods2 = new Map<string, number>();
    for (const pod of pods) {
      const t = timeOf(podCondition(pod, 'Ready')?.lastTransitionTime);
      if (t === undefined) continue;
      pods2.set(pod.metadata.name, t);
      changed(t, last?.pods.get(pod.metadata.name));
    }
    const service = timeOf(svc.metadata.creationTimestamp) ?? 0;
    changed(service, last?.service);
    this.states.set(key, { pods: pods2, service });
    return last === undefined || earliest === undefined ? undefined : formatTime(earliest);
  }

  /** Forgets a deleted Service. */
  forget(namespace: string, name: string): void {
    this.states.delete(`${namespace}/${name}`);
  }
}
