/**
 * The kinds of networking.k8s.io, storage.k8s.io (CSI), core/v1 PodTemplate,
 * admissionregistration.k8s.io and apiregistration.k8s.io: each is created over HTTP and
 * read back as kube-apiserver's Table; DefaultIngressClass admission; the local
 * APIServices and the Available=False condition of one naming a service; the real kubectl's
 * api-resources and explain on them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectlHome, type Kubectl } from '@wheelhouse/testing';
import { startTestServer, type TestServer } from './harness.test-support.js';

const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';
let t: TestServer;

const backend = { service: { name: 'web', port: { number: 80 } } };
const hook = {
  name: 'check.example.com',
  clientConfig: { service: { namespace: 'default', name: 'hook' } },
  rules: [{ operations: ['CREATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['pods'] }],
  sideEffects: 'None',
  admissionReviewVersions: ['v1'],
};

/** [collection path, body, expected column names, expected cells of its row (AGE dropped)]. */
const KINDS: Array<[string, Record<string, unknown>, string[], unknown[]]> = [
  [
    '/apis/networking.k8s.io/v1/ingressclasses',
    { metadata: { name: 'nginx' }, spec: { controller: 'k8s.io/ingress-nginx' } },
    ['Name', 'Controller', 'Parameters', 'Age'],
    ['nginx', 'k8s.io/ingress-nginx', '<none>'],
  ],
  [
    '/apis/networking.k8s.io/v1/namespaces/default/ingresses',
    {
      metadata: { name: 'web' },
      spec: {
        ingressClassName: 'nginx',
        rules: [{ host: 'shop.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend }] } }],
      },
    },
    ['Name', 'Class', 'Hosts', 'Address', 'Ports', 'Age'],
    ['web', 'nginx', 'shop.example.com', '', '80'],
  ],
  [
    '/apis/networking.k8s.io/v1/namespaces/default/networkpolicies',
    { metadata: { name: 'deny' }, spec: { podSelector: { matchLabels: { app: 'web' } } } },
    ['Name', 'Pod-Selector', 'Age'],
    ['deny', 'app=web'],
  ],
  [
    '/apis/storage.k8s.io/v1/csidrivers',
    { metadata: { name: 'ebs.csi.aws.com' }, spec: {} },
    [
      'Name',
      'AttachRequired',
      'PodInfoOnMount',
      'StorageCapacity',
      'TokenRequests',
      'RequiresRepublish',
      'Modes',
      'Age',
    ],
    ['ebs.csi.aws.com', true, false, false, '<unset>', false, 'Persistent'],
  ],
  [
    '/apis/storage.k8s.io/v1/csinodes',
    { metadata: { name: 'node-1' }, spec: { drivers: [{ name: 'ebs.csi.aws.com', nodeID: 'i-1' }] } },
    ['Name', 'Drivers', 'Age'],
    ['node-1', 1],
  ],
  [
    '/apis/storage.k8s.io/v1/volumeattachments',
    {
      metadata: { name: 'csi-1' },
      spec: { attacher: 'ebs.csi.aws.com', nodeName: 'node-1', source: { persistentVolumeName: 'pv-1' } },
      status: { attached: true },
    },
    ['Name', 'Attacher', 'PV', 'Node', 'Attached', 'Age'],
    ['csi-1', 'ebs.csi.aws.com', 'pv-1', 'node-1', false],
  ],
  [
    '/api/v1/namespaces/default/podtemplates',
    {
      metadata: { name: 'tmpl' },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } },
    },
    ['Name', 'Containers', 'Images', 'Pod Labels'],
    ['tmpl', 'c', 'nginx', 'app=web'],
  ],
  [
    '/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations',
    { metadata: { name: 'policy' }, webhooks: [hook] },
    ['Name', 'Webhooks', 'Age'],
    ['policy', 1],
  ],
  [
    '/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations',
    { metadata: { name: 'inject' }, webhooks: [hook, { ...hook, name: 'other.example.com' }] },
    ['Name', 'Webhooks', 'Age'],
    ['inject', 2],
  ],
];

