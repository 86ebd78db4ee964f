/**
 * `wheelhouse up`: the whole control plane, each component its own supervised process
 * (see up-plan.ts), with a line per component as it becomes ready, then the components and
 * nodes, the kubeconfig to use and what to try next. Runs until Ctrl-C (or `wheelhouse
 * down`), then stops the components in order, kubelets first, store last; the data dir keeps
 * the cluster for the next `up`.
 */
import { mkdir, readdir, rm } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { defineCommand, logLevelFlag, untilSignal, type FlagValues } from '@wheelhouse/flags';
import { parseQuantity } from '@wheelhouse/machinery';
import { pino } from 'pino';
import { Supervisor, type ChildExit } from './supervisor.js';
import {
  clearRunning,
  clusterPaths,
  DEFAULT_DATA_DIR,
  findRunning,
  logFile,
  readClusterRecord,
  writeJson,
  type ClusterPaths,
  type ClusterRecord,
  type RunningCluster,
} from './data-dir.js';
import { planUp, type UpPlan } from './up-plan.js';
import { describeTimings, resolveTimings, type TimingFlags } from './timings.js';
import { freePort, portInUse } from './ports.js';
import { lastError, spawnLogged } from './child-logs.js';
import { clusterView } from './cluster-view.js';
import { StatusLine } from './up-status.js';
import type { MergeRecord } from './up-kubeconfig.js';

const upFlags = {
  nodes: { type: 'number', description: 'simulated nodes node-1..node-N (default 3; a resumed cluster keeps its own)' },
  'data-dir': { type: 'string', description: 'where the cluster lives', default: DEFAULT_DATA_DIR, placeholder: 'DIR' },
  port: { type: 'number', description: "the API server's port on 127.0.0.1", default: 6443 },
  'store-port': { type: 'number', description: "the store's port on 127.0.0.1", default: 2379 },
  'etcd-servers': {
    type: 'list',
    description: 'use this etcd (or etcd cluster) instead of starting the store',
    placeholder: 'URLS',
  },
  'node-cpu': { type: 'string', description: 'cpu capacity of each node', default: '4', placeholder: 'QUANTITY' },
  'node-memory': { type: 'string', description: 'memory of each node', default: '16Gi', placeholder: 'QUANTITY' },
  'node-max-pods': { type: 'number', description: 'pods each node can run', default: 110 },
  'node-monitor-grace-period': {
    type: 'string',
    description: 'how long a node may miss heartbeats before it is NotReady (local default 10s)',
    placeholder: 'DURATION',
  },
  'default-not-ready-toleration-seconds': {
    type: 'number',
    description: 'how long pods stay on a NotReady node before they are evicted (local default 15)',
  },
  'default-unreachable-toleration-seconds': {
    type: 'number',
    description: 'how long pods stay on an unreachable node before they are evicted (local default 15)',
  },
  'kubernetes-timings': {
    type: 'boolean',
    description: "Kubernetes 1.32's own timings (grace 50s, tolerations 300s) instead of the local ones",
    default: false,
  },
  'merge-kubeconfig': {
    type: 'boolean',
    description:
      'also add a "wheelhouse" context to your kubeconfig (KUBECONFIG\'s first file, else ~/.kube/config) and make it current; removed again when the plane stops',
    default: false,
  },
  'log-level': logLevelFlag,
} as const;

type UpFlags = FlagValues<typeof upFlags>;

/** Grace a component gets to stop before it is killed. */
const STOP_GRACE_MS = 15_000;

/** See the module comment. */
export const upCommand = defineCommand({
  name: 'up',
  summary: 'Start the whole control plane: store, API server, scheduler, controllers and simulated nodes',
  flags: upFlags,
  run: async (flags) => {
    const paths = clusterPaths(flags['data-dir']);
    const running = await findRunning(paths);
    if (running)
      throw new Error(
        `a control plane already runs from ${paths.dir} (pid ${running.pid}); 'wheelhouse down' stops it`,
      );
    const record = await readClusterRecord(paths);
    const nodes = flags.nodes ?? record?.nodes ?? 3;
    if (!Number.isInteger(nodes) || nodes < 0)
      throw new Error(`invalid argument "${nodes}" for "--nodes" flag: must be a whole number >= 0`);
    checkNodeFlags(flags);
    const plan = await makePlan(flags, paths, nodes);
    for (const p of plan.ports) {
      if (await portInUse(p.port))
        throw new Error(
          `the ${p.component} cannot listen on 127.0.0.1:${p.port}: port in use (choose another with ${p.flag})`,
        );
    }
    await prepare(paths, nodes, record);
    await new Up(flags, paths, plan, { nodes, added: record?.added ?? [] }, record !== undefined).run();
  },
});

