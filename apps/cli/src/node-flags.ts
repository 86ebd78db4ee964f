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

/** What precedes a component's command (`store`, `apiserver`, ...) on Node's command line: its flags, then the bin. */
export const COMPONENT_LAUNCH: readonly string[] = [...COMPONENT_NODE_FLAGS, BIN];
