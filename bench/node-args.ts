/**
 * Node's flags for a component a benchmark launches: those `wheelhouse up` runs it with
 * (COMPONENT_NODE_FLAGS), then any in BENCH_NODE_FLAGS (space-separated, for trying a V8 or
 * GC flag on every component), and with BENCH_PROFILE=DIR `--cpu-prof` so that it writes its
 * V8 CPU profile there when it exits.
 */
import { COMPONENT_NODE_FLAGS } from '@wheelhouse/cli';

const PROFILE_DIR = process.env.BENCH_PROFILE;
const EXTRA = (process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean);

/** The flags, profiling included when BENCH_PROFILE is set. */
export const BENCH_NODE_ARGS: readonly string[] = [
  ...COMPONENT_NODE_FLAGS,
  ...EXTRA,
  ...(PROFILE_DIR ? ['--cpu-prof', '--cpu-prof-dir', PROFILE_DIR] : []),
];
