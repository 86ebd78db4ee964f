/**
 * The real kubectl v1.32 against our apiserver (in-process), once on a real etcd and once
 * on Wheelhouse's store (a separate process). Every run uses a fresh HOME, so kubectl's
 * discovery cache never hides a change.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { kubectlHome, type Kubectl } from '@wheelhouse/testing';
import { startTestServer, type TestServer } from './harness.test-support.js';

let t: TestServer;
let kubectl: Kubectl;

const DEPLOYMENT = (image: string): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web}
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: nginx
        image: ${image}
        ports:
        - containerPort: 80
      - name: sidecar
        image: busybox
`;

describe.each(['etcd', 'store'] as const)('kubectl on %s', (backend) => {
  beforeAll(async () => {
    t = await startTestServer({}, backend);
    kubectl = await kubectlHome({ server: t.url, namespace: 'default', prefix: 'kubectl-home-', timeoutMs: 20_000 });
  });

  afterAll(async () => {
    await t?.stop();
    await kubectl?.cleanup();
  });

  it('version and api-resources', async () => {
    expect(await kubectl.ok('version')).toContain('Server Version: v1.32.0');
    const res = await kubectl.ok('api-resources');
    expect(res).toMatch(/^deployments\s+deploy\s+apps\/v1\s+true\s+Deployment$/m);
    expect(res).toMatch(/^pods\s+po\s+v1\s+true\s+Pod$/m);
    expect(res).toMatch(/^namespaces\s+ns\s+v1\s+false\s+Namespace$/m);
    expect(res).toMatch(/^endpointslices\s+discovery\.k8s\.io\/v1\s+true\s+EndpointSlice$/m);
  });

  it('apply and get an EndpointSlice; its addressType is immutable', async () => {
    await writeFile(
      join(kubectl.home, 'slice.yaml'),
      'apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata: {name: svc-abcde}\naddressType: IPv4\n' +
        'ports: [{name: http, port: 80}]\nendpoints:\n- addresses: [10.0.0.1]\n- addresses: [10.0.0.2]\n',
    );
    expect(await kubectl.ok('apply', '-f', 'slice.yaml')).toBe('endpointslice.discovery.k8s.io/svc-abcde created\n');
    // Beside the kubernetes Service's own slice (the server keeps it when it has an address to advertise).
    const slices = await kubectl.ok('get', 'endpointslices');
    expect(slices).toMatch(/^NAME\s+ADDRESSTYPE\s+PORTS\s+ENDPOINTS\s+AGE\n/);
    expect(slices).toMatch(/^svc-abcde\s+IPv4\s+80\s+10\.0\.0\.1,10\.0\.0\.2\s+\d+s$/m);
    const patched = await kubectl.run(
      'patch',
      'endpointslice',
      'svc-abcde',
      '--type=merge',
      '-p',
      '{"addressType":"FQDN"}',
    );
    expect(patched.stderr).toContain('addressType: Invalid value: "FQDN": field is immutable');
  });

  it('lists the system namespaces', async () => {
    const out = await kubectl.ok('get', 'ns');
    for (const ns of ['default', 'kube-system', 'kube-public', 'kube-node-lease'])
      expect(out).toMatch(new RegExp(`^${ns}\\s+Active\\s+\\d+s$`, 'm'));
  });

  it('apply: created, unchanged, then configured by a strategic merge patch, without warnings', async () => {
    await writeFile(join(kubectl.home, 'dep.yaml'), DEPLOYMENT('nginx:1.25'));
    const created = await kubectl.run('apply', '-f', 'dep.yaml');
    expect(created).toEqual({ code: 0, stdout: 'deployment.apps/web created\n', stderr: '' });
    expect(await kubectl.ok('apply', '-f', 'dep.yaml')).toBe('deployment.apps/web unchanged\n');
    await writeFile(join(kubectl.home, 'dep.yaml'), DEPLOYMENT('nginx:1.26'));
    const configured = await kubectl.run('apply', '-f', 'dep.yaml');
    expect(configured).toEqual({ code: 0, stdout: 'deployment.apps/web configured\n', stderr: '' });
    const images = await kubectl.ok(
      'get',
      'deploy',
      'web',
      '-o',
      'jsonpath={.spec.template.spec.containers[*].image} {.metadata.generation}',
    );
    expect(images).toBe('nginx:1.26 busybox 2');
  });

  it('apply --server-side: created, applied again, and a conflicting manager refused unless forced', async () => {
    await writeFile(join(kubectl.home, 'ssa.yaml'), DEPLOYMENT('nginx:1.25').replace('name: web', 'name: ssa'));
    expect(await kubectl.ok('apply', '--server-side', '-f', 'ssa.yaml')).toBe(
      'deployment.apps/ssa serverside-applied\n',
    );
    expect(await kubectl.ok('apply', '--server-side', '-f', 'ssa.yaml')).toBe(
      'deployment.apps/ssa serverside-applied\n',
    );
    await writeFile(
      join(kubectl.home, 'ssa5.yaml'),
      DEPLOYMENT('nginx:1.25').replace('name: web', 'name: ssa').replace('replicas: 2', 'replicas: 5'),
    );
    const conflict = await kubectl.run('apply', '--server-side', '--field-manager=other', '-f', 'ssa5.yaml');
    expect(conflict.code).not.toBe(0);
    expect(conflict.stderr).toContain('Apply failed with 1 conflict: conflict with "kubectl": .spec.replicas');
    expect(
      await kubectl.ok('apply', '--server-side', '--field-manager=other', '--force-conflicts', '-f', 'ssa5.yaml'),
    ).toBe('deployment.apps/ssa serverside-applied\n');
    expect(await kubectl.ok('get', 'deploy', 'ssa', '-o', 'jsonpath={.spec.replicas}')).toBe('5');
    await kubectl.ok('delete', 'deploy', 'ssa');
    // `kubectl create deployment` would send protobuf, which this server does not decode yet; create -f sends JSON.
    await writeFile(join(kubectl.home, 'made-full.yaml'), DEPLOYMENT('nginx').replace('name: web', 'name: made'));
    await kubectl.ok('create', '-f', 'made-full.yaml');
    await writeFile(
      join(kubectl.home, 'made.yaml'),
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: made\nspec:\n  replicas: 3\n',
    );
    const taken = await kubectl.run('apply', '--server-side', '-f', 'made.yaml');
    expect(taken.stderr).toContain(
      'Apply failed with 1 conflict: conflict with "kubectl-create" using apps/v1: .spec.replicas',
    );
    await kubectl.ok('delete', 'deploy', 'made');
  });

  it('apply --server-side upgrades a client-side applied object: changes to what it last applied are no conflict', async () => {
    const cm = (value: string, name = 'upgraded') =>
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  mode: ${value}\n`;
    await writeFile(join(kubectl.home, 'cm.yaml'), cm('one'));
    await kubectl.ok('apply', '-f', 'cm.yaml');
    await writeFile(join(kubectl.home, 'cm.yaml'), cm('two'));
    expect(await kubectl.ok('apply', '--server-side', '-f', 'cm.yaml')).toBe('configmap/upgraded serverside-applied\n');
    const upgraded = JSON.parse(
      await kubectl.ok('get', 'configmap', 'upgraded', '-o', 'json', '--show-managed-fields'),
    );
    expect(upgraded.data).toEqual({ mode: 'two' });
    const owner = upgraded.metadata.managedFields.find((m: { manager: string }) => m.manager === 'kubectl');
    expect(owner).toMatchObject({ operation: 'Apply', fieldsV1: { 'f:data': { 'f:mode': {} } } });

    // Only kubectl's own manager is upgraded, and only for fields still as last applied.
    await writeFile(join(kubectl.home, 'other.yaml'), cm('one', 'kept'));
    await kubectl.ok('apply', '-f', 'other.yaml');
    await writeFile(join(kubectl.home, 'other.yaml'), cm('two', 'kept'));
    const other = await kubectl.run('apply', '--server-side', '--field-manager=other', '-f', 'other.yaml');
    expect(other.stderr).toContain('conflict with "kubectl-client-side-apply" using v1: .data.mode');
    await kubectl.ok('patch', 'configmap', 'kept', '--type=merge', '-p', '{"data":{"mode":"edited"}}');
    const edited = await kubectl.run('apply', '--server-side', '-f', 'other.yaml');
    expect(edited.stderr).toContain('conflict with "kubectl-patch" using v1: .data.mode');
    await kubectl.ok('delete', 'configmap', 'upgraded', 'kept');
  });

  it('create of an existing object fails with AlreadyExists', async () => {
    const r = await kubectl.run('create', '-f', 'dep.yaml');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(
      'Error from server (AlreadyExists): error when creating "dep.yaml": deployments.apps "web" already exists',
    );
  });

  it('get -o wide / yaml / json', async () => {
    const wide = await kubectl.ok('get', 'deploy', '-o', 'wide');
    expect(wide).toMatch(/^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\s+CONTAINERS\s+IMAGES\s+SELECTOR$/m);
    expect(wide).toMatch(/^web\s+0\/2\s+0\s+0\s+\d+s\s+nginx,sidecar\s+nginx:1.26,busybox\s+app=web$/m);
    expect(await kubectl.ok('get', 'deploy', 'web', '-o', 'yaml')).toMatch(/^kind: Deployment$/m);
    const json = JSON.parse(await kubectl.ok('get', 'deploy', 'web', '-o', 'json')) as {
      spec: { strategy: { type: string } };
    };
    expect(json.spec.strategy.type).toBe('RollingUpdate');
  });

  it('scale a deployment', async () => {
    expect(await kubectl.ok('scale', 'deploy', 'web', '--replicas=4')).toBe('deployment.apps/web scaled\n');
    expect(await kubectl.ok('get', 'deploy', 'web', '-o', 'jsonpath={.spec.replicas}')).toBe('4');
    const stale = await kubectl.run('scale', 'deploy', 'web', '--current-replicas=1', '--replicas=5');
    expect(stale.code).not.toBe(0);
  });

  it('label, annotate, get -l, -A and --field-selector', async () => {
    await kubectl.ok('run', 'p1', '--image=nginx', '--labels=app=x');
    expect(await kubectl.ok('label', 'pod', 'p1', 'tier=front')).toBe('pod/p1 labeled\n');
    expect(await kubectl.ok('annotate', 'pod', 'p1', 'note=hello')).toBe('pod/p1 annotated\n');
    expect(await kubectl.ok('get', 'pods', '-l', 'tier=front', '-o', 'name')).toBe('pod/p1\n');
    expect(await kubectl.ok('get', 'pods', '-l', 'tier!=front', '-o', 'name')).toBe('');
    expect(await kubectl.ok('get', 'pods', '-A')).toMatch(/^default\s+p1\s+0\/1\s+Pending\s+0\s+\d+s$/m);
    expect(await kubectl.ok('get', 'pods', '--field-selector', 'metadata.name=p1', '-o', 'name')).toBe('pod/p1\n');
    expect(await kubectl.ok('get', 'pod', 'p1', '-o', 'jsonpath={.metadata.annotations.note}')).toBe('hello');
  });

  it('patch --type merge, json and strategic', async () => {
    await kubectl.ok('patch', 'pod', 'p1', '--type', 'merge', '-p', '{"metadata":{"labels":{"m":"1"}}}');
    await kubectl.ok(
      'patch',
      'pod',
      'p1',
      '--type',
      'json',
      '-p',
      '[{"op":"add","path":"/metadata/labels/j","value":"2"}]',
    );
    await kubectl.ok(
      'patch',
      'pod',
      'p1',
      '--type',
      'strategic',
      '-p',
      '{"spec":{"containers":[{"name":"p1","image":"nginx:2"}]}}',
    );
    const out = await kubectl.ok(
      'get',
      'pod',
      'p1',
      '-o',
      'jsonpath={.metadata.labels.m}{.metadata.labels.j} {.spec.containers[0].image}',
    );
    expect(out).toBe('12 nginx:2');
  });

  it('get -w sees a change arrive', async () => {
    const child = kubectl.spawn('get', 'pods', '-w', '--request-timeout=0');
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const until = async (re: RegExp): Promise<void> => {
      for (let i = 0; i < 200 && !re.test(out); i++) await new Promise((r) => setTimeout(r, 50));
      expect(out).toMatch(re);
    };
    await until(/^p1\s+/m);
    await kubectl.ok('run', 'p2', '--image=nginx');
    await until(/^p2\s+0\/1\s+Pending/m);
    child.kill();
  });

  it("refuses invalid objects with the server's exact messages", async () => {
    const bad = DEPLOYMENT('x').replace('name: web', 'name: bad').replace('replicas: 2', 'replicas: -1');
    await writeFile(join(kubectl.home, 'bad.yaml'), bad);
    const neg = await kubectl.run('apply', '-f', 'bad.yaml');
    expect(neg.code).not.toBe(0);
    expect(neg.stderr).toContain(
      'The Deployment "bad" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0',
    );
    await writeFile(join(kubectl.home, 'bad.yaml'), bad.replace('replicas: -1', 'replicaz: 1'));
    const unknown = await kubectl.run('apply', '-f', 'bad.yaml');
    expect(unknown.stderr).toContain(
      'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replicaz"',
    );
  });

  it('explain reads the OpenAPI documents', async () => {
    const out = await kubectl.ok('explain', 'deployment.spec.replicas');
    expect(out).toContain('KIND:       Deployment');
    expect(out).toContain('FIELD: replicas <integer>');
  });

  it('cordon and uncordon a node', async () => {
    await writeFile(
      join(kubectl.home, 'node.yaml'),
      'apiVersion: v1\nkind: Node\nmetadata:\n  name: n1\n  labels: {node-role.kubernetes.io/worker: ""}\nstatus:\n  conditions: [{type: Ready, status: "True"}]\n  nodeInfo: {kubeletVersion: v1.32.0}\n',
    );
    await kubectl.ok('create', '-f', 'node.yaml');
    expect(await kubectl.ok('cordon', 'n1')).toBe('node/n1 cordoned\n');
    expect(await kubectl.ok('get', 'nodes')).toMatch(/^n1\s+Ready,SchedulingDisabled\s+worker\s+\d+s\s+v1.32.0$/m);
    expect(await kubectl.ok('uncordon', 'n1')).toBe('node/n1 uncordoned\n');
    expect(await kubectl.ok('get', 'nodes')).toMatch(/^n1\s+Ready\s+worker\s+\d+s\s+v1.32.0$/m);
  });

  it('drain evicts the pods bound to a node', async () => {
    await kubectl.ok('run', 'dr', '--image=nginx');
    const bound = await t.req('POST', '/api/v1/namespaces/default/pods/dr/binding', { target: { name: 'n1' } });
    expect(bound.status).toBe(201);
    const out = await kubectl.ok('drain', 'n1', '--force', '--grace-period=0');
    expect(out).toContain('pod/dr evicted');
    expect(out).toContain('node/n1 drained');
    expect((await kubectl.run('get', 'pod', 'dr')).stderr).toContain('pods "dr" not found');
    await kubectl.ok('uncordon', 'n1');
  });

  it('describe shows the events of an object', async () => {
    const uid = await kubectl.ok('get', 'pod', 'p1', '-o', 'jsonpath={.metadata.uid}');
    const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    const event = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'p1.1' },
      involvedObject: { kind: 'Pod', name: 'p1', namespace: 'default', uid, apiVersion: 'v1' },
      reason: 'Scheduled',
      message: 'Successfully assigned default/p1 to n1',
      type: 'Normal',
      source: { component: 'default-scheduler' },
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
    };
    await writeFile(join(kubectl.home, 'ev.json'), JSON.stringify(event));
    await kubectl.ok('create', '-f', 'ev.json');
    expect(await kubectl.ok('describe', 'pod', 'p1')).toMatch(
      /Normal\s+Scheduled\s+\d+s\s+default-scheduler\s+Successfully assigned default\/p1 to n1/,
    );
  });

  it('get all lists workloads and the kubernetes service', async () => {
    const out = await kubectl.ok('get', 'all');
    expect(out).toMatch(/^service\/kubernetes\s+ClusterIP\s+10\.96\.0\.1\s+<none>\s+443\/TCP/m);
    expect(out).toMatch(/^deployment\.apps\/web\s+0\/4/m);
  });

  it('delete waits until the object is gone', async () => {
    expect(await kubectl.ok('delete', 'pod', 'p1')).toBe('pod "p1" deleted\n');
    const r = await kubectl.run('get', 'pod', 'p1');
    expect(r.stderr).toContain('Error from server (NotFound): pods "p1" not found');
    expect(await kubectl.ok('delete', 'deploy', 'web')).toBe('deployment.apps "web" deleted\n');
    expect(await kubectl.ok('delete', 'pods', '-l', 'run=p2')).toBe('pod "p2" deleted\n');
    expect(await kubectl.ok('get', 'pods', '-o', 'name')).toBe('');
  });
});
