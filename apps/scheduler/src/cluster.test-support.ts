/**
 * Wheelhouse's store (a child process) and an in-process API server, and helpers to drive
 * a scheduler against it: nodes are plain Node objects, there is no kubelet.
 */
import type { Node, Pod } from '@wheelhouse/api';
import { buildApiServer } from '@wheelhouse/apiserver';
import type { RestClient } from '@wheelhouse/client';
import { startTestApi as startApi, until, type TestApi } from '@wheelhouse/testing';

export type { TestApi };

/** Starts the store and an in-process API server on free loopback ports, with a client. */
export function startTestApi(): Promise<TestApi> {
  return startApi(buildApiServer, { userAgent: 'scheduler-test' });
}

/** A Node object with allocatable resources, Ready, optionally cordoned. */
export function nodeObject(
  name: string,
  cpu: string,
  opts: { unschedulable?: boolean; labels?: Record<string, string> } = {},
): Node {
  const resources = { cpu, memory: '32Gi', pods: '110' };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, ...opts.labels } },
    spec: opts.unschedulable ? { unschedulable: true } : {},
    status: { capacity: resources, allocatable: resources, conditions: [{ type: 'Ready', status: 'True' }] },
  };
}

/** A pod requesting `cpu`, with optional priority class and labels. */
export function podObject(
  name: string,
  cpu: string,
  extra: Partial<NonNullable<Pod['spec']>> = {},
  labels: Record<string, string> = {},
): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', labels },
    spec: { containers: [{ name: 'c', image: 'pause', resources: { requests: { cpu } } }], ...extra },
  };
}

/** Creates a node, including its status (the status subresource is written separately). */
export async function createNode(client: RestClient, node: Node): Promise<void> {
  const created = await client.resource('nodes').create(node);
  await client.resource('nodes').updateStatus({ ...created, status: node.status });
}

/** Polls the pod until `check` holds; returns it. */
export async function waitForPod(
  client: RestClient,
  name: string,
  what: string,
  check: (p: Pod) => boolean,
): Promise<Pod> {
  let last: Pod | undefined;
  await until(
    async () => {
      last = await client
        .resource('pods')
        .get(name, { namespace: 'default' })
        .catch(() => undefined);
      return last !== undefined && check(last);
    },
    `${name}: ${what}`,
    20_000,
  );
  return last as Pod;
}

/** Events about a pod as [reason, message]. */
export async function podEvents(client: RestClient, name: string): Promise<[string, string][]> {
  const list = await client.resource('events', 'default').list({ fieldSelector: `involvedObject.name=${name}` });
  return list.items.map((e) => [e.reason ?? '', e.message ?? '']);
}

/** Acts as the kubelet for terminating pods: removes every pod that has a deletionTimestamp. */
export async function finishTerminatingPods(client: RestClient): Promise<string[]> {
  const pods = await client.resource('pods', 'default').list();
  const terminating = pods.items.filter((p) => p.metadata.deletionTimestamp);
  for (const p of terminating) {
    await client
      .resource('pods')
      .delete(p.metadata.name, { namespace: 'default', gracePeriodSeconds: 0 })
      .catch(() => undefined);
  }
  return terminating.map((p) => p.metadata.name);
}
