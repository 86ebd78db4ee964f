import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeKubeconfig } from '@wheelhouse/client';
import { runCommand } from '@wheelhouse/flags';
import { WHEELHOUSE_BIN, startBusyServer, startProcess, tempDir, until } from '@wheelhouse/testing';
import { describe, expect, it } from 'vitest';
import { schedulerCommand } from './main.js';

describe('wheelhouse scheduler', () => {
  it('refuses a bad --config at start, naming the field', async () => {
    const dir = await tempDir('sched-main-');
    try {
      const path = join(dir.path, 'config.yaml');
      await writeFile(
        path,
        'apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\npodMaxBackoffSeconds: 0\n',
      );
      let stderr = '';
      const code = await runCommand(schedulerCommand, ['--config', path], {
        out: () => undefined,
        err: (t) => (stderr += t),
      });
      expect(code).toBe(1);
      expect(stderr).toBe(
        'Error: invalid KubeSchedulerConfiguration: podMaxBackoffSeconds: Invalid value: 0: must be greater than or equal to PodInitialBackoffSeconds\n',
      );
    } finally {
      await dir.cleanup();
    }
  });

  it('lists its flags in --help', async () => {
    let out = '';
    expect(await runCommand(schedulerCommand, ['--help'], { out: (t) => (out += t), err: () => undefined })).toBe(0);
    for (const flag of ['--kubeconfig', '--config', '--leader-elect']) expect(out).toContain(flag);
  });

  it('keeps its API client quiet below --log-level (no info line when the server asks to retry)', async () => {
    const busy = await startBusyServer();
    const dir = await tempDir('sched-main-');
    const kubeconfig = join(dir.path, 'kubeconfig');
    await writeKubeconfig(kubeconfig, { server: busy.url });
    const args = ['--kubeconfig', kubeconfig, '--log-level', 'warn', '--secure-port', '0', '--leader-elect=false'];
    const proc = startProcess(process.execPath, [WHEELHOUSE_BIN, 'scheduler', ...args]);
    try {
      // A second request to one path is a retry, made after the client logged why.
      await until(() => [...busy.hits.values()].some((n) => n >= 2), 'the client to retry a request', 60_000);
    } finally {
      await proc.stop();
      await busy.close();
      await dir.cleanup();
    }
    expect(proc.output()).not.toContain('server asked to retry later');
  }, 90_000);
});
