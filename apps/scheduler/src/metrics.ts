/**
 * The scheduler's Prometheus metrics with kube-scheduler's names, labels and buckets
 * (pkg/scheduler/metrics), one prom-client registry per scheduler.
 */
import { Counter, Gauge, Histogram, Registry, exponentialBuckets } from 'prom-client';
import type { PluginMetrics } from './framework/handle.js';
import type { QueueName } from './queue/scheduling-queue.js';

/** What the gauges read when scraped. */
export interface MetricsSources {
  pendingPods(): Record<QueueName, number>;
  cacheSizes(): { nodes: number; pods: number; assumedPods: number };
  bindingsInFlight(): number;
}

/** Result label of scheduler_schedule_attempts_total. */
export type AttemptResult = 'scheduled' | 'unschedulable' | 'error';

/** The scheduler's metrics. */
export class SchedulerMetrics implements PluginMetrics {
  readonly registry = new Registry();
  private readonly attempts = new Counter({
    name: 'scheduler_schedule_attempts_total',
    help: 'Number of attempts to schedule pods, by the result. unschedulable means a pod could not be scheduled, while error means an internal scheduler problem.',
    labelNames: ['result', 'profile'],
    registers: [this.registry],
  });
  private readonly attemptDuration = new Histogram({
    name: 'scheduler_scheduling_attempt_duration_seconds',
    help: 'Scheduling attempt latency in seconds (scheduling algorithm + binding)',
    labelNames: ['result', 'profile'],
    buckets: exponentialBuckets(0.001, 2, 15),
    registers: [this.registry],
  });
  private readonly algorithmDuration = new Histogram({
    name: 'scheduler_scheduling_algorithm_duration_seconds',
    help: 'Scheduling algorithm latency in seconds',
    buckets: exponentialBuckets(0.001, 2, 15),
    registers: [this.registry],
  });
  private readonly incoming = new Counter({
    name: 'scheduler_queue_incoming_pods_total',
    help: 'Number of pods added to scheduling queues by event and queue type.',
    labelNames: ['queue', 'event'],
    registers: [this.registry],
  });
  private readonly preemptionAttempts = new Counter({
    name: 'scheduler_preemption_attempts_total',
    help: 'Total preemption attempts in the cluster till now',
    registers: [this.registry],
  });
  private readonly victims = new Histogram({
    name: 'scheduler_preemption_victims',
    help: 'Number of selected preemption victims',
    buckets: exponentialBuckets(1, 2, 7),
    registers: [this.registry],
  });
  private readonly podAttempts = new Histogram({
    name: 'scheduler_pod_scheduling_attempts',
    help: 'Number of attempts to successfully schedule a pod.',
    buckets: exponentialBuckets(1, 2, 5),
    registers: [this.registry],
  });
  private readonly sli = new Histogram({
    name: 'scheduler_pod_scheduling_sli_duration_seconds',
    help: 'E2e latency for a pod being scheduled, from the time the pod enters the scheduling queue and might involve multiple scheduling attempts.',
    labelNames: ['attempts'],
    buckets: exponentialBuckets(0.01, 2, 20),
    registers: [this.registry],
  });
  private readonly extensionPoint = new Histogram({
    name: 'scheduler_framework_extension_point_duration_seconds',
    help: 'Latency for running all plugins of a specific extension point.',
    labelNames: ['extension_point', 'status', 'profile'],
    buckets: exponentialBuckets(0.0001, 2, 12),
    registers: [this.registry],
  });
  constructor(sources: MetricsSources) {
    new Gauge({
      name: 'scheduler_pending_pods',
      help: "Number of pending pods, by the queue type. 'active' means number of pods in activeQ; 'backoff' means number of pods in backoffQ; 'unschedulable' means number of pods in unschedulablePods that the scheduler attempted to schedule and failed; 'gated' is the number of unschedulable pods that the scheduler never attempted to schedule because they are gated.",
      labelNames: ['queue'],
      registers: [this.registry],
      collect() {
        for (const [queue, n] of Object.entries(sources.pendingPods())) this.set({ queue }, n);
      },
    });
    new Gauge({
      name: 'scheduler_cache_size',
      help: 'Number of nodes, pods, and assumed (bound) pods in the scheduler cache.',
      labelNames: ['type'],
      registers: [this.registry],
      collect() {
        const s = sources.cacheSizes();
        this.set({ type: 'nodes' }, s.nodes);
        this.set({ type: 'pods' }, s.pods);
        this.set({ type: 'assumed_pods' }, s.assumedPods);
      },
    });
    new Gauge({
      name: 'scheduler_goroutines',
      help: 'Number of running goroutines split by the work they do such as binding.',
      labelNames: ['operation'],
      registers: [this.registry],
      collect() {
        this.set({ operation: 'binding' }, sources.bindingsInFlight());
      },
    });
  }

  /** One finished attempt (scheduler_schedule_attempts_total and its duration). */
  attempt(result: AttemptResult, profile: string, seconds: number): void {
    this.attempts.inc({ result, profile });
    this.attemptDuration.observe({ result, profile }, seconds);
  }

  /** The algorithm's share of an attempt. */
  algorithm(seconds: number): void {
    this.algorithmDuration.observe(seconds);
  }

  /** A pod bound after `attempts` attempts, `sinceFirstSeconds` after its first one. */
  podScheduled(attempts: number, sinceFirstSeconds: number): void {
    this.podAttempts.observe(attempts);
    this.sli.observe({ attempts: attempts >= 15 ? '15+' : String(attempts) }, sinceFirstSeconds);
  }

  /** A pod entered a sub-queue. */
  queueIncoming(queue: QueueName, event: string): void {
    this.incoming.inc({ queue, event });
  }

  /** Extension point latency. */
  extensionPointDuration(point: string, status: string, profile: string, seconds: number): void {
    this.extensionPoint.observe({ extension_point: point, status, profile }, seconds);
  }

  preemptionAttempted(): void {
    this.preemptionAttempts.inc();
  }

  preemptionVictims(count: number): void {
    this.victims.observe(count);
  }
}
