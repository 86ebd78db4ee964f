/**
 * The processes of the controllers bench, each app its own process started through
 * packages/testing: the store, the API server, and `wheelhouse scheduler`,
 * `wheelhouse controller-manager` and `wheelhouse kubelet --nodes N`, with the client
 * settings a throughput benchmark uses (scheduler_perf's 5000 QPS). Every process started is
 * registered for stopping at once, so a failure half-way through still stops them all.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderKubeconfig } from '@wheelhouse/client';
import {
  freePort,
  startApiServer,
  startNode,
  startWheelhouseStore,
  until,
  WHEELHOUSE_BIN,
  type RunningProcess,
} from '@wheelhouse/testing';
import { BENCH_LAUNCHER, BENCH_NODE_ARGS, launcherLine } from '../node-args.js';

/** One running app: its name in the report and its process (the current one, across restarts). */
export interface Component {
  name: string;
  process(): RunningProcess;
}

/** Client and worker settings of the components, printed with the figures. */
export interface Settings {
  nodes: number;
  qps: number;
  burst: number;
  /** Extra flags of `wheelhouse apiserver` (e.g. --max-mutating-requests-inflight 0). */
  apiserverFlags: string[];
  /** Extra flags of `wheelhouse controller-manager` (e.g. --node-monitor-grace-period 5s). */
  controllerManagerFlags?: string[];
  /** Extra flags of `wheelhouse kubelet` (e.g. --node-lease-duration-seconds 8). */
  kubeletFlags?: string[];
}

/** The cluster the bench drives. */
export interface Cluster {
  apiUrl: string;
  kubeconfig: string;
  /** store, apiserver, scheduler, controller-manager, kubelet (in start order). */
  components: Component[];
  /** `/metrics` and `/readyz` base of the scheduler. */
  schedulerUrl: string;
  /** One line per component saying how it was started. */
  settings: string[];
}

const STOP_GRACE_MS = 15_000;

/** Stops `p` with SIGTERM; one still running 15 s later is killed and the stop rejects naming it (Cleanup reports it). */
export function stopProcess(p: RunningProcess): Promise<void> {
  return p.stop('SIGTERM', STOP_GRACE_MS);
}

/** Whether the component's process has exited. */
export function exited(c: Component): boolean {
  const child = c.process().child;
  return child.exitCode !== null || child.signalCode !== null;
}

/** The component's last `chars` characters of output, headed by its name and exit status. */
export function lastOutput(c: Component, chars = 4000): string {
  const child = c.process().child;
  const status = exited(c) ? `exited (${child.exitCode ?? child.signalCode})` : 'running';
  const out = c.process().output();
  return `--- ${c.name} (pid ${child.pid}, ${status}), last output:\n${out.slice(-chars) || '(none)'}\n`;
}

/** Throws, with its last output, if any component has exited. */
export function assertAlive(components: Component[]): void {
  const dead = components.filter(exited);
  if (dead.length > 0)
    throw new Error(`${dead.map((c) => c.name).join(', ')} exited:\n${dead.map((c) => lastOutput(c)).join('')}`);
}

function wheelhouse(args: string[]): RunningProcess {
  return startNode(BENCH_LAUNCHER, [...BENCH_NODE_ARGS, WHEELHOUSE_BIN, ...args]);
}

/** Whether `wheelhouse kubelet` takes kube's --kube-api-qps (read from its --help). */
function kubeletTakesQps(): boolean {
  const help = execFileSync(process.execPath, [WHEELHOUSE_BIN, 'kubelet', '--help'], { encoding: 'utf8' });
  return help.includes('--kube-api-qps') && help.includes('--kube-api-burst');
}

function schedulerConfig(dir: string, s: Settings): string {
  const path = join(dir, 'scheduler.yaml');
  writeFileSync(
    path,
    'apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\n' +
      `clientConnection:\n  qps: ${s.qps}\n  burst: ${s.burst}\nleaderElection:\n  leaderElect: false\n`,
  );
  return path;
}

async function startScheduler(
  kubeconfig: string,
  dir: string,
  s: Settings,
): Promise<{ proc: RunningProcess; url: string }> {
  const port = await freePort();
  const proc = wheelhouse([
    'scheduler',
    '--kubeconfig',
    kubeconfig,
    '--config',
    schedulerConfig(dir, s),
    '--secure-port',
    String(port),
    '--log-level',
    'warn',
  ]);
  return { proc, url: `http://127.0.0.1:${port}` };
}