/** Bad node flags fail here, in one line naming the flag, rather than in a kubelet restarted in vain. */
function checkNodeFlags(flags: UpFlags): void {
  for (const flag of ['node-cpu', 'node-memory'] as const) {
    const v = flags[flag];
    let ok = false;
    try {
      ok = parseQuantity(v).sign() >= 0;
    } catch {
      // not a quantity
    }
    if (!ok) throw new Error(`invalid argument "${v}" for "--${flag}" flag: not a resource quantity`);
  }
  const pods = flags['node-max-pods'];
  if (!Number.isInteger(pods) || pods < 1)
    throw new Error(`invalid argument "${pods}" for "--node-max-pods" flag: must be a whole number >= 1`);
}

async function makePlan(flags: UpFlags, paths: ClusterPaths, nodes: number): Promise<UpPlan> {
  const timings = resolveTimings(timingFlags(flags));
  return planUp({
    paths,
    nodes,
    port: flags.port,
    storePort: flags['store-port'],
    etcdServers: flags['etcd-servers']?.length ? flags['etcd-servers'] : undefined,
    nodeCpu: flags['node-cpu'],
    nodeMemory: flags['node-memory'],
    nodeMaxPods: flags['node-max-pods'],
    timings,
    logLevel: flags['log-level'],
    schedulerPort: await freePort(),
    controllerManagerPort: await freePort(),
  });
}

