/**
 * The headline scenario as the README walks a user through it, every step a real process:
 * `wheelhouse up --nodes 3` (short node-failure timings), the real kubectl reading the
 * kubeconfig `up` wrote, `kubectl apply -f manifests/nginx-deployment.yaml`, a
 * `kubectl get pods -o wide -w` running alongside, `wheelhouse node fail node-2` (NotReady,
 * tainted, its pods Terminating there and replaced on the other nodes), `wheelhouse node
 * recover node-2` (Ready, the old pods finish), `kubectl drain node-3 --ignore-daemonsets`
 * and `uncordon`, then every other example of manifests/ applied unchanged and reaching its
 * working state, and `wheelhouse down`.
 */
import { copyFile, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  freePort,
  kubectlHome,
  REPO_ROOT,
  startProcess,
  tempDir,
  WHEELHOUSE_BIN,
  type RunningProcess,
  type TempDir,
} from '@wheelhouse/testing';
import {
  condition,
  Kubectl,
  ready,
  running,
  taints,
  until,
  type KubeList,
  type KubeObject,
} from '../support/kubectl.test-support.js';

const execFileP = promisify(execFile);
const MANIFESTS = join(REPO_ROOT, 'manifests');
/** Starting five programs through tsx on a loaded 2-core machine can take minutes. */
const START_MS = 240_000;
/** A node is unreachable 8 s after its last heartbeat; its pods are evicted 5 s after that. */
const UP_FLAGS = [
  '--node-monitor-grace-period',
  '8s',
  '--default-unreachable-toleration-seconds',
  '5',
  '--default-not-ready-toleration-seconds',
  '5',
];

let dir: TempDir;
let dataDir: string;
let up: RunningProcess | undefined;
let k: Kubectl;
let watcher: RunningProcess | undefined;

/** Runs a `wheelhouse` verb against the test's cluster, as a user would; rejects on a non-zero exit. */
async function wheelhouse(...args: string[]): Promise<string> {
  const { stdout } = await execFileP(process.execPath, [WHEELHOUSE_BIN, ...args, '--data-dir', dataDir], {
    cwd: dir.path,
  });
  return stdout;
}

/** The nginx pods not being deleted, by node. */
async function nginxByNode(): Promise<Map<string, KubeObject[]>> {
  const byNode = new Map<string, KubeObject[]>();
  for (const p of await k.pods('default', 'app=nginx')) {
    if (!running(p)) continue;
    const node = p.spec.nodeName as string;
    byNode.set(node, [...(byNode.get(node) ?? []), p]);
  }
  return byNode;
}

const nodeNamed = (name: string): Promise<KubeObject> => k.json<KubeObject>(['get', 'node', name]);

beforeAll(async () => {
  dir = await tempDir('wheelhouse-e2e-headline-');
  dataDir = join(dir.path, 'cluster');
  const [port, storePort] = [await freePort(), await freePort()];
  up = startProcess(
    process.execPath,
    [WHEELHOUSE_BIN, 'up', '--nodes', '3', '--data-dir', dataDir, '--port', `${port}`, '--store-port', `${storePort}`]
      .concat(UP_FLAGS)
      .concat(['--log-level', 'warn']),
    { cwd: dir.path },
  );
  await up.waitFor('Wheelhouse is up', START_MS);
  const runner = await kubectlHome({ prefix: 'wheelhouse-e2e-headline-kubectl-' });
  await copyFile(join(dataDir, 'kubeconfig'), runner.kubeconfig);
  k = new Kubectl(runner);
  await until(
    '3 Ready nodes',
    async () => (await k.json<KubeList>(['get', 'nodes'])).items,
    (nodes) => nodes.length === 3 && nodes.every((n) => ready(n) === 'True'),
  );
}, START_MS + 60_000);

afterAll(async () => {
  await watcher?.stop().catch(() => undefined);
  if (dataDir) await wheelhouse('down').catch(() => undefined);
  await up?.stop('SIGINT', 60_000).catch(() => up?.stop('SIGKILL'));
  await k?.cleanup();
  await dir?.cleanup();
}, 120_000);

beforeEach(({ onTestFailed }) => {
  onTestFailed(() => {
    if (up) process.stderr.write(`headline e2e: wheelhouse up's output\n${up.output().slice(-6000)}\n`);
  });
});

