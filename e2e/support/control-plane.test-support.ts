/**
 * A whole Wheelhouse cluster as a user runs it from the README, every app its own process
 * started through the CLI: `wheelhouse start` (the store and the API server under its
 * supervisor), `wheelhouse scheduler`, `wheelhouse controller-manager` and
 * `wheelhouse kubelet --nodes N` with its admin API, all on 127.0.0.1 and free ports, all
 * reading one kubeconfig that the real kubectl uses too.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { freePort, startProcess, tempDir, WHEELHOUSE_BIN, type RunningProcess } from '@wheelhouse/testing';
import { afterAll, beforeEach } from 'vitest';
import { startKubectl, type Kubectl } from './kubectl.test-support.js';

/** How the simulated nodes behave, and any extra flags of the controller manager and the kubelet. */
export interface ControlPlaneOptions {
  /** Simulated nodes the kubelet hosts, named node-1..node-N. */
  nodes: number;
  /** The kubelet's --pod-startup-delay and --pod-stop-delay (short, so pods come and go quickly). */
  podDelay: string;
  /** Added to `wheelhouse controller-manager`'s flags (e.g. `--node-monitor-grace-period 6s`). */
  controllerManagerFlags?: string[];
  /** Added to `wheelhouse kubelet`'s flags (e.g. `--node-lease-duration-seconds 4`). */
  kubeletFlags?: string[];
}

/**
 * A running cluster. `stop()` ends every process it started and removes its files; it rejects if
 * a process had to be killed.
 */
export interface ControlPlane {
  /** The API server, `http://127.0.0.1:PORT`. */
  url: string;
  kubectl: Kubectl;
  /** The kubelet's admin API (`POST /nodes` adds a node), `http://127.0.0.1:PORT`. */
  kubeletAdmin: string;
  /**
   * `POST {kubeletAdmin}/nodes/{node}/{action}`: `fail` stops every write of the node as a
   * crashed machine would, `recover` resumes it. Rejects unless the admin API answers 200.
   */
  nodeAdmin(node: string, action: 'fail' | 'recover'): Promise<void>;
  /** The last `bytes` of every process's output, labelled, for a failing test's report. */
  logs(bytes?: number): string;
  stop(): Promise<void>;
}

/** How long a process gets to exit after SIGTERM before it is killed (and stop() fails naming it). */
const STOP_GRACE_MS = 20_000;
/** How long starting a process (tsx compiling its sources on a loaded machine) may take. */
const START_MS = 90_000;

/** Starts the cluster; on any failure stops what it had started and rethrows. */
export async function startControlPlane(opts: ControlPlaneOptions): Promise<ControlPlane> {
  const home = await tempDir('wheelhouse-e2e-cluster-');
  const procs: [string, RunningProcess][] = [];
  const spawnApp = (name: string, args: string[]): RunningProcess => {
    const p = startProcess(process.execPath, [WHEELHOUSE_BIN, ...args, '--log-level', 'warn'], { cwd: home.path });
    procs.push([name, p]);
    return p;
  };
  let kubectl: Kubectl | undefined;
  const stop = async (): Promise<void> => {
    const late: Error[] = [];
    for (const [, p] of procs.reverse()) await p.stop('SIGTERM', STOP_GRACE_MS).catch((err: Error) => late.push(err));
    await kubectl?.cleanup();
    await home.cleanup();
    if (late.length > 0) throw new AggregateError(late, late.map((e) => e.message).join('\n'));
  };
  try {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const start = spawnApp('start', [
      'start',
      '--data-dir',
      join(home.path, 'data'),
      '--listen-client-urls',
      'http://127.0.0.1:0',
      '--apiserver-port',
      String(port),
    ]);
    await poll('the API server to answer /readyz', start, () => readyz(url));
    kubectl = await startKubectl(url);
    const kubeconfig = kubectl.kubeconfig;
    spawnApp('scheduler', ['scheduler', '--kubeconfig', kubeconfig, '--secure-port', '0']);
    spawnApp('controller-manager', [
      'controller-manager',
      '--kubeconfig',
      kubeconfig,
      '--secure-port',
      '0',
      ...(opts.controllerManagerFlags ?? []),
    ]);
    const adminFile = join(home.path, 'kubelet-admin.json');
    const kubelet = spawnApp('kubelet', [
      'kubelet',
      '--kubeconfig',
      kubeconfig,
      '--nodes',
      String(opts.nodes),
      '--node-name-prefix',
      'node-',
      '--pod-startup-delay',
      opts.podDelay,
      '--pod-stop-delay',
      opts.podDelay,
      '--admin-port',
      '0',
      '--admin-port-file',
      adminFile,
      ...(opts.kubeletFlags ?? []),
    ]);
    const kubeletAdmin = await poll('the kubelet admin port file', kubelet, () => adminUrl(adminFile));
    return {
      url,
      kubectl,
      kubeletAdmin,
      nodeAdmin: (node, action) => nodeAdmin(kubeletAdmin, node, action),
      logs: (bytes = 3000) => procs.map(([name, p]) => `--- ${name} ---\n${p.output().slice(-bytes)}`).join('\n'),
      stop,
    };
  } catch (err) {
    await stop().catch(() => undefined); // the start's failure is the one to report
    throw err;
  }
}

/** Calls `read` until it gives a value; throws at once if `proc` exits, or after START_MS. */
async function poll<T>(what: string, proc: RunningProcess, read: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + START_MS;
  for (;;) {
    if (proc.child.exitCode !== null || proc.child.signalCode !== null)
      throw new Error(`exited while waiting for ${what}:\n${proc.output()}`);
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}:\n${proc.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function readyz(url: string): Promise<true | undefined> {
  const res = await fetch(`${url}/readyz`).catch(() => undefined);
  return res?.status === 200 ? true : undefined;
}

async function adminUrl(file: string): Promise<string | undefined> {
  const text = await readFile(file, 'utf8').catch(() => undefined);
  return text ? (JSON.parse(text) as { url: string }).url : undefined;
}

async function nodeAdmin(admin: string, node: string, action: 'fail' | 'recover'): Promise<void> {
  const res = await fetch(`${admin}/nodes/${node}/${action}`, { method: 'POST' });
  if (res.status !== 200)
    throw new Error(`${action} ${node}: the kubelet admin API answered ${res.status} ${await res.text()}`);
}

/**
 * Registers the calling file's hooks for its one cluster: afterAll stops it, and each failing
 * test prints the cluster's last output, labelled `label`. `get` reads the cluster (undefined
 * until its beforeAll started it).
 */
export function stopAndReportCluster(label: string, get: () => ControlPlane | undefined): void {
  afterAll(async () => {
    await get()?.stop();
  }, 120_000);
  beforeEach(({ onTestFailed }) => {
    onTestFailed(() => {
      const cluster = get();
      if (cluster) process.stderr.write(`${label} e2e: the cluster's last output\n${cluster.logs()}\n`);
    });
  });
}
