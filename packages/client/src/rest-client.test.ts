// The REST client against a real apiserver process on Wheelhouse's store.
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { RESOURCES, type ConfigMap, type Pod } from '@wheelhouse/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir, FakeClock, CuttableProxy, startTestCluster, type TestCluster } from '@wheelhouse/testing';
import {
  AlreadyExistsError,
  BadRequestError,
  ConflictError,
  ExpiredError,
  InvalidError,
  NotFoundError,
  TooManyRequestsError,
  isNotFound,
} from './api-errors.js';
import { isClientError } from './errors.js';
import { RestClient } from './rest-client.js';
import type { ResourceClient } from './resource-client.js';
import type { ResourceTypes } from './resource-types.js';

let cluster: TestCluster;
let client: RestClient;

beforeAll(async () => {
  cluster = await startTestCluster();
  client = new RestClient({ server: cluster.url });
});
afterAll(async () => {
  client?.close();
  await cluster?.stop();
});

const cm = (name: string, data: Record<string, string> = {}, labels?: Record<string, string>): ConfigMap => ({
  metadata: { name, ...(labels ? { labels } : {}) },
  data,
});

const pod = (name: string, labels?: Record<string, string>): Pod => ({
  metadata: { name, ...(labels ? { labels } : {}) },
  spec: { containers: [{ name: 'c', image: 'nginx' }] },
});

describe('typed resources', () => {
  it('covers every resource of the registry', () => {
    const typed: Record<keyof ResourceTypes, true> = {
      pods: true,
      bindings: true,
      nodes: true,
      namespaces: true,
      services: true,
      endpoints: true,
      events: true,
      configmaps: true,
      secrets: true,
      serviceaccounts: true,
      replicationcontrollers: true,
      deployments: true,
      replicasets: true,
      statefulsets: true,
      daemonsets: true,
      controllerrevisions: true,
      jobs: true,
      cronjobs: true,
      leases: true,
      poddisruptionbudgets: true,
      priorityclasses: true,
      runtimeclasses: true,
      endpointslices: true,
      ingressclasses: true,
      ingresses: true,
      networkpolicies: true,
      csidrivers: true,
      csinodes: true,
      volumeattachments: true,
      podtemplates: true,
      persistentvolumes: true,
      persistentvolumeclaims: true,
      storageclasses: true,
      resourcequotas: true,
      limitranges: true,
      horizontalpodautoscalers: true,
      clusterrolebindings: true,
      clusterroles: true,
      rolebindings: true,
      roles: true,
      customresourcedefinitions: true,
      apiservices: true,
      mutatingwebhookconfigurations: true,
      validatingwebhookconfigurations: true,
      validatingadmissionpolicies: true,
      validatingadmissionpolicybindings: true,
      componentstatuses: true,
      selfsubjectreviews: true,
      tokenreviews: true,
      localsubjectaccessreviews: true,
      selfsubjectaccessreviews: true,
      selfsubjectrulesreviews: true,
      subjectaccessreviews: true,
    };
    expect(Object.keys(typed).sort()).toEqual([...new Set(RESOURCES.map((r) => r.resource))].sort());
  });

  it('rejects names the server does not serve and subresources a resource lacks', () => {
    expect(() => client.resourceByName('widgets')).toThrow(/does not serve "widgets"/);
    expect(() => client.resource('configmaps').updateStatus(cm('x'))).toThrow(/configmaps has no status subresource/);
    expect(() => client.resource('configmaps').patch('x', {}, { type: 'apply' })).toThrow(/fieldManager/);
  });
});

