import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { FakeClock } from '@wheelhouse/testing';
import { ClientError } from './errors.js';
import { ItemExponentialRateLimiter } from './rate-limit.js';
import { WorkQueue } from './workqueue.js';
import { PrometheusWorkQueueMetrics } from './workqueue-metrics.js';

function setup() {
  const clock = new FakeClock(0);
  const registry = new Registry();
  const metricsProvider = new PrometheusWorkQueueMetrics(registry);
  const q = new WorkQueue<string>({
    clock,
    name: 'pods',
    metricsProvider,
    rateLimiter: new ItemExponentialRateLimiter(10, 1000),
  });
  /** The value of one series in the Prometheus text a scrape answers. */
  const sample = async (series: string): Promise<number | undefined> => {
    const line = (await registry.metrics()).split('\n').find((l) => l.startsWith(`${series} `));
    return line === undefined ? undefined : Number(line.slice(series.length + 1));
  };
  return { clock, q, sample };
}

describe('work queue metrics', () => {
  it("counts adds, depth, waits, work time and retries under client-go's names", async () => {
    const { clock, q, sample } = setup();
    q.add('a');
    q.add('a'); // collapses: one add
    q.add('b');
    expect(await sample('workqueue_adds_total{name="pods"}')).toBe(2);
    expect(await sample('workqueue_depth{name="pods"}')).toBe(2);

    await clock.advance(2_000);
    const a = (await q.get())!;
    expect(await sample('workqueue_depth{name="pods"}')).toBe(1);
    expect(await sample('workqueue_queue_duration_seconds_count{name="pods"}')).toBe(1);
    expect(await sample('workqueue_queue_duration_seconds_sum{name="pods"}')).toBe(2);

    await clock.advance(500);
    expect(await sample('workqueue_unfinished_work_seconds{name="pods"}')).toBe(0.5);
    expect(await sample('workqueue_longest_running_processor_seconds{name="pods"}')).toBe(0.5);
    q.done(a);
    expect(await sample('workqueue_work_duration_seconds_count{name="pods"}')).toBe(1);
    expect(await sample('workqueue_work_duration_seconds_sum{name="pods"}')).toBe(0.5);
    expect(await sample('workqueue_unfinished_work_seconds{name="pods"}')).toBe(0);

    q.addRateLimited('c');
    q.addAfter('d', 100);
    expect(await sample('workqueue_retries_total{name="pods"}')).toBe(2);
    await clock.advance(100);
    expect(await sample('workqueue_depth{name="pods"}')).toBe(3);
    q.shutDown(); // drops what is pending
    expect(await sample('workqueue_depth{name="pods"}')).toBe(0);
  });

  it('rejects a metrics provider for a queue without a name', () => {
    const metricsProvider = new PrometheusWorkQueueMetrics(new Registry());
    expect(() => new WorkQueue<string>({ metricsProvider })).toThrow(ClientError);
  });
});
