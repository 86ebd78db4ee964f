/** The pod GC's metrics, with kube's names (pkg/controller/podgc/metrics). */
import { Counter, type Registry } from 'prom-client';

/** Why the pod GC deleted a pod: kube's values of the "reason" label. */
export type PodGcReason = 'terminated' | 'out-of-service' | 'orphaned' | 'unscheduled';

/** What the pod GC reports per pod it force-deletes. */
export interface PodGcMetrics {
  /** A force deletion was attempted. */
  deleting(namespace: string, reason: PodGcReason): void;
  /** A force deletion failed. */
  failed(namespace: string, reason: PodGcReason): void;
}

const NO_METRICS: PodGcMetrics = { deleting: () => undefined, failed: () => undefined };

/**
 * pod_gc_collector_force_delete_pods_total and pod_gc_collector_force_delete_pod_errors_total
 * (labels namespace and reason) on `registry`; reports nothing without one.
 */
export function podGcMetrics(registry: Registry | undefined): PodGcMetrics {
  if (!registry) return NO_METRICS;
  const labelNames = ['namespace', 'reason'];
  const total = new Counter({
    name: 'pod_gc_collector_force_delete_pods_total',
    help: 'Number of pods that are being forcefully deleted since the Pod GC Controller started.',
    labelNames,
    registers: [registry],
  });
  const errors = new Counter({
    name: 'pod_gc_collector_force_delete_pod_errors_total',
    help: 'Number of errors encountered when forcefully deleting the pods since the Pod GC Controller started.',
    labelNames,
    registers: [registry],
  });
  return {
    deleting: (namespace, reason) => total.inc({ namespace, reason }),
    failed: (namespace, reason) => errors.inc({ namespace, reason }),
  };
}
