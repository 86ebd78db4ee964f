/**
 * What `wheelhouse up` runs: one child process per component, each through the same
 * launcher with its own command and flags (kube's names), talking only through the API
 * server; the nodes node-1..node-N packed {@link NODES_PER_KUBELET} to a kubelet process.
 */
import type { ChildSpec } from './supervisor.js';
import { adminPortFile, type ClusterPaths } from './data-dir.js';
import { adminUrl, answers200, gated, opening, until, WAIT_FOR_ENV } from './probes.js';
import type { Timings } from './timings.js';
import { launchComponent } from './node-flags.js';

/**
 * Nodes one kubelet process hosts at most. Each process costs ~100 MiB before it hosts
 * anything (Node itself, its heap, the loaded code), and one process keeps 1,000 nodes'
 * heartbeats on time (bench/kubelet), so 1,000 nodes take one.
 */
export const NODES_PER_KUBELET = 1000;

/** The prefix of node names: node-1, node-2, ... */
export const NODE_PREFIX = 'node-';

/** What `up` was asked for, resolved. */
export interface UpSettings {
  paths: ClusterPaths;
  nodes: number;
  port: number;
  storePort: number;
  /** External etcd endpoints: no store is started. */
  etcdServers: string[] | undefined;
  nodeCpu: string;
  nodeMemory: string;
  nodeMaxPods: number;
  timings: Timings;
  logLevel: string;
  /** Free ports for the scheduler's and the controller manager's /healthz. */
  schedulerPort: number;
  controllerManagerPort: number;
}

/** A port `up` needs, and the flag that chooses it (for the one-line error when it is taken). */
export interface NeededPort {
  component: string;
  port: number;
  flag: string;
}

/** One component to supervise, with how the status table shows it. */
export interface PlannedComponent {
  spec: ChildSpec;
  /** Whether it reads the kubeconfig `up` writes (it is launched only once that is written). */
  readsKubeconfig: boolean;
  /** Where it serves; a kubelet's is its admin API, known once it is ready. */
  address: () => Promise<string>;
  health: () => Promise<string>;
}

/** The children and what they need. */
export interface UpPlan {
  apiserver: string;
  ports: NeededPort[];
  components: PlannedComponent[];
}

/** A promise and the function that resolves it. */
function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

const probe = (url: string) => (signal: AbortSignal) => until(() => answers200(url), signal);

/** The range of nodes each kubelet process hosts. */
export function kubeletRanges(nodes: number): Array<{ name: string; first: number; count: number }> {
  const out = [];
  for (let first = 1, i = 1; first <= nodes; first += NODES_PER_KUBELET, i++)
    out.push({ name: `kubelet-${i}`, first, count: Math.min(NODES_PER_KUBELET, nodes - first + 1) });
  return out;
}

