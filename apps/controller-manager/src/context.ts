import {
  type Clock,
  Controller,
  EventRecorder,
  RestEventSink,
  type RestClient,
  type Reconciler,
  type SharedInformerFactory,
  type Syncable,
  type WorkQueueMetricsProvider,
} from '@wheelhouse/client';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';

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
  /**
   * The process's Prometheus registry, served at /metrics, for a controller's own metrics
   * (kube's names, e.g. node_collector_evictions_total); absent in tests that do not serve it.
   */
  metrics?: Registry;
  /**
   * The PEM CA bundle of the manager's kubeconfig (certificate-authority-data, or the file
   * certificate-authority names: kube's ClientBuilder config's CAData); absent when it names
   * none, or when the manager was given a client instead of a kubeconfig.
   */
  caData?: string;
}

/**
 * A context whose recorders write Events through its own client and are kept in `recorders`,
 * for the process to shut them down on stop.
 */
export function contextWithRecorders(
  base: Omit<ControllerContext, 'recorder'>,
  recorders: EventRecorder[],
): ControllerContext {
  const { client, clock, logger } = base;
  return {
    ...base,
    recorder: (component) => {
      const r = new EventRecorder({ sink: new RestEventSink(client), component, clock, logger });
      recorders.push(r);
      return r;
    },
  };
}

/** Per-controller settings from the command line. */
export interface ControllerOptions {
  /** Concurrent reconciles (kube's --concurrent-<name>-syncs; 1 for a controller without that flag). */
  workers: number;
  /**
   * The values of the controller's own flags (its descriptor's `flags`), by flag name, each
   * defaulted from its spec and already accepted by the descriptor's `checkSettings`. Absent
   * (in tests) means every flag at its default: a controller keeps its flags' specs in its own
   * folder and falls back to their defaults.
   */
  settings?: Readonly<Record<string, unknown>>;
}

/** What {@link newController} needs besides the context. */
export interface ControllerSpec {
  /** The controller's name in logs and metrics (kube's, e.g. "replicaset"). */
  name: string;
  reconcile: Reconciler<string>;
  /** Concurrent reconciles (default 1). */
  workers?: number;
  /** Caches its reconcile reads besides those it watches. */
  informers?: Syncable[];
}

/**
 * A string-keyed controller on the context's clock, logger and metrics that runs only while
 * this process leads, as every kube-controller-manager controller does.
 */
export function newController(ctx: ControllerContext, spec: ControllerSpec): Controller {
  return new Controller<string>({
    ...spec,
    clock: ctx.clock,
    logger: ctx.logger,
    needsLeader: true,
    ...(ctx.metricsProvider ? { metricsProvider: ctx.metricsProvider } : {}),
  });
}