describe('CRUD and typed errors', () => {
  it('creates, gets, updates, lists and deletes, with the errors kubectl would show', async () => {
    const cms = client.resource('configmaps', 'default');
    const created = await cms.create(cm('crud-a', { k: 'v1' }));
    expect(created.metadata.resourceVersion).toMatch(/^\d+$/);
    expect(created.metadata.namespace).toBe('default');
    await expect(cms.create(cm('crud-a'))).rejects.toBeInstanceOf(AlreadyExistsError);

    const got = await cms.get('crud-a');
    expect(got.data).toEqual({ k: 'v1' });
    const updated = await cms.update({ ...got, data: { k: 'v2' } });
    expect(updated.metadata.resourceVersion).not.toBe(got.metadata.resourceVersion);
    const stale = cms.update({ ...got, data: { k: 'v3' } });
    await expect(stale).rejects.toBeInstanceOf(ConflictError);
    await expect(stale).rejects.toThrow('the object has been modified');

    const invalid = await cms.create(cm('Not_Valid')).catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(InvalidError);
    expect((invalid as InvalidError).details?.causes?.[0]?.field).toBe('metadata.name');

    await expect(cms.get('nope')).rejects.toBeInstanceOf(NotFoundError);
    await cms.delete('crud-a');
    await expect(cms.get('crud-a')).rejects.toSatisfy(isNotFound);
  });

  it('lists with selectors and pages, and reports a compacted continue token as Expired', async () => {
    const cms = client.resource('configmaps', 'paging');
    await client.resource('namespaces').create({ metadata: { name: 'paging' } });
    for (let i = 0; i < 5; i++) await cms.create(cm(`p${i}`, {}, { tier: i % 2 ? 'odd' : 'even' }));
    expect((await cms.list({ labelSelector: 'tier=odd' })).items.map((c) => c.metadata.name)).toEqual(['p1', 'p3']);
    expect((await cms.list({ fieldSelector: 'metadata.name=p4' })).items.map((c) => c.metadata.name)).toEqual(['p4']);

    const first = await cms.list({ limit: 2 });
    expect(first.items.map((c) => c.metadata.name)).toEqual(['p0', 'p1']);
    expect(first.metadata.continue).toBeTruthy();
    const second = await cms.list({ limit: 2, continue: first.metadata.continue! });
    expect(second.items.map((c) => c.metadata.name)).toEqual(['p2', 'p3']);

    const exact = await cms.list({ resourceVersion: first.metadata.resourceVersion, resourceVersionMatch: 'Exact' });
    expect(exact.items).toHaveLength(5);
    // Compacting the store past the snapshot expires the token and the exact read.
    await cms.create(cm('p5'));
    const head = (await cms.list()).metadata.resourceVersion;
    const { etcdctl } = await import('@wheelhouse/testing');
    expect((await etcdctl(cluster.store.endpoint, ['compaction', head])).code).toBe(0);
    await expect(cms.list({ limit: 2, continue: first.metadata.continue! })).rejects.toBeInstanceOf(ExpiredError);
    await expect(
      cms.list({ resourceVersion: first.metadata.resourceVersion, resourceVersionMatch: 'Exact' }),
    ).rejects.toBeInstanceOf(ExpiredError);

    await cms.deleteCollection({ labelSelector: 'tier=even' });
    expect((await cms.list()).items.map((c) => c.metadata.name)).toEqual(['p1', 'p3', 'p5']);
    expect(() => client.resource('configmaps').deleteCollection()).toThrow(/needs a namespace/);
  });

  it('patches in all four formats, with apply conflicts unless forced', async () => {
    const cms = client.resource('configmaps', 'default');
    await cms.create(cm('patched', { a: '1' }));
    await cms.patch('patched', [{ op: 'add', path: '/data/b', value: '2' }], { type: 'json' });
    await cms.patch('patched', { data: { a: null, c: '3' } }, { type: 'merge' });
    await cms.patch('patched', { metadata: { labels: { s: 'yes' } } }, { type: 'strategic' });
    expect((await cms.get('patched')).data).toEqual({ b: '2', c: '3' });

    const apply = (value: string, manager: string, force?: boolean) =>
      cms.patch(
        'patched',
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'patched' }, data: { owned: value } },
        { type: 'apply', fieldManager: manager, ...(force ? { force } : {}) },
      );
    await apply('x', 'alice');
    await expect(apply('y', 'bob')).rejects.toBeInstanceOf(ConflictError);
    const forced = await apply('y', 'bob', true);
    expect(forced.data?.owned).toBe('y');
    expect(forced.metadata.managedFields?.map((m) => m.manager)).toContain('bob');
  });

  it('patches asking for the metadata alone, for a writer that needs only the new resourceVersion', async () => {
    const cms = client.resource('configmaps', 'default');
    const created = await cms.create(cm('patched-meta', { a: '1' }));
    const written = await cms.patchForMetadata('patched-meta', { data: { a: '2' } }, { type: 'merge' });
    expect(written).toEqual({
      kind: 'PartialObjectMetadata',
      apiVersion: 'meta.k8s.io/v1',
      metadata: expect.objectContaining({ name: 'patched-meta', uid: created.metadata.uid }),
    });
    const got = await cms.get('patched-meta');
    expect(got.data).toEqual({ a: '2' });
    expect(written.metadata.resourceVersion).toBe(got.metadata.resourceVersion);
  });

  it('deletes with preconditions and grace periods, and updates status', async () => {
    const pods = client.resource('pods', 'default');
    const p = await pods.create(pod('del'));
    await expect(pods.delete('del', { preconditions: { uid: 'other-uid' } })).rejects.toBeInstanceOf(ConflictError);
    await expect(pods.delete('del', { preconditions: { resourceVersion: '1' } })).rejects.toBeInstanceOf(ConflictError);
    const withStatus = await pods.updateStatus({ ...p, status: { phase: 'Running' } });
    expect(withStatus.status?.phase).toBe('Running');
    await pods.delete('del', {
      gracePeriodSeconds: 0,
      propagationPolicy: 'Background',
      preconditions: { uid: p.metadata.uid },
    });
    await expect(pods.get('del')).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('subresources', () => {
  it('binds a pod once', async () => {
    const pods = client.resource('pods', 'default');
    await client.resource('nodes').create({ metadata: { name: 'node-1' } });
    await pods.create(pod('to-bind'));
    await pods.bind({ metadata: { name: 'to-bind' }, target: { kind: 'Node', name: 'node-1' } });
    expect((await pods.get('to-bind')).spec?.nodeName).toBe('node-1');
    await expect(
      pods.bind({ metadata: { name: 'to-bind' }, target: { kind: 'Node', name: 'node-1' } }),
    ).rejects.toBeInstanceOf(ConflictError);
  });

  it('evicts a pod unless a disruption budget forbids it', async () => {
    const pods = client.resource('pods', 'default');
    await pods.create(pod('evict-me'));
    await pods.evict('evict-me');
    await expect(pods.get('evict-me')).rejects.toBeInstanceOf(NotFoundError);

    const budgets = client.resource('poddisruptionbudgets', 'default');
    const guard = await budgets.create({
      metadata: { name: 'guard' },
      spec: { minAvailable: 1, selector: { matchLabels: { app: 'guarded' } } },
    });
    // As the disruption controller would write it: processed, no disruption allowed (an
    // unprocessed budget answers 429 with Retry-After 10, which the client waits out).
    await budgets.updateStatus({
      ...guard,
      status: { observedGeneration: 1, disruptionsAllowed: 0, currentHealthy: 1, desiredHealthy: 1, expectedPods: 1 },
    });
    const guarded = await pods.create(pod('guarded', { app: 'guarded' }));
    // Running and Ready: a Pending pod is evicted whatever its budget says, as kube does.
    await pods.updateStatus({
      ...guarded,
      status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] },
    });
    await expect(pods.evict('guarded')).rejects.toBeInstanceOf(TooManyRequestsError);
  });

  it('reads and writes the scale of a deployment', async () => {
    const deploys = client.resource('deployments', 'default');
    await deploys.create({
      metadata: { name: 'web' },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'web' } },
        template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } },
      },
    });
    const scale = await deploys.getScale('web');
    expect(scale.spec?.replicas).toBe(1);
    await deploys.updateScale('web', { ...scale, spec: { replicas: 3 } });
    expect((await deploys.get('web')).spec?.replicas).toBe(3);
    await deploys.patch('web', { spec: { replicas: 4 } }, { type: 'merge', subresource: 'scale' });
    expect((await deploys.getScale('web')).spec?.replicas).toBe(4);
  });
});

