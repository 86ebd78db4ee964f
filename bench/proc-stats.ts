/**
 * CPU time and memory of another process, from Linux /proc; shared by the benches that run
 * components as their own processes (kubelet, scheduler, controllers).
 */
import { existsSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/PID/stat's utime and stime (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** Whether this kernel keeps per-task scheduler statistics (CONFIG_SCHEDSTATS). */
const HAS_SCHEDSTAT = existsSync('/proc/self/schedstat');

/** User + system CPU seconds the process has used so far. Throws once the process is gone. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/**
 * Seconds the process's main thread (Node's event loop) has spent runnable but waiting for a
 * CPU so far: the second field of /proc/PID/schedstat (the kernel's run_delay, in ns). A
 * component whose main thread waits a large share of the wall time is short of CPU, not of
 * work. Throws once the process is gone; NaN where the kernel keeps no schedstats.
 */
export function runQueueSeconds(pid: number): number {
  if (!HAS_SCHEDSTAT) return NaN;
  return Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[1]) / 1e9;
}

/** Resident set size (VmRSS), its peak (VmHWM) and its anonymous and file-backed parts, in MiB. Throws once the process is gone. */
export function memoryMiB(pid: number): { rss: number; peak: number; anon: number; file: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string): number => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024, anon: kb('RssAnon') / 1024, file: kb('RssFile') / 1024 };
}
