/** The taint eviction controller's metrics, with kube's names (pkg/controller/tainteviction/metrics). */
import { Counter, Histogram, type Registry } from 'prom-client';

/** What the controller reports: one call per pod it deleted. */
export interface TaintEvictionMetrics {
  /** A pod was deleted `latencySeconds` after its eviction came due. */
  podDeleted(latencySeconds: number): void;
}

const NO_METRICS: TaintEvictionMetrics = { podDeleted: () => undefined };

/**
 * taint_eviction_controller_pod_deletions_total and taint_eviction_controller_pod_deletion_duration_seconds
 * on `registry`; reports nothing without one.
 */
export function taintEvictionMetrics(registry: Registry | undefined): TaintEvictionMetrics {
  if (!registry) return NO_METRICS;
  const total = new Counter({
    name: 'taint_eviction_controller_pod_deletions_total',
    help: 'Total number of Pods deleted by TaintEvictionController since its start.',
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'taint_eviction_controller_pod_deletion_duration_seconds',
    help: 'Latency, in seconds, between the time when a taint effect has been activated for the Pod and its deletion via TaintEvictionController.',
    buckets: [0.005, 0.025, 0.1, 0.5, 1, 2.5, 10, 30, 60, 120, 180, 240],
    registers: [registry],
  });
  return {
    podDeleted: (seconds) => {
      total.inc();
      latency.observe(seconds);
    },
  };
}
