import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { writeKubeconfig } from '@wheelhouse/client';
import { runCommand } from '@wheelhouse/flags';
import { tempDir, until, type TempDir } from '@wheelhouse/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from './cluster.test-support.js';
import { kubeletCommand } from './main.js';

const exec = promisify(execFile);
let api: TestApi;
let dir: TempDir;
let kubeconfig: string;

beforeAll(async () => {
  api = await startTestApi();
  dir = await tempDir();
  kubeconfig = join(dir.path, 'kubeconfig');
  await writeKubeconfig(kubeconfig, { server: api.url });
});
afterAll(async () => {
  await api?.stop();
  await dir?.cleanup();
});

async function run(args: string[]): Promise<{ code: number; err: string }> {
  let err = '';
  const code = await runCommand(kubeletCommand, ['--kubeconfig', kubeconfig, '--log-level', 'silent', ...args], {
    out: () => undefined,
    err: (t) => (err += t),
  });
  return { code, err };
}

const kubectl = async (...args: string[]): Promise<string> =>
  (await exec('kubectl', ['--kubeconfig', kubeconfig, ...args])).stdout;

describe('wheelhouse kubelet', () => {
  it.each([
    [['--nodes', 'many'], 2, 'Error: invalid argument "many" for "--nodes" flag: not a number\n'],
    [
      ['--register-with-taints', 'gpu'],
      2,
      'Error: invalid argument "gpu" for "--register-with-taints" flag: want key=value:Effect or key:Effect\n',
    ],
    [['--node-labels', 'zone'], 2, 'Error: invalid argument "zone" for "--node-labels" flag: want key=value\n'],
    [
      ['--pod-startup-delay', '5'],
      2,
      'Error: invalid argument "5" for "--pod-startup-delay" flag: time: missing unit in duration "5"\n',
    ],
    [['--nodes', '0'], 1, 'Error: invalid nodes: must be a whole number >= 1, got 0\n'],
    [['--node-name', 'a', '--nodes', '2'], 1, 'Error: invalid nodes: give either a node name or a node count\n'],
  ])('refuses %j with one line', async (args, code, message) => {
    expect(await run(args)).toEqual({ code, err: message });
  });

  it('refuses a bad stage file with one line naming the file, the stage and the field', async () => {
    const file = join(dir.path, 'bad.yaml');
    await writeFile(
      file,
      'apiVersion: sim.wheelhouse.dev/v1alpha1\nkind: Stage\nmetadata: { name: s }\nspec:\n  resourceRef: { kind: Pod }\n  next: { status: { phase: "{{ .status. }}" } }\n',
    );
    const { code, err } = await run(['--stages', file]);
    expect(code).toBe(1);
    expect(err).toMatch(
      new RegExp(`^Error: stage file ${file}: stage "s": spec\\.next\\.status\\.phase: expression .*\\n$`),
    );
  });

  it('runs nodes that kubectl shows Ready, with Running pods, and stops on SIGTERM', async () => {
    const portFile = join(dir.path, 'admin.json');
    const running = run([
      '--nodes',
      '2',
      '--node-name-prefix',
      'cli-',
      '--admin-port',
      '0',
      '--admin-port-file',
      portFile,
      '--pod-startup-delay',
      '10ms',
    ]);
    await until(async () => (await readFile(portFile, 'utf8').catch(() => '')) !== '', 'admin port file');
    const { url } = JSON.parse(await readFile(portFile, 'utf8'));
    await until(async () => {
      const res = (await (await fetch(`${url}/nodes`)).json()) as { nodes: { state: string }[] };
      return res.nodes.every((n) => n.state === 'running');
    }, 'nodes running');
    const nodes = await kubectl('get', 'nodes', '--no-headers');
    expect(nodes).toMatch(/^cli-1\s+Ready\s+<none>\s+\S+\s+v1\.32\.0$/m);
    expect(nodes).toMatch(/^cli-2\s+Ready\s/m);
    await kubectl('run', 'hello', '--image', 'nginx', '--overrides', JSON.stringify({ spec: { nodeName: 'cli-2' } }));
    await until(
      async () => /^hello\s+1\/1\s+Running\s+0\s/m.test(await kubectl('get', 'pods', '--no-headers')),
      'pod Running',
    );
    const wide = await kubectl('get', 'pod', 'hello', '-o', 'wide', '--no-headers');
    expect(wide).toMatch(/^hello\s+1\/1\s+Running\s+0\s+\S+\s+10\.64\.2\.\d+\s+cli-2\s/);
    process.emit('SIGTERM');
    expect(await running).toEqual({ code: 0, err: '' });
  });
});