/** Builds the plan; pure apart from reading the controller manager's flags. */
export function planUp(s: UpSettings): UpPlan {
  const api = `http://127.0.0.1:${s.port}`;
  const etcd = s.etcdServers ?? [`http://127.0.0.1:${s.storePort}`];
  const log = ['--log-level', s.logLevel];
  const kubeconfig = ['--kubeconfig', s.paths.kubeconfig];
  const components: PlannedComponent[] = [];
  const fixed = (url: string) => () => Promise.resolve(url);
  // Readiness of the store and the API server, which the others wait for (WAIT_FOR_ENV).
  const storeUp = deferred();
  const apiUp = deferred();
  if (s.etcdServers) storeUp.resolve();
  if (!s.etcdServers) {
    components.push({
      spec: {
        name: 'store',
        ...launchComponent(['store', '--data-dir', s.paths.store, '--listen-client-urls', etcd[0]!, ...log]),
        ready: opening(probe(`${etcd[0]}/health`), storeUp.resolve),
        after: [],
      },
      readsKubeconfig: false,
      address: fixed(etcd[0]!),
      health: fixed(`${etcd[0]}/health`),
    });
  }
  components.push({
    spec: {
      name: 'apiserver',
      ...launchComponent([
        'apiserver',
        '--etcd-servers',
        etcd.join(','),
        '--bind-address',
        '127.0.0.1',
        '--port',
        String(s.port),
        '--default-not-ready-toleration-seconds',
        String(s.timings.notReadyTolerationSeconds),
        '--default-unreachable-toleration-seconds',
        String(s.timings.unreachableTolerationSeconds),
        '--etcd-compaction-interval',
        s.timings.etcdCompactionInterval,
        ...log,
      ]),
      ready: opening(gated(storeUp.promise, probe(`${api}/readyz`)), apiUp.resolve),
      // Launched at once, to load while the store starts; it runs only once the store serves:
      // its etcd client's reconnect backoff would otherwise delay it by seconds.
      after: [],
      env: s.etcdServers ? {} : { [WAIT_FOR_ENV]: `${etcd[0]}/health` },
    },
    readsKubeconfig: false,
    address: fixed(api),
    health: fixed(`${api}/readyz`),
  });
  // The others likewise run once the API server is ready (their informers would otherwise back
  // off for seconds). The kubelet loads at once, its nodes being what a user waits for; the
  // scheduler and the controller manager are launched once the store serves, so their loading
  // does not take the CPU the store and the API server need to start (on a 2-core machine).
  const afterApi = { [WAIT_FOR_ENV]: `${api}/readyz` };
  const afterStore = s.etcdServers ? [] : ['store'];
  const sched = `http://127.0.0.1:${s.schedulerPort}`;
  components.push({
    spec: {
      name: 'scheduler',
      ...launchComponent(['scheduler', ...kubeconfig, '--secure-port', String(s.schedulerPort), ...log]),
      ready: gated(apiUp.promise, probe(`${sched}/healthz`)),
      after: afterStore,
      env: afterApi,
    },
    readsKubeconfig: true,
    address: fixed(sched),
    health: fixed(`${sched}/healthz`),
  });
  const cm = `http://127.0.0.1:${s.controllerManagerPort}`;
  components.push({
    spec: {
      name: 'controller-manager',
      ...launchComponent([
        'controller-manager',
        ...kubeconfig,
        '--secure-port',
        String(s.controllerManagerPort),
        ...nodeLifecycleArgs(s.timings),
        ...log,
      ]),
      ready: gated(apiUp.promise, probe(`${cm}/healthz`)),
      after: afterStore,
      env: afterApi,
    },
    readsKubeconfig: true,
    address: fixed(cm),
    health: fixed(`${cm}/healthz`),
  });
  for (const k of kubeletRanges(s.nodes)) components.push(kubelet(s, k, kubeconfig, log, afterApi, apiUp.promise));
  const ports = [{ component: 'apiserver', port: s.port, flag: '--port' }];
  if (!s.etcdServers) ports.unshift({ component: 'store', port: s.storePort, flag: '--store-port' });
  return { apiserver: api, ports, components };
}

function kubelet(
  s: UpSettings,
  k: { name: string; first: number; count: number },
  kubeconfig: string[],
  log: string[],
  env: Record<string, string>,
  apiUp: Promise<void>,
): PlannedComponent {
  const file = adminPortFile(s.paths, k.name);
  const admin = async (): Promise<string> => (await adminUrl(file)) ?? '';
  return {
    spec: {
      name: k.name,
      ...launchComponent([
        'kubelet',
        ...kubeconfig,
        '--nodes',
        String(k.count),
        '--node-name-prefix',
        NODE_PREFIX,
        '--first-node-index',
        String(k.first),
        '--cpu',
        s.nodeCpu,
        '--memory',
        s.nodeMemory,
        '--max-pods',
        String(s.nodeMaxPods),
        '--node-lease-duration-seconds',
        String(s.timings.nodeLeaseDurationSeconds),
        '--admin-port-file',
        file,
        ...log,
      ]),
      // The admin port file is written once its nodes are added (a stale one is removed before).
      ready: gated(apiUp, (signal) => until(async () => (await adminUrl(file)) !== undefined, signal)),
      after: [],
      env,
    },
    readsKubeconfig: true,
    address: admin,
    health: async () => `${await admin()}/healthz`,
  };
}

/**
 * The controller manager's node-lifecycle flags (kube-controller-manager's names). `up` does not
 * import the controller manager to check them: that would load every controller into `up`
 * (up-plan.test.ts checks the controller manager declares them).
 */
export function nodeLifecycleArgs(t: Timings): string[] {
  return ['--node-monitor-grace-period', t.nodeMonitorGracePeriod, '--node-monitor-period', t.nodeMonitorPeriod];
}