/** Creates the logs dir and the cluster record; removes the admin port files of an earlier run. */
async function prepare(paths: ClusterPaths, nodes: number, record: ClusterRecord | undefined): Promise<void> {
  await mkdir(paths.logs, { recursive: true });
  for (const f of await readdir(paths.dir))
    if (f.startsWith('kubelet-') && f.endsWith('.admin.json')) await rm(join(paths.dir, f), { force: true });
  await writeJson(paths.cluster, { nodes, added: record?.added ?? [] } satisfies ClusterRecord);
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)}s`;

/** One run of `up`, from starting the children to stopping them. */
class Up {
  private readonly t0 = Date.now();
  private readonly ready = new Set<string>();
  private readonly pids = new Map<string, number | undefined>();
  private phase: 'starting' | 'running' | 'stopping' = 'starting';
  private failStart!: (err: Error) => void;
  private readonly startFailed = new Promise<never>((_, reject) => (this.failStart = reject));
  private readonly supervisor: Supervisor;
  /** Aborted on stop: ends the waits of a start in progress. */
  private readonly stopping = new AbortController();
  private merged: MergeRecord | undefined;
  /**
   * The kubeconfig, and with --merge-kubeconfig the user's context, written: the API client
   * (most of up's code) loads and writes them while the store and the API server start, and
   * the components that read the kubeconfig are launched after.
   */
  private readonly kubeconfigWritten: Promise<void>;
  private kubeconfigDone!: (err?: unknown) => void;
  private nodesReady = 0;
  /** The live status line while starting, on a terminal only. */
  private status: StatusLine | undefined;
  private readonly out = (text: string): void => {
    if (this.status) this.status.print(text);
    else process.stdout.write(text);
  };

  constructor(
    private readonly flags: UpFlags,
    private readonly paths: ClusterPaths,
    private readonly plan: UpPlan,
    private readonly record: ClusterRecord,
    private readonly resuming: boolean,
  ) {
    this.kubeconfigWritten = new Promise<void>((resolve, reject) => {
      this.kubeconfigDone = (err) => (err === undefined ? resolve() : reject(err));
    });
    // A failure is reported through startFailed; the children waiting on it are never launched.
    this.kubeconfigWritten.catch(() => undefined);
    const logger = pino(
      { level: flags['log-level'], base: { component: 'supervisor' } },
      pino.destination({ dest: logFile(paths, 'wheelhouse'), sync: true, append: true }),
    );
    this.supervisor = new Supervisor({
      children: plan.components.map((c) => ({
        ...c.spec,
        ...(c.readsKubeconfig ? { launchable: this.kubeconfigWritten } : {}),
        ready: async (signal) => {
          await c.spec.ready?.(signal);
          if (signal.aborted) return;
          this.ready.add(c.spec.name);
          this.out(`  ✓ ${c.spec.name.padEnd(20)} ready after ${seconds(Date.now() - this.t0)}\n`);
        },
      })),
      logger,
      spawn: (spec) => spawnLogged(spec, logFile(paths, spec.name)),
      stopGraceMs: STOP_GRACE_MS,
      onStart: (name, pid) => this.onStart(name, pid),
      onExit: (name, exit) => this.onExit(name, exit),
    });
  }

  async run(): Promise<void> {
    // A closed terminal (SIGHUP) or output pipe (EPIPE) must not end `up` before it has
    // stopped its children, which run in their own process groups and would be left behind.
    const hangup = new Promise<void>((resolve) => process.once('SIGHUP', () => resolve()));
    process.stdout.on('error', () => undefined);
    const stopped = Promise.race([untilSignal(), hangup]);
    this.out(
      `${this.resuming ? 'Resuming' : 'Starting'} Wheelhouse in ${this.shown(this.paths.dir)} with ${this.record.nodes} nodes\n` +
        `  ${describeTimings(resolveTimings(timingFlags(this.flags)))}\n`,
    );
    try {
      void this.writeKubeconfigs().then(
        () => this.kubeconfigDone(),
        (err: unknown) => {
          this.kubeconfigDone(err);
          this.failStart(
            new Error(`could not write the kubeconfig: ${err instanceof Error ? err.message : String(err)}`),
          );
        },
      );
      if (process.stdout.isTTY) {
        this.status = new StatusLine(process.stdout, () => this.progress());
        this.status.start();
      }
      const started = await Promise.race([this.start(), this.startFailed, stopped.then(() => false)]).finally(() =>
        this.endStatus(),
      );
      if (started) {
        this.phase = 'running';
        this.out(await this.summary(await this.writeRunning()));
        await Promise.race([stopped, this.startFailed]);
      }
    } finally {
      await this.stop();
    }
  }

  private async writeKubeconfigs(): Promise<void> {
    const { writeKubeconfig } = await import('@wheelhouse/client');
    await writeKubeconfig(this.paths.kubeconfig, { server: this.plan.apiserver });
    if (this.flags['merge-kubeconfig']) {
      const { CONTEXT_NAME, mergeForUp } = await import('./up-kubeconfig.js');
      this.merged = await mergeForUp(this.paths.dir, this.plan.apiserver);
      this.out(`  kubectl context "${CONTEXT_NAME}" set in ${this.merged.file}\n`);
    }
  }

  private async start(): Promise<boolean> {
    const starting = this.supervisor.start();
    // The API client is most of up's code and needed only from here on: it loads while the
    // children start, not before they are launched.
    const nodes = import('./up-nodes.js');
    await starting;
    const { readdNodes, waitForNodes } = await nodes;
    const admin = this.plan.components.filter((c) => c.spec.name.startsWith('kubelet-')).at(-1);
    if (admin) await readdNodes(await admin.address(), admin.spec.name, this.record.added);
    const expected = this.record.nodes + this.record.added.length;
    await waitForNodes(this.plan.apiserver, expected, this.stopping.signal, (n) => (this.nodesReady = n));
    if (this.stopping.signal.aborted) return false;
    this.out(`  ✓ ${`${expected} nodes Ready`.padEnd(20)} after ${seconds(Date.now() - this.t0)}\n`);
    return true;
  }

  private progress() {
    return {
      components: this.plan.components.map((c) => ({ name: c.spec.name, ready: this.ready.has(c.spec.name) })),
      nodesReady: this.nodesReady,
      nodesWanted: this.record.nodes + this.record.added.length,
      elapsedMs: Date.now() - this.t0,
    };
  }

  private endStatus(): void {
    this.status?.stop();
    this.status = undefined;
  }

  private async stop(): Promise<void> {
    this.endStatus();
    this.phase = 'stopping';
    this.stopping.abort();
    this.out('Stopping kubelets, controller manager, scheduler, API server, store ...\n');
    await this.supervisor.stop('SIGTERM');
    await clearRunning(this.paths);
    // A stop early in the start still removes the context the merge (still writing) adds.
    await this.kubeconfigWritten.catch(() => undefined);
    if (this.merged) {
      const { CONTEXT_NAME, unmergeForUp } = await import('./up-kubeconfig.js');
      await unmergeForUp(this.paths.dir, this.merged).then(
        () => this.out(`Removed the kubectl context "${CONTEXT_NAME}" from ${this.merged!.file}.\n`),
        (err: unknown) => this.out(`  ! could not remove the "${CONTEXT_NAME}" context: ${String(err)}\n`),
      );
    }
    this.out(`Stopped. The cluster stays in ${this.shown(this.paths.dir)}: 'wheelhouse up' resumes it.\n`);
  }

  private onStart(name: string, pid: number | undefined): void {
    const restart = this.pids.has(name);
    this.pids.set(name, pid);
    if (restart && this.phase === 'running') {
      this.out(`  ↻ ${name} restarted (pid ${pid})\n`);
      void this.writeRunning();
    }
  }

  private onExit(name: string, exit: ChildExit): void {
    if (this.phase === 'stopping') return;
    if (this.phase === 'starting' && !this.ready.has(name)) {
      void this.startFailure(name, exit);
      return;
    }
    const how = exit.signal ? `killed by ${exit.signal}` : `exit code ${exit.exitCode}`;
    this.out(
      `  ! ${name} (pid ${exit.pid}) ended (${how}) after ${seconds(exit.upMs)}; ` +
        `restarting it in ${seconds(exit.restartInMs ?? 0)} (log: ${this.shown(logFile(this.paths, name))})\n`,
    );
  }

  private async startFailure(name: string, exit: ChildExit): Promise<void> {
    const log = logFile(this.paths, name);
    const why =
      exit.err ?? (await lastError(log)) ?? (exit.signal ? `killed by ${exit.signal}` : `exit code ${exit.exitCode}`);
    this.failStart(new Error(`the ${name} could not start: ${why} (log: ${this.shown(log)})`));
  }

  /** Writes (and returns) the record the other verbs find this run by. */
  private async writeRunning(): Promise<RunningCluster> {
    const running = { pid: process.pid, apiserver: this.plan.apiserver, components: await this.records() };
    await writeJson(this.paths.running, running);
    return running;
  }

  private async summary(running: RunningCluster): Promise<string> {
    const context = this.merged ? (await import('./up-kubeconfig.js')).CONTEXT_NAME : '';
    const dataDir = this.flags['data-dir'] === DEFAULT_DATA_DIR ? '' : ` --data-dir ${this.flags['data-dir']}`;
    return (
      `\nWheelhouse is up (${seconds(Date.now() - this.t0)}).\n\n${await clusterView(running)}\n` +
      (this.merged
        ? `kubectl uses the context "${context}" (in ${this.merged.file}); or: export KUBECONFIG=${this.paths.kubeconfig}\n\n`
        : `export KUBECONFIG=${this.paths.kubeconfig}\n\n`) +
      'Next:\n' +
      '  kubectl get nodes\n' +
      '  kubectl create deployment web --image=nginx --replicas=6\n' +
      `  wheelhouse node fail node-1${dataDir}     # its heartbeats stop; 'node recover' brings it back\n` +
      `  wheelhouse status${dataDir}  |  wheelhouse logs apiserver${dataDir}  |  wheelhouse down${dataDir} (or Ctrl-C)\n`
    );
  }

  private async records(): Promise<RunningCluster['components']> {
    return Promise.all(
      this.plan.components.map(async (c) => ({
        name: c.spec.name,
        pid: this.pids.get(c.spec.name),
        address: await c.address(),
        health: await c.health(),
      })),
    );
  }

  /** A path as the user would type it (relative to the working directory when inside it). */
  private shown(path: string): string {
    const rel = relative(process.cwd(), path);
    return rel && !rel.startsWith('..') ? rel : path;
  }
}

function timingFlags(flags: UpFlags): TimingFlags {
  return {
    kubernetesTimings: flags['kubernetes-timings'],
    nodeMonitorGracePeriod: flags['node-monitor-grace-period'],
    notReadyTolerationSeconds: flags['default-not-ready-toleration-seconds'],
    unreachableTolerationSeconds: flags['default-unreachable-toleration-seconds'],
  };
}
