import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { WHEELHOUSE_BIN } from '@wheelhouse/testing';

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

// Each case launches the real CLI through tsx (seconds each, far more on a loaded machine).
describe('the wheelhouse command', { timeout: 90_000 }, () => {
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
