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
 * What a pod requests of `resource`, as the scheduler and the kubelet count it: the larger of
 * the containers' sum and the largest init container, plus the pod overhead.
 */
export function podRequest(pod: ReadonlyPod, resource: string): number {
  const spec = pod.spec;
  const sum = (spec?.containers ?? []).reduce((n, c) => n + containerRequest(c, resource), 0);
  const init = Math.max(0, ...(spec?.initContainers ?? []).map((c) => containerRequest(c, resource)));
  return Math.max(sum, init) + amount(resource, spec?.overhead?.[resource] as string | undefined);
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

/**
 * The pod's QoS class (v1qos.GetPodQOS): BestEffort without cpu or memory requests and limits
 * anywhere, Guaranteed when every container limits cpu and memory and requests what it limits,
 * Burstable otherwise.
 */
export function qosClass(pod: ReadonlyPod): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const containers = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])];
  const tracked = ['cpu', 'memory'];
  const any = containers.some((c) =>
    tracked.some((r) => c.resources?.requests?.[r] !== undefined || c.resources?.limits?.[r] !== undefined),
  );
  if (!any) return 'BestEffort';
  const guaranteed = containers.every((c) =>
    tracked.every((r) => {
      const limit = c.resources?.limits?.[r] as string | undefined;
      const request = (c.resources?.requests?.[r] ?? limit) as string | undefined;
      return limit !== undefined && amount(r, request) === amount(r, limit);
    }),
  );
  return guaranteed ? 'Guaranteed' : 'Burstable';
}
