import type { Pod } from '@wheelhouse/api';
import type { Informer, Served } from '@wheelhouse/client';
import type { Clock, TimerHandle } from '@wheelhouse/machinery';
import { containerLog, formatLine, type ContainerLog } from '../pods/container-logs.js';
import type { StageLogBook } from '../pods/stage-log-book.js';
import type { CachedPod } from '../types.js';

/**
 * What following writes to, the kubelet's clock (lines due later are written when it gets
 * there) and the lines stages write (written as they are).
 */
export interface FollowTarget {
  timestamps: boolean;
  clock: Clock;
  stageLogs?: StageLogBook;
  write(text: string): void;
  end(): void;
}

/**
 * Follows one run of a container: calls `write` with each new line as the pod's status
 * changes, as lines fall due on the clock and as stages write lines, and `end` once the run ended (exit line
 * written), the container restarted, or the pod is gone. Returns a function that stops
 * following.
 */
export function followLog(
  informer: Informer<Served<Pod>>,
  pod: CachedPod,
  container: string,
  first: ContainerLog,
  o: FollowTarget,
): () => void {
  let latest = pod;
  /** Lines written so far, counting the stage lines dropped since (they stay counted). */
  let sent = (first.dropped ?? 0) + first.lines.length;
  let done = false;
  let timer: TimerHandle | undefined;
  const finish = (): void => {
    if (done) return;
    done = true;
    if (timer !== undefined) o.clock.clearTimeout(timer);
    registration.remove();
    unwatch?.();
    o.end();
  };
  const schedule = (at: number | undefined): void => {
    if (timer !== undefined) o.clock.clearTimeout(timer);
    timer = at === undefined ? undefined : o.clock.setTimeout(flush, at - o.clock.now());
  };
  const flush = (): void => {
    if (done) return;
    const run = sameRun(latest, container, first.run, o.clock.now(), o.stageLogs);
    if (!run) return finish();
    const dropped = run.dropped ?? 0;
    for (const line of run.lines.slice(Math.max(0, sent - dropped))) o.write(formatLine(line, o.timestamps));
    sent = dropped + run.lines.length;
    if (run.ended) return finish();
    schedule(run.nextAt);
  };
  const registration = informer.addEventHandler({
    onUpdate: (_old, next) => {
      if (next.metadata.uid !== pod.metadata.uid) return;
      latest = next as CachedPod;
      flush();
    },
    onDelete: (gone) => gone.metadata.uid === pod.metadata.uid && finish(),
  });
  const unwatch = o.stageLogs?.watch(pod.metadata.uid, flush);
  schedule(first.nextAt);
  return finish;
}

/** The log of the followed run, now the current one or (after a restart) the previous one. */
function sameRun(
  pod: CachedPod,
  container: string,
  run: string,
  now: number,
  stageLogs: StageLogBook | undefined,
): ContainerLog | undefined {
  for (const previous of [false, true]) {
    const log = containerLog(pod, container, previous, now, stageLogs);
    if ('lines' in log && log.run === run) return log;
  }
  return undefined;
}
