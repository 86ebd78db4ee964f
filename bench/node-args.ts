/**
 * Node's flags for a component a benchmark launches: those `wheelhouse up` runs it with
 * (COMPONENT_NODE_FLAGS), and with BENCH_PROFILE=DIR `--cpu-prof` so that it writes its V8
 * CPU profile there when it exits.
 */
import { COMPONENT_NODE_FLAGS } from '@wheelhouse/cli';

const PROFILE_DIR = process.env.BENCH_PROFILE;

/** The flags, profiling included when BENCH_PROFILE is set. */
export const BENCH_NODE_ARGS: readonly string[] = [
  ...COMPONENT_NODE_FLAGS,
  ...(PROFILE_DIR ? ['--cpu-prof', '--cpu-prof-dir', PROFILE_DIR] : []),
];
