/**
 * What to create, update and delete to bring a Service's EndpointSlices of one address type
 * to the desired endpoints (kube's reconciler): existing slices keep the endpoints still
 * wanted (refreshed), drop the others and are deleted once empty; the rest fill slices being
 * updated anyway (fullest first), then one unchanged slice that can take them all, then new
 * slices of at most `max` endpoints. A Service with no endpoints keeps one empty placeholder
 * slice; a deletion paired with a creation becomes an update of the deleted slice.
 */
import type { Endpoint, EndpointSlice } from '@wheelhouse/api';
import type { DeepReadonly, Served } from '@wheelhouse/client';
import { jsonEqual } from '@wheelhouse/machinery';
import { type DesiredEndpoints, type PortGroup, endpointKey, portsKey } from './desired.js';

/** A slice as a lister hands it out. */
export type CachedSlice = DeepReadonly<Served<EndpointSlice>>;

/** The writes of one sync. Updates and creates are full objects, ready to send. */
export interface SlicePlan {
  create: EndpointSlice[];
  update: EndpointSlice[];
  delete: CachedSlice[];
}

/** What a new or rewritten slice carries besides its endpoints. */
export interface SliceTemplate {
  /** A new slice of `addressType` with `ports` and no endpoints (labels, owner, generateName set). */
  newSlice(ports: PortGroup['ports']): EndpointSlice;
  /** The labels every slice of the Service must have. */
  labels: Readonly<Record<string, string>>;
  max: number;
}

interface Working {
  slice: EndpointSlice;
  changed: boolean;
}

function copyOf(slice: CachedSlice): EndpointSlice {
  return structuredClone(slice) as EndpointSlice;
}

function refresh(slice: CachedSlice, wanted: Map<string, Endpoint>, t: SliceTemplate): Working {
  const copy = copyOf(slice);
  const kept: Endpoint[] = [];
  let changed = !jsonEqual(slice.metadata.labels ?? {}, t.labels);
  for (const ep of slice.endpoints ?? []) {
    const key = endpointKey(ep);
    const want = wanted.get(key);
    if (!want) {
      changed = true;
      continue;
    }
    if (!jsonEqual(want, ep)) changed = true;
    kept.push(want);
    wanted.delete(key);
  }
  copy.endpoints = kept;
  copy.metadata = { ...copy.metadata, labels: { ...t.labels } };
  return { slice: copy, changed };
}

function fill(slice: EndpointSlice, rest: Endpoint[], max: number): void {
  const endpoints = (slice.endpoints ??= []);
  while (rest.length > 0 && endpoints.length < max) endpoints.push(rest.shift()!);
}

/** The unchanged slice closest to full that can still take `count` endpoints. */
function sliceToFill(unchanged: Working[], count: number, max: number): Working | undefined {
  let best: Working | undefined;
  for (const w of unchanged) {
    const room = max - (w.slice.endpoints ?? []).length;
    if (room >= count && (!best || room < max - (best.slice.endpoints ?? []).length)) best = w;
  }
  return best;
}

function planGroup(existing: readonly CachedSlice[], group: PortGroup, t: SliceTemplate, plan: SlicePlan): void {
  const wanted = new Map(group.endpoints);
  const working = existing.map((s) => refresh(s, wanted, t));
  const updating: Working[] = [];
  const unchanged: Working[] = [];
  working.forEach((w, i) => {
    if (!w.changed) unchanged.push(w);
    else if ((w.slice.endpoints ?? []).length === 0) plan.delete.push(existing[i]!);
    else updating.push(w);
  });
  const rest = [...wanted.values()];
  updating.sort((a, b) => (b.slice.endpoints ?? []).length - (a.slice.endpoints ?? []).length);
  for (const w of updating) fill(w.slice, rest, t.max);
  while (rest.length > 0) {
    const target = rest.length < t.max ? sliceToFill(unchanged, rest.length, t.max) : undefined;
    if (target) {
      unchanged.splice(unchanged.indexOf(target), 1);
      updating.push(target);
      fill(target.slice, rest, t.max);
      continue;
    }
    const fresh = t.newSlice(group.ports);
    fill(fresh, rest, t.max);
    plan.create.push(fresh);
  }
  plan.update.push(...updating.map((w) => w.slice));
}

function isPlaceholder(slice: CachedSlice | EndpointSlice): boolean {
  return (slice.endpoints ?? []).length === 0 && (slice.ports ?? []).length === 0;
}

/** Reuses deleted slices' names for created ones (one update instead of a delete and a create). */
function pairUp(plan: SlicePlan): void {
  while (plan.create.length > 0 && plan.delete.length > 0) {
    const old = plan.delete.shift()!;
    const fresh = plan.create.shift()!;
    const copy = copyOf(old);
    plan.update.push({
      ...copy,
      ports: fresh.ports ?? [],
      endpoints: fresh.endpoints ?? [],
      metadata: { ...copy.metadata, labels: fresh.metadata?.labels ?? {} },
    });
  }
}

/** The plan for the Service's slices of one address type (`existing`: those it owns, of that type). */
export function planSlices(existing: readonly CachedSlice[], desired: DesiredEndpoints, t: SliceTemplate): SlicePlan {
  const plan: SlicePlan = { create: [], update: [], delete: [] };
  const byPorts = new Map<string, CachedSlice[]>();
  for (const s of existing) byPorts.set(portsKey(s.ports), [...(byPorts.get(portsKey(s.ports)) ?? []), s]);
  for (const [key, slices] of byPorts) if (!desired.groups.has(key)) plan.delete.push(...slices);
  for (const [key, group] of desired.groups) planGroup(byPorts.get(key) ?? [], group, t, plan);
  if (existing.length === plan.delete.length && plan.create.length === 0) {
    const placeholder =
      plan.delete.length === 1 &&
      isPlaceholder(plan.delete[0]!) &&
      jsonEqual(plan.delete[0]!.metadata.labels ?? {}, t.labels);
    if (placeholder) plan.delete = [];
    else plan.create.push(t.newSlice([]));
  }
  pairUp(plan);
  return plan;
}