describe('the headline scenario', () => {
  it('prints where the kubeconfig is and the next steps', () => {
    expect(up!.output()).toMatch(/^export KUBECONFIG=\S*cluster\/kubeconfig$/m);
  });

  it('runs the nginx Deployment over the three nodes', async () => {
    const out = await k.ok(['apply', '-f', join(MANIFESTS, 'nginx-deployment.yaml')]);
    expect(out).toContain('deployment.apps/nginx created');
    expect(out).toContain('service/nginx created');
    watcher = k.start(['get', 'pods', '-o', 'wide', '-w']);
    await until('6 nginx pods Running', nginxByNode, (m) => [...m.values()].flat().length === 6, 120_000);
    // The endpoints controller lists every Running pod behind the Service.
    await until(
      'the 6 pod IPs behind Service nginx',
      () => k.json<KubeObject>(['get', 'endpoints', 'nginx']),
      (ep) =>
        ((ep as unknown as { subsets?: { addresses?: unknown[] }[] }).subsets ?? []).flatMap((s) => s.addresses ?? [])
          .length === 6,
    );
  });

  it('evicts the pods of a failed node and runs them on the others; they finish once it recovers', async () => {
    // The scheduler spreads the replicas: make sure node-2 has some to lose.
    const before = await nginxByNode();
    const onNode2 = (before.get('node-2') ?? []).map((p) => p.metadata.name);
    expect(onNode2.length).toBeGreaterThan(0);

    expect(await wheelhouse('node', 'fail', 'node-2')).toMatch(/node-2/);
    const notReady = await until(
      'node-2 NotReady and tainted unreachable',
      () => nodeNamed('node-2'),
      (n) =>
        ready(n) === 'Unknown' &&
        taints(n).some((t) => t.key === 'node.kubernetes.io/unreachable' && t.effect === 'NoExecute'),
      90_000,
    );
    expect(condition(notReady, 'Ready')?.message).toBe('Kubelet stopped posting node status.');

    // Evicted: Terminating on node-2 (the node is not there to confirm), replaced on node-1 and node-3.
    await until(
      "node-2's pods Terminating there and 6 Running on node-1 and node-3",
      async () => ({
        all: (await k.json<KubeList>(['get', 'pods', '-l', 'app=nginx'])).items,
        live: await nginxByNode(),
      }),
      ({ all, live }) =>
        onNode2.every((name) =>
          all.some((p) => p.metadata.name === name && p.metadata.deletionTimestamp !== undefined),
        ) && (live.get('node-1')?.length ?? 0) + (live.get('node-3')?.length ?? 0) === 6,
      90_000,
    );
    const evicted = await k.json<KubeObject>(['get', 'pod', onNode2[0]!]);
    expect(condition(evicted, 'DisruptionTarget')?.reason).toBe('DeletionByTaintManager');

    expect(await wheelhouse('node', 'recover', 'node-2')).toMatch(/node-2/);
    await until(
      'node-2 Ready and untainted, its old pods gone',
      async () => ({
        node: await nodeNamed('node-2'),
        pods: await k.json<KubeList>(['get', 'pods', '-l', 'app=nginx']),
      }),
      ({ node, pods }) =>
        ready(node) === 'True' &&
        !taints(node).some((t) => t.key.startsWith('node.kubernetes.io/')) &&
        pods.items.every((p) => !onNode2.includes(p.metadata.name)),
      90_000,
    );

    // The watch in the other terminal showed it all: the old pods Terminating on node-2.
    const watched = watcher!.output();
    expect(watched).toMatch(new RegExp(`^${onNode2[0]}\\s+\\S+\\s+Terminating\\s.*node-2`, 'm'));
  });

  it('drains node-3 through evictions and uncordons it', async () => {
    await until('6 nginx pods Running', nginxByNode, (m) => [...m.values()].flat().length === 6, 90_000);
    const out = await k.ok(['drain', 'node-3', '--ignore-daemonsets', '--timeout=120s']);
    expect(out).toContain('node/node-3 cordoned');
    expect(out).toContain('node/node-3 drained');
    const drained = await until('6 nginx pods Running off node-3', nginxByNode, (m) => {
      const pods = [...m.values()].flat();
      return pods.length === 6 && !m.has('node-3');
    });
    expect([...drained.keys()].sort()).toEqual(['node-1', 'node-2']);
    expect((await nodeNamed('node-3')).spec.unschedulable).toBe(true);

    expect(await k.ok(['uncordon', 'node-3'])).toContain('node/node-3 uncordoned');
    expect((await nodeNamed('node-3')).spec.unschedulable).toBeUndefined();
  });
});

