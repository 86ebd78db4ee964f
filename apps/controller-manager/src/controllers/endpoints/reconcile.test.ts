// One endpoints sync against a real API server with a cache that lags behind it: a sync that
// finds the Endpoints it just created missing from the cache waits for the cache instead of
// creating it again (and warning about a failure that is none); a create that really fails is
// reported in kube's words.
import type { Endpoints, Pod, Service } from '@wheelhouse/api';
import { type EventRecorder, type Lister, type Served, isNotFound } from '@wheelhouse/client';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { useControllerTestBed } from '../../test-cluster.test-support.js';
import { type EndpointsSyncDeps, syncEndpoints } from './reconcile.js';
import { TriggerTimeTracker } from './trigger-time.js';

const { cluster } = useControllerTestBed(() => []);

/** A lister over a fixed list of objects (a cache that never hears of anything else). */
function fixedLister<T extends { metadata: { name?: string; namespace?: string } }>(items: T[]): Lister<T> {
  const lister = {
    get: (name: string, namespace?: string) =>
      items.find((o) => o.metadata.name === name && o.metadata.namespace === namespace),
    list: (options?: { namespace?: string }) =>
      items.filter((o) => !options?.namespace || o.metadata.namespace === options.namespace),
    byIndex: () => [],
  };
  return lister as unknown as Lister<T>;
}

interface Recorded {
  type: string;
  reason: string;
  message: string;
}

/** Sync deps whose caches hold one Service selecting one ready pod, and no Endpoints at all. */
function staleDeps(ns: string): { deps: EndpointsSyncDeps; events: Recorded[] } {
  const svc = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', namespace: ns, uid: 'svc-uid', resourceVersion: '1' },
    spec: { selector: { app: 'web' }, clusterIP: '10.96.0.10', ports: [{ port: 80, targetPort: 80, protocol: 'TCP' }] },
  } as Served<Service>;
  const pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web-1', namespace: ns, uid: 'pod-uid', resourceVersion: '2', labels: { app: 'web' } },
    spec: { nodeName: 'node-1', containers: [{ name: 'c', image: 'nginx' }] },
    status: { phase: 'Running', podIP: '10.64.0.5', conditions: [{ type: 'Ready', status: 'True' }] },
  } as Served<Pod>;
  const events: Recorded[] = [];
  const recorder = {
    event: (_subject: unknown, type: string, reason: string, message: string) => events.push({ type, reason, message }),
  } as unknown as EventRecorder;
  const deps: EndpointsSyncDeps = {
    client: cluster.client,
    services: fixedLister([svc]),
    pods: fixedLister([pod]),
    endpoints: fixedLister<Served<Endpoints>>([]),
    triggerTimes: new TriggerTimeTracker(),
    replaced: new Map(),
    created: new Set(),
    recorder,
    log: pino({ level: 'silent' }),
  };
  return { deps, events };
}

async function endpointsOf(ns: string): Promise<Endpoints | undefined> {
  return cluster.client
    .resource('endpoints', ns)
    .get('web')
    .catch((err: unknown) => {
      if (isNotFound(err)) return undefined;
      throw err;
    });
}

describe('an endpoints sync with a cache behind the server', () => {
  it('creates the Endpoints once: the next sync waits for the cache, with no warning', async () => {
    const ns = await cluster.namespace();
    const { deps, events } = staleDeps(ns);
    expect(await syncEndpoints(deps, `${ns}/web`)).toEqual({});
    expect((await endpointsOf(ns))?.subsets?.[0]?.addresses?.map((a) => a.ip)).toEqual(['10.64.0.5']);
    // The cache still has no Endpoints: a second sync must not try to create them again.
    expect(await syncEndpoints(deps, `${ns}/web`)).toEqual({ requeue: true });
    expect(events).toEqual([]);
  });

  it('creates them again when the ones it created are gone from the server before its cache saw them', async () => {
    const ns = await cluster.namespace();
    const { deps, events } = staleDeps(ns);
    await syncEndpoints(deps, `${ns}/web`);
    await cluster.client.resource('endpoints', ns).delete('web');
    expect(await syncEndpoints(deps, `${ns}/web`)).toEqual({});
    expect(await endpointsOf(ns)).toBeDefined();
    expect(events).toEqual([]);
  });

  it("reports a create that fails as kube's FailedToCreateEndpoint, naming the Service, and retries", async () => {
    const ns = await cluster.namespace();
    // Someone else's Endpoints of that name, which this controller's cache has not seen.
    await cluster.client.resource('endpoints', ns).create({ metadata: { name: 'web' } });
    const { deps, events } = staleDeps(ns);
    await expect(syncEndpoints(deps, `${ns}/web`)).rejects.toMatchObject({ reason: 'AlreadyExists' });
    expect(events).toEqual([
      {
        type: 'Warning',
        reason: 'FailedToCreateEndpoint',
        message: `Failed to create endpoint for service ${ns}/web: endpoints "web" already exists`,
      },
    ]);
  });
});
