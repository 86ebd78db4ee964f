/**
 * CPU seconds per phase, the time each main thread waited for a CPU, and peak RSS of each
 * component, from /proc.
 */
import { cpuSeconds, memoryMiB, runQueueSeconds } from '../proc-stats.js';
import { type Component, exited } from './components.js';

/** CPU seconds of each component at one moment, by name. */
export type CpuMark = Map<string, number>;

/**
 * The bench's own process, shown beside the components: its watches and bookkeeping run on
 * the same cores, so what it takes is not there for the control plane.
 */
export const BENCH_SELF = 'bench';

function selfCpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

function namesOf(components: Component[]): string[] {
  return [...components.map((c) => c.name), BENCH_SELF];
}

/** Seconds each component's main thread has waited for a CPU (runnable, not running) at one moment, by name. */
export type WaitMark = Map<string, number>;

/** Each component's figures over one phase. */
export interface PhaseUsage {
  seconds: number;
  /** CPU seconds used in the phase, by component (NaN for one that has exited). */
  cpu: Record<string, number>;
  /** Seconds the main thread waited for a CPU in the phase, by component, when measured. */
  waiting?: Record<string, number>;
}

/** One reading of every component's process (NaN for one that has exited) and `self` for the bench. */
function mark(components: Component[], read: (pid: number) => number, self: number): Map<string, number> {
  const marks = components.map((c): [string, number] => [c.name, exited(c) ? NaN : read(c.process().child.pid!)]);
  return new Map([...marks, [BENCH_SELF, self]]);
}

/** Reads every component's CPU seconds now (NaN for one that has exited). */
export function markCpu(components: Component[]): CpuMark {
  return mark(components, cpuSeconds, selfCpuSeconds());
}

/** Reads how long every component's main thread has waited for a CPU so far (NaN for one that has exited). */
export function markWaiting(components: Component[]): WaitMark {
  return mark(components, runQueueSeconds, runQueueSeconds(process.pid));
}

const since = (names: string[], now: Map<string, number>, from: Map<string, number>): Record<string, number> =>
  Object.fromEntries(names.map((n) => [n, now.get(n)! - from.get(n)!]));

/**
 * The CPU each component used since `from`, over `seconds` of wall time, and with `fromWaiting`
 * how long its main thread waited for a CPU since then.
 */
export function phaseUsage(
  components: Component[],
  from: CpuMark,
  seconds: number,
  fromWaiting?: WaitMark,
): PhaseUsage {
  const names = namesOf(components);
  const cpu = since(names, markCpu(components), from);
  return fromWaiting ? { seconds, cpu, waiting: since(names, markWaiting(components), fromWaiting) } : { seconds, cpu };
}

/** Each component's peak RSS (VmHWM) in MiB so far, by name. */
export function peakRss(components: Component[]): Record<string, number> {
  const peaks = components.map((c) => [c.name, exited(c) ? NaN : memoryMiB(c.process().child.pid!).peak]);
  return Object.fromEntries([...peaks, [BENCH_SELF, memoryMiB(process.pid).peak]]);
}

const cell = (cpu: number, seconds: number): string =>
  `${cpu.toFixed(1).padStart(7)} s ${((100 * cpu) / seconds).toFixed(0).padStart(4)}%`;

const WAITING_HEAD = 'main thread waiting for a CPU';

/** The share of the phase's wall time the main thread waited for a CPU, e.g. "38%". */
const waitingCell = (p: PhaseUsage, name: string): string =>
  `${((100 * p.waiting![name]!) / p.seconds).toFixed(0)}%`.padStart(WAITING_HEAD.length + 2);

/**
 * A table: per component (and the bench itself), CPU seconds and % of one core in each phase
 * (and, for a phase that measured it, the share of its wall time the main thread waited for a
 * CPU), then peak RSS.
 */
export function usageTable(
  components: Component[],
  phases: [string, PhaseUsage][],
  rss: Record<string, number>,
): string {
  const columns = (p: PhaseUsage, name: string): string =>
    cell(p.cpu[name]!, p.seconds).padStart(16) + (p.waiting ? waitingCell(p, name) : '');
  const head =
    'component'.padEnd(20) +
    phases
      .map(([name, p]) => name.padStart(16) + (p.waiting ? WAITING_HEAD.padStart(WAITING_HEAD.length + 2) : ''))
      .join('') +
    'peak RSS'.padStart(12) +
    '\n';
  const rows = namesOf(components).map(
    (name) =>
      name.padEnd(20) + phases.map(([, p]) => columns(p, name)).join('') + `${rss[name]!.toFixed(0)} MiB`.padStart(12),
  );
  return head + rows.join('\n');
}
