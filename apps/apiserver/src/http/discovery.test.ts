import { afterAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { parseFlags } from '@wheelhouse/flags';
import { buildApiServer } from '../apiserver.js';
import { AGGREGATED_CONTENT_TYPE } from './discovery.js';
import { apiserverCommand } from '../main.js';

// Discovery, OpenAPI and health need no store: a server that is built but not started.
const server = buildApiServer({ etcdServers: ['http://127.0.0.1:1'], logger: pino({ level: 'silent' }) });
const app = server.app;
afterAll(async () => {
  await app.close();
});

const AGGREGATED_ACCEPT =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';

describe('discovery', () => {
  it('/version says 1.32', async () => {
    const res = await app.inject('/version');
    expect(res.json()).toMatchObject({ major: '1', minor: '32', gitVersion: 'v1.32.0' });
  });

  it('/api and /apis answer aggregated discovery with the exact content type when asked', async () => {
    const core = await app.inject({ url: '/api', headers: { accept: AGGREGATED_ACCEPT } });
    expect(core.headers['content-type']).toBe(AGGREGATED_CONTENT_TYPE);
    const list = core.json();
    expect(list).toMatchObject({ kind: 'APIGroupDiscoveryList', apiVersion: 'apidiscovery.k8s.io/v2' });
    const pods = list.items[0].versions[0].resources.find((r: { resource: string }) => r.resource === 'pods');
    expect(pods).toMatchObject({
      responseKind: { group: '', version: 'v1', kind: 'Pod' },
      scope: 'Namespaced',
      singularResource: 'pod',
      shortNames: ['po'],
      categories: ['all'],
    });
    expect(pods.subresources.map((s: { subresource: string }) => s.subresource)).toEqual([
      'binding',
      'ephemeralcontainers',
      'eviction',
      'status',
      'attach',
      'exec',
      'log',
      'portforward',
    ]);
    expect(pods.subresources[3]).toEqual({
      subresource: 'status',
      responseKind: { group: '', version: 'v1', kind: 'Pod' },
      verbs: ['get', 'patch', 'update'],
    });
    const apis = (await app.inject({ url: '/apis', headers: { accept: AGGREGATED_ACCEPT } })).json();
    expect(apis.items.map((i: { metadata: { name: string } }) => i.metadata.name)).toEqual([
      'apps',
      'authentication.k8s.io',
      'authorization.k8s.io',
      'autoscaling',
      'batch',
      'coordination.k8s.io',
      'policy',
      'scheduling.k8s.io',
      'node.k8s.io',
      'discovery.k8s.io',
      'rbac.authorization.k8s.io',
      'networking.k8s.io',
      'storage.k8s.io',
      'apiextensions.k8s.io',
      'admissionregistration.k8s.io',
      'apiregistration.k8s.io',
    ]);
  });

  it('legacy discovery: APIVersions, APIGroupList, APIGroup and APIResourceLists with subresources', async () => {
    expect((await app.inject('/api')).json()).toMatchObject({ kind: 'APIVersions', versions: ['v1'] });
    const groups = (await app.inject('/apis')).json();
    expect(groups.groups[0]).toEqual({
      name: 'apps',
      versions: [{ groupVersion: 'apps/v1', version: 'v1' }],
      preferredVersion: { groupVersion: 'apps/v1', version: 'v1' },
    });
    expect((await app.inject('/apis/apps')).json()).toMatchObject({ kind: 'APIGroup', name: 'apps' });
    const v1 = (await app.inject('/api/v1')).json();
    expect(v1).toMatchObject({ kind: 'APIResourceList', groupVersion: 'v1' });
    expect(v1.resources.find((r: { name: string }) => r.name === 'nodes')).toMatchObject({
      singularName: 'node',
      namespaced: false,
      kind: 'Node',
      shortNames: ['no'],
    });
    const apps = (await app.inject('/apis/apps/v1')).json();
    expect(apps.resources.find((r: { name: string }) => r.name === 'deployments/scale')).toEqual({
      name: 'deployments/scale',
      singularName: '',
      namespaced: true,
      group: 'autoscaling',
      version: 'v1',
      kind: 'Scale',
      verbs: ['get', 'patch', 'update'],
    });
    expect((await app.inject('/apis/nope')).statusCode).toBe(404);
  });

  it('/openapi/v3 indexes one document per group/version, with PATCH operations that take fieldValidation', async () => {
    const index = (await app.inject('/openapi/v3')).json();
    expect(Object.keys(index.paths)).toEqual([
      'api/v1',
      'apis/apps/v1',
      'apis/authentication.k8s.io/v1',
      'apis/authorization.k8s.io/v1',
      'apis/autoscaling/v2',
      'apis/autoscaling/v1',
      'apis/batch/v1',
      'apis/coordination.k8s.io/v1',
      'apis/policy/v1',
      'apis/scheduling.k8s.io/v1',
      'apis/node.k8s.io/v1',
      'apis/discovery.k8s.io/v1',
      'apis/rbac.authorization.k8s.io/v1',
      'apis/networking.k8s.io/v1',
      'apis/storage.k8s.io/v1',
      'apis/apiextensions.k8s.io/v1',
      'apis/admissionregistration.k8s.io/v1',
      'apis/apiregistration.k8s.io/v1',
    ]);
    const url = index.paths['apis/apps/v1'].serverRelativeURL as string;
    expect(url).toMatch(/^\/openapi\/v3\/apis\/apps\/v1\?hash=[0-9A-F]+$/);
    const doc = (await app.inject(url)).json();
    const patch = doc.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}'].patch;
    expect(patch['x-kubernetes-group-version-kind']).toEqual({ group: 'apps', version: 'v1', kind: 'Deployment' });
    expect(patch.parameters).toContainEqual(expect.objectContaining({ name: 'fieldValidation', in: 'query' }));
    const v2 = await app.inject('/openapi/v2');
    expect(v2.statusCode).toBe(200);
    expect(v2.json()).toMatchObject({ swagger: '2.0', info: { title: 'Kubernetes' } });
  });

  it('livez answers while readyz fails until the server has started', async () => {
    expect((await app.inject('/livez')).body).toBe('ok');
    expect((await app.inject('/readyz')).statusCode).toBe(500);
  });
});

