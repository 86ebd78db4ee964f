/**
 * Compute resources as the scheduler counts them (framework.Resource): cpu in millicores,
 * everything else in whole units, scalar (extended, hugepages) resources by name.
 */
import type { ResourceList } from '@wheelhouse/api';
import { parseQuantity } from '@wheelhouse/machinery';

/** Resource names by their kube-scheduler meaning. */
export const CPU = 'cpu';
export const MEMORY = 'memory';
export const EPHEMERAL_STORAGE = 'ephemeral-storage';
export const PODS = 'pods';

/** A resource list parsed to numbers: cpu in millicores, the rest in units. */
export type ResourceMap = Map<string, number>;

/** Aggregated resources of a node or a set of pods. Mutable; copy with {@link cloneResource}. */
export interface Resource {
  milliCPU: number;
  memory: number;
  ephemeralStorage: number;
  allowedPodNumber: number;
  scalar: Map<string, number>;
}

/** A zero resource. */
export function emptyResource(): Resource {
  return { milliCPU: 0, memory: 0, ephemeralStorage: 0, allowedPodNumber: 0, scalar: new Map() };
}

/** An independent copy of `r`. */
export function cloneResource(r: Resource): Resource {
  return { ...r, scalar: new Map(r.scalar) };
}

/** True for resources kept in `scalar`: extended (`domain/name`), hugepages and attachable volumes. */
export function isScalarResourceName(name: string): boolean {
  return name.includes('/') || name.startsWith('hugepages-') || name.startsWith('attachable-volumes-');
}

/** True for extended resources: `domain/name` outside the kubernetes.io domain (v1helper.IsExtendedResourceName). */
export function isExtendedResourceName(name: string): boolean {
  return name.includes('/') && !name.includes('kubernetes.io/') && !name.startsWith('requests.');
}

/** The numeric value of one quantity: millicores for cpu, units (rounded up) otherwise. Throws on a bad quantity. */
export function quantityValue(name: string, q: string | number): number {
  const parsed = parseQuantity(String(q));
  return name === CPU ? parsed.milliValue() : parsed.value();
}

/** Parses a resource list; a missing list is empty. Throws MachineryError on a bad quantity. */
export function parseResourceList(list: ResourceList | undefined): ResourceMap {
  const out: ResourceMap = new Map();
  for (const [name, q] of Object.entries(list ?? {})) out.set(name, quantityValue(name, q));
  return out;
}

/** Adds every entry of `map` to `r` (Resource.Add); `pods` adds to allowedPodNumber. */
export function addToResource(r: Resource, map: ResourceMap, sign = 1): void {
  for (const [name, v] of map) {
    const value = v * sign;
    if (name === CPU) r.milliCPU += value;
    else if (name === MEMORY) r.memory += value;
    else if (name === EPHEMERAL_STORAGE) r.ephemeralStorage += value;
    else if (name === PODS) r.allowedPodNumber += value;
    else if (isScalarResourceName(name)) r.scalar.set(name, (r.scalar.get(name) ?? 0) + value);
  }
}

/** A resource holding `map` (NewResource). */
export function resourceFromMap(map: ResourceMap): Resource {
  const r = emptyResource();
  addToResource(r, map);
  return r;
}

/** Adds `b` into `a` (entry by entry) and returns `a`. */
export function addMaps(a: ResourceMap, b: ResourceMap): ResourceMap {
  for (const [k, v] of b) a.set(k, (a.get(k) ?? 0) + v);
  return a;
}

/** Raises each entry of `a` to at least `b`'s, and returns `a`. */
export function maxMaps(a: ResourceMap, b: ResourceMap): ResourceMap {
  for (const [k, v] of b) a.set(k, Math.max(a.get(k) ?? 0, v));
  return a;
}

/** The amount of `name` in `r` (cpu in millicores). */
export function resourceAmount(r: Resource, name: string): number {
  if (name === CPU) return r.milliCPU;
  if (name === MEMORY) return r.memory;
  if (name === EPHEMERAL_STORAGE) return r.ephemeralStorage;
  if (name === PODS) return r.allowedPodNumber;
  return r.scalar.get(name) ?? 0;
}

/** Adds `r` (times `sign`) into `target`, allowedPodNumber excepted. */
export function addResource(target: Resource, r: Resource, sign = 1): void {
  target.milliCPU += sign * r.milliCPU;
  target.memory += sign * r.memory;
  target.ephemeralStorage += sign * r.ephemeralStorage;
  for (const [k, v] of r.scalar) target.scalar.set(k, (target.scalar.get(k) ?? 0) + sign * v);
}
