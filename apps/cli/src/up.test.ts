import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  freePort,
  kubectlHome,
  startProcess,
  tempDir,
  until,
  WHEELHOUSE_BIN,
  type Kubectl,
  type RunningProcess,
  type TempDir,
} from '@wheelhouse/testing';

const execFileP = promisify(execFile);

/** The parts of a Node this test reads from `kubectl get node -o json`. */
interface Node {
  metadata?: { labels?: Record<string, string> };
  spec?: { taints?: Array<Record<string, string>> };
  status?: { capacity?: Record<string, string> };
}

/** Starting the plane compiles five programs through tsx: minutes on a loaded 2-core machine. */
const START_MS = 240_000;

let dir: TempDir;
let kubectl: Kubectl;
let dataDir: string;
let apiPort: number;
let storePort: number;
let up: RunningProcess | undefined;
const pids = new Set<number>();

/** Runs a `wheelhouse` verb in the test's directory, as a user would. */
async function wheelhouse(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await execFileP(process.execPath, [WHEELHOUSE_BIN, ...args], { cwd: dir.path });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** The real kubectl with a fresh HOME and KUBECONFIG=<data-dir>/kubeconfig. */
const kube = (...args: string[]) => kubectl.exec(args, { env: { KUBECONFIG: join(dataDir, 'kubeconfig') } });

async function startUp(): Promise<RunningProcess> {
  const p = startProcess(
    process.execPath,
    [WHEELHOUSE_BIN, 'up', '--data-dir', dataDir, '--port', String(apiPort), '--store-port', String(storePort)],
    { cwd: dir.path },
  );
  await p.waitFor('Wheelhouse is up', START_MS);
  const running = JSON.parse(await readFile(join(dataDir, 'up.json'), 'utf8')) as { components: { pid: number }[] };
  for (const c of running.components) pids.add(c.pid);
  return p;
}

async function readyNodes(): Promise<string[]> {
  const r = await kube('get', 'nodes', '--no-headers');
  return r.stdout
    .split('\n')
    .filter((l) => / Ready /.test(l))
    .map((l) => l.split(/\s+/)[0]!);
}

async function leaseRenewTime(node: string): Promise<string> {
  const r = await kube('get', 'lease', '-n', 'kube-node-lease', node, '-o', 'jsonpath={.spec.renewTime}');
  return r.stdout;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

beforeAll(async () => {
  dir = await tempDir('wheelhouse-up-');
  dataDir = join(dir.path, 'cluster');
  kubectl = await kubectlHome({ prefix: 'wheelhouse-up-home-' });
  [apiPort, storePort] = [await freePort(), await freePort()];
  up = await startUp();
}, START_MS + 30_000);

afterAll(async () => {
  await up?.stop('SIGINT', 60_000).catch(() => up?.stop('SIGKILL'));
  for (const pid of pids) if (alive(pid)) process.kill(pid, 'SIGKILL');
  await kubectl?.cleanup();
  await dir?.cleanup();
}, 120_000);

describe('wheelhouse up', { timeout: 120_000 }, () => {
  it('starts the whole plane: the real kubectl sees 3 Ready nodes through <data-dir>/kubeconfig', async () => {
    const out = up!.output();
    for (const c of ['store', 'apiserver', 'scheduler', 'controller-manager', 'kubelet-1'])
      expect(out).toMatch(new RegExp(`✓ ${c} +ready after`));
    expect(out).toContain('node-monitor-grace-period 10s, not-ready/unreachable toleration 15s/15s');
    expect(out).toContain(`export KUBECONFIG=${join(dataDir, 'kubeconfig')}`);
    await until(async () => (await readyNodes()).length === 3, '3 Ready nodes', 60_000);
    expect((await readyNodes()).sort()).toEqual(['node-1', 'node-2', 'node-3']);
    // Every component logs pino JSON to its own file.
    const log = await readFile(join(dataDir, 'logs', 'apiserver.log'), 'utf8');
    expect(JSON.parse(log.split('\n')[0]!)).toMatchObject({ level: 30 });
  });

  it('status shows every component running and the nodes', async () => {
    const r = await wheelhouse('status', '--data-dir', dataDir);
    expect(r.code).toBe(0);
    for (const c of ['store', 'apiserver', 'scheduler', 'controller-manager', 'kubelet-1'])
      expect(r.stdout).toMatch(new RegExp(`^${c} +\\d+ +http://127\\.0\\.0\\.1:\\d+ +running$`, 'm'));
    for (const n of ['node-1', 'node-2', 'node-3'])
      expect(r.stdout).toMatch(new RegExp(`^${n} +Ready +kubelet-1`, 'm'));
  });

  it("node fail stops the node's heartbeats while the others go on; recover resumes them", async () => {
    expect((await wheelhouse('node', 'fail', 'node-2', '--data-dir', dataDir)).stdout).toBe(
      'node/node-2 failed (heartbeats stopped)\n',
    );
    const failedAt = await leaseRenewTime('node-2');
    const seen = new Set<string>();
    // node-1 renews its lease twice over while node-2's stays as it was.
    await until(
      async () => {
        seen.add(await leaseRenewTime('node-1'));
        return seen.size >= 3;
      },
      'node-1 to renew its lease twice',
      60_000,
    );
    expect(await leaseRenewTime('node-2')).toBe(failedAt);
    const list = await wheelhouse('node', 'list', '--data-dir', dataDir);
    expect(list.stdout).toMatch(/^node-2 +\S+ +kubelet-1 +failed$/m);

    const again = await wheelhouse('node', 'fail', 'node-2', '--data-dir', dataDir);
    expect([again.code, again.stderr]).toEqual([1, 'Error: node "node-2" is already failed\n']);
    expect((await wheelhouse('node', 'recover', 'node-2', '--data-dir', dataDir)).stdout).toBe(
      'node/node-2 recovered\n',
    );
    await until(async () => (await leaseRenewTime('node-2')) !== failedAt, 'node-2 to renew its lease again', 60_000);
  });

  it('node add and remove change the cluster while it runs', async () => {
    expect((await wheelhouse('node', 'add', '--data-dir', dataDir)).stdout).toBe('node/node-4 added (kubelet-1)\n');
    const extra = await wheelhouse(
      'node',
      'add',
      'extra',
      '--cpu',
      '16',
      '--memory',
      '64Gi',
      '--labels',
      'tier=big',
      '--taints',
      'big=yes:NoSchedule',
      '--data-dir',
      dataDir,
    );
    expect(extra.stdout).toBe('node/extra added (kubelet-1)\n');
    await until(async () => (await readyNodes()).length === 5, '5 Ready nodes', 60_000);
    const list = await wheelhouse('node', 'list', '--data-dir', dataDir);
    expect(list.stdout).toMatch(/^node-4 +Ready +kubelet-1 +running$/m);
    const node = JSON.parse((await kube('get', 'node', 'extra', '-o', 'json')).stdout) as Node;
    expect(node.status?.capacity).toMatchObject({ cpu: '16', memory: '64Gi' });
    expect(node.metadata?.labels).toMatchObject({ tier: 'big' });
    expect(node.spec?.taints).toEqual([{ key: 'big', value: 'yes', effect: 'NoSchedule' }]);
    expect((await wheelhouse('node', 'remove', 'extra', '--data-dir', dataDir)).stdout).toBe('node/extra removed\n');
    await until(async () => (await kube('get', 'node', 'extra')).code !== 0, 'node extra to be deleted', 60_000);
    expect((await kube('get', 'node', 'extra')).stderr).toContain('nodes "extra" not found');
  });

  it('answers bad input with one line and a non-zero exit', async () => {
    const cases = [
      [
        ['node', 'fail', 'node-9', '--data-dir', dataDir],
        /^Error: node "node-9" is not hosted by this cluster's kubelets/,
      ],
      [['logs', 'nope', '--data-dir', dataDir], /^Error: no component "nope" \(known: apiserver, controller-manager/],
      [['node', 'fail', 'node-1', '--data-dir', join(dir.path, 'none')], /^Error: the control plane is not running/],
      [
        ['up', '--node-cpu', 'lots', '--data-dir', join(dir.path, 'other')],
        /^Error: invalid argument "lots" for "--node-cpu" flag: not a resource quantity/,
      ],
      [['node', 'add', '--labels', 'x', '--data-dir', dataDir], /^Error: invalid argument "x" for "--labels" flag/],
      [['up', '--nodes', '-1', '--data-dir', join(dir.path, 'other')], /^Error: invalid argument "-1" for "--nodes"/],
    ] as const;
    for (const [args, line] of cases) {
      const r = await wheelhouse(...args);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stderr).toMatch(line);
    }
  });

  it('stops at once with one line naming the component, the port and the flag when a port is taken', async () => {
    const other = join(dir.path, 'other');
    const taken = await wheelhouse('up', '--data-dir', other, '--port', String(apiPort), '--store-port', '0');
    expect([taken.code, taken.stderr]).toEqual([
      1,
      `Error: the apiserver cannot listen on 127.0.0.1:${apiPort}: port in use (choose another with --port)\n`,
    ]);
    const server: Server = createServer();
    const storeTaken = await freePort();
    await new Promise<void>((r) => server.listen(storeTaken, '127.0.0.1', r));
    try {
      const r = await wheelhouse('up', '--data-dir', other, '--port', '0', '--store-port', String(storeTaken));
      expect([r.code, r.stderr]).toEqual([
        1,
        `Error: the store cannot listen on 127.0.0.1:${storeTaken}: port in use (choose another with --store-port)\n`,
      ]);
    } finally {
      server.close();
    }
    const second = await wheelhouse('up', '--data-dir', dataDir);
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(
      /^Error: a control plane already runs from .* \(pid \d+\); 'wheelhouse down' stops it\n$/,
    );
  });

  it('restarts a crashed component with backoff and says so, then status shows its new pid', async () => {
    const record = async () =>
      JSON.parse(await readFile(join(dataDir, 'up.json'), 'utf8')) as { components: { name: string; pid: number }[] };
    const pidOf = async (): Promise<number> => (await record()).components.find((c) => c.name === 'scheduler')!.pid;
    const old = await pidOf();
    process.kill(old, 'SIGKILL');
    await up!.waitFor(
      new RegExp(`! scheduler \\(pid ${old}\\) ended \\(killed by SIGKILL\\) after [\\d.]+s; restarting it in 0\\.5s`),
      30_000,
    );
    await up!.waitFor(/↻ scheduler restarted \(pid \d+\)/, 30_000);
    await until(async () => (await pidOf()) !== old, 'up.json to name the new scheduler', 30_000);
    const fresh = await pidOf();
    pids.add(fresh);
    await until(
      async () =>
        new RegExp(`^scheduler +${fresh} +\\S+ +running$`, 'm').test(
          (await wheelhouse('status', '--data-dir', dataDir)).stdout,
        ),
      'status to show the new scheduler running',
      90_000,
    );
  });

  it(
    'down stops everything; up again on the same data dir resumes the same cluster, pods adopted',
    async () => {
      await kube('create', 'deployment', 'web', '--image=nginx', '--replicas=2');
      const runningPods = async (): Promise<string[]> =>
        (await kube('get', 'pods', '-l', 'app=web', '--field-selector=status.phase=Running', '-o', 'name')).stdout
          .split('\n')
          .filter(Boolean)
          .sort();
      await until(async () => (await runningPods()).length === 2, '2 web pods Running', 60_000);
      const pods = await runningPods();

      const down = await wheelhouse('down', '--data-dir', dataDir);
      expect(down.stdout).toMatch(/^Stopped the control plane; its data stays in /);
      expect(up!.child.exitCode).toBe(0);
      expect(up!.output()).toContain('Stopping kubelets, controller manager, scheduler, API server, store');
      expect([...pids].filter(alive)).toEqual([]);
      expect((await wheelhouse('status', '--data-dir', dataDir)).stdout).toMatch(/^The control plane is down/);

      up = await startUp();
      expect(up.output()).toMatch(/^Resuming Wheelhouse in .* with 3 nodes$/m);
      // node-4, added while it ran, is back with the others; the deployment's pods are the same ones.
      await until(async () => (await readyNodes()).length === 4, '4 Ready nodes', 60_000);
      expect((await readyNodes()).sort()).toEqual(['node-1', 'node-2', 'node-3', 'node-4']);
      await until(async () => (await runningPods()).length === 2, '2 web pods Running again', 60_000);
      expect(await runningPods()).toEqual(pods);
    },
    START_MS + 120_000,
  );
});
