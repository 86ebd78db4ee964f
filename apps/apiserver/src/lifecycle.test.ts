import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployment, pod, startTestServer, type TestServer } from './harness.test-support.js';
import { until } from '@wheelhouse/testing';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t?.stop();
});

const PODS = '/api/v1/namespaces/default/pods';
const MERGE = { 'content-type': 'application/merge-patch+json' };

async function eventually<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 5000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('namespaces', () => {
  const NS = '/api/v1/namespaces';
  const finalize = (name: string, finalizers: string[], extra: object = {}) =>
    t.req('PUT', `${NS}/${name}/finalize`, {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name, ...extra },
      spec: { finalizers },
    });

  it('deleting a namespace marks it Terminating; with no namespace controller it and its content stay', async () => {
    await t.req('POST', NS, { metadata: { name: 'doomed' } });
    await t.req('POST', `${NS}/doomed/configmaps`, { metadata: { name: 'cm', finalizers: [] } });
    await t.req(
      'POST',
      `${NS}/doomed/pods`,
      pod('p', {}, { spec: { nodeName: 'n1', containers: [{ name: 'c', image: 'x' }] } }),
    );
    const del = await t.req('DELETE', `${NS}/doomed`);
    expect(del.status).toBe(200);
    expect(del.body.status.phase).toBe('Terminating');
    expect(del.body.metadata.deletionTimestamp).toEqual(expect.any(String));
    expect(del.body.spec.finalizers).toEqual(['kubernetes']);
    // A second DELETE answers the namespace as it is while spec.finalizers remain.
    const again = await t.req('DELETE', `${NS}/doomed`);
    expect(again.status).toBe(200);
    expect(again.body.metadata.deletionTimestamp).toBe(del.body.metadata.deletionTimestamp);
    expect((await t.req('GET', `${NS}/doomed`)).body.status.phase).toBe('Terminating');
    expect(
      (await t.req('GET', `${NS}/doomed/pods`)).body.items.map((p: { metadata: { name: string } }) => p.metadata.name),
    ).toEqual(['p']);
    expect((await t.req('GET', `${NS}/doomed/configmaps/cm`)).status).toBe(200);
  });

  it('finalize with empty spec.finalizers removes a deleted namespace; on a live one it changes only spec.finalizers', async () => {
    await t.req('POST', NS, { metadata: { name: 'fin', labels: { a: '1' } } });
    const live = await finalize('fin', [], { labels: { a: '2' } });
    expect(live.status).toBe(200);
    expect(live.body.spec.finalizers).toEqual([]);
    expect(live.body.metadata.labels.a).toBe('1');
    expect((await t.req('GET', `${NS}/fin`)).status).toBe(200);

    await t.req('POST', NS, { metadata: { name: 'fin2' } });
    await t.req('DELETE', `${NS}/fin2`);
    expect((await finalize('fin2', [])).status).toBe(200);
    expect((await t.req('GET', `${NS}/fin2`)).status).toBe(404);
  });

  it('a deleted namespace without spec.finalizers goes on the next DELETE', async () => {
    await t.req('POST', NS, { metadata: { name: 'bare' } });
    await finalize('bare', []);
    const first = await t.req('DELETE', `${NS}/bare`);
    expect(first.body.status.phase).toBe('Terminating');
    expect((await t.req('GET', `${NS}/bare`)).status).toBe(200);
    expect((await t.req('DELETE', `${NS}/bare`)).status).toBe(200);
    expect((await t.req('GET', `${NS}/bare`)).status).toBe(404);
  });

  it('an orphan delete keeps the namespace behind the orphan finalizer after finalize, until that goes too', async () => {
    await t.req('POST', NS, { metadata: { name: 'orph' } });
    const del = await t.req('DELETE', `${NS}/orph?propagationPolicy=Orphan`);
    expect(del.body.metadata.finalizers).toEqual(['orphan']);
    await finalize('orph', []);
    expect((await t.req('GET', `${NS}/orph`)).body.metadata.finalizers).toEqual(['orphan']);
    await t.req('PATCH', `${NS}/orph`, { metadata: { finalizers: null } }, MERGE);
    expect((await t.req('GET', `${NS}/orph`)).status).toBe(404);
  });

  it('a namespace DELETE with a stale uid precondition is refused with 409', async () => {
    await t.req('POST', NS, { metadata: { name: 'pre' } });
    const res = await t.req('DELETE', `${NS}/pre`, { preconditions: { uid: 'nope' } });
    expect(res.status).toBe(409);
    expect(res.body.message).toContain('Precondition failed: UID in precondition: nope');
    expect((await t.req('GET', `${NS}/pre`)).body.status.phase).toBe('Active');
  });

  it('a terminating namespace refuses new objects with 403', async () => {
    await t.req('POST', '/api/v1/namespaces', { metadata: { name: 'held' } });
    await t.req('PATCH', '/api/v1/namespaces/held/status', { status: { phase: 'Terminating' } }, MERGE);
    // Admission reads namespaces from the watch cache (as kube-apiserver's lister): wait until it has the change.
    await until(
      async () =>
        (await t.req('GET', '/api/v1/namespaces/held?resourceVersion=0')).body.status?.phase === 'Terminating',
      'the cache to see held Terminating',
    );
    const res = await t.req('POST', '/api/v1/namespaces/held/configmaps', { metadata: { name: 'late' } });
    expect(res.status).toBe(403);
    expect(res.body.message).toBe(
      'configmaps "late" is forbidden: unable to create new content in namespace held because it is being terminated',
    );
    expect(res.body.details.causes).toEqual([
      { reason: 'NamespaceTerminating', message: 'namespace held is being terminated', field: 'metadata.namespace' },
    ]);
  });

  it('the system namespaces cannot be deleted', async () => {
    const res = await t.req('DELETE', '/api/v1/namespaces/kube-system');
    expect(res.status).toBe(403);
    expect(res.body.message).toBe('namespaces "kube-system" is forbidden: this namespace may not be deleted');
  });
});