describe('the examples in manifests/', () => {
  it('are all ordinary YAML kubectl applies unchanged', async () => {
    const files = (await readdir(MANIFESTS)).filter((f) => f.endsWith('.yaml'));
    expect(files).toEqual(expect.arrayContaining(['daemonset.yaml', 'statefulset.yaml', 'job.yaml', 'cronjob.yaml']));
    for (const f of files) {
      const text = await readFile(join(MANIFESTS, f), 'utf8');
      expect(text.startsWith('#'), `${f} starts with a comment saying how to use it`).toBe(true);
    }
  });

  it('a DaemonSet runs one pod per node', async () => {
    expect(await k.ok(['apply', '-f', join(MANIFESTS, 'daemonset.yaml')])).toContain(
      'daemonset.apps/node-agent created',
    );
    await until(
      'node-agent on 3 nodes',
      () => k.json<KubeObject>(['get', 'ds', 'node-agent']),
      (ds) => ds.status?.numberReady === 3 && ds.status?.desiredNumberScheduled === 3,
      90_000,
    );
  });

  it('a Job runs its five completions', async () => {
    expect(await k.ok(['apply', '-f', join(MANIFESTS, 'job.yaml')])).toContain('job.batch/pi created');
    const job = await until(
      'job pi Complete',
      () => k.json<KubeObject>(['get', 'job', 'pi']),
      (j) => condition(j, 'Complete')?.status === 'True',
      120_000,
    );
    expect(job.status?.succeeded).toBe(5);
  });

  it('a CronJob and a PodDisruptionBudget apply and report status', async () => {
    expect(await k.ok(['apply', '-f', join(MANIFESTS, 'cronjob.yaml')])).toContain('cronjob.batch/hello created');
    expect(await k.ok(['get', 'cronjob', 'hello'])).toMatch(/^hello\s+\*\/1 \* \* \* \*/m);
    // Applied with wheelhouse's own apply (server-side, field manager wheelhouse), as a user without kubectl would.
    expect(await wheelhouse('apply', '-f', join(MANIFESTS, 'pdb.yaml'))).toBe(
      'poddisruptionbudget.policy/nginx created\n',
    );
    expect(await wheelhouse('get', 'pdb', 'nginx')).toMatch(
      /^NAME\s+MIN AVAILABLE\s+MAX UNAVAILABLE\s+ALLOWED DISRUPTIONS\s+AGE\nnginx\s+4\s+N\/A\s/,
    );
    await until(
      'pdb nginx allows 2 disruptions',
      () => k.json<KubeObject>(['get', 'pdb', 'nginx']),
      (pdb) => pdb.status?.disruptionsAllowed === 2,
      60_000,
    );
  });

  it('the PriorityClasses apply', async () => {
    const out = await k.ok(['apply', '-f', join(MANIFESTS, 'priority-classes.yaml')]);
    expect(out).toContain('priorityclass.scheduling.k8s.io/production created');
  });
});

