import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Node flags every control-plane component runs with, as `wheelhouse up` and `wheelhouse start`
 * launch them (benchmarks that launch components themselves pass the same).
 *
 * `--max-semi-space-size=32` (MiB; V8's default is 16): a young generation twice the default.
 * Every component turns over many short-lived objects per request (decoded bodies, patches,
 * watch lines), and scavenging a fuller young generation less often promotes fewer of them.
 * In bench/kubelet (1,000 nodes, 10,000 pods) it cut CPU per pod by 12% across the store, the
 * API server and the kubelet (docs/benchmarks.md). V8 reads it only at start, so it must be a
 * command-line flag, not `v8.setFlagsFromString`.
 */
export const COMPONENT_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=32'];

/** The wheelhouse bin every component is a command of. */
const BIN = fileURLToPath(new URL('../bin/wheelhouse.mjs', import.meta.url));

/** The environment variable that picks the components' Linux scheduling policy: `batch` (default) or `other`. */
export const SCHED_POLICY_ENV = 'WHEELHOUSE_SCHED_POLICY';

/** A program and its arguments, as a child process is spawned. */
export interface Launch {
  command: string;
  args: string[];
}

let prefix: readonly string[] | undefined;

/**
 * What runs ahead of Node for each component of a plane: on Linux, `chrt --batch 0` (util-linux),
 * so that the components run under SCHED_BATCH (ADR 0014), unless {@link SCHED_POLICY_ENV} is
 * `other` or chrt cannot set the policy here (not installed, or refused): then nothing. Probed
 * once per process. Throws on a value of the variable other than `batch` or `other`.
 */
export function schedulingPrefix(env: NodeJS.ProcessEnv = process.env): readonly string[] {
  const policy = env[SCHED_POLICY_ENV] ?? 'batch';
  if (policy !== 'batch' && policy !== 'other')
    throw new Error(`${SCHED_POLICY_ENV} must be "batch" or "other", not ${JSON.stringify(policy)}`);
  if (policy === 'other' || process.platform !== 'linux') return [];
  prefix ??=
    spawnSync('chrt', ['--batch', '0', 'true'], { stdio: 'ignore' }).status === 0 ? ['chrt', '--batch', '0'] : [];
  return prefix;
}

/**
 * How a component of a plane is launched: its scheduling prefix (see {@link schedulingPrefix}),
 * Node with `nodeFlags` (default {@link COMPONENT_NODE_FLAGS}), the wheelhouse bin, then `args`
 * (the component's command and flags: `apiserver --port ...`).
 */
export function launchComponent(
  args: readonly string[],
  nodeFlags: readonly string[] = COMPONENT_NODE_FLAGS,
  bin: string = BIN,
): Launch {
  const [command, ...rest] = [...schedulingPrefix(), process.execPath, ...nodeFlags, bin, ...args];
  return { command: command!, args: rest };
}
