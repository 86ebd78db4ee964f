import type { ContainerState, ContainerStatus } from '@wheelhouse/api';
import type { DeepReadonly } from '@wheelhouse/client';
import type { CachedPod } from '../types.js';
import { SIM_ANNOTATIONS } from './annotations.js';

/**
 * The annotation whose lines (one per line of its value) each container prints when it
 * starts, or one every sim.wheelhouse.dev/log-interval-seconds from its start.
 */
export const LOG_ANNOTATION = 'sim.wheelhouse.dev/log';

/** One line of simulated output, with the time it was written (epoch ms). */
export interface LogLine {
  readonly at: number;
  readonly text: string;
}

/** The output of one run of a container: its lines, and whether that run has ended. */
export interface ContainerLog {
  readonly lines: LogLine[];
  readonly ended: boolean;
  /** Identifies the run (its start time): a new run means the followed one ended. */
  readonly run: string;
  /** When the run's next line is due (epoch ms); absent when no more lines will come before it ends. */
  readonly nextAt?: number;
  /** How many of the run's stage lines, older than `lines`, are no longer kept (absent: none). */
  readonly dropped?: number;
}

/** The lines stages wrote to one run of a container (`run`: its start time), oldest first. */
export interface StageLines {
  /** The kept lines and how many older ones were dropped. */
  of(uid: string, container: string, run: string): { lines: readonly LogLine[]; dropped: number };
}

/** Why no log can be shown; `message` is the kubelet's wording. */
export interface LogRefusal {
  readonly refused: string;
}

type Status = DeepReadonly<ContainerStatus>;

/**
 * The simulated output of a container's current run (or, with `previous`, its last finished
 * one) as of `now`: a start line, then by time the lines of the `sim.wheelhouse.dev/log`
 * annotation written by then (derived from the pod, so they survive kubelet restarts) and
 * the lines stages wrote to the run (from `stageLines`; at equal times after the
 * annotation's), none after the run's end, and an exit line once the run ended. Refuses with
 * the kubelet's messages a container that has not started or has no previous run.
 */
export function containerLog(
  pod: CachedPod,
  container: string,
  previous: boolean,
  now: number,
  stageLines?: StageLines,
): ContainerLog | LogRefusal {
  const status = findStatus(pod, container);
  const podName = pod.metadata.name;
  if (previous) {
    const last = status?.lastState?.terminated;
    if (!last?.startedAt)
      return { refused: `previous terminated container "${container}" in pod "${podName}" not found` };
    return runLog(pod, status!, status!.lastState!, now, stageLines);
  }
  const state = status?.state;
  if (!status || !state || (!state.running && !state.terminated?.startedAt)) {
    const reason = state?.waiting?.reason ?? 'ContainerCreating';
    return { refused: `container "${container}" in pod "${podName}" is waiting to start: ${reason}` };
  }
  return runLog(pod, status, state, now, stageLines);
}

function findStatus(pod: CachedPod, container: string): Status | undefined {
  const all = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
  return all.find((s) => s.name === container);
}

/** The annotation's lines, each with when it is written (interval seconds apart from `start`). */
function annotationLines(pod: CachedPod, start: number): LogLine[] {
  const a = (pod.metadata.annotations ?? {}) as Record<string, string>;
  const text = a[LOG_ANNOTATION];
  if (!text) return [];
  const interval = Number(a[SIM_ANNOTATIONS.logIntervalSeconds] ?? 0);
  const stepMs = Number.isFinite(interval) && interval > 0 ? interval * 1000 : 0;
  return text.split('\n').map((line, i) => ({ at: start + i * stepMs, text: line }));
}

function runLog(
  pod: CachedPod,
  status: Status,
  state: DeepReadonly<ContainerState>,
  now: number,
  stageLines: StageLines | undefined,
): ContainerLog {
  const startedAt = state.running?.startedAt ?? state.terminated?.startedAt ?? '';
  const start = Date.parse(startedAt);
  const image = status.image ?? '';
  const lines: LogLine[] = [{ at: start, text: `[wheelhouse-sim] container ${status.name} started (image ${image})` }];
  const end = state.terminated;
  const until = end ? Date.parse(end.finishedAt ?? startedAt) : now;
  const planned = annotationLines(pod, start);
  const staged = stageLines?.of(pod.metadata.uid, status.name ?? '', startedAt) ?? { lines: [], dropped: 0 };
  const written = [...planned, ...staged.lines].filter((l) => l.at <= until);
  lines.push(...written.sort((a, b) => a.at - b.at));
  const nextAt = end ? undefined : planned.find((l) => l.at > until)?.at;
  if (end) {
    const text = `[wheelhouse-sim] container ${status.name} exited with code ${end.exitCode ?? 0} (${end.reason ?? 'Completed'})`;
    lines.push({ at: until, text });
  }
  return {
    lines,
    ended: !!end,
    run: startedAt,
    ...(nextAt === undefined || end ? {} : { nextAt }),
    ...(staged.dropped > 0 ? { dropped: staged.dropped } : {}),
  };
}

/** Options of a log request, as the kubelet API takes them. */
export interface LogOptions {
  tailLines?: number;
  sinceMs?: number;
  timestamps?: boolean;
  limitBytes?: number;
}

/** The lines to send, filtered (since, tail), formatted (timestamps) and cut at limitBytes. */
export function formatLog(lines: readonly LogLine[], o: LogOptions): string {
  let picked = o.sinceMs === undefined ? lines : lines.filter((l) => l.at >= o.sinceMs!);
  if (o.tailLines !== undefined) picked = o.tailLines === 0 ? [] : picked.slice(-o.tailLines);
  const text = picked.map((l) => formatLine(l, o.timestamps)).join('');
  return o.limitBytes === undefined ? text : Buffer.from(text).subarray(0, o.limitBytes).toString();
}

/** One line as the runtime writes it: with an RFC 3339 nanosecond timestamp first when asked. */
export function formatLine(l: LogLine, timestamps = false): string {
  if (!timestamps) return `${l.text}\n`;
  const iso = new Date(l.at).toISOString();
  return `${iso.slice(0, 19)}.${iso.slice(20, 23)}000000Z ${l.text}\n`;
}
