/**
 * The endpointslicemirroring controller's metrics, with kube's names (subsystem
 * endpoint_slice_mirroring_controller). kube's gauges fed by its metrics cache
 * (endpoints_desired, num_endpoint_slices, desired_endpoint_slices) are not kept.
 */
import { Counter, Histogram, type Registry } from 'prom-client';
import type { MirrorTotals } from './plan.js';

/** What a sync reports. */
export interface MirroringMetrics {
  /** A sync's endpoint totals and skipped addresses. */
  synced(totals: MirrorTotals, skipped: number): void;
  /** A sync's duration in seconds. */
  duration(seconds: number): void;
  /** One EndpointSlice write. */
  changed(operation: 'create' | 'update' | 'delete'): void;
}

const NO_METRICS: MirroringMetrics = { synced: () => undefined, duration: () => undefined, changed: () => undefined };

const SUBSYSTEM = 'endpoint_slice_mirroring_controller';

function exponential(start: number, factor: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => start * factor ** i);
}

function histogram(registry: Registry, name: string, help: string, buckets: number[]): Histogram {
  return new Histogram({ name: `${SUBSYSTEM}_${name}`, help, buckets, registers: [registry] });
}

/** kube's per-sync histograms and changes counter on `registry`; reports nothing without one. */
export function mirroringMetrics(registry: Registry | undefined): MirroringMetrics {
  if (!registry) return NO_METRICS;
  const counts = exponential(2, 2, 15);
  const added = histogram(
    registry,
    'endpoints_added_per_sync',
    'Number of endpoints added on each Endpoints sync',
    counts,
  );
  const updated = histogram(
    registry,
    'endpoints_updated_per_sync',
    'Number of endpoints updated on each Endpoints sync',
    counts,
  );
  const removed = histogram(
    registry,
    'endpoints_removed_per_sync',
    'Number of endpoints removed on each Endpoints sync',
    counts,
  );
  const skipped = histogram(
    registry,
    'addresses_skipped_per_sync',
    'Number of addresses skipped on each Endpoints sync due to being invalid or exceeding MaxEndpointsPerSubset',
    counts,
  );
  const duration = histogram(
    registry,
    'endpoints_sync_duration',
    'Duration of syncEndpoints() in seconds',
    exponential(0.001, 2, 15),
  );
  const changes = new Counter({
    name: `${SUBSYSTEM}_changes`,
    help: 'Number of EndpointSlice changes',
    labelNames: ['operation'],
    registers: [registry],
  });
  return {
    synced: (totals, n) => {
      added.observe(totals.added);
      updated.observe(totals.updated);
      removed.observe(totals.removed);
      skipped.observe(n);
    },
    duration: (seconds) => duration.observe(seconds),
    changed: (operation) => changes.inc({ operation }),
  };
}
