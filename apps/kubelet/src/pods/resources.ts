import type { Container, Pod } from '@wheelhouse/api';
import type { DeepReadonly } from '@wheelhouse/client';
import { parseQuantity } from '@wheelhouse/machinery';

type ReadonlyPod = DeepReadonly<Pod>;
type ReadonlyContainer = DeepReadonly<Container>;

/**
 * A resource amount in the unit the kubelet's messages use: millicores for cpu, whole
 * units (bytes, pods, devices) for everything else. Unparsable amounts count as 0.
 */
export function amount(resource: string, quantity: string | undefined): number {
  if (!quantity) return 0;
  try {
    const q = parseQuantity(quantity);
    return resource === 'cpu' ? q.milliValue() : q.value();
  } catch {
    return 0;
  }
}

function containerRequest(c: ReadonlyContainer, resource: string): number {
  const r = c.resources;
  return amount(resource, (r?.requests?.[resource] ?? r?.limits?.[resource]) as string | undefined);
}

/**
 * What a pod requests of `resource`, as the scheduler and the kubelet count it (component-helpers
 * PodRequests): the containers' sum plus the sidecars (init containers with restartPolicy
 * Always), or the largest init container step (with the sidecars started before it) if larger,
 * plus the pod overhead.
 */
export function podRequest(pod: ReadonlyPod, resource: string): number {
  const spec = pod.spec;
  let total = (spec?.containers ?? []).reduce((n, c) => n + containerRequest(c, resource), 0);
  let sidecars = 0;
  let initPeak = 0;
  for (const c of spec?.initContainers ?? []) {
    const request = containerRequest(c, resource);
    if (c.restartPolicy === 'Always') {
      total += request;
      sidecars += request;
      initPeak = Math.max(initPeak, sidecars);
    } else initPeak = Math.max(initPeak, request + sidecars);
  }
  return Math.max(total, initPeak) + amount(resource, spec?.overhead?.[resource] as string | undefined);
}

/** The resource names any container of the pod requests (requests or limits). */
export function requestedResources(pod: ReadonlyPod): Set<string> {
  const names = new Set<string>();
  for (const c of [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])]) {
    for (const name of Object.keys(c.resources?.requests ?? {})) names.add(name);
    for (const name of Object.keys(c.resources?.limits ?? {})) names.add(name);
  }
  return names;
}
