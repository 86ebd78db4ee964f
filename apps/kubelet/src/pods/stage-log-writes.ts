import type { ContainerStatus, PodStatus } from '@wheelhouse/api';
import type { DeepReadonly } from '@wheelhouse/client';
import type { RenderedLogLine } from '../stages/compile.js';
import type { CachedPod } from '../types.js';

/** Lines for one run of one container. */
export interface StageLogWrite {
  readonly container: string;
  /** The run: its start time, as the container status has it. */
  readonly run: string;
  readonly texts: string[];
}

type Statuses = readonly DeepReadonly<ContainerStatus>[] | undefined;

/**
 * Where a stage's lines go: a line naming a container goes to that container's run, one
 * without to every container with a run; a container's run is the one running once the
 * stage's status change is made (`after`), else the one running before it (a stage that ends
 * a run writes to it). Lines for a container without a run are dropped. Keeps the lines'
 * order per container.
 */
export function stageLogWrites(
  pod: CachedPod,
  after: DeepReadonly<PodStatus> | undefined,
  lines: readonly RenderedLogLine[],
): StageLogWrite[] {
  const runs = containerRuns(pod.status, after);
  const writes = new Map<string, StageLogWrite>();
  for (const line of lines) {
    for (const container of line.container === undefined ? [...runs.keys()] : [line.container]) {
      const run = runs.get(container);
      if (run === undefined) continue;
      let w = writes.get(container);
      if (!w) writes.set(container, (w = { container, run, texts: [] }));
      w.texts.push(line.text);
    }
  }
  return [...writes.values()];
}

/** Each container's run (its start time), for containers with one, in the pod's order. */
function containerRuns(
  before: DeepReadonly<PodStatus> | undefined,
  after: DeepReadonly<PodStatus> | undefined,
): Map<string, string> {
  const runs = new Map<string, string>();
  const startedAt = (statuses: Statuses, name: string): string | undefined =>
    statuses?.find((s) => s.name === name)?.state?.running?.startedAt ?? undefined;
  const all = (s: DeepReadonly<PodStatus> | undefined): Statuses => [
    ...(s?.initContainerStatuses ?? []),
    ...(s?.containerStatuses ?? []),
  ];
  for (const { name = '' } of [...(all(after) ?? []), ...(all(before) ?? [])]) {
    if (runs.has(name)) continue;
    const run = startedAt(all(after), name) ?? startedAt(all(before), name);
    if (run) runs.set(name, run);
  }
  return runs;
}