describe('finalizers and deletecollection', () => {
  it('an object marked for deletion goes once its last finalizer is removed', async () => {
    await t.req('POST', '/api/v1/namespaces/default/configmaps', {
      metadata: { name: 'held-cm', finalizers: ['example.com/a'] },
    });
    await t.req('DELETE', '/api/v1/namespaces/default/configmaps/held-cm');
    const res = await t.req(
      'PATCH',
      '/api/v1/namespaces/default/configmaps/held-cm',
      { metadata: { finalizers: null } },
      MERGE,
    );
    expect(res.status).toBe(200);
    expect((await t.req('GET', '/api/v1/namespaces/default/configmaps/held-cm')).status).toBe(404);
  });

  it('deletes every object a label selector matches', async () => {
    for (const [n, l] of [
      ['dc1', 'a'],
      ['dc2', 'a'],
      ['dc3', 'b'],
    ] as const)
      await t.req('POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: n, labels: { set: l } } });
    const res = await t.req('DELETE', '/api/v1/namespaces/default/configmaps?labelSelector=set%3Da');
    expect(res.status).toBe(200);
    expect(res.body.items.map((i: { metadata: { name: string } }) => i.metadata.name)).toEqual(['dc1', 'dc2']);
    const left = await t.req('GET', '/api/v1/namespaces/default/configmaps?labelSelector=set');
    expect(left.body.items.map((i: { metadata: { name: string } }) => i.metadata.name)).toEqual(['dc3']);
  });
});

describe('propagation policies', () => {
  const CMS = '/api/v1/namespaces/default/configmaps';
  const DEPLOYS = '/apis/apps/v1/namespaces/default/deployments';
  const JOBS = '/apis/batch/v1/namespaces/default/jobs';
  const job = (name: string) => ({
    metadata: { name },
    spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } } },
  });

  it('Foreground keeps the object behind the foregroundDeletion finalizer until it is removed', async () => {
    await t.req('POST', DEPLOYS, deployment('fg'));
    const del = await t.req('DELETE', `${DEPLOYS}/fg`, { propagationPolicy: 'Foreground' });
    expect(del.status).toBe(200);
    expect(del.body.metadata).toMatchObject({ finalizers: ['foregroundDeletion'], deletionGracePeriodSeconds: 0 });
    expect(del.body.metadata.deletionTimestamp).toBeTruthy();
    expect((await t.req('GET', `${DEPLOYS}/fg`)).body.metadata.finalizers).toEqual(['foregroundDeletion']);
    await t.req('PATCH', `${DEPLOYS}/fg`, { metadata: { finalizers: null } }, MERGE);
    expect((await t.req('GET', `${DEPLOYS}/fg`)).status).toBe(404);
  });

  it('Orphan (or orphanDependents=true) adds the orphan finalizer and keeps other finalizers', async () => {
    await t.req('POST', CMS, { metadata: { name: 'orph', finalizers: ['example.com/keep'] } });
    const del = await t.req('DELETE', `${CMS}/orph?propagationPolicy=Orphan`);
    expect(del.body.metadata.finalizers).toEqual(['example.com/keep', 'orphan']);
    await t.req('POST', CMS, { metadata: { name: 'orph2' } });
    expect((await t.req('DELETE', `${CMS}/orph2`, { orphanDependents: true })).body.metadata.finalizers).toEqual([
      'orphan',
    ]);
  });

  it('reads orphanDependents in the query as kube reads booleans (True is true, 0 is false)', async () => {
    await t.req('POST', CMS, { metadata: { name: 'orph3' } });
    expect((await t.req('DELETE', `${CMS}/orph3?orphanDependents=True`)).body.metadata.finalizers).toEqual(['orphan']);
    await t.req('POST', CMS, { metadata: { name: 'orph4' } });
    expect((await t.req('DELETE', `${CMS}/orph4?orphanDependents=0`)).status).toBe(200);
    expect((await t.req('GET', `${CMS}/orph4`)).status).toBe(404);
  });

  it('Background on an object held only by the orphan finalizer deletes it at once', async () => {
    await t.req('POST', CMS, { metadata: { name: 'bg', finalizers: ['orphan'] } });
    expect((await t.req('DELETE', `${CMS}/bg`, { propagationPolicy: 'Background' })).status).toBe(200);
    expect((await t.req('GET', `${CMS}/bg`)).status).toBe(404);
  });

  it('a batch/v1 Job deleted without a policy orphans its pods and says so in a warning', async () => {
    await t.req('POST', JOBS, job('j-default'));
    const del = await t.req('DELETE', `${JOBS}/j-default`);
    expect(del.body.metadata.finalizers).toEqual(['orphan']);
    expect(del.headers.get('warning')).toContain('child pods are preserved by default when jobs are deleted');
    await t.req('POST', JOBS, job('j-bg'));
    const bg = await t.req('DELETE', `${JOBS}/j-bg?propagationPolicy=Background`);
    expect(bg.headers.get('warning')).toBeNull();
    expect((await t.req('GET', `${JOBS}/j-bg`)).status).toBe(404);
  });

  it('refuses an unknown policy, or a policy together with orphanDependents, with 422', async () => {
    await t.req('POST', CMS, { metadata: { name: 'pol' } });
    const bad = await t.req('DELETE', `${CMS}/pol?propagationPolicy=Sideways`);
    expect(bad.status).toBe(422);
    expect(bad.body.message).toBe(
      'DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported value: "Sideways": supported values: "Foreground", "Background", "Orphan"',
    );
    const both = await t.req('DELETE', `${CMS}/pol`, { propagationPolicy: 'Orphan', orphanDependents: true });
    expect(both.status).toBe(422);
    expect(both.body.message).toContain('orphanDependents and deletionPropagation cannot be both set');
    expect((await t.req('GET', `${CMS}/pol`)).status).toBe(200);
  });
});

