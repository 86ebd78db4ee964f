import { freePort } from './ports.js';
import { tempDir, type TempDir } from './tmp.js';
import { startNode, startProcess, WHEELHOUSE_BIN, type RunningProcess } from './process.js';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const execFileP = promisify(execFile);

/** An etcd-compatible server started for a test: the real etcd or Wheelhouse's store. */
export interface EtcdServer {
  /** `http://127.0.0.1:PORT` */
  endpoint: string;
  dataDir: string;
  /** The running process (a new one after each restart). */
  readonly process: RunningProcess;
  /** Stops the server and starts it again on the same port and data dir. */
  restart(): Promise<void>;
  /** Stops the server (SIGTERM) and removes its data dir unless `keepData`. */
  stop(opts?: { keepData?: boolean }): Promise<void>;
}

/** Extra flags for the server, e.g. `['--quota-backend-bytes', '1048576']`. */
export interface EtcdServerOptions {
  flags?: string[];
  /** Reuse this data dir (it is not removed on stop). */
  dataDir?: string;
  /** Node flags for Wheelhouse's store (e.g. `--cpu-prof`); ignored for the real etcd. */
  nodeArgs?: string[];
  /** A program Wheelhouse's store runs under, with its arguments (`['chrt', '--batch', '0']`); ignored for the real etcd. */
  launcher?: readonly string[];
}

/** Launches before another process took a port freePort gave (it binds none until the child does). */
const PORT_ATTEMPTS = 3;

/** Whether a server failed to start because its port was taken meanwhile (etcd's and Node's words). */
const portTaken = (err: unknown): boolean =>
  err instanceof Error && /address already in use|EADDRINUSE/.test(err.message);

async function startServer(kind: 'etcd' | 'wheelhouse', opts: EtcdServerOptions): Promise<EtcdServer> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startServerOn(kind, opts, await freePort(), await freePort());
    } catch (err) {
      if (attempt >= PORT_ATTEMPTS || !portTaken(err)) throw err;
    }
  }
}

async function startServerOn(
  kind: 'etcd' | 'wheelhouse',
  opts: EtcdServerOptions,
  clientPort: number,
  peerPort: number,
): Promise<EtcdServer> {
  const dir: TempDir | undefined = opts.dataDir ? undefined : await tempDir(`${kind}-data-`);
  const dataDir = opts.dataDir ?? dir!.path;
  const endpoint = `http://127.0.0.1:${clientPort}`;
  const common = ['--data-dir', dataDir, '--listen-client-urls', endpoint, '--advertise-client-urls', endpoint];
  const launch = async (): Promise<RunningProcess> => {
    const p =
      kind === 'etcd'
        ? startProcess('etcd', [
            ...common,
            '--listen-peer-urls',
            `http://127.0.0.1:${peerPort}`,
            '--initial-advertise-peer-urls',
            `http://127.0.0.1:${peerPort}`,
            '--initial-cluster',
            `default=http://127.0.0.1:${peerPort}`,
            ...(opts.flags ?? []),
          ])
        : startNode(opts.launcher, [
            ...(opts.nodeArgs ?? []),
            WHEELHOUSE_BIN,
            'store',
            ...common,
            ...(opts.flags ?? []),
          ]);
    await waitHealthy(endpoint, p);
    return p;
  };
  let proc: RunningProcess;
  try {
    proc = await launch();
  } catch (err) {
    await dir?.cleanup();
    throw err;
  }
  return {
    endpoint,
    dataDir,
    get process() {
      return proc;
    },
    restart: async () => {
      await proc.stop();
      proc = await launch();
    },
    stop: async (o = {}) => {
      await proc.stop();
      if (dir && !o.keepData) await dir.cleanup();
    },
  };
}

async function waitHealthy(endpoint: string, proc: RunningProcess, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (proc.child.exitCode !== null) throw new Error(`server exited early:\n${proc.output()}`);
    try {
      await execFileP('etcdctl', ['--endpoints', endpoint, '--dial-timeout', '1s', 'endpoint', 'health'], {
        env: { ...process.env, ETCDCTL_API: '3' },
      });
      return;
    } catch {
      if (Date.now() > deadline) throw new Error(`server at ${endpoint} not healthy:\n${proc.output()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** Starts the real etcd (Debian `etcd-server`) on free loopback ports with a temp data dir. */
export function startRealEtcd(opts: EtcdServerOptions = {}): Promise<EtcdServer> {
  return startServer('etcd', opts);
}

/** Starts Wheelhouse's store as a separate process (`wheelhouse store ...`) on free loopback ports. */
export function startWheelhouseStore(opts: EtcdServerOptions = {}): Promise<EtcdServer> {
  return startServer('wheelhouse', opts);
}

/** Result of one etcdctl run. */
export interface EtcdctlResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real `etcdctl` (API v3) against `endpoint`; never throws on a non-zero exit. */
export async function etcdctl(endpoint: string, args: string[], input?: string): Promise<EtcdctlResult> {
  return new Promise((resolve) => {
    const child = execFile(
      'etcdctl',
      ['--endpoints', endpoint, ...args],
      { env: { ...process.env, ETCDCTL_API: '3' } },
      (err, stdout, stderr) => {
        const code = err
          ? typeof (err as { code?: unknown }).code === 'number'
            ? (err as { code: number }).code
            : 1
          : 0;
        resolve({ code, stdout, stderr });
      },
    );
    if (input !== undefined) child.stdin?.end(input);
  });
}
