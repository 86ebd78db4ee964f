import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  freePort,
  kubectlHome,
  startProcess,
  tempDir,
  until,
  WHEELHOUSE_BIN,
  type RunningProcess,
} from '@wheelhouse/testing';

/** The supervisor's JSON log records in a process's output. */
function records(proc: RunningProcess): Array<Record<string, unknown>> {
  return proc
    .output()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => {
      try {
        return JSON.parse(l) as Record<string, unknown>;
      } catch {
        return {};
      }
    })
    .filter((r) => r.component === 'supervisor');
}

/** The pid of the named child's latest start. */
function pidOf(proc: RunningProcess, child: string): number {
  const started = records(proc).filter((r) => r.msg === 'child started' && r.child === child);
  return started.at(-1)!.pid as number;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('wheelhouse start keeps its children running', () => {
  it('starts the store and the API server, serves the real kubectl, restarts either killed with -9, and stops both on SIGINT', async () => {
    const [storePort, apiPort] = [await freePort(), await freePort()];
    const dir = await tempDir('wheelhouse-start-restart-');
    const server = `http://127.0.0.1:${apiPort}`;
    const kubectl = await kubectlHome({ server, prefix: 'wheelhouse-start-restart-home-' });
    const namespaces = async (): Promise<string[]> =>
      (await kubectl.ok('get', 'namespaces', '-o', 'name').catch(() => '')).split('\n');
    const proc = startProcess(process.execPath, [
      WHEELHOUSE_BIN,
      'start',
      '--data-dir',
      join(dir.path, 'data'),
      '--listen-client-urls',
      `http://127.0.0.1:${storePort}`,
      '--apiserver-port',
      String(apiPort),
      '--log-level',
      'info',
    ]);
    const pids: number[] = [];
    try {
      await proc.waitFor(`API server on ${server}`, 60_000);
      await until(
        async () => (await fetch(`${server}/readyz`).catch(() => undefined))?.status === 200,
        'the API server to be ready',
        60_000,
      );
      const stdout = await kubectl.ok('get', 'namespaces', '-o', 'name');
      expect(stdout.split('\n')).toEqual(expect.arrayContaining(['namespace/default', 'namespace/kube-system']));
      await kubectl.ok('create', 'namespace', 'before-kill');

      for (const child of ['store', 'apiserver']) {
        const pid = pidOf(proc, child);
        pids.push(pid);
        process.kill(pid, 'SIGKILL');
        await until(
          () => records(proc).some((r) => r.msg === 'child exited; restarting it' && r.pid === pid),
          `the supervisor to report the ${child} killed`,
          20_000,
        );
        const report = records(proc).find((r) => r.msg === 'child exited; restarting it' && r.pid === pid)!;
        expect(report).toMatchObject({ child, signal: 'SIGKILL', exitCode: null, restartInMs: 500 });
        expect(Date.parse(report.restartAt as string)).toBeGreaterThan(0);
        // It comes back as a new process, and the control plane serves again with its data.
        await until(() => pidOf(proc, child) !== pid, `the ${child} to be started again`, 20_000);
        await until(
          async () => (await namespaces()).includes('namespace/before-kill'),
          `kubectl to work again after the ${child} restart`,
          60_000,
        );
        pids.push(pidOf(proc, child));
      }
      await kubectl.ok('create', 'namespace', 'after-kills');
      expect(await namespaces()).toEqual(expect.arrayContaining(['namespace/before-kill', 'namespace/after-kills']));

      await proc.stop('SIGINT');
      expect(proc.child.exitCode).toBe(0);
      expect(pids.map(alive)).toEqual([false, false, false, false]);
      expect(
        await fetch(`${server}/readyz`).then(
          () => 'up',
          () => 'down',
        ),
      ).toBe('down');
    } finally {
      await proc.stop('SIGKILL');
      for (const pid of pids) if (alive(pid)) process.kill(pid, 'SIGKILL');
      await dir.cleanup();
      await kubectl.cleanup();
    }
  }, 180_000);
});