describe('pods/binding', () => {
  it('binds a pod once and refuses a second binding with 409', async () => {
    await t.req('POST', PODS, pod('to-bind'));
    const binding = {
      apiVersion: 'v1',
      kind: 'Binding',
      metadata: { name: 'to-bind' },
      target: { apiVersion: 'v1', kind: 'Node', name: 'node-1' },
    };
    const res = await t.req('POST', `${PODS}/to-bind/binding`, binding);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ kind: 'Status', status: 'Success' });
    const bound = (await t.req('GET', `${PODS}/to-bind`)).body;
    expect(bound.spec.nodeName).toBe('node-1');
    expect(bound.status.conditions).toContainEqual(expect.objectContaining({ type: 'PodScheduled', status: 'True' }));
    const again = await t.req('POST', `${PODS}/to-bind/binding`, { ...binding, target: { name: 'node-2' } });
    expect(again.status).toBe(409);
    expect(again.body.message).toBe(
      'Operation cannot be fulfilled on pods/binding "to-bind": pod to-bind is already assigned to node "node-1"',
    );
    expect((await t.req('POST', `${PODS}/to-bind/binding`, { target: {} })).status).toBe(422);
    await t.req('POST', PODS, pod('old-style'));
    const older = await t.req('POST', '/api/v1/namespaces/default/bindings', {
      ...binding,
      metadata: { name: 'old-style' },
    });
    expect(older.status).toBe(201);
    expect((await t.req('GET', `${PODS}/old-style`)).body.spec.nodeName).toBe('node-1');
    expect((await t.req('GET', '/api/v1/namespaces/default/bindings')).status).toBe(405);
    expect((await t.req('GET', `${PODS}/old-style/binding`)).status).toBe(405);
    expect((await t.req('DELETE', '/api/v1/namespaces')).status).toBe(405);
    expect((await t.req('GET', '/api/v1/namespaces/default/bindings?watch=1')).status).toBe(405);
  });
});