describe('the API real-world manifests use', () => {
  const EVERY_KIND = join(REPO_ROOT, 'e2e/headline/every-kind.yaml');

  it('applies one file holding one of each kind, unchanged, and shows each as a cluster would', async () => {
    const out = await k.ok(['apply', '-f', EVERY_KIND]);
    for (const line of [
      'clusterrole.rbac.authorization.k8s.io/kinds-monitoring created',
      'rolebinding.rbac.authorization.k8s.io/read-config created',
      'ingress.networking.k8s.io/web created',
      'networkpolicy.networking.k8s.io/deny-all-ingress created',
      'storageclass.storage.k8s.io/fast created',
      'persistentvolumeclaim/data created',
      'horizontalpodautoscaler.autoscaling/legacy created',
      'resourcequota/compute created',
      'limitrange/defaults created',
      'podtemplate/worker created',
      'validatingwebhookconfiguration.admissionregistration.k8s.io/kinds-policy created',
      'apiservice.apiregistration.k8s.io/v1beta1.metrics.example.com created',
      'customresourcedefinition.apiextensions.k8s.io/crontabs.stable.example.com created',
    ])
      expect(out).toContain(line);
    // Applying it again succeeds; what nobody else changed is unchanged. (An aggregated role's rules and the
    // webhooks' defaulted rules are atomic lists that differ from the file: kubectl patches them, as with kube.)
    const again = await k.ok(['apply', '-f', EVERY_KIND]);
    for (const name of [
      'role.rbac.authorization.k8s.io/config-reader',
      'ingress.networking.k8s.io/web',
      'horizontalpodautoscaler.autoscaling/legacy',
      'customresourcedefinition.apiextensions.k8s.io/crontabs.stable.example.com',
    ])
      expect(again).toContain(`${name} unchanged`);

    // The aggregation controller fills the aggregated role; the default IngressClass is filled in.
    await until(
      'kinds-monitoring aggregated',
      () => k.json<KubeObject>(['get', 'clusterrole', 'kinds-monitoring']),
      (role) => JSON.stringify((role as unknown as { rules?: unknown[] }).rules ?? []).includes('endpoints'),
    );
    expect((await k.json<KubeObject>(['get', 'ingress', 'web', '-n', 'kinds'])).spec.ingressClassName).toBe('nginx');
    // An Immediate claim of the simulated provisioner is provisioned and bound at once.
    await until(
      'claim data Bound',
      () => k.ok(['get', 'pvc', 'data', '-n', 'kinds', '--no-headers']),
      (row) => /^data\s+Bound\s+pvc-/.test(row),
    );
    // autoscaling/v1 and v2 are one object.
    const legacy = await k.json<KubeObject>([
      'get',
      'horizontalpodautoscalers.v2.autoscaling',
      'legacy',
      '-n',
      'kinds',
    ]);
    expect(JSON.stringify(legacy.spec.metrics)).toContain('"averageUtilization":50');
    expect(await k.ok(['get', 'hpa', '-n', 'kinds'])).toMatch(/^web\s+Deployment\/web\s+cpu: <unknown>\/70%\s+2\s+10/m);
    expect(await k.ok(['get', 'apiservice', 'v1beta1.metrics.example.com'])).toMatch(
      /v1beta1\.metrics\.example\.com\s+kinds\/metrics-server\s+False \(/,
    );
    expect(await k.ok(['get', 'storageclass'])).toMatch(/^standard \(default\)\s+wheelhouse\.dev\/simulated/m);
    expect(await k.ok(['api-resources'])).toMatch(/^crontabs\s+ct\s+stable\.example\.com\/v1\s+true\s+CronTab$/m);
  });

  it('serves the CRD: printer columns, schema defaults, CEL rules, and removes its resources with it', async () => {
    const cronTab = (name: string, replicas?: number) =>
      JSON.stringify({
        apiVersion: 'stable.example.com/v1',
        kind: 'CronTab',
        metadata: { name, namespace: 'kinds' },
        spec: { cronSpec: '*/5 * * * *', image: 'my-cron-image', ...(replicas ? { replicas } : {}) },
      });
    await until(
      'crontabs served',
      () => k.ok(['apply', '-f', '-'], cronTab('every-five')),
      (out) => out.includes('crontab.stable.example.com/every-five created'),
    );
    expect(await k.ok(['get', 'ct', '-n', 'kinds'])).toMatch(/^every-five\s+\*\/5 \* \* \* \*\s+1\s+/m);
    const refused = await k.ok(['apply', '-f', '-'], cronTab('too-many', 11)).catch((err: Error) => err.message);
    expect(refused).toContain('replicas must be at most 10');

    await k.ok(['delete', 'crd', 'crontabs.stable.example.com']);
    await until(
      'crontabs no longer served',
      () => k.ok(['api-resources', '--api-group=stable.example.com']),
      (out) => !out.includes('crontabs'),
    );
  });

  it('admits pods through the namespace LimitRange and counts them in its ResourceQuota', async () => {
    await k.ok(['run', 'sized', '-n', 'kinds', '--image=nginx']);
    const pod = await k.json<KubeObject>(['get', 'pod', 'sized', '-n', 'kinds']);
    const containers = pod.spec.containers as { resources?: { requests?: Record<string, string> } }[];
    expect(containers[0]?.resources?.requests).toEqual({ cpu: '100m', memory: '128Mi' });
    await until(
      'quota compute counts the pod',
      () => k.json<KubeObject>(['get', 'resourcequota', 'compute', '-n', 'kinds']),
      (q) => (q.status?.used as Record<string, string> | undefined)?.pods === '1',
    );
  });

  it('runs the StatefulSet example in order, each pod with its own Bound claim', async () => {
    expect(await k.ok(['apply', '-f', join(MANIFESTS, 'statefulset.yaml')])).toContain('statefulset.apps/web created');
    await until(
      'web-0..2 Running',
      async () => (await k.pods('default', 'app=web')).filter(running).map((p) => p.metadata.name),
      (names) => names.length === 3,
      120_000,
    );
    const claims = await k.ok(['get', 'pvc', '--no-headers']);
    for (const i of [0, 1, 2])
      expect(claims).toMatch(new RegExp(`^www-web-${i}\\s+Bound\\s+pvc-\\S+\\s+1Gi\\s+RWO\\s+standard`, 'm'));
  });
});
