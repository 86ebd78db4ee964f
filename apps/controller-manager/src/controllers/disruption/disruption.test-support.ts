/**
 * Fixtures of the disruption controller's tests: workload owners created as objects only (no
 * workload controller runs), pods the test creates under them, and budgets.
 */
import type { OwnerReference, Pod, PodDisruptionBudget } from '@wheelhouse/api';
import type { RestClient, Served } from '@wheelhouse/client';
import { formatTime } from '@wheelhouse/machinery';
import { markReady } from '../../test-cluster.test-support.js';

/** A pod template selecting `app: name`. */
function template(name: string) {
  return {
    metadata: { labels: { app: name } },
    spec: { containers: [{ name: 'c', image: 'nginx' }] },
  };
}

/** The controller reference of an owner as the API server returned it. */
export function refTo(
  owner: { apiVersion?: string; kind?: string; metadata: { name: string; uid: string } },
  apiVersion: string,
  kind: string,
): OwnerReference {
  return { apiVersion, kind, name: owner.metadata.name, uid: owner.metadata.uid, controller: true };
}

/** The owner kinds a table row may put its pods under. */
export type OwnerKind = 'ReplicaSet' | 'Deployment' | 'StatefulSet' | 'ReplicationController' | 'Job';

/**
 * Creates an owner `name` of `kind` with `replicas` and returns the reference its pods carry
 * (for a Deployment, a ReplicaSet it controls; with `direct`, the Deployment itself).
 */
export async function createOwner(
  client: RestClient,
  ns: string,
  kind: OwnerKind,
  name: string,
  replicas: number,
  direct = false,
): Promise<OwnerReference> {
  const selector = { matchLabels: { app: name } };
  switch (kind) {
    case 'ReplicaSet': {
      const rs = await client
        .resource('replicasets', ns)
        .create({ metadata: { name }, spec: { replicas, selector, template: template(name) } });
      return refTo(rs, 'apps/v1', 'ReplicaSet');
    }
    case 'Deployment': {
      const d = await client
        .resource('deployments', ns)
        .create({ metadata: { name }, spec: { replicas, selector, template: template(name) } });
      if (direct) return refTo(d, 'apps/v1', 'Deployment');
      const rs = await client.resource('replicasets', ns).create({
        metadata: { name: `${name}-abc`, ownerReferences: [refTo(d, 'apps/v1', 'Deployment')] },
        spec: { replicas: 1, selector, template: template(name) },
      });
      return refTo(rs, 'apps/v1', 'ReplicaSet');
    }
    case 'StatefulSet': {
      const ss = await client
        .resource('statefulsets', ns)
        .create({ metadata: { name }, spec: { replicas, selector, serviceName: name, template: template(name) } });
      return refTo(ss, 'apps/v1', 'StatefulSet');
    }
    case 'ReplicationController': {
      const rc = await client
        .resource('replicationcontrollers', ns)
        .create({ metadata: { name }, spec: { replicas, selector: { app: name }, template: template(name) } });
      return refTo(rc, 'v1', 'ReplicationController');
    }
    case 'Job': {
      const tpl = { ...template(name), spec: { ...template(name).spec, restartPolicy: 'Never' } };
      const job = await client.resource('jobs', ns).create({ metadata: { name }, spec: { template: tpl } });
      return refTo(job, 'batch/v1', 'Job');
    }
  }
}

/**
 * Creates `count` pods `<app>-<i>` labelled `app: app`, bound to node-1, under `owner` (none:
 * unmanaged), all Running; the first `ready` are marked Ready at `at`.
 */
export async function createPods(
  client: RestClient,
  ns: string,
  app: string,
  owner: OwnerReference | undefined,
  count: number,
  ready: number,
  at: number,
): Promise<Served<Pod>[]> {
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const pod = await client.resource('pods', ns).create({
        metadata: { name: `${app}-${i}`, labels: { app }, ...(owner ? { ownerReferences: [owner] } : {}) },
        // Bound, so a deletion leaves them Terminating for their grace period (no kubelet finishes it).
        spec: { nodeName: 'node-1', containers: [{ name: 'c', image: 'nginx' }] },
      });
      if (i < ready) await markReady(client, pod, at);
      // Started but not Ready (a failing readiness probe): a Pending pod would be evicted whatever its budget.
      else
        await client
          .resource('pods')
          .patch(
            pod.metadata.name,
            { status: { phase: 'Running' } },
            { namespace: ns, subresource: 'status', type: 'merge' },
          );
      return pod;
    }),
  );
}

/** Marks `pod` not Ready (as a kubelet whose readiness probe fails), at `at`. */
export async function markNotReady(client: RestClient, ns: string, name: string, at: number): Promise<void> {
  const time = formatTime(at);
  await client
    .resource('pods')
    .patch(
      name,
      { status: { conditions: [{ type: 'Ready', status: 'False', lastTransitionTime: time }] } },
      { namespace: ns, subresource: 'status', type: 'merge' },
    );
}

/** A budget `name` selecting `app: app` with `spec`'s minAvailable or maxUnavailable. */
export function budget(name: string, app: string, spec: PodDisruptionBudget['spec'] = {}): PodDisruptionBudget {
  return { metadata: { name }, spec: { selector: { matchLabels: { app } }, ...spec } };
}

/** The stored status of budget `name`. */
export async function budgetStatus(
  client: RestClient,
  ns: string,
  name: string,
): Promise<NonNullable<PodDisruptionBudget['status']> & { generation?: number }> {
  const pdb = await client.resource('poddisruptionbudgets', ns).get(name);
  return { ...(pdb.status ?? {}), generation: pdb.metadata.generation ?? 0 };
}

/** The DisruptionAllowed condition of a status as "status/reason" (and ": message" when one is set). */
export function allowedCondition(status: NonNullable<PodDisruptionBudget['status']>): string | undefined {
  const c = status.conditions?.find((x) => x.type === 'DisruptionAllowed');
  return c && `${c.status}/${c.reason}${c.message ? `: ${c.message}` : ''}`;
}