function controllerManagerArgs(kubeconfig: string, s: Settings): string[] {
  return [
    'controller-manager',
    '--kubeconfig',
    kubeconfig,
    '--leader-elect=false',
    '--secure-port',
    '0',
    '--kube-api-qps',
    String(s.qps),
    '--kube-api-burst',
    String(s.burst),
    '--log-level',
    'warn',
    ...(s.controllerManagerFlags ?? []),
  ];
}

function kubeletArgs(kubeconfig: string, s: Settings, qps: boolean): string[] {
  const throttle = qps ? ['--kube-api-qps', String(s.qps), '--kube-api-burst', String(s.burst)] : [];
  const extra = s.kubeletFlags ?? [];
  return [
    'kubelet',
    '--kubeconfig',
    kubeconfig,
    '--nodes',
    String(s.nodes),
    ...throttle,
    '--log-level',
    'warn',
    ...extra,
  ];
}

/**
 * Starts every component, registering each stop with `defer` as soon as it runs, and resolves
 * once the store and the API server answer and the scheduler is ready. The kubelet's nodes
 * and the controller manager's caches are the caller's to wait for.
 */
export async function startCluster(
  dir: string,
  s: Settings,
  defer: (stop: () => Promise<void>) => void,
): Promise<Cluster> {
  const kubeletQps = kubeletTakesQps();
  const store = await startWheelhouseStore({ nodeArgs: [...BENCH_NODE_ARGS], launcher: BENCH_LAUNCHER });
  defer(() => stopProcess(store.process).finally(() => store.stop()));
  const api = await startApiServer({
    etcdEndpoint: store.endpoint,
    logLevel: 'warn',
    flags: s.apiserverFlags,
    nodeArgs: [...BENCH_NODE_ARGS],
    launcher: BENCH_LAUNCHER,
  });
  defer(() => stopProcess(api.process));
  const kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(kubeconfig, renderKubeconfig({ server: api.url }));
  const components: Component[] = [
    { name: 'store', process: () => store.process },
    { name: 'apiserver', process: () => api.process },
  ];
  const add = (name: string, proc: RunningProcess): void => {
    defer(() => stopProcess(proc));
    components.push({ name, process: () => proc });
  };
  const scheduler = await startScheduler(kubeconfig, dir, s);
  add('scheduler', scheduler.proc);
  add('controller-manager', wheelhouse(controllerManagerArgs(kubeconfig, s)));
  add('kubelet', wheelhouse(kubeletArgs(kubeconfig, s, kubeletQps)));
  await until(
    async () => {
      assertAlive(components);
      return (await fetch(`${scheduler.url}/readyz`).catch(() => undefined))?.status === 200;
    },
    'the scheduler to be ready',
    120_000,
  );
  return { apiUrl: api.url, kubeconfig, components, schedulerUrl: scheduler.url, settings: describe(s, kubeletQps) };
}

const extra = (flags: string[] | undefined): string => (flags?.length ? `, ${flags.join(' ')}` : '');

function describe(s: Settings, kubeletQps: boolean): string[] {
  const kubeletClient = kubeletQps
    ? `--kube-api-qps ${s.qps} --kube-api-burst ${s.burst}`
    : 'client unthrottled (this kubelet has no --kube-api-qps)';
  return [
    `scheduler: --config clientConnection {qps: ${s.qps}, burst: ${s.burst}}, leaderElect false, default profile`,
    `controller-manager: --kube-api-qps ${s.qps} --kube-api-burst ${s.burst} --leader-elect=false, ` +
      'kube default workers (--concurrent-deployment-syncs 5, --concurrent-replicaset-syncs 5)' +
      extra(s.controllerManagerFlags),
    `kubelet: --nodes ${s.nodes}, ${kubeletClient}, ` +
      'default pod lifecycle (--pod-startup-delay 300ms, --pod-stop-delay 1s, 4 cpu, 16Gi, 110 pods per node)' +
      extra(s.kubeletFlags),
    `apiserver: ${s.apiserverFlags.length ? s.apiserverFlags.join(' ') : 'defaults (--max-requests-inflight 400, --max-mutating-requests-inflight 200, --enable-priority-and-fairness: requests beyond them queue up to 15 s)'}`,
    'store: defaults',
    launcherLine(),
  ];
}
