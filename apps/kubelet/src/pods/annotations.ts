import type { CachedPod } from '../types.js';

/** The pod annotations the simulator reads. */
export const SIM_ANNOTATIONS = {
  runSeconds: 'sim.wheelhouse.dev/run-seconds',
  exitCode: 'sim.wheelhouse.dev/exit-code',
  crashAfterSeconds: 'sim.wheelhouse.dev/crash-after-seconds',
  stopSeconds: 'sim.wheelhouse.dev/stop-seconds',
  /** Seconds between the lines of sim.wheelhouse.dev/log (default 0: all at the start). */
  logIntervalSeconds: 'sim.wheelhouse.dev/log-interval-seconds',
} as const;

const SECONDS = [
  SIM_ANNOTATIONS.runSeconds,
  SIM_ANNOTATIONS.crashAfterSeconds,
  SIM_ANNOTATIONS.stopSeconds,
  SIM_ANNOTATIONS.logIntervalSeconds,
];

function isSeconds(v: string): boolean {
  return v.trim() !== '' && Number.isFinite(Number(v)) && Number(v) >= 0;
}

function isExitCode(v: string): boolean {
  return /^\d{1,3}$/.test(v.trim()) && Number(v) <= 255;
}

/**
 * What the simulator cannot model about a pod, one sentence each (empty when all is well):
 * simulation annotations that do not parse, or that the pod's restartPolicy makes moot.
 * Such annotations are ignored; the kubelet says so in a Warning event.
 */
export function simulationProblems(pod: CachedPod): string[] {
  const a = (pod.metadata.annotations ?? {}) as Record<string, string>;
  const problems: string[] = [];
  for (const key of SECONDS) {
    if (a[key] !== undefined && !isSeconds(a[key]))
      problems.push(`annotation ${key}="${a[key]}" is not a number of seconds; it is ignored`);
  }
  const code = a[SIM_ANNOTATIONS.exitCode];
  if (code !== undefined && !isExitCode(code))
    problems.push(`annotation ${SIM_ANNOTATIONS.exitCode}="${code}" is not an exit code (0-255); it is ignored`);
  const policy = pod.spec?.restartPolicy ?? 'Always';
  if (policy === 'Always' && a[SIM_ANNOTATIONS.runSeconds] !== undefined)
    problems.push(
      `annotation ${SIM_ANNOTATIONS.runSeconds} needs restartPolicy Never or OnFailure (use ${SIM_ANNOTATIONS.crashAfterSeconds}); it is ignored`,
    );
  if (policy !== 'Always' && a[SIM_ANNOTATIONS.crashAfterSeconds] !== undefined)
    problems.push(`annotation ${SIM_ANNOTATIONS.crashAfterSeconds} needs restartPolicy Always; it is ignored`);
  return problems;
}
