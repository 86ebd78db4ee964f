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
}

/** Why no log can be shown; `message` is the kubelet's wording. */
export interface LogRefusal {
  readonly refused: string;
}

type Status = DeepReadonly<ContainerStatus>;

/**
 * The simulated output of a container's current run (or, with `previous`, its last finished
 * one) as of `now`, derived from the pod alone so it survives kubelet restarts: a start
 * line, the lines of the `sim.wheelhouse.dev/log` annotation written by then (a run that
 * ended writes none after its end), and an exit line once the run ended. Refuses with the
 * kubelet's messages a container that has not started or has no previous run.
 */
export function containerLog(
  pod: CachedPod,
  container: string,
  previous: boolean,
  now: number,
): ContainerLog | LogRefusal {
  const status = findStatus(pod, container);
  const podName = pod.metadata.name;
  if (previous) {
    const last = status?.lastState?.terminated;
    if (!last?.startedAt)
      return { refused: `previous terminated container "${container}" in pod "${podName}" not found` };
    return runLog(pod, status!, status!.lastState!, now);
  }
  const state = status?.state;
  if (!status || !state || (!state.running && !state.terminated?.startedAt)) {
    const reason = state?.waiting?.reason ?? 'ContainerCreating';
    return { refused: `container "${container}" in pod "${podName}" is waiting to start: ${reason}` };
  }
  return runLog(pod, status, state, now);
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

function runLog(pod: CachedPod, status: Status, state: DeepReadonly<ContainerState>, now: number): ContainerLog {
  const startedAt = state.running?.startedAt ?? state.terminated?.startedAt ?? '';
  const start = Date.parse(startedAt);
  const image = status.image ?? '';
  const lines: LogLine[] = [{ at: start, text: `[wheelhouse-sim] container ${status.name} started (image ${image})` }];
  const end = state.terminated;
  const until = end ? Date.parse(end.finishedAt ?? startedAt) : now;
  const planned = annotationLines(pod, start);
  lines.push(...planned.filter((l) => l.at <= until));
  const nextAt = end ? undefined : planned.find((l) => l.at > until)?.at;
  if (end) {
    const text = `[wheelhouse-sim] container ${status.name} exited with code ${end.exitCode ?? 0} (${end.reason ?? 'Completed'})`;
    lines.push({ at: until, text });
  }
  return nextAt === undefined
    ? { lines, ended: !!end, run: startedAt }
    : { lines, ended: false, run: startedAt, nextAt };
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
