import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { freePort, startProcess, tempDir, type RunningProcess } from '@wheelhouse/testing';
import { describeEtcdClient, type EtcdTestServer } from './client.suite.js';

const execFileP = promisify(execFile);

async function waitHealthy(endpoint: string, proc: RunningProcess): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (proc.child.exitCode !== null) throw new Error(`etcd exited early:\n${proc.output()}`);
    try {
      await execFileP('etcdctl', ['--endpoints', endpoint, '--dial-timeout', '1s', 'endpoint', 'health'], {
        env: { ...process.env, ETCDCTL_API: '3' },
      });
      return;
    } catch {
      if (Date.now() > deadline) throw new Error(`etcd at ${endpoint} not healthy:\n${proc.output()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/**
 * The real etcd on fixed ports and a fixed data dir, so the suite can restart it in
 * place (startRealEtcd picks new ports on every start).
 */
async function startRestartableEtcd(): Promise<EtcdTestServer> {
  const [clientPort, peerPort] = [await freePort(), await freePort()];
  const dir = await tempDir('etcd-client-test-');
  const endpoint = `http://127.0.0.1:${clientPort}`;
  const peer = `http://127.0.0.1:${peerPort}`;
  const args = ['--data-dir', dir.path, '--listen-client-urls', endpoint, '--advertise-client-urls', endpoint,
    '--listen-peer-urls', peer, '--initial-advertise-peer-urls', peer, '--initial-cluster', `default=${peer}`];
  const launch = async (): Promise<RunningProcess> => {
    const proc = startProcess('etcd', args);
    await waitHealthy(endpoint, proc);
    return proc;
  };
  let proc = await launch();
  return {
    endpoint,
    restart: async () => {
      await proc.stop();
      proc = await launch();
    },
    stop: async () => {
      await proc.stop();
      await dir.cleanup();
    },
  };
}

describeEtcdClient('the real etcd 3.4', startRestartableEtcd);
