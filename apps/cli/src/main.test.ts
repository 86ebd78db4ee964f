import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { freePort, startProcess, tempDir, until, WHEELHOUSE_BIN } from '@wheelhouse/testing';

const execFileP = promisify(execFile);

/** Runs the real launcher as a user would (`npx wheelhouse ...`). */
async function wheelhouse(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await execFileP(process.execPath, [WHEELHOUSE_BIN, ...args]);
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('the wheelhouse command', () => {
  it('lists its commands with --help', async () => {
    const r = await wheelhouse('--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\s+store\s+Run the etcd-compatible store/m);
    expect(r.stdout).toMatch(/^\s+start\s+/m);
    expect(r.stdout).toMatch(/^\s+apiserver\s+Run the Kubernetes API server/m);
  });

  it("lists a component's flags with <command> --help, named as etcd names them", async () => {
    const r = await wheelhouse('store', '--help');
    expect(r.code).toBe(0);
    for (const flag of [
      '--name',
      '--data-dir',
      '--listen-client-urls',
      '--advertise-client-urls',
      '--quota-backend-bytes',
      '--auto-compaction-mode',
      '--auto-compaction-retention',
      '--log-level',
    ]) {
      expect(r.stdout).toContain(flag);
    }
    expect(r.stdout).toMatch(/^\s+snapshot\s+/m);
  });

  it('answers an unknown command or flag with one line and exit code 2, no stack trace', async () => {
    const cmd = await wheelhouse('nope');
    expect(cmd.code).toBe(2);
    expect(cmd.stderr).toBe('Error: unknown command "nope" for "wheelhouse" (see \'wheelhouse --help\')\n');
    const flag = await wheelhouse('store', '--listen-peer-urls', 'http://127.0.0.1:2380');
    expect(flag.code).toBe(2);
    expect(flag.stderr.trim().split('\n')).toHaveLength(1);
    expect(flag.stderr).toContain('unknown flag: --listen-peer-urls');
  });

  it('reports a failing command in one line with exit code 1', async () => {
    const r = await wheelhouse(
      'store',
      'snapshot',
      'restore',
      '/nonexistent/snap.db',
      '--data-dir',
      '/tmp/wheelhouse-cli-test-never',
    );
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^Error: /);
  });
});

describe('wheelhouse start', () => {
  it('starts the store and the API server, serves the real kubectl, and stops both on SIGINT', async () => {
    const [storePort, apiPort] = [await freePort(), await freePort()];
    const dir = await tempDir('wheelhouse-start-');
    const home = await tempDir('wheelhouse-start-home-');
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
      'warn',
    ]);
    try {
      await proc.waitFor(`API server on http://127.0.0.1:${apiPort}`);
      await until(
        async () => (await fetch(`http://127.0.0.1:${apiPort}/readyz`).catch(() => undefined))?.status === 200,
        'the API server to be ready',
        30_000,
      );
      const { stdout } = await execFileP(
        'kubectl',
        ['--server', `http://127.0.0.1:${apiPort}`, 'get', 'namespaces', '-o', 'name'],
        { env: { ...process.env, HOME: home.path }, cwd: home.path },
      );
      expect(stdout.split('\n')).toEqual(expect.arrayContaining(['namespace/default', 'namespace/kube-system']));
      await proc.stop('SIGINT');
      expect(proc.child.exitCode).toBe(0);
      expect(
        await fetch(`http://127.0.0.1:${apiPort}/readyz`).then(
          () => 'up',
          () => 'down',
        ),
      ).toBe('down');
    } finally {
      await proc.stop('SIGKILL');
      await dir.cleanup();
      await home.cleanup();
    }
  }, 60_000);
});
