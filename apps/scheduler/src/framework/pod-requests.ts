/**
 * A pod's resource requests as kube-scheduler computes them (component-helpers
 * resource.PodRequests): the sum of its containers, sidecars (restartable init containers)
 * added to it, the largest init container step (plus the sidecars started before it), and
 * the pod overhead.
 */
import type { Container, Pod } from '@wheelhouse/api';
import { addMaps, CPU, maxMaps, MEMORY, parseResourceList, type ResourceMap } from './resource.js';

/** kube-scheduler's request assumed for a container that sets no cpu request (100m). */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
/** kube-scheduler's request assumed for a container that sets no memory request (200Mi). */
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

/** The defaults {@link podRequests} fills into containers that omit cpu or memory (the "non-zero" requests). */
export const NON_ZERO_DEFAULTS: ReadonlyMap<string, number> = new Map([
  [CPU, DEFAULT_MILLI_CPU_REQUEST],
  [MEMORY, DEFAULT_MEMORY_REQUEST],
]);

function containerRequests(c: Container, nonMissing: ReadonlyMap<string, number> | undefined): ResourceMap {
  const reqs = parseResourceList(c.resources?.requests);
  for (const [name, v] of nonMissing ?? []) if (!reqs.has(name)) reqs.set(name, v);
  return reqs;
}

function initContainersPeak(pod: Pod, total: ResourceMap, nonMissing?: ReadonlyMap<string, number>): ResourceMap {
  const sidecars: ResourceMap = new Map();
  const peak: ResourceMap = new Map();
  for (const c of pod.spec?.initContainers ?? []) {
    const reqs = containerRequests(c, nonMissing);
    if (c.restartPolicy === 'Always') {
      addMaps(total, reqs);
      addMaps(sidecars, reqs);
      maxMaps(peak, sidecars);
    } else {
      maxMaps(peak, addMaps(reqs, sidecars));
    }
  }
  return peak;
}

/**
 * The pod's effective requests. With `nonMissing`, containers that omit one of its
 * resources are counted with the given value (the scheduler's non-zero requests).
 * Throws MachineryError when a quantity does not parse.
 */
export function podRequests(pod: Pod, nonMissing?: ReadonlyMap<string, number>): ResourceMap {
  const total: ResourceMap = new Map();
  for (const c of pod.spec?.containers ?? []) addMaps(total, containerRequests(c, nonMissing));
  maxMaps(total, initContainersPeak(pod, total, nonMissing));
  return addMaps(total, parseResourceList(pod.spec?.overhead));
}