// The same watch steps over a chunked HTTP response and over a WebSocket.
describe.each(['http', 'websocket'] as const)('watch over %s', (transport) => {
  const ns = `watched-${transport}`;
  const cms = (): ResourceClient<ConfigMap> => client.resource('configmaps', ns);
  beforeAll(async () => {
    await client.resource('namespaces').create({ metadata: { name: ns } });
  });

  it('streams events with bookmarks and ends after timeoutSeconds', async () => {
    const start = (await cms().list()).metadata.resourceVersion;
    const stream = await cms().watch({
      resourceVersion: start,
      allowWatchBookmarks: true,
      timeoutSeconds: 1,
      transport,
    });
    await cms().create(cm('w1'));
    await cms().patch('w1', { data: { x: '1' } }, { type: 'merge' });
    await cms().delete('w1');
    const seen: string[] = [];
    for await (const ev of stream) if (ev.type !== 'BOOKMARK') seen.push(`${ev.type} ${ev.object.metadata.name}`);
    expect(seen).toEqual(['ADDED w1', 'MODIFIED w1', 'DELETED w1']);
  });

  it('sends the initial state first with sendInitialEvents', async () => {
    await cms().create(cm('initial'));
    const ac = new AbortController();
    const stream = await cms().watch({
      sendInitialEvents: true,
      resourceVersionMatch: 'NotOlderThan',
      allowWatchBookmarks: true,
      signal: ac.signal,
      transport,
    });
    const seen: string[] = [];
    for await (const ev of stream) {
      const end = ev.type === 'BOOKMARK' && ev.object.metadata.annotations?.['k8s.io/initial-events-end'] === 'true';
      seen.push(end ? 'END' : `${ev.type} ${ev.object.metadata.name}`);
      if (end) break;
    }
    ac.abort();
    expect(seen).toEqual(['ADDED initial', 'END']);
  });

  it('ends with the abort reason when the signal aborts mid-stream', async () => {
    const ac = new AbortController();
    const stream = await cms().watch({ resourceVersion: '0', signal: ac.signal, transport });
    const ended = (async () => {
      for await (const _ of stream) ac.abort(new Error('done watching'));
      return 'ended';
    })().catch((e: unknown) => e);
    await cms().create(cm(`abort-${transport}`));
    expect(await ended).toMatchObject({ message: 'done watching' });
  });

  it('reports a bad selector as BadRequest (HTTP refuses the watch; the WebSocket sends an ERROR event)', async () => {
    const err = await cms()
      .watch({ labelSelector: 'a in (', transport })
      .then(async (events) => {
        for await (const _ of events) return 'event';
        return 'ended';
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BadRequestError);
  });
});

describe('watch over a WebSocket, connection handling', () => {
  it('ends open WebSocket watches with an error when the client is closed, as HTTP ones', async () => {
    for (const transport of ['http', 'websocket'] as const) {
      const closing = new RestClient({ server: cluster.url });
      const stream = await closing.resource('namespaces').watch({ resourceVersion: '0', transport });
      expect((await stream.next()).value?.type).toBe('ADDED');
      closing.close();
      const ended = await (async () => {
        for await (const _ of stream);
        return 'ended cleanly';
      })().catch((e: unknown) => e);
      expect(ended).toBeInstanceOf(Error);
    }
  });

  it('carries the bearer token and is retried while the server refuses connections', async () => {
    const proxy = await CuttableProxy.start(cluster.port);
    await proxy.refuse();
    const viaProxy = new RestClient({
      server: proxy.url,
      token: 'ws-token',
      watchTransport: 'websocket',
      retryBackoff: { initialMs: 50, maxMs: 100 },
    });
    try {
      const ac = new AbortController();
      const opening = viaProxy.resource('namespaces').watch({ resourceVersion: '0', signal: ac.signal });
      setTimeout(() => void proxy.accept(), 300);
      const first = await (await opening).next();
      ac.abort();
      expect(first.value?.type).toBe('ADDED');
      expect(proxy.received).toMatch(/upgrade: websocket/i);
      expect(proxy.received).toMatch(/authorization: Bearer ws-token/i);
    } finally {
      viaProxy.close();
      await proxy.refuse();
    }
  });
});

describe('connection handling', () => {
  it('retries a GET after a reset but never re-sends a POST that may have arrived', async () => {
    const proxy = await CuttableProxy.start(cluster.port);
    const viaProxy = new RestClient({ server: proxy.url, retryBackoff: { initialMs: 10, maxMs: 50 } });
    try {
      let resets = 0;
      proxy.resetWhen = (chunk) => chunk.startsWith('GET') && resets++ === 0;
      expect((await viaProxy.resource('namespaces').get('default')).metadata.name).toBe('default');
      expect(resets).toBe(2);

      proxy.resetWhen = (chunk) => chunk.startsWith('POST');
      proxy.received = '';
      const err = await viaProxy
        .resource('configmaps', 'default')
        .create(cm('maybe-sent'))
        .catch((e: unknown) => e);
      expect((err as NodeJS.ErrnoException).code).toBe('ECONNRESET');
      expect(proxy.received.split('POST ').length - 1).toBe(1);
    } finally {
      viaProxy.close();
      await proxy.refuse();
    }
  });

  it('sends a GET again when its answer is cut off mid-body, and never resolves a truncated body', async () => {
    let answers = 0;
    const server = createServer((_req, res) => {
      const body = JSON.stringify({ kind: 'Namespace', metadata: { name: 'whole' } });
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
      if (answers++ === 0) {
        res.write(body.slice(0, 10));
        setTimeout(() => res.socket?.destroy(), 20);
      } else res.end(body);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const retrying = new RestClient({ server: url, retryBackoff: { initialMs: 10, maxMs: 20 } });
    const once = new RestClient({ server: url, maxRetries: 0 });
    try {
      expect(await retrying.request({ method: 'GET', path: '/api/v1/namespaces/whole' })).toMatchObject({
        metadata: { name: 'whole' },
      });
      expect(answers).toBe(2);
      answers = 0;
      await expect(once.request({ method: 'GET', path: '/api/v1/namespaces/whole' })).rejects.toThrow();
    } finally {
      retrying.close();
      once.close();
      await new Promise((r) => server.close(r));
    }
  });

  it('retries a refused connection for any verb until the server listens', async () => {
    const proxy = await CuttableProxy.start(cluster.port);
    await proxy.refuse();
    const viaProxy = new RestClient({ server: proxy.url, retryBackoff: { initialMs: 50, maxMs: 100 } });
    try {
      const creating = viaProxy.resource('configmaps', 'default').create(cm('after-refusal'));
      setTimeout(() => void proxy.accept(), 300);
      expect((await creating).metadata.name).toBe('after-refusal');
      const noRetry = new RestClient({ server: proxy.url, maxRetries: 0 });
      await proxy.refuse();
      await expect(noRetry.resource('namespaces').get('default')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
      noRetry.close();
    } finally {
      viaProxy.close();
      await proxy.refuse();
    }
  });

  it('is configured from a kubeconfig and sends its bearer token', async () => {
    const proxy = await CuttableProxy.start(cluster.port);
    const dir = await tempDir('kubeconfig-');
    try {
      const path = join(dir.path, 'config');
      await writeFile(
        path,
        [
          'apiVersion: v1',
          'kind: Config',
          'current-context: wh',
          'clusters: [{name: wh, cluster: {server: "' + proxy.url + '"}}]',
          'users: [{name: me, user: {token: s3cret}}]',
          'contexts: [{name: wh, context: {cluster: wh, user: me, namespace: kube-system}}]',
        ].join('\n'),
      );
      const fromConfig = await RestClient.fromKubeconfig({ kubeconfig: path }, { qps: 50, burst: 5 });
      expect(fromConfig.namespace).toBe('kube-system');
      // Namespaced object verbs default to the context's namespace.
      const made = await fromConfig.resource('configmaps').create(cm('from-kubeconfig'));
      expect(made.metadata.namespace).toBe('kube-system');
      expect((await fromConfig.resource('configmaps').get('from-kubeconfig')).metadata.uid).toBe(made.metadata.uid);
      expect(proxy.received).toMatch(/authorization: Bearer s3cret/i);
      fromConfig.close();
    } finally {
      await dir.cleanup();
      await proxy.refuse();
    }
  });

  it('throttles to qps after a burst when asked', async () => {
    const clock = new FakeClock();
    const throttled = new RestClient({ server: cluster.url, qps: 1, burst: 2, clock });
    try {
      const namespaces = throttled.resource('namespaces');
      await namespaces.get('default');
      await namespaces.get('default');
      let third = false;
      const pending = namespaces.get('default').then(() => (third = true));
      await clock.advance(900);
      expect(third).toBe(false);
      await clock.advance(100);
      await pending;
      expect(third).toBe(true);
    } finally {
      throttled.close();
    }
  });

  it('rejects bad server URLs', () => {
    expect(() => new RestClient({ server: 'ftp://x' })).toThrow(/unsupported protocol/);
    const err = (() => {
      try {
        return new RestClient({ server: 'not a url' });
      } catch (e) {
        return e;
      }
    })();
    expect(isClientError(err, 'InvalidOption')).toBe(true);
  });
});
