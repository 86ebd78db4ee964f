import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runCommand } from '@wheelhouse/flags';
import { tempDir } from '@wheelhouse/testing';
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
});
