/** What the scheduling loop works with; built by buildScheduler, replaced by fakes in tests. */
import type { Clock } from '@wheelhouse/client';
import type { Logger } from 'pino';
import type { SchedulerCache } from '../cache/cache.js';
import type { ClusterListers, ClusterWriter, SchedulerEvents } from '../framework/handle.js';
import type { Framework } from '../framework/runtime.js';
import type { SchedulerMetrics } from '../metrics.js';
import type { PriorityQueue } from '../queue/scheduling-queue.js';

/** The loop's collaborators. */
export interface LoopDeps {
  readonly cache: SchedulerCache;
  readonly queue: PriorityQueue;
  readonly profiles: ReadonlyMap<string, Framework>;
  readonly listers: ClusterListers;
  readonly writer: ClusterWriter;
  readonly events: SchedulerEvents;
  readonly metrics: SchedulerMetrics;
  readonly clock: Clock;
  readonly log: Logger;
  /** The scheduler-wide percentageOfNodesToScore. */
  readonly percentageOfNodesToScore: number;
}
