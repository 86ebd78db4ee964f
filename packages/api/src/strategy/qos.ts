/** The pod QoS class (Guaranteed, Burstable, BestEffort), as Kubernetes' ComputePodQOS. */
import type { Pod } from '../schema/core-v1-pod.js';
import type { ResourceList } from '../schema/primitives.js';
import { quantityNanos } from './local-quantity.js';

const QOS_RESOURCES = ['cpu', 'memory'];

function addPositive(into: Map<string, bigint>, list: ResourceList | undefined): Set<string> {
  const found = new Set<string>();
  for (const [name, q] of Object.entries(list ?? {})) {
    if (!QOS_RESOURCES.includes(name)) continue;
    const v = quantityNanos(q) ?? 0n;
    if (v <= 0n) continue;
    found.add(name);
    into.set(name, (into.get(name) ?? 0n) + v);
  }
  return found;
}

/** Computes the QoS class of a pod from its containers' and init containers' cpu/memory. */
export function podQOSClass(pod: Pod): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const requests = new Map<string, bigint>();
  const limits = new Map<string, bigint>();
  let guaranteed = true;
  for (const ctr of [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])]) {
    addPositive(requests, ctr.resources?.requests);
    const found = addPositive(limits, ctr.resources?.limits);
    if (!found.has('cpu') || !found.has('memory')) guaranteed = false;
  }
  if (requests.size === 0 && limits.size === 0) return 'BestEffort';
  if (guaranteed) {
    for (const [name, req] of requests) if (limits.get(name) !== req) guaranteed = false;
  }
  return guaranteed && requests.size === limits.size ? 'Guaranteed' : 'Burstable';
}