describe('service account admission', () => {
  const TOKEN_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';

  it('mounts the kube-api-access token volume in every container on create, unless the pod or its service account turns it off', async () => {
    const containers = [{ name: 'c', image: 'nginx' }];
    const p = pod('with-token', {}, { spec: { initContainers: [{ name: 'init', image: 'busybox' }], containers } });
    const created = (await t.req('POST', PODS, p)).body;
    const volume = created.spec.volumes.find((v: { name: string }) => v.name.startsWith('kube-api-access-'));
    expect(volume.name).toMatch(/^kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(volume.projected).toEqual({
      defaultMode: 420,
      sources: [
        { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
        { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
        {
          downwardAPI: {
            items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }],
          },
        },
      ],
    });
    const mount = { name: volume.name, readOnly: true, mountPath: TOKEN_PATH };
    expect(created.spec.containers[0].volumeMounts).toContainEqual(mount);
    expect(created.spec.initContainers[0].volumeMounts).toContainEqual(mount);
    // An update keeps what admission added, and adds nothing more.
    const relabelled = await t.req('PATCH', `${PODS}/with-token`, { metadata: { labels: { x: 'y' } } }, MERGE);
    expect(relabelled.body.spec.volumes).toEqual(created.spec.volumes);

    const off = pod('no-token', {}, { spec: { automountServiceAccountToken: false, containers } });
    expect((await t.req('POST', PODS, off)).body.spec.volumes).toBeUndefined();
    await t.req('POST', '/api/v1/namespaces/default/serviceaccounts', {
      metadata: { name: 'quiet' },
      automountServiceAccountToken: false,
    });
    const bySa = pod('quiet-sa', {}, { spec: { serviceAccountName: 'quiet', containers } });
    const quiet = await eventually(
      async () => {
        await t.req('DELETE', `${PODS}/quiet-sa?gracePeriodSeconds=0`);
        return (await t.req('POST', PODS, bySa)).body;
      },
      (b) => b.spec?.volumes === undefined,
    );
    expect(quiet.spec.volumes).toBeUndefined();
  });
});

describe('pods/eviction', () => {
  const PDBS = '/apis/policy/v1/namespaces/default/poddisruptionbudgets';
  const eviction = (name: string, deleteOptions?: object) => ({
    apiVersion: 'policy/v1',
    kind: 'Eviction',
    metadata: { name, namespace: 'default' },
    ...(deleteOptions ? { deleteOptions } : {}),
  });
  const READY = [{ type: 'Ready', status: 'True' }];
  const NOT_READY = [{ type: 'Ready', status: 'False' }];

  /** A pod on node-1 in `phase` with `conditions`, as its kubelet would have reported. */
  async function runningPod(name: string, app: string, phase = 'Running', conditions = READY) {
    await t.req(
      'POST',
      PODS,
      pod(name, { app }, { spec: { nodeName: 'node-1', containers: [{ name: 'c', image: 'x' }] } }),
    );
    const got = (await t.req('GET', `${PODS}/${name}`)).body;
    await t.req('PUT', `${PODS}/${name}/status`, { ...got, status: { phase, conditions } });
  }

  /** A budget over pods labelled app=`app`, its status as the disruption controller would have written it. */
  async function budget(name: string, app: string, status: Record<string, unknown>, spec: object = {}) {
    const created = (
      await t.req('POST', PDBS, {
        metadata: { name },
        spec: { minAvailable: 1, selector: { matchLabels: { app } }, ...spec },
      })
    ).body;
    await t.req('PUT', `${PDBS}/${name}/status`, { ...created, status: { observedGeneration: 1, ...status } });
    // The eviction reads budgets from the watch cache (resourceVersion=0 reads): wait until it has this status.
    await eventually(
      () => t.req('GET', `${PDBS}/${name}?resourceVersion=0`),
      (r) => r.body.status?.observedGeneration === 1,
    );
  }

  const evict = (name: string, body: object = eviction(name), query = '') =>
    t.req('POST', `${PODS}/${name}/eviction${query}`, body);

  it('evicts a pod with no budget, and answers 429 while a matching budget allows no disruption', async () => {
    await t.req('POST', PODS, pod('free'));
    expect((await evict('free')).status).toBe(201);
    expect((await t.req('GET', `${PODS}/free`)).status).toBe(404);

    await runningPod('guarded', 'db');
    await budget('db-pdb', 'db', { disruptionsAllowed: 0, currentHealthy: 1, desiredHealthy: 1, expectedPods: 1 });
    const blocked = await eventually(
      () => evict('guarded'),
      (r) => r.status === 429,
    );
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get('retry-after')).toBeNull();
    expect(blocked.body).toMatchObject({
      reason: 'TooManyRequests',
      message: "Cannot evict pod as it would violate the pod's disruption budget.",
    });
    expect(blocked.body.details.causes[0]).toEqual({
      reason: 'DisruptionBudget',
      message: 'The disruption budget db-pdb needs 1 healthy pods and has 1 currently',
    });
    expect((await t.req('GET', `${PODS}/guarded`)).body.metadata.deletionTimestamp).toBeUndefined();

    await t.req('PATCH', `${PDBS}/db-pdb/status`, { status: { disruptionsAllowed: 1 } }, MERGE);
    const allowed = await eventually(
      () => evict('guarded'),
      (r) => r.status === 201,
    );
    expect(allowed.status).toBe(201);
    const after = (await t.req('GET', `${PDBS}/db-pdb`)).body;
    expect(after.status.disruptionsAllowed).toBe(0);
    expect(Object.keys(after.status.disruptedPods)).toEqual(['guarded']);
    // kube's UpdateDisruptionAllowedCondition once the last disruption is taken.
    expect(after.status.conditions).toContainEqual(
      expect.objectContaining({ type: 'DisruptionAllowed', status: 'False', reason: 'InsufficientPods' }),
    );
    expect((await t.req('GET', `${PODS}/guarded`)).body.metadata.deletionTimestamp).toEqual(expect.any(String));
  });

  it('deletes a Pending pod whatever its budget says (kube 1.32 canIgnorePDB)', async () => {
    await t.req('POST', PODS, pod('waiting', { app: 'pend' }));
    await budget('pend-pdb', 'pend', { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 1 });
    expect((await t.req('GET', `${PODS}/waiting`)).body.status.phase).toBe('Pending');
    expect((await evict('waiting')).status).toBe(201);
    expect((await t.req('GET', `${PODS}/waiting`)).status).toBe(404);
    expect((await t.req('GET', `${PDBS}/pend-pdb`)).body.status.disruptedPods).toBeUndefined();
  });

  it('evicts an unready pod without taking a disruption while the budget is met, refuses it while it is not, and always with AlwaysAllow', async () => {
    await runningPod('sick-1', 'sick', 'Running', NOT_READY);
    await budget('sick-pdb', 'sick', { disruptionsAllowed: 0, currentHealthy: 2, desiredHealthy: 2, expectedPods: 3 });
    expect((await evict('sick-1')).status).toBe(201);
    const kept = (await t.req('GET', `${PDBS}/sick-pdb`)).body.status;
    expect(kept.disruptionsAllowed).toBe(0);
    expect(kept.disruptedPods).toBeUndefined();

    await runningPod('weak-1', 'weak', 'Running', NOT_READY);
    await budget('weak-pdb', 'weak', { disruptionsAllowed: 0, currentHealthy: 1, desiredHealthy: 2, expectedPods: 2 });
    expect((await evict('weak-1')).status).toBe(429);

    await runningPod('loose-1', 'loose', 'Running', NOT_READY);
    await budget(
      'loose-pdb',
      'loose',
      { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 2, expectedPods: 2 },
      { unhealthyPodEvictionPolicy: 'AlwaysAllow' },
    );
    expect((await evict('loose-1')).status).toBe(201);
    expect((await t.req('GET', `${PODS}/loose-1`)).body.metadata.deletionTimestamp).toEqual(expect.any(String));
  });

  it("answers kube's errors for a budget not yet processed, too many unconfirmed evictions, two budgets and a misnamed eviction", async () => {
    await runningPod('stale-1', 'stale', 'Running');
    const created = (
      await t.req('POST', PDBS, {
        metadata: { name: 'stale-pdb' },
        spec: { minAvailable: 1, selector: { matchLabels: { app: 'stale' } } },
      })
    ).body;
    await t.req('PUT', `${PDBS}/stale-pdb/status`, {
      ...created,
      status: { observedGeneration: 0, disruptionsAllowed: 5 },
    });
    const stale = await eventually(
      () => evict('stale-1'),
      (r) => r.status === 429,
    );
    expect(stale.status).toBe(429);
    expect(stale.headers.get('retry-after')).toBe('10');
    expect(stale.body.details).toMatchObject({
      retryAfterSeconds: 10,
      causes: [
        {
          reason: 'DisruptionBudget',
          message: 'The disruption budget stale-pdb is still being processed by the server.',
        },
      ],
    });

    await runningPod('flood-1', 'flood', 'Running');
    const unconfirmed = Object.fromEntries(
      Array.from({ length: 2001 }, (_, n) => [`gone-${n}`, '2026-12-07T00:00:00Z']),
    );
    await budget('flood-pdb', 'flood', { disruptionsAllowed: 3, disruptedPods: unconfirmed });
    const flooded = await evict('flood-1');
    expect(flooded.status).toBe(403);
    expect(flooded.body).toMatchObject({
      reason: 'Forbidden',
      message:
        'poddisruptionbudget.policy "flood-pdb" is forbidden: DisruptedPods map too big - too many evictions not confirmed by PDB controller',
      details: { name: 'flood-pdb', group: 'policy', kind: 'poddisruptionbudget' },
    });

    await runningPod('two-1', 'two', 'Running');
    await budget('two-a', 'two', { disruptionsAllowed: 1 });
    await budget('two-b', 'two', { disruptionsAllowed: 1 });
    const two = await evict('two-1');
    expect(two.status).toBe(500);
    expect(two.body.message).toBe(
      'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.',
    );

    const misnamed = await evict('two-1', eviction('other'));
    expect(misnamed.status).toBe(400);
    expect(misnamed.body.message).toBe('name in URL does not match name in Eviction object');
  });

  it('a dry run checks the budget and deletes nothing', async () => {
    await runningPod('dry-1', 'dry', 'Running');
    await budget('dry-pdb', 'dry', { disruptionsAllowed: 1, currentHealthy: 1, desiredHealthy: 0 });
    expect((await evict('dry-1', eviction('dry-1'), '?dryRun=All')).status).toBe(201);
    expect((await evict('dry-1', eviction('dry-1', { dryRun: ['All'] }))).status).toBe(201);
    const got = (await t.req('GET', `${PODS}/dry-1`)).body;
    expect(got.metadata.deletionTimestamp).toBeUndefined();
    expect(got.status.conditions.map((c: { type: string }) => c.type)).not.toContain('DisruptionTarget');
    expect((await t.req('GET', `${PDBS}/dry-pdb`)).body.status.disruptionsAllowed).toBe(1);
  });

  it('marks the evicted pod with the DisruptionTarget condition before its graceful deletion, a resourceVersion precondition honoured', async () => {
    await runningPod('evicted-bound', 'none');
    const rv = (await t.req('GET', `${PODS}/evicted-bound`)).body.metadata.resourceVersion;
    const stale = await evict('evicted-bound', eviction('evicted-bound', { preconditions: { resourceVersion: '1' } }));
    expect(stale.status).toBe(409);
    expect(stale.body.message).toBe(
      `Operation cannot be fulfilled on Pod "evicted-bound": the ResourceVersion in the precondition (1) does not match the ResourceVersion in record (${rv}). The object might have been modified`,
    );
    const ok = await evict('evicted-bound', eviction('evicted-bound', { preconditions: { resourceVersion: rv } }));
    expect(ok.status).toBe(201);
    const got = (await t.req('GET', `${PODS}/evicted-bound`)).body;
    expect(got.metadata.deletionTimestamp).toBeDefined();
    expect(got.status.conditions).toContainEqual(
      expect.objectContaining({
        type: 'DisruptionTarget',
        status: 'True',
        reason: 'EvictionByEvictionAPI',
        message: 'Eviction API: evicting',
      }),
    );
  });
});