describe('configuration', () => {
  it('buildApiServer rejects bad configuration at once', () => {
    expect(() => buildApiServer({})).toThrow('--etcd-servers is required');
    expect(() => buildApiServer({ etcdServers: ['not a url'] })).toThrow('invalid --etcd-servers URL');
    expect(() => buildApiServer({ etcdServers: ['http://127.0.0.1:2379'], port: 70000 })).toThrow('invalid --port');
    expect(() => buildApiServer({ etcdServers: ['http://127.0.0.1:2379'], serviceClusterIpRange: '10.0.0.0' })).toThrow(
      'invalid --service-cluster-ip-range',
    );
    expect(() =>
      buildApiServer({ etcdServers: ['http://127.0.0.1:2379'], defaultNotReadyTolerationSeconds: -1 }),
    ).toThrow('invalid --default-not-ready-toleration-seconds');
  });

  it('apiserverCommand uses kube-apiserver flag names with their defaults', () => {
    const p = parseFlags(apiserverCommand, [
      '--etcd-servers',
      'http://127.0.0.1:2379',
      '--bind-address',
      '127.0.0.1',
      '--port',
      '6443',
    ]);
    expect(p.flags).toMatchObject({
      'etcd-servers': ['http://127.0.0.1:2379'],
      'bind-address': '127.0.0.1',
      port: 6443,
      'service-cluster-ip-range': '10.96.0.0/12',
      'default-not-ready-toleration-seconds': 300,
      'default-unreachable-toleration-seconds': 300,
      'etcd-compaction-interval': '5m',
      'log-level': 'info',
    });
  });
});