beforeAll(async () => {
  t = await startTestServer();
});

afterAll(async () => {
  await t?.stop();
});

describe('served kinds', () => {
  it.each(KINDS)('POST %s and read it back as a Table', async (path, body, columns, cells) => {
    const created = await t.req('POST', path, body);
    expect(created.status).toBe(201);
    const table = await t.req('GET', path, undefined, { accept: TABLE });
    expect(table.body.kind).toBe('Table');
    expect(table.body.columnDefinitions.map((c: { name: string }) => c.name)).toEqual(columns);
    const row = table.body.rows.find((r: { cells: unknown[] }) => r.cells[0] === cells[0]);
    expect(row.cells.slice(0, cells.length)).toEqual(cells);
  });

  it("defaults a webhook's policies and a volume attachment's status as kube-apiserver does", async () => {
    const vwc = await t.req('GET', '/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations/policy');
    expect(vwc.body.webhooks[0]).toMatchObject({
      failurePolicy: 'Fail',
      matchPolicy: 'Equivalent',
      timeoutSeconds: 10,
    });
    const mwc = await t.req('GET', '/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations/inject');
    expect(mwc.body.webhooks[0].reinvocationPolicy).toBe('Never');
    const va = await t.req('GET', '/apis/storage.k8s.io/v1/volumeattachments/csi-1');
    expect(va.body.status).toEqual({ attached: false });
  });

  it('refuses an invalid Ingress with the field errors kube-apiserver gives', async () => {
    const res = await t.req('POST', '/apis/networking.k8s.io/v1/namespaces/default/ingresses', {
      metadata: { name: 'bad' },
      spec: { rules: [{ http: { paths: [{ path: '/', backend }] } }] },
    });
    expect(res.status).toBe(422);
    expect(res.body.message).toBe(
      'Ingress.networking.k8s.io "bad" is invalid: spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified',
    );
  });
});

describe('DefaultIngressClass', () => {
  it('gives an Ingress without a class the default class, the newest (then lowest name) of several', async () => {
    const classes = '/apis/networking.k8s.io/v1/ingressclasses';
    const annotations = { 'ingressclass.kubernetes.io/is-default-class': 'true' };
    for (const name of ['b-default', 'a-default'])
      await t.req('POST', classes, { metadata: { name, annotations }, spec: { controller: 'example.com/ingress' } });
    // A consistent list returns once the watch cache (which admission reads) has caught up.
    await t.req('GET', classes);
    const ingresses = '/apis/networking.k8s.io/v1/namespaces/default/ingresses';
    const plain = await t.req('POST', ingresses, { metadata: { name: 'plain' }, spec: { defaultBackend: backend } });
    expect(plain.body.spec.ingressClassName).toBe('a-default');
    const legacy = await t.req('POST', ingresses, {
      metadata: { name: 'legacy', annotations: { 'kubernetes.io/ingress.class': 'nginx' } },
      spec: { defaultBackend: backend },
    });
    expect(legacy.body.spec.ingressClassName).toBeUndefined();
  });
});

