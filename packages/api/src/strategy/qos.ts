/** The pod QoS class (Guaranteed, Burstable, BestEffort), as Kubernetes' ComputePodQOS. */
import { isMachineryError, parseQuantity, type Quantity as MachineryQuantity } from '@wheelhouse/machinery';
import type { Pod } from '../schema/core-v1-pod.js';
import type { Quantity, ResourceList } from '../schema/primitives.js';

const QOS_RESOURCES = ['cpu', 'memory'];

/** The quantity when it parses and is greater than zero; Go decodes with surrounding spaces trimmed. */
function positiveQuantity(quantity: Quantity): MachineryQuantity | undefined {
  try {
    const parsed = parseQuantity(String(quantity).trim());
    return parsed.sign() > 0 ? parsed : undefined;
  } catch (err) {
    if (isMachineryError(err)) return undefined;
    throw err;
  }
}

function addPositive(into: Map<string, MachineryQuantity>, list: ResourceList | undefined): Set<string> {
  const found = new Set<string>();
  for (const [name, q] of Object.entries(list ?? {})) {
    if (!QOS_RESOURCES.includes(name)) continue;
    const v = positiveQuantity(q);
    if (v === undefined) continue;
    found.add(name);
    const sum = into.get(name);
    into.set(name, sum === undefined ? v : sum.add(v));
  }
  return found;
}

/** Computes the QoS class of a pod from its containers' and init containers' cpu/memory. */
export function podQOSClass(pod: Pod): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const requests = new Map<string, MachineryQuantity>();
  const limits = new Map<string, MachineryQuantity>();
  let guaranteed = true;
  for (const ctr of [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])]) {
    addPositive(requests, ctr.resources?.requests);
    const found = addPositive(limits, ctr.resources?.limits);
    if (!found.has('cpu') || !found.has('memory')) guaranteed = false;
  }
  if (requests.size === 0 && limits.size === 0) return 'BestEffort';
  if (guaranteed) {
    for (const [name, req] of requests) {
      const limit = limits.get(name);
      if (limit === undefined || limit.cmp(req) !== 0) guaranteed = false;
    }
  }
  return guaranteed && requests.size === limits.size ? 'Guaranteed' : 'Burstable';
}
