/**
 * The node lifecycle controller's Prometheus metrics with kube's names (subsystem
 * node_collector): zone health, size and unhealthy nodes, NoExecute taints ("evictions") by
 * zone, and the health update durations. Without a registry they are kept but not served.
 */
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

const exponential = (start: number, factor: number, count: number): number[] =>
  Array.from({ length: count }, (_, i) => start * factor ** i);

/** The metrics, registered on `registry` (reusing ones already there: one controller per process). */
export class NodeLifecycleMetrics {
  readonly zoneHealth: Gauge<'zone'>;
  readonly zoneSize: Gauge<'zone'>;
  readonly unhealthyNodes: Gauge<'zone'>;
  readonly evictionsTotal: Counter<'zone'>;
  readonly updateNodeHealthDuration: Histogram;
  readonly updateAllNodesHealthDuration: Histogram;

  constructor(registry?: Registry) {
    const registers = registry ? [registry] : [];
    const existing = <M>(name: string): M | undefined => registry?.getSingleMetric(name) as M | undefined;
    const gauge = (name: string, help: string): Gauge<'zone'> =>
      existing<Gauge<'zone'>>(name) ?? new Gauge({ name, help, labelNames: ['zone'], registers });
    this.zoneHealth = gauge('node_collector_zone_health', 'Gauge measuring percentage of healthy nodes per zone.');
    this.zoneSize = gauge('node_collector_zone_size', 'Gauge measuring number of registered Nodes per zones.');
    this.unhealthyNodes = gauge(
      'node_collector_unhealthy_nodes_in_zone',
      'Gauge measuring number of not Ready Nodes per zones.',
    );
    this.evictionsTotal =
      existing<Counter<'zone'>>('node_collector_evictions_total') ??
      new Counter({
        name: 'node_collector_evictions_total',
        help: 'Number of Node evictions that happened since current instance of NodeController started.',
        labelNames: ['zone'],
        registers,
      });
    const histogram = (name: string, help: string, buckets: number[]): Histogram =>
      existing<Histogram>(name) ?? new Histogram({ name, help, buckets, registers });
    this.updateNodeHealthDuration = histogram(
      'node_collector_update_node_health_duration_seconds',
      'Duration in seconds for NodeController to update the health of a single node.',
      exponential(0.001, 4, 8),
    );
    this.updateAllNodesHealthDuration = histogram(
      'node_collector_update_all_nodes_health_duration_seconds',
      'Duration in seconds for NodeController to update the health of all nodes.',
      exponential(0.01, 4, 8),
    );
  }
}