describe('services', () => {
  const SVCS = '/api/v1/namespaces/default/services';
  const svc = (name: string, spec: Record<string, unknown> = {}) => ({
    metadata: { name },
    spec: { selector: { app: name }, ports: [{ port: 80 }], ...spec },
  });

  it('the kubernetes service holds the first address of the range', async () => {
    const k = (await t.req('GET', `${SVCS}/kubernetes`)).body;
    expect(k.spec).toMatchObject({ clusterIP: '10.96.0.1', clusterIPs: ['10.96.0.1'], type: 'ClusterIP' });
  });

  it('allocates distinct cluster IPs from the range and fills port defaults', async () => {
    const a = (await t.req('POST', SVCS, svc('svc-a'))).body;
    const b = (await t.req('POST', SVCS, svc('svc-b'))).body;
    expect(a.spec.clusterIP).toMatch(/^10\.(9[6-9]|10[0-9]|11[01])\.\d+\.\d+$/);
    expect(b.spec.clusterIP).not.toBe(a.spec.clusterIP);
    expect(a.spec.ports).toEqual([{ port: 80, protocol: 'TCP', targetPort: 80 }]);
    expect(a.spec.ipFamilies).toEqual(['IPv4']);
  });

  it('refuses a taken or out-of-range cluster IP and a changed one on update', async () => {
    const taken = await t.req('POST', SVCS, svc('svc-c', { clusterIP: '10.96.0.1' }));
    expect(taken.status).toBe(422);
    expect(taken.body.message).toBe(
      'Service "svc-c" is invalid: spec.clusterIPs: Invalid value: ["10.96.0.1"]: failed to allocate IP 10.96.0.1: provided IP is already allocated',
    );
    const outside = await t.req('POST', SVCS, svc('svc-d', { clusterIP: '192.168.0.1' }));
    expect(outside.status).toBe(422);
    const e = (await t.req('POST', SVCS, svc('svc-e', { clusterIP: '10.96.5.5' }))).body;
    expect(e.spec.clusterIP).toBe('10.96.5.5');
    const changed = await t.req('PATCH', `${SVCS}/svc-e`, { spec: { clusterIP: '10.96.5.6' } }, MERGE);
    expect(changed.status).toBe(422);
    const relabel = await t.req('PUT', `${SVCS}/svc-e`, {
      ...e,
      metadata: { ...e.metadata, labels: { x: 'y' } },
      spec: { ...e.spec, clusterIP: undefined, clusterIPs: undefined },
    });
    expect(relabel.body.spec.clusterIP).toBe('10.96.5.5');
  });

  it('headless services get no address; NodePort services get a node port', async () => {
    expect((await t.req('POST', SVCS, svc('headless', { clusterIP: 'None' }))).body.spec.clusterIPs).toEqual(['None']);
    const np = (await t.req('POST', SVCS, svc('np', { type: 'NodePort' }))).body;
    expect(np.spec.ports[0].nodePort).toBeGreaterThanOrEqual(30000);
  });
});

