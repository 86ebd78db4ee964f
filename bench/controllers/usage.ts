/** CPU seconds per phase and peak RSS of each component, from /proc. */
import { cpuSeconds, memoryMiB } from '../proc-stats.js';
import { type Component, exited } from './components.js';

/** CPU seconds of each component at one moment, by name. */
export type CpuMark = Map<string, number>;

/** Each component's figures over one phase. */
export interface PhaseUsage {
  seconds: number;
  /** CPU seconds used in the phase, by component (NaN for one that has exited). */
  cpu: Record<string, number>;
}

/** Reads every component's CPU seconds now (NaN for one that has exited). */
export function markCpu(components: Component[]): CpuMark {
  return new Map(components.map((c) => [c.name, exited(c) ? NaN : cpuSeconds(c.process().child.pid!)]));
}

/** The CPU each component used since `from`, over `seconds` of wall time. */
export function phaseUsage(components: Component[], from: CpuMark, seconds: number): PhaseUsage {
  const now = markCpu(components);
  return { seconds, cpu: Object.fromEntries(components.map((c) => [c.name, now.get(c.name)! - from.get(c.name)!])) };
}

/** Each component's peak RSS (VmHWM) in MiB so far, by name. */
export function peakRss(components: Component[]): Record<string, number> {
  return Object.fromEntries(components.map((c) => [c.name, exited(c) ? NaN : memoryMiB(c.process().child.pid!).peak]));
}

const cell = (cpu: number, seconds: number): string =>
  `${cpu.toFixed(1).padStart(7)} s ${((100 * cpu) / seconds).toFixed(0).padStart(4)}%`;

/** A table: per component, CPU seconds and % of one core in each phase, then peak RSS. */
export function usageTable(
  components: Component[],
  phases: [string, PhaseUsage][],
  rss: Record<string, number>,
): string {
  const head =
    'component'.padEnd(20) + phases.map(([name]) => name.padStart(16)).join('') + 'peak RSS'.padStart(12) + '\n';
  const rows = components.map(
    (c) =>
      c.name.padEnd(20) +
      phases.map(([, p]) => cell(p.cpu[c.name]!, p.seconds).padStart(16)).join('') +
      `${rss[c.name]!.toFixed(0)} MiB`.padStart(12),
  );
  return head + rows.join('\n');
}
