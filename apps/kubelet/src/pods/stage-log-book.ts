import type { LogLine, StageLines } from './container-logs.js';

/** The default of {@link StageLogBookOptions.maxLinesPerRun}. */
export const DEFAULT_MAX_STAGE_LINES_PER_RUN = 1000;

/** Options of a {@link StageLogBook}. */
export interface StageLogBookOptions {
  /** Lines kept per container run; beyond it the oldest are dropped (default 1000). */
  maxLinesPerRun?: number;
}

interface RunLines {
  lines: LogLine[];
  dropped: number;
}

/** A pod's lines: per container, its runs (by start time) in the order they were first written. */
type PodLines = Map<string, Map<string, RunLines>>;

/** Runs kept per container: the current and the previous one (all `kubectl logs [--previous]` shows). */
const RUNS_KEPT = 2;

/**
 * The log lines stages wrote, in the kubelet's memory per pod uid, container and run (the
 * run's start time): unlike the `sim.wheelhouse.dev/log` annotation's lines they are lost
 * when the kubelet process restarts. Memory is bounded: at most `maxLinesPerRun` lines per
 * run (the oldest dropped), the two latest runs per container, and a pod's lines are
 * forgotten when the pod is gone. Watchers of a pod are told synchronously of each write.
 */
export class StageLogBook implements StageLines {
  private readonly pods = new Map<string, PodLines>();
  private readonly watchers = new Map<string, Set<() => void>>();
  private readonly max: number;

  /** An empty book. */
  constructor(o: StageLogBookOptions = {}) {
    this.max = Math.max(1, o.maxLinesPerRun ?? DEFAULT_MAX_STAGE_LINES_PER_RUN);
  }

  /** Appends `lines` to one run of a container of pod `uid`, then tells the pod's watchers. */
  write(uid: string, container: string, run: string, lines: readonly LogLine[]): void {
    if (lines.length === 0) return;
    const entry = this.runOf(uid, container, run);
    entry.lines.push(...lines);
    const excess = entry.lines.length - this.max;
    if (excess > 0) {
      entry.lines.splice(0, excess);
      entry.dropped += excess;
    }
    for (const notify of [...(this.watchers.get(uid) ?? [])]) notify();
  }

  /** The kept lines of one run in the order written, and how many older ones were dropped. */
  of(uid: string, container: string, run: string): { lines: readonly LogLine[]; dropped: number } {
    const entry = this.pods.get(uid)?.get(container)?.get(run);
    return entry ? { lines: entry.lines, dropped: entry.dropped } : { lines: [], dropped: 0 };
  }

  /** Calls `notify` after each write for pod `uid`; returns the function that stops it. */
  watch(uid: string, notify: () => void): () => void {
    let set = this.watchers.get(uid);
    if (!set) this.watchers.set(uid, (set = new Set()));
    set.add(notify);
    return () => {
      set.delete(notify);
      if (set.size === 0 && this.watchers.get(uid) === set) this.watchers.delete(uid);
    };
  }

  /** Forgets the lines of a pod that is gone. */
  forget(uid: string): void {
    this.pods.delete(uid);
  }

  private runOf(uid: string, container: string, run: string): RunLines {
    let pod = this.pods.get(uid);
    if (!pod) this.pods.set(uid, (pod = new Map()));
    let runs = pod.get(container);
    if (!runs) pod.set(container, (runs = new Map()));
    let entry = runs.get(run);
    if (!entry) {
      runs.set(run, (entry = { lines: [], dropped: 0 }));
      for (const old of [...runs.keys()].slice(0, Math.max(0, runs.size - RUNS_KEPT))) runs.delete(old);
    }
    return entry;
  }
}
