import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runCommand } from '@wheelhouse/flags';
import { writeKubeconfig } from '@wheelhouse/client';
import { WHEELHOUSE_BIN, kubectlHome, startBusyServer, startProcess, until, type Kubectl } from '@wheelhouse/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from './cluster.test-support.js';
import { kubeletCommand } from './main.js';

let api: TestApi;
let kubectl: Kubectl;

beforeAll(async () => {
  api = await startTestApi();
  kubectl = await kubectlHome({ server: api.url });
});
afterAll(async () => {
  await api?.stop();
  await kubectl?.cleanup();
});

async function run(args: string[]): Promise<{ code: number; err: string }> {
  let err = '';
  const code = await runCommand(
    kubeletCommand,
    ['--kubeconfig', kubectl.kubeconfig, '--log-level', 'silent', ...args],
    {
      out: () => undefined,
      err: (t) => (err += t),
    },
  );
  return { code, err };
}

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
    [
      ['--node-labels', 'node-role.kubernetes.io/worker=,zone=a'],
      1,
      "Error: unknown 'kubernetes.io' or 'k8s.io' labels specified with --node-labels: [node-role.kubernetes.io/worker]; " +
        "--node-labels in the 'kubernetes.io' namespace must begin with an allowed prefix (kubelet.kubernetes.io, node.kubernetes.io) " +
        'or be in the specifically allowed set (beta.kubernetes.io/arch, beta.kubernetes.io/instance-type, beta.kubernetes.io/os, ' +
        'failure-domain.beta.kubernetes.io/region, failure-domain.beta.kubernetes.io/zone, kubernetes.io/arch, kubernetes.io/hostname, ' +
        'kubernetes.io/os, node.kubernetes.io/instance-type, topology.kubernetes.io/region, topology.kubernetes.io/zone)\n',
    ],
    [['--system-reserved', 'gpu=1'], 1, 'Error: invalid system-reserved: cannot reserve "gpu" resource\n'],
    [
      ['--register-with-taints', 'a=b=c:NoSchedule'],
      2,
      'Error: invalid argument "a=b=c:NoSchedule" for "--register-with-taints" flag: invalid taint spec: a=b=c:NoSchedule\n',
    ],
    [['--node-name', 'a', '--nodes', '2'], 1, 'Error: invalid nodes: give either a node name or a node count\n'],
  ])('refuses %j with one line', async (args, code, message) => {
    expect(await run(args)).toEqual({ code, err: message });
  });

  it('refuses a bad stage file with one line naming the file, the stage and the field', async () => {
    const file = join(kubectl.home, 'bad.yaml');
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
    const portFile = join(kubectl.home, 'admin.json');
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
    const nodes = await kubectl.ok('get', 'nodes', '--no-headers');
    expect(nodes).toMatch(/^cli-1\s+Ready\s+<none>\s+\S+\s+v1\.32\.0$/m);
    expect(nodes).toMatch(/^cli-2\s+Ready\s/m);
    await kubectl.ok(
      'run',
      'hello',
      '--image',
      'nginx',
      '--overrides',
      JSON.stringify({ spec: { nodeName: 'cli-2' } }),
    );
    await until(
      async () => /^hello\s+1\/1\s+Running\s+0\s/m.test(await kubectl.ok('get', 'pods', '--no-headers')),
      'pod Running',
    );
    const wide = await kubectl.ok('get', 'pod', 'hello', '-o', 'wide', '--no-headers');
    expect(wide).toMatch(/^hello\s+1\/1\s+Running\s+0\s+\S+\s+10\.64\.2\.\d+\s+cli-2\s/);
    process.emit('SIGTERM');
    expect(await running).toEqual({ code: 0, err: '' });
  });
  it('registers a node as its flags say, and kubectl describe shows the kubelet events of its pods', async () => {
    const running = run([
      '--node-name',
      'big-1',
      '--cpu',
      '8',
      '--memory',
      '32Gi',
      '--ephemeral-storage',
      '200Gi',
      '--max-pods',
      '50',
      '--system-reserved',
      'cpu=500m,ephemeral-storage=10Gi',
      '--node-labels',
      'node.kubernetes.io/instance-type=sim.large,topology.kubernetes.io/zone=a',
      '--register-with-taints',
      'dedicated=db:NoSchedule',
      '--pod-startup-delay',
      '10ms',
    ]);
    const nodes = api.client.resource('nodes');
    await until(
      async () =>
        (await nodes.get('big-1').catch(() => undefined))?.status?.conditions?.some(
          (c) => c.type === 'Ready' && c.status === 'True',
        ) ?? false,
      'big-1 Ready',
    );
    const node = await nodes.get('big-1');
    expect(node.metadata.labels).toMatchObject({
      'kubernetes.io/hostname': 'big-1',
      'kubernetes.io/os': 'linux',
      'kubernetes.io/arch': 'amd64',
      'node.kubernetes.io/instance-type': 'sim.large',
      'topology.kubernetes.io/zone': 'a',
    });
    expect(node.spec?.taints).toEqual([{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }]);
    expect(node.status?.capacity).toEqual({ cpu: '8', 'ephemeral-storage': '200Gi', memory: '32Gi', pods: '50' });
    expect(node.status?.allocatable).toEqual({
      cpu: '7500m',
      'ephemeral-storage': '190Gi',
      memory: '32Gi',
      pods: '50',
    });
    expect(node.status?.nodeInfo).toMatchObject({
      kubeletVersion: 'v1.32.0',
      containerRuntimeVersion: 'wheelhouse-sim://0.1.0',
    });
    for (const c of node.status?.conditions ?? []) {
      expect(Date.parse(c.lastHeartbeatTime!)).not.toBeNaN();
      expect(Date.parse(c.lastTransitionTime!)).not.toBeNaN();
    }
    expect(node.status?.conditions?.map((c) => c.type).sort()).toEqual([
      'DiskPressure',
      'MemoryPressure',
      'PIDPressure',
      'Ready',
    ]);
    const overrides = {
      spec: {
        nodeName: 'big-1',
        containers: [{ name: 'disk', image: 'nginx:1.27', resources: { requests: { 'ephemeral-storage': '1Gi' } } }],
      },
    };
    await kubectl.ok('run', 'disk', '--image', 'nginx:1.27', '--overrides', JSON.stringify(overrides));
    await until(
      async () => /^disk\s+1\/1\s+Running\s/m.test(await kubectl.ok('get', 'pods', '--no-headers')),
      'disk Running',
    );
    let described = '';
    await until(
      async () => /Started\s/.test((described = await kubectl.ok('describe', 'pod', 'disk'))),
      'Started event',
    );
    expect(described).toMatch(/Normal\s+Pulling\s+\S+\s+kubelet\s+Pulling image "nginx:1\.27"/);
    expect(described).toMatch(/Normal\s+Pulled\s+\S+\s+kubelet\s+Successfully pulled image "nginx:1\.27" in /);
    expect(described).toMatch(/Normal\s+Created\s+\S+\s+kubelet\s+Created container: disk/);
    expect(described).toMatch(/Normal\s+Started\s+\S+\s+kubelet\s+Started container disk/);
    process.emit('SIGTERM');
    expect(await running).toEqual({ code: 0, err: '' });
  });

  it('keeps its API client quiet below --log-level (no info line when the server asks to retry)', async () => {
    const busy = await startBusyServer();
    const config = join(kubectl.home, 'busy-kubeconfig');
    await writeKubeconfig(config, { server: busy.url });
    const args = ['--kubeconfig', config, '--log-level', 'warn', '--nodes', '1'];
    const proc = startProcess(process.execPath, [WHEELHOUSE_BIN, 'kubelet', ...args]);
    try {
      // A second request to one path is a retry, made after the client logged why.
      await until(() => [...busy.hits.values()].some((n) => n >= 2), 'the client to retry a request', 60_000);
    } finally {
      await proc.stop();
      await busy.close();
    }
    expect(proc.output()).not.toContain('server asked to retry later');
  }, 90_000);
});
