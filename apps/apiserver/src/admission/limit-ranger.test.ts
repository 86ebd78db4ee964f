import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../harness.test-support.js';
import { createSeen, namespace } from './resource-quota.test-support.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t?.stop();
});

const claim = (name: string, storage: string) => ({
  apiVersion: 'v1',
  kind: 'PersistentVolumeClaim',
  metadata: { name },
  spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage } } },
});

describe('LimitRanger for PersistentVolumeClaims', () => {
  const NS = 'lr-pvc';
  const PVCS = `/api/v1/namespaces/${NS}/persistentvolumeclaims`;
  const merge = { 'content-type': 'application/merge-patch+json' };
  beforeAll(async () => {
    await namespace(t, NS);
    await createSeen(t, `/api/v1/namespaces/${NS}/limitranges`, {
      apiVersion: 'v1',
      kind: 'LimitRange',
      metadata: { name: 'storage' },
      spec: { limits: [{ type: 'PersistentVolumeClaim', min: { storage: '1Gi' }, max: { storage: '5Gi' } }] },
    });
  });

  it('refuses a claim requesting less than the minimum', async () => {
    const res = await t.req('POST', PVCS, claim('small', '500Mi'));
    expect(res.status).toBe(403);
    expect(res.body.reason).toBe('Forbidden');
    expect(res.body.message).toBe(
      'persistentvolumeclaims "small" is forbidden: minimum storage usage per PersistentVolumeClaim is 1Gi, but request is 500Mi',
    );
  });

  it('refuses a claim requesting more than the maximum', async () => {
    const res = await t.req('POST', PVCS, claim('big', '10Gi'));
    expect(res.status).toBe(403);
    expect(res.body.message).toBe(
      'persistentvolumeclaims "big" is forbidden: maximum storage usage per PersistentVolumeClaim is 5Gi, but request is 10Gi',
    );
  });

  it('admits a claim within the range unchanged (claims are never defaulted)', async () => {
    const res = await t.req('POST', PVCS, claim('fits', '2Gi'));
    expect(res.status).toBe(201);
    expect(res.body.spec.resources).toEqual({ requests: { storage: '2Gi' } });
    expect(res.body.metadata.annotations?.['kubernetes.io/limit-ranger']).toBeUndefined();
  });

  it('holds a claim growing its request to the maximum', async () => {
    const current = (await t.req('GET', `${PVCS}/fits`)).body;
    const bound = await t.req('PUT', `${PVCS}/fits/status`, { ...current, status: { phase: 'Bound' } });
    expect(bound.status).toBe(200);
    const over = await t.req('PATCH', `${PVCS}/fits`, { spec: { resources: { requests: { storage: '6Gi' } } } }, merge);
    expect(over.status).toBe(403);
    expect(over.body.message).toBe(
      'persistentvolumeclaims "fits" is forbidden: maximum storage usage per PersistentVolumeClaim is 5Gi, but request is 6Gi',
    );
    const grown = await t.req(
      'PATCH',
      `${PVCS}/fits`,
      { spec: { resources: { requests: { storage: '5Gi' } } } },
      merge,
    );
    expect(grown.status).toBe(200);
    expect(grown.body.spec.resources.requests.storage).toBe('5Gi');
  });
});

describe('LimitRanger for pods with sidecars', () => {
  const NS = 'lr-sidecar';
  const PODS = `/api/v1/namespaces/${NS}/pods`;
  const cpu = (v: string) => ({ requests: { cpu: v }, limits: { cpu: v } });
  const pod = (name: string, app: string, sidecar: string, init?: string) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name },
    spec: {
      initContainers: [
        { name: 'proxy', image: 'envoy', restartPolicy: 'Always', resources: cpu(sidecar) },
        ...(init ? [{ name: 'setup', image: 'busybox', resources: cpu(init) }] : []),
      ],
      containers: [{ name: 'app', image: 'nginx', resources: cpu(app) }],
    },
  });
  beforeAll(async () => {
    await namespace(t, NS);
    await createSeen(t, `/api/v1/namespaces/${NS}/limitranges`, {
      apiVersion: 'v1',
      kind: 'LimitRange',
      metadata: { name: 'per-pod' },
      spec: { limits: [{ type: 'Pod', max: { cpu: '1' } }] },
    });
  });

  it('counts a sidecar alongside the containers in the per-Pod total', async () => {
    const res = await t.req('POST', PODS, pod('crowded', '600m', '500m'));
    expect(res.status).toBe(403);
    expect(res.body.reason).toBe('Forbidden');
    expect(res.body.message).toBe('pods "crowded" is forbidden: maximum cpu usage per Pod is 1, but limit is 1100m');
  });

  it('counts an init container together with the sidecars started before it', async () => {
    const res = await t.req('POST', PODS, pod('init-heavy', '100m', '300m', '800m'));
    expect(res.status).toBe(403);
    expect(res.body.message).toBe('pods "init-heavy" is forbidden: maximum cpu usage per Pod is 1, but limit is 1100m');
    expect((await t.req('POST', PODS, pod('fits', '400m', '300m', '700m'))).status).toBe(201);
  });
});