describe('APIServices', () => {
  const path = '/apis/apiregistration.k8s.io/v1/apiservices';

  it('lists a local APIService per served group/version, Available', async () => {
    const table = await t.req('GET', path, undefined, { accept: TABLE });
    const rows = new Map(table.body.rows.map((r: { cells: unknown[] }) => [r.cells[0], r.cells.slice(1, 3)]));
    expect(rows.get('v1.')).toEqual(['Local', 'True']);
    expect(rows.get('v1.apps')).toEqual(['Local', 'True']);
    expect(rows.get('v1.networking.k8s.io')).toEqual(['Local', 'True']);
    const apps = await t.req('GET', `${path}/v1.apps`);
    expect(apps.body.spec).toEqual({ group: 'apps', version: 'v1', groupPriorityMinimum: 17800, versionPriority: 15 });
    expect(apps.body.status.conditions[0]).toMatchObject({
      type: 'Available',
      status: 'True',
      reason: 'Local',
      message: 'Local APIServices are always available',
    });
  });

  it('marks one naming a service unavailable, since Wheelhouse aggregates no API server', async () => {
    const created = await t.req('POST', path, {
      metadata: { name: 'v1beta1.metrics.k8s.io' },
      spec: {
        group: 'metrics.k8s.io',
        version: 'v1beta1',
        service: { namespace: 'kube-system', name: 'metrics-server' },
        groupPriorityMinimum: 100,
        versionPriority: 100,
        insecureSkipTLSVerify: true,
      },
    });
    expect(created.status).toBe(201);
    expect(created.body.spec.service.port).toBe(443);
    expect(created.body.status.conditions[0]).toMatchObject({
      type: 'Available',
      status: 'False',
      reason: 'FailedDiscoveryCheck',
      message: expect.stringContaining('aggregation is not supported by Wheelhouse'),
    });
    const table = await t.req('GET', path, undefined, { accept: TABLE });
    const row = table.body.rows.find((r: { cells: unknown[] }) => r.cells[0] === 'v1beta1.metrics.k8s.io');
    expect(row.cells.slice(0, 3)).toEqual([
      'v1beta1.metrics.k8s.io',
      'kube-system/metrics-server',
      'False (FailedDiscoveryCheck)',
    ]);
  });
});

describe('kubectl', () => {
  let kubectl: Kubectl;

  beforeAll(async () => {
    kubectl = await kubectlHome({ server: t.url, namespace: 'default', prefix: 'kubectl-home-', timeoutMs: 20_000 });
  });

  afterAll(async () => {
    await kubectl?.cleanup();
  });

  it('api-resources lists the kinds with their short names, scope and categories', async () => {
    const res = await kubectl.ok('api-resources');
    expect(res).toMatch(/^ingresses\s+ing\s+networking\.k8s\.io\/v1\s+true\s+Ingress$/m);
    expect(res).toMatch(/^ingressclasses\s+networking\.k8s\.io\/v1\s+false\s+IngressClass$/m);
    expect(res).toMatch(/^networkpolicies\s+netpol\s+networking\.k8s\.io\/v1\s+true\s+NetworkPolicy$/m);
    expect(res).toMatch(/^csidrivers\s+storage\.k8s\.io\/v1\s+false\s+CSIDriver$/m);
    expect(res).toMatch(/^podtemplates\s+v1\s+true\s+PodTemplate$/m);
    expect(res).toMatch(/^apiservices\s+apiregistration\.k8s\.io\/v1\s+false\s+APIService$/m);
    const ext = await kubectl.ok('api-resources', '--categories=api-extensions', '-o', 'name');
    expect(ext.split('\n').filter(Boolean).sort()).toEqual([
      'apiservices.apiregistration.k8s.io',
      'customresourcedefinitions.apiextensions.k8s.io',
      'mutatingwebhookconfigurations.admissionregistration.k8s.io',
      'validatingadmissionpolicies.admissionregistration.k8s.io',
      'validatingadmissionpolicybindings.admissionregistration.k8s.io',
      'validatingwebhookconfigurations.admissionregistration.k8s.io',
    ]);
  });

  it('explain ingress.spec.rules and get ing', async () => {
    const out = await kubectl.ok('explain', 'ingress.spec.rules');
    expect(out).toContain('KIND:       Ingress');
    expect(out).toContain('FIELD: rules <[]IngressRule>');
    expect(await kubectl.ok('get', 'ing', 'web')).toMatch(
      /^NAME\s+CLASS\s+HOSTS\s+ADDRESS\s+PORTS\s+AGE\nweb\s+nginx\s+shop\.example\.com\s+80\s+\d+s\n$/,
    );
  });
});
