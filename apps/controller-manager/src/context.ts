import type {
  Clock,
  EventRecorder,
  RestClient,
  SharedInformerFactory,
  WorkQueueMetricsProvider,
} from '@wheelhouse/client';
import type { Logger } from 'pino';

/**
 * What every controller is built from (kube-controller-manager's ControllerContext): one
 * REST client for writes, one shared informer factory for reads, the clock, a logger (a child
 * per controller is made from it), and event recorders by component name (kubectl describe's
 * "From" column, e.g. "replicaset-controller").
 */
export interface ControllerContext {
  client: RestClient;
  informers: SharedInformerFactory;
  clock: Clock;
  logger: Logger;
  /** An event recorder reporting as `component`; the process shuts them down on stop. */
  recorder(component: string): EventRecorder;
  /** Where controllers report their work-queue metrics (optional). */
  metricsProvider?: WorkQueueMetricsProvider;
}

/** Per-controller settings from the command line. */
export interface ControllerOptions {
  /** Concurrent reconciles (kube's --concurrent-<name>-syncs). */
  workers: number;
}
