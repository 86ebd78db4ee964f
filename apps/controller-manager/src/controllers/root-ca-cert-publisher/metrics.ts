/** The root-ca-cert-publisher's metrics, with kube's names (pkg/controller/certificates/rootcacertpublisher/metrics.go). */
import { ApiError, type Clock } from '@wheelhouse/client';
import { Counter, Histogram, type Registry } from 'prom-client';

/** What the publisher reports: one call per namespace sync. */
export interface RootCaPublisherMetrics {
  /** A sync ended with HTTP-like `code` ("200", the API error's code, else "500") after `seconds`. */
  synced(code: string, seconds: number): void;
}

const NO_METRICS: RootCaPublisherMetrics = { synced: () => undefined };

/**
 * root_ca_cert_publisher_sync_total and root_ca_cert_publisher_sync_duration_seconds (label
 * code) on `registry`; reports nothing without one.
 */
export function rootCaPublisherMetrics(registry: Registry | undefined): RootCaPublisherMetrics {
  if (!registry) return NO_METRICS;
  const help = 'Number of namespace syncs happened in root ca cert publisher.';
  const total = new Counter({
    name: 'root_ca_cert_publisher_sync_total',
    help,
    labelNames: ['code'],
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'root_ca_cert_publisher_sync_duration_seconds',
    help,
    labelNames: ['code'],
    // kube's ExponentialBuckets(0.001, 2, 15).
    buckets: Array.from({ length: 15 }, (_, i) => 0.001 * 2 ** i),
    registers: [registry],
  });
  return {
    synced: (code, seconds) => {
      total.inc({ code });
      latency.observe({ code }, seconds);
    },
  };
}

/** kube's code label: "200" on success, an API error's HTTP code, else "500". */
export function syncCode(err: unknown): string {
  if (err === undefined) return '200';
  return err instanceof ApiError && err.code ? String(err.code) : '500';
}

/** Runs `sync`, reporting its outcome and duration on `clock` to `metrics`; rethrows its error. */
export async function measured<T>(metrics: RootCaPublisherMetrics, clock: Clock, sync: () => Promise<T>): Promise<T> {
  const start = clock.now();
  const report = (err?: unknown): void => metrics.synced(syncCode(err), (clock.now() - start) / 1000);
  try {
    const result = await sync();
    report();
    return result;
  } catch (err) {
    report(err ?? new Error('sync failed'));
    throw err;
  }
}
