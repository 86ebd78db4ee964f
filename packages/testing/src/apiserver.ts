import { freePort } from './ports.js';
import { startNode, WHEELHOUSE_BIN, type RunningProcess } from './process.js';

/** Our API server as a process (`wheelhouse apiserver`), for tests and benchmarks. */
export interface ApiServerProcess {
  /** `http://127.0.0.1:PORT` */
  url: string;
  port: number;
  /** The running process (a new one after each restart). */
  readonly process: RunningProcess;
  /** Stops it and starts it again on the same port. */
  restart(): Promise<void>;
  /** Stops it (SIGTERM). */
  stop(): Promise<void>;
}

/** How to start the API server. */
export interface ApiServerOptions {
  etcdEndpoint: string;
  /** Defaults to a free port. */
  port?: number;
  /** Flags for node itself, e.g. `['--cpu-prof']`. */
  nodeArgs?: string[];
  /** A program Node runs under, with its arguments (`['chrt', '--batch', '0']`); none by default. */
  launcher?: readonly string[];
  logLevel?: string;
  /** More flags of `wheelhouse apiserver`, e.g. `['--max-mutating-requests-inflight', '0']`. */
  flags?: string[];
}

/** Starts `wheelhouse apiserver` on 127.0.0.1 and resolves once /readyz answers 200 (one that does not is killed). */
export async function startApiServer(opts: ApiServerOptions): Promise<ApiServerProcess> {
  const port = opts.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const args = [
    ...(opts.nodeArgs ?? []),
    WHEELHOUSE_BIN,
    'apiserver',
    '--etcd-servers',
    opts.etcdEndpoint,
    '--bind-address',
    '127.0.0.1',
    '--port',
    String(port),
    '--log-level',
    opts.logLevel ?? 'info',
    ...(opts.flags ?? []),
  ];
  const launch = async (): Promise<RunningProcess> => {
    const p = startNode(opts.launcher, args);
    await waitReady(url, p).catch(async (err: unknown) => {
      await p.stop('SIGKILL');
      throw err;
    });
    return p;
  };
  let proc = await launch();
  return {
    url,
    port,
    get process() {
      return proc;
    },
    restart: async () => {
      await proc.stop();
      proc = await launch();
    },
    stop: () => proc.stop(),
  };
}

async function waitReady(url: string, proc: RunningProcess, timeoutMs = 60_000): Promise<void> {
  await until(
    async () => {
      if (proc.child.exitCode !== null) throw new Error(`apiserver exited early:\n${proc.output()}`);
      const res = await fetch(`${url}/readyz`).catch(() => undefined);
      return res?.status === 200;
    },
    `apiserver at ${url} to be ready`,
    timeoutMs,
  );
}

/** Polls `check` every 20 ms until it returns true; throws `timed out waiting for <what>` after `ms`. */
export async function until(check: () => boolean | Promise<boolean>, what: string, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
