import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { Clock } from './clock.js';

/**
 * What a {@link WorkQueue} reports as it works (client-go's queue metrics). The queue calls
 * these synchronously; implementations must not throw.
 */
export interface QueueMetrics<T> {
  /** `item` became pending (it was not already). */
  added(item: T): void;
  /** `item` was handed out to a worker. */
  taken(item: T): void;
  /** The worker finished `item`. */
  done(item: T): void;
  /** A pending `item` was dropped by an immediate shutdown. */
  dropped(item: T): void;
  /** A delayed or rate-limited add was asked for (client-go counts every AddAfter as a retry). */
  retried(): void;
}

/** Builds the {@link QueueMetrics} of each named queue (client-go's workqueue MetricsProvider). */
export interface WorkQueueMetricsProvider {
  /** The metrics of the queue called `name`; `clock` times waits and work. */
  queueMetrics<T>(name: string, clock: Clock): QueueMetrics<T>;
}

// client-go's buckets: 10 ns to 10 s, by factors of 10.
const BUCKETS = Array.from({ length: 10 }, (_, i) => 1e-8 * 10 ** i);

/** Times pending and in-process items of one queue; in-flight gauges are read from it on scrape. */
class Bookkeeping<T> implements QueueMetrics<T> {
  private readonly addedAt = new Map<T, number>();
  readonly startedAt = new Map<T, number>();

  constructor(
    readonly clock: Clock,
    private readonly m: {
      depth: { inc(): void; dec(): void };
      adds: { inc(): void };
      queueDuration: { observe(v: number): void };
      workDuration: { observe(v: number): void };
      retries: { inc(): void };
    },
  ) {}

  added(item: T): void {
    this.m.adds.inc();
    this.m.depth.inc();
    if (!this.addedAt.has(item)) this.addedAt.set(item, this.clock.now());
  }

  taken(item: T): void {
    const now = this.clock.now();
    this.m.depth.dec();
    this.startedAt.set(item, now);
    const at = this.addedAt.get(item);
    if (at === undefined) return;
    this.m.queueDuration.observe((now - at) / 1000);
    this.addedAt.delete(item);
  }

  done(item: T): void {
    const at = this.startedAt.get(item);
    if (at === undefined) return;
    this.m.workDuration.observe((this.clock.now() - at) / 1000);
    this.startedAt.delete(item);
  }

  dropped(item: T): void {
    this.m.depth.dec();
    this.addedAt.delete(item);
  }

  retried(): void {
    this.m.retries.inc();
  }

  /** Seconds of work in progress, summed and the longest (what client-go samples every 500 ms). */
  inFlight(): { total: number; longest: number } {
    const now = this.clock.now();
    let total = 0;
    let longest = 0;
    for (const at of this.startedAt.values()) {
      const s = (now - at) / 1000;
      total += s;
      longest = Math.max(longest, s);
    }
    return { total, longest };
  }
}

/**
 * Work-queue metrics in a prom-client registry, under client-go's names and help texts, labelled by queue
 * `name`: workqueue_depth, workqueue_adds_total, workqueue_queue_duration_seconds,
 * workqueue_work_duration_seconds, workqueue_retries_total, workqueue_unfinished_work_seconds
 * and workqueue_longest_running_processor_seconds (the last two computed when scraped). One
 * provider per registry; a later queue with the same name takes over that name's series.
 */
export class PrometheusWorkQueueMetrics implements WorkQueueMetricsProvider {
  private readonly queues = new Map<string, { inFlight(): { total: number; longest: number } }>();
  private readonly depth: Gauge;
  private readonly adds: Counter;
  private readonly queueDuration: Histogram;
  private readonly workDuration: Histogram;
  private readonly retries: Counter;

  /** Registers the seven metric families in `registry`; throws if they are registered there already. */
  constructor(registry: Registry) {
    const common = { labelNames: ['name'], registers: [registry] };
    this.depth = new Gauge({ name: 'workqueue_depth', help: 'Current depth of workqueue', ...common });
    this.adds = new Counter({
      name: 'workqueue_adds_total',
      help: 'Total number of adds handled by workqueue',
      ...common,
    });
    this.queueDuration = new Histogram({
      name: 'workqueue_queue_duration_seconds',
      help: 'How long in seconds an item stays in workqueue before being requested.',
      buckets: BUCKETS,
      ...common,
    });
    this.workDuration = new Histogram({
      name: 'workqueue_work_duration_seconds',
      help: 'How long in seconds processing an item from workqueue takes.',
      buckets: BUCKETS,
      ...common,
    });
    this.retries = new Counter({
      name: 'workqueue_retries_total',
      help: 'Total number of retries handled by workqueue',
      ...common,
    });
    const queues = this.queues;
    new Gauge({
      name: 'workqueue_unfinished_work_seconds',
      help:
        "How many seconds of work has done that is in progress and hasn't been observed by work_duration. " +
        'Large values indicate stuck threads. One can deduce the number of stuck threads by observing the rate at which this increases.',
      ...common,
      collect() {
        for (const [name, q] of queues) this.set({ name }, q.inFlight().total);
      },
    });
    new Gauge({
      name: 'workqueue_longest_running_processor_seconds',
      help: 'How many seconds has the longest running processor for workqueue been running.',
      ...common,
      collect() {
        for (const [name, q] of queues) this.set({ name }, q.inFlight().longest);
      },
    });
  }

  /** The metrics of queue `name`. */
  queueMetrics<T>(name: string, clock: Clock): QueueMetrics<T> {
    const labels = { name };
    const q = new Bookkeeping<T>(clock, {
      depth: this.depth.labels(labels),
      adds: this.adds.labels(labels),
      queueDuration: this.queueDuration.labels(labels),
      workDuration: this.workDuration.labels(labels),
      retries: this.retries.labels(labels),
    });
    this.queues.set(name, q);
    return q;
  }
}
