/** The apiserver as its own process (`wheelhouse apiserver` with kube-apiserver's flags) on a real etcd. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { freePort, startProcess, startRealEtcd, WHEELHOUSE_BIN, type EtcdServer } from '@wheelhouse/testing';

function run(args: string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [WHEELHOUSE_BIN, 'apiserver', ...args], { timeout: 20_000 }, (err, _out, stderr) => {
      resolve({ code: err ? Number((err as { code?: unknown }).code ?? 1) : 0, stderr });
    });
  });
}

let etcd: EtcdServer;
beforeAll(async () => {
  etcd = await startRealEtcd();
});
afterAll(async () => {
  await etcd?.stop();
});

describe('apiserver process', () => {
  it('serves with kube-apiserver flags and exits cleanly on SIGTERM', async () => {
    const port = await freePort();
    const proc = startProcess(process.execPath, [
      WHEELHOUSE_BIN,
      'apiserver',
      '--etcd-servers',
      etcd.endpoint,
      '--bind-address',
      '127.0.0.1',
      '--port',
      String(port),
      '--log-level',
      'info',
    ]);
    try {
      await proc.waitFor('apiserver listening', 20_000);
      const res = await fetch(`http://127.0.0.1:${port}/api/v1/namespaces/kube-system`);
      expect(res.status).toBe(200);
      const ver = await (await fetch(`http://127.0.0.1:${port}/version`)).json();
      expect(ver).toMatchObject({ major: '1', minor: '32' });
    } finally {
      await proc.stop('SIGTERM');
    }
    expect(proc.child.exitCode).toBe(0);
  });

  it('rejects bad flags and bad configuration with a one-line error', async () => {
    const unknown = await run(['--nope']);
    expect(unknown).toEqual({ code: 2, stderr: "Error: unknown flag: --nope (see 'apiserver --help')\n" });
    const badRange = await run(['--etcd-servers', etcd.endpoint, '--service-cluster-ip-range', 'nonsense']);
    expect(badRange.code).toBe(1);
    expect(badRange.stderr).toBe(
      'Error: invalid --service-cluster-ip-range: "nonsense" (want an IPv4 CIDR such as 10.96.0.0/12)\n',
    );
  });
});
