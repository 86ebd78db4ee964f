/** Whether a pod's requests fit a node's free resources (noderesources.fitsRequest), with kube-scheduler's reasons. */
import type { NodeInfo } from '../../cache/node-info.js';
import { isExtendedResourceName, type Resource } from '../../framework/resource.js';

/** A resource the node lacks for the pod. */
export interface InsufficientResource {
  readonly resourceName: string;
  readonly reason: string;
  readonly requested: number;
  readonly used: number;
  readonly capacity: number;
}

/** Resources the fit check ignores: by name, and extended resources by domain. */
export interface Ignored {
  readonly names: ReadonlySet<string>;
  readonly groups: ReadonlySet<string>;
}

const NONE: Ignored = { names: new Set(), groups: new Set() };

function isIgnored(name: string, ignored: Ignored): boolean {
  if (!isExtendedResourceName(name)) return false;
  return ignored.names.has(name) || ignored.groups.has(name.split('/')[0] ?? '');
}

function check(out: InsufficientResource[], name: string, requested: number, used: number, capacity: number): void {
  if (requested > 0 && requested > capacity - used) {
    out.push({ resourceName: name, reason: `Insufficient ${name}`, requested, used, capacity });
  }
}

function lacks(requested: number, used: number, capacity: number): boolean {
  return requested > 0 && requested > capacity - used;
}

/** True when the pod fits; the fast path of Filter (no allocation). */
export function fitsRequest(req: Resource, node: NodeInfo, ignored: Ignored = NONE): boolean {
  const { allocatable: a, requested: u } = node;
  if (node.pods.length + 1 > a.allowedPodNumber) return false;
  if (lacks(req.milliCPU, u.milliCPU, a.milliCPU) || lacks(req.memory, u.memory, a.memory)) return false;
  if (lacks(req.ephemeralStorage, u.ephemeralStorage, a.ephemeralStorage)) return false;
  if (req.scalar.size === 0) return true;
  for (const [name, q] of req.scalar) {
    if (q !== 0 && !isIgnored(name, ignored) && lacks(q, u.scalar.get(name) ?? 0, a.scalar.get(name) ?? 0))
      return false;
  }
  return true;
}

/** Every resource the node lacks for `req`; empty when the pod fits. */
export function insufficientResources(req: Resource, node: NodeInfo, ignored: Ignored = NONE): InsufficientResource[] {
  const out: InsufficientResource[] = [];
  const allowed = node.allocatable.allowedPodNumber;
  if (node.pods.length + 1 > allowed) {
    out.push({
      resourceName: 'pods',
      reason: 'Too many pods',
      requested: 1,
      used: node.pods.length,
      capacity: allowed,
    });
  }
  if (req.milliCPU === 0 && req.memory === 0 && req.ephemeralStorage === 0 && req.scalar.size === 0) return out;
  const { allocatable: a, requested: u } = node;
  check(out, 'cpu', req.milliCPU, u.milliCPU, a.milliCPU);
  check(out, 'memory', req.memory, u.memory, a.memory);
  check(out, 'ephemeral-storage', req.ephemeralStorage, u.ephemeralStorage, a.ephemeralStorage);
  for (const [name, q] of req.scalar) {
    if (q === 0 || isIgnored(name, ignored)) continue;
    check(out, name, q, u.scalar.get(name) ?? 0, a.scalar.get(name) ?? 0);
  }
  return out;
}
