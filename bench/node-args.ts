/**
 * Node's flags for a component a benchmark launches: those `wheelhouse up` runs it with
 * (COMPONENT_NODE_FLAGS), then any in BENCH_NODE_FLAGS (space-separated, for trying a V8 or
 * GC flag on every component), and with BENCH_PROFILE=DIR `--cpu-prof` so that it writes its
 * V8 CPU profile there when it exits.
 */
import { COMPONENT_NODE_FLAGS, SCHED_POLICY_ENV, schedulingPrefix } from '@wheelhouse/cli';

const PROFILE_DIR = process.env.BENCH_PROFILE;
const EXTRA = (process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean);

/** The flags, profiling included when BENCH_PROFILE is set. */
export const BENCH_NODE_ARGS: readonly string[] = [
  ...COMPONENT_NODE_FLAGS,
  ...EXTRA,
  ...(PROFILE_DIR ? ['--cpu-prof', '--cpu-prof-dir', PROFILE_DIR] : []),
];

/**
 * What each component runs under, as `wheelhouse up` launches it: `chrt --batch 0` on Linux
 * (ADR 0014); `WHEELHOUSE_SCHED_POLICY=other` runs them as Linux's default, to compare.
 */
export const BENCH_LAUNCHER: readonly string[] = schedulingPrefix();

/** One line saying how the components are scheduled, printed with the figures. */
export function launcherLine(): string {
  return BENCH_LAUNCHER.length
    ? `components: ${BENCH_LAUNCHER.join(' ')} (SCHED_BATCH, as wheelhouse up runs them; ${SCHED_POLICY_ENV}=other to compare)`
    : `components: Linux's default scheduling (SCHED_OTHER)`;
}
