import type { Pod } from '@wheelhouse/api';
import type { Informer, Served } from '@wheelhouse/client';
import { containerLog, formatLine, type ContainerLog } from '../pods/container-logs.js';
import type { CachedPod } from '../types.js';

/**
 * Follows one run of a container: calls `write` with each new line as the pod's status
 * changes, and `end` once the run ended (exit line written), the container restarted, or the
 * pod is gone. Resolves a function that stops following.
 */
export function followLog(
  informer: Informer<Served<Pod>>,
  pod: CachedPod,
  container: string,
  first: ContainerLog,
  o: { timestamps: boolean; write(text: string): void; end(): void },
): () => void {
  let sent = first.lines.length;
  let done = false;
  const finish = (): void => {
    if (done) return;
    done = true;
    registration.remove();
    o.end();
  };
  const update = (next: CachedPod): void => {
    if (done || next.metadata.uid !== pod.metadata.uid) return;
    const run = sameRun(next, container, first.run);
    if (!run) return finish();
    for (const line of run.lines.slice(sent)) o.write(formatLine(line, o.timestamps));
    sent = run.lines.length;
    if (run.ended) finish();
  };
  const registration = informer.addEventHandler({
    onUpdate: (_old, next) => update(next as CachedPod),
    onDelete: (gone) => gone.metadata.uid === pod.metadata.uid && finish(),
  });
  return finish;
}

/** The log of the followed run, now the current one or (after a restart) the previous one. */
function sameRun(pod: CachedPod, container: string, run: string): ContainerLog | undefined {
  for (const previous of [false, true]) {
    const log = containerLog(pod, container, previous);
    if ('lines' in log && log.run === run) return log;
  }
  return undefined;
}