describe('store outage', () => {
  it('answers 503 while the store is down, keeps running, and readyz fails', async () => {
    const s = await startTestServer();
    try {
      await s.etcd.stop();
      const res = await s.req('GET', PODS);
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ kind: 'Status', reason: 'ServiceUnavailable', code: 503 });
      expect((await s.req('POST', PODS, pod('x'))).status).toBe(503);
      expect((await s.req('GET', '/readyz')).status).toBe(500);
      expect((await s.req('GET', '/livez')).status).toBe(200);
    } finally {
      await s.server.stop();
    }
  });
});

describe('store restart', () => {
  it('a running watch and the cache carry on after the store restarts, without losing events', async () => {
    const s = await startTestServer();
    try {
      const created = (await s.req('POST', PODS, pod('before'))).body;
      const lines: string[] = [];
      const ac = new AbortController();
      const res = await fetch(`${s.url}${PODS}?watch=true&resourceVersion=${created.metadata.resourceVersion}`, {
        signal: ac.signal,
      });
      void (async () => {
        const dec = new TextDecoder();
        for await (const chunk of res.body!)
          lines.push(
            ...dec
              .decode(chunk as Uint8Array)
              .split('\n')
              .filter(Boolean),
          );
      })().catch(() => undefined);
      await s.etcd.restart();
      const after = await eventually(
        () => s.req('POST', PODS, pod('after')),
        (r) => r.status === 201,
        15_000,
      );
      expect(after.status).toBe(201);
      const names = (r: { body: { items?: Array<{ metadata: { name: string } }> } }): string[] =>
        (r.body.items ?? []).map((i) => i.metadata.name);
      expect(
        names(
          await eventually(
            () => s.req('GET', `${PODS}?resourceVersion=0`),
            (r) => names(r).includes('after'),
            15_000,
          ),
        ),
      ).toEqual(['after', 'before']);
      await eventually(
        async () => lines.length,
        (n) => n >= 1,
        5_000,
      );
      ac.abort();
      expect(lines.map((l) => [JSON.parse(l).type, JSON.parse(l).object.metadata.name])).toEqual([['ADDED', 'after']]);
    } finally {
      await s.stop();
    }
  }, 45_000);
});

