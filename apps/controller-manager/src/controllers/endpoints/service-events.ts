/**
 * Event routing shared by the endpoints and endpointslice controllers: a Service's events
 * enqueue it; a pod's events enqueue every Service in its namespace whose selector matches
 * it before or after the change (kube's GetPodServiceMemberships), unless nothing either
 * controller publishes changed.
 */
import type { Pod, Service } from '@wheelhouse/api';
import { type Controller, type EventHandler, type Lister, type Served, objectKey } from '@wheelhouse/client';
import { jsonEqual } from '@wheelhouse/machinery';
import type { CachedPod } from '../../workload/pod-status.js';
import { hasSelector } from './pod-endpoints.js';

/** Enqueues the Service of every event. */
export function serviceHandler(enqueue: (key: string) => void): EventHandler<Served<Service>> {
  return {
    onAdd: (svc) => enqueue(objectKey(svc)),
    onUpdate: (_old, cur) => enqueue(objectKey(cur)),
    onDelete: (svc) => enqueue(objectKey(svc)),
  };
}

/** The keys of the Services in the pod's namespace that select it. */
export function servicesOf(pod: CachedPod, services: Lister<Served<Service>>): string[] {
  return services
    .list({ namespace: pod.metadata.namespace ?? '' })
    .filter((svc) => hasSelector(svc))
    .filter((svc) => Object.entries(svc.spec?.selector ?? {}).every(([k, v]) => pod.metadata.labels?.[k] === v))
    .map((svc) => objectKey(svc));
}

/** The parts of a pod an endpoint depends on. */
function endpointView(pod: CachedPod): unknown {
  return {
    labels: pod.metadata.labels ?? {},
    deleting: !!pod.metadata.deletionTimestamp,
    ips: [pod.status?.podIP, pod.status?.podIPs],
    phase: pod.status?.phase,
    ready: pod.status?.conditions?.find((c) => c.type === 'Ready'),
    node: pod.spec?.nodeName,
    hostname: [pod.spec?.hostname, pod.spec?.subdomain],
    ports: [pod.spec?.containers, pod.spec?.initContainers].map((cs) => (cs ?? []).map((c) => c.ports)),
  };
}

/** Enqueues, through `enqueue`, the Services a pod event concerns. */
export function podHandler(
  services: Lister<Served<Service>>,
  enqueue: (key: string) => void,
): EventHandler<Served<Pod>> {
  const all = (...pods: CachedPod[]) => new Set(pods.flatMap((p) => servicesOf(p, services))).forEach(enqueue);
  return {
    onAdd: (pod) => all(pod),
    onUpdate: (old, cur) => {
      if (old.metadata.resourceVersion === cur.metadata.resourceVersion) return;
      if (jsonEqual(endpointView(old), endpointView(cur))) return;
      all(old, cur);
    },
    onDelete: (pod) => all(pod),
  };
}

/** `controller.enqueue`, or after `batchMs` when the updates batch period is set (kube's --*-updates-batch-period). */
export function batchedEnqueue(controller: Controller, batchMs: number): (key: string) => void {
  return batchMs > 0 ? (key) => controller.queue.addAfter(key, batchMs) : (key) => controller.enqueue(key);
}
