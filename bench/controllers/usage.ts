/** CPU seconds per phase and peak RSS of each component, from /proc. */
import { cpuSeconds, memoryMiB } from '../proc-stats.js';
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

/** Each component's figures over one phase. */
export interface PhaseUsage {
  seconds: number;
  /** CPU seconds used in the phase, by component (NaN for one that has exited). */
  cpu: Record<string, number>;
}

/** Reads every component's CPU seconds now (NaN for one that has exited). */
export function markCpu(components: Component[]): CpuMark {
  const marks = components.map((c): [string, number] => [c.name, exited(c) ? NaN : cpuSeconds(c.process().child.pid!)]);
  return new Map([...marks, [BENCH_SELF, selfCpuSeconds()]]);
}

/** The CPU each component used since `from`, over `seconds` of wall time. */
export function phaseUsage(components: Component[], from: CpuMark, seconds: number): PhaseUsage {
  const now = markCpu(components);
  return { seconds, cpu: Object.fromEntries(namesOf(components).map((n) => [n, now.get(n)! - from.get(n)!])) };
}

/** Each component's peak RSS (VmHWM) in MiB so far, by name. */
export function peakRss(components: Component[]): Record<string, number> {
  const peaks = components.map((c) => [c.name, exited(c) ? NaN : memoryMiB(c.process().child.pid!).peak]);
  return Object.fromEntries([...peaks, [BENCH_SELF, memoryMiB(process.pid).peak]]);
}

const cell = (cpu: number, seconds: number): string =>
  `${cpu.toFixed(1).padStart(7)} s ${((100 * cpu) / seconds).toFixed(0).padStart(4)}%`;

/** A table: per component (and the bench itself), CPU seconds and % of one core in each phase, then peak RSS. */
export function usageTable(
  components: Component[],
  phases: [string, PhaseUsage][],
  rss: Record<string, number>,
): string {
  const head =
    'component'.padEnd(20) + phases.map(([name]) => name.padStart(16)).join('') + 'peak RSS'.padStart(12) + '\n';
  const rows = namesOf(components).map(
    (name) =>
      name.padEnd(20) +
      phases.map(([, p]) => cell(p.cpu[name]!, p.seconds).padStart(16)).join('') +
      `${rss[name]!.toFixed(0)} MiB`.padStart(12),
  );
  return head + rows.join('\n');
}