describe('pod admission', () => {
  it('resolves priorityClassName to spec.priority, refuses unknown classes, and uses a global default', async () => {
    const critical = await t.req(
      'POST',
      PODS,
      pod('crit', {}, { spec: { priorityClassName: 'system-node-critical', containers: [{ name: 'c', image: 'x' }] } }),
    );
    expect(critical.status).toBe(201);
    expect(critical.body.spec.priority).toBe(2000001000);
    const missing = await t.req(
      'POST',
      PODS,
      pod('nope', {}, { spec: { priorityClassName: 'gold', containers: [{ name: 'c', image: 'x' }] } }),
    );
    expect(missing.status).toBe(403);
    expect(missing.body.message).toBe('pods "nope" is forbidden: no PriorityClass with name gold was found');
    await t.req('POST', '/apis/scheduling.k8s.io/v1/priorityclasses', {
      metadata: { name: 'silver' },
      value: 500,
      globalDefault: true,
    });
    // A consistent list returns once the watch cache (which admission reads) has caught up.
    await t.req('GET', '/apis/scheduling.k8s.io/v1/priorityclasses');
    const defaulted = await t.req('POST', PODS, pod('plain'));
    expect(defaulted.body.spec).toMatchObject({ priorityClassName: 'silver', priority: 500 });
    await t.req('DELETE', '/apis/scheduling.k8s.io/v1/priorityclasses/silver');
  });

  it('adds not-ready and unreachable tolerations with the configured seconds', async () => {
    const s = await startTestServer({ defaultNotReadyTolerationSeconds: 60, defaultUnreachableTolerationSeconds: 30 });
    try {
      const p = (await s.req('POST', PODS, pod('tol'))).body;
      expect(p.spec.tolerations).toEqual([
        { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 60 },
        { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 },
      ]);
    } finally {
      await s.stop();
    }
  });
});
