/**
 * kubectl commands that go through client-go's typed clientsets send their bodies as
 * `application/vnd.kubernetes.protobuf`: the real kubectl v1.32 against the apiserver
 * and store as separate processes, each command checked through `kubectl get -o json`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  kubectlHome,
  startApiServer,
  startWheelhouseStore,
  type ApiServerProcess,
  type EtcdServer,
  type Kubectl,
} from '@wheelhouse/testing';

let store: EtcdServer;
let api: ApiServerProcess;
let kubectl: Kubectl;

async function getJson(...args: string[]): Promise<any> {
  return JSON.parse(await kubectl.ok('get', ...args, '-o', 'json'));
}

beforeAll(async () => {
  store = await startWheelhouseStore();
  api = await startApiServer({ etcdEndpoint: store.endpoint, logLevel: 'warn' });
  kubectl = await kubectlHome({ server: api.url, namespace: 'default', prefix: 'kubectl-pb-home-', timeoutMs: 30_000 });
}, 120_000);

afterAll(async () => {
  await api?.stop();
  await store?.stop();
  await kubectl?.cleanup();
});

describe('kubectl create (protobuf bodies)', () => {
  it('deployment, keeping replicas: 0', async () => {
    expect(await kubectl.ok('create', 'deployment', 'web', '--image=nginx', '--replicas=0', '--port=80')).toBe(
      'deployment.apps/web created\n',
    );
    const d = await getJson('deployment', 'web');
    expect(d.spec.replicas).toBe(0);
    expect(d.spec.selector).toEqual({ matchLabels: { app: 'web' } });
    expect(d.spec.template.spec.containers[0]).toMatchObject({
      name: 'nginx',
      image: 'nginx',
      ports: [{ containerPort: 80, protocol: 'TCP' }],
    });
  });

  it('configmap with literal and binary data', async () => {
    await writeFile(join(kubectl.home, 'bin'), Buffer.from([0, 1, 0xff]));
    expect(
      await kubectl.ok(
        'create',
        'configmap',
        'x',
        '--from-literal=a=b',
        `--from-file=bin=${join(kubectl.home, 'bin')}`,
      ),
    ).toBe('configmap/x created\n');
    const cm = await getJson('configmap', 'x');
    expect(cm.data).toEqual({ a: 'b' });
    expect(cm.binaryData).toEqual({ bin: Buffer.from([0, 1, 0xff]).toString('base64') });
  });

  it('secret generic', async () => {
    expect(await kubectl.ok('create', 'secret', 'generic', 's', '--from-literal=k=v')).toBe('secret/s created\n');
    const s = await getJson('secret', 's');
    expect(s.data).toEqual({ k: Buffer.from('v').toString('base64') });
    expect(s.type).toBe('Opaque');
  });

  it('namespace', async () => {
    expect(await kubectl.ok('create', 'namespace', 'team-a')).toBe('namespace/team-a created\n');
    expect((await getJson('namespace', 'team-a')).status.phase).toBe('Active');
  });

  it('service clusterip with a numeric and a named target port', async () => {
    expect(await kubectl.ok('create', 'service', 'clusterip', 'svc', '--tcp=80:8080', '--tcp=443:https')).toBe(
      'service/svc created\n',
    );
    const svc = await getJson('service', 'svc');
    expect(svc.spec.type).toBe('ClusterIP');
    expect(svc.spec.ports).toEqual([
      { name: '80-8080', protocol: 'TCP', port: 80, targetPort: 8080 },
      { name: '443-https', protocol: 'TCP', port: 443, targetPort: 'https' },
    ]);
    expect(svc.spec.clusterIP).toMatch(/^10\./);
  });

  it('serviceaccount', async () => {
    expect(await kubectl.ok('create', 'serviceaccount', 'robot')).toBe('serviceaccount/robot created\n');
    expect((await getJson('serviceaccount', 'robot')).metadata.name).toBe('robot');
  });

  it('job with a command', async () => {
    expect(await kubectl.ok('create', 'job', 'once', '--image=busybox', '--', 'echo', 'hi')).toBe(
      'job.batch/once created\n',
    );
    const job = await getJson('job', 'once');
    expect(job.spec.template.spec.containers[0]).toMatchObject({
      name: 'once',
      image: 'busybox',
      command: ['echo', 'hi'],
    });
    expect(job.spec.template.spec.restartPolicy).toBe('Never');
  });

  it('poddisruptionbudget with an int and a percent', async () => {
    expect(await kubectl.ok('create', 'poddisruptionbudget', 'pdb', '--selector=app=web', '--min-available=1')).toBe(
      'poddisruptionbudget.policy/pdb created\n',
    );
    expect((await getJson('pdb', 'pdb')).spec).toEqual({ minAvailable: 1, selector: { matchLabels: { app: 'web' } } });
    await kubectl.ok('create', 'pdb', 'pdb2', '--selector=app=other', '--max-unavailable=50%');
    expect((await getJson('pdb', 'pdb2')).spec.maxUnavailable).toBe('50%');
  });

  it('priorityclass', async () => {
    expect(
      await kubectl.ok(
        'create',
        'priorityclass',
        'high',
        '--value=1000',
        '--description=important',
        '--preemption-policy=Never',
      ),
    ).toBe('priorityclass.scheduling.k8s.io/high created\n');
    expect(await getJson('priorityclass', 'high')).toMatchObject({
      value: 1000,
      description: 'important',
      preemptionPolicy: 'Never',
    });
  });

  it('an object that exists already is refused as with JSON', async () => {
    const r = await kubectl.run('create', 'namespace', 'team-a');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('namespaces "team-a" already exists');
  });
});

describe('kubectl drain', () => {
  beforeAll(async () => {
    await writeFile(
      join(kubectl.home, 'node.json'),
      JSON.stringify({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' } }),
    );
    await kubectl.ok('create', '-f', 'node.json');
  });

  async function podOn(name: string, labels: string): Promise<void> {
    await kubectl.ok('run', name, '--image=nginx', `--labels=${labels}`);
    const bind = await fetch(`${api.url}/api/v1/namespaces/default/pods/${name}/binding`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ target: { name: 'n1' } }),
    });
    expect(bind.status).toBe(201);
    // Running and Ready, as its kubelet would report it: a Pending pod is evicted whatever its budget says.
    const path = `${api.url}/api/v1/namespaces/default/pods/${name}`;
    const pod = (await (await fetch(path)).json()) as Record<string, unknown>;
    const put = await fetch(`${path}/status`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...pod, status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] } }),
    });
    expect(put.status).toBe(200);
  }

  it('refuses to evict under a PodDisruptionBudget that allows no disruption (429, as kubectl prints it)', async () => {
    await podOn('guarded', 'app=guarded');
    await kubectl.ok('create', 'pdb', 'guard', '--selector=app=guarded', '--min-available=1');
    // The status the disruption controller would write (an unprocessed budget answers 429 with Retry-After 10).
    const pdbPath = `${api.url}/apis/policy/v1/namespaces/default/poddisruptionbudgets/guard`;
    const pdb = (await (await fetch(pdbPath)).json()) as Record<string, unknown>;
    const status = {
      observedGeneration: 1,
      disruptionsAllowed: 0,
      currentHealthy: 1,
      desiredHealthy: 1,
      expectedPods: 1,
    };
    const put = await fetch(`${pdbPath}/status`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...pdb, status }),
    });
    expect(put.status).toBe(200);
    const r = await kubectl.run('drain', 'n1', '--force', '--grace-period=0', '--timeout=3s');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(
      'error when evicting pods/"guarded" -n "default" (will retry after 5s): Cannot evict pod as it would violate the pod\'s disruption budget.',
    );
    await kubectl.ok('delete', 'pdb', 'guard');
    await kubectl.ok('delete', 'pod', 'guarded', '--grace-period=0', '--force');
  });

  it('evicts the pods bound to the node', async () => {
    await podOn('free', 'app=free');
    const out = await kubectl.ok('drain', 'n1', '--force', '--grace-period=0');
    expect(out).toContain('pod/free evicted');
    expect(out).toContain('node/n1 drained');
    expect((await kubectl.run('get', 'pod', 'free')).stderr).toContain('pods "free" not found');
    await kubectl.ok('uncordon', 'n1');
  });

  it('debug node/N creates its pod (protobuf), and drain --disable-eviction deletes it with protobuf DeleteOptions', async () => {
    const out = await kubectl.ok('debug', 'node/n1', '--image=busybox', '--profile=general');
    const name = /Creating debugging pod (\S+) with container debugger on node n1/.exec(out)?.[1];
    expect(name).toBeDefined();
    const pod = await getJson('pod', name!);
    expect(pod.spec).toMatchObject({ nodeName: 'n1', hostNetwork: true, hostPID: true, restartPolicy: 'Never' });
    // The host's root, then the service account token volume that admission adds to every pod.
    expect(pod.spec.volumes[0]).toEqual({ name: 'host-root', hostPath: { path: '/', type: '' } });
    expect(pod.spec.volumes[1].name).toMatch(/^kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    const drained = await kubectl.ok('drain', 'n1', '--force', '--disable-eviction', '--grace-period=0');
    expect(drained).toContain(`pod/${name!} deleted`);
    expect((await kubectl.run('get', 'pod', name!)).stderr).toContain(`pods "${name!}" not found`);
  });
});
