/**
 * What to create, update and delete so the slices mirroring an Endpoints match it (kube's
 * endpointslicemirroring reconciler): one slice per address type and port list, holding at most
 * `max` endpoints; the first existing slice of a group is kept (rewritten only when its
 * endpoints, labels or annotations differ), the others and those of groups no longer wanted
 * go; a creation paired with a deletion of the same address type becomes an update.
 */
import type { Endpoint, EndpointSlice } from '@wheelhouse/api';
import { jsonEqual } from '@wheelhouse/machinery';
import { endpointKey } from '../endpointslice/desired.js';
import type { CachedSlice, SlicePlan } from '../endpointslice/plan.js';
import { type DesiredMirror, type MirrorGroup, groupKey } from './desired.js';
import { type CachedEndpoints, mirroredAnnotations, mirroredLabels, newMirroredSlice } from './mirrored-slice.js';

/** How many endpoints a plan adds, changes and removes (kube's totalsByAction, for metrics). */
export interface MirrorTotals {
  added: number;
  updated: number;
  removed: number;
}

/** A plan and its totals. */
export interface MirrorPlan extends SlicePlan {
  totals: MirrorTotals;
}

/** The changes that would make `slice` hold exactly `wanted` (kube's totalChanges). */
function totalChanges(slice: CachedSlice, wanted: ReadonlyMap<string, Endpoint>): MirrorTotals {
  const totals: MirrorTotals = { added: 0, updated: 0, removed: 0 };
  let matches = 0;
  for (const ep of slice.endpoints ?? []) {
    const want = wanted.get(endpointKey(ep));
    if (!want) totals.removed++;
    else {
      matches++;
      if (!jsonEqual(want, ep)) totals.updated++;
    }
  }
  totals.added = wanted.size - matches;
  return totals;
}

function metadataMatches(slice: CachedSlice, endpoints: CachedEndpoints): boolean {
  return (
    jsonEqual(slice.metadata.labels ?? {}, mirroredLabels(endpoints)) &&
    jsonEqual(slice.metadata.annotations ?? {}, mirroredAnnotations(endpoints))
  );
}

function add(into: MirrorTotals, more: MirrorTotals): void {
  into.added += more.added;
  into.updated += more.updated;
  into.removed += more.removed;
}

function planGroup(
  endpoints: CachedEndpoints,
  existing: CachedSlice[],
  group: MirrorGroup,
  max: number,
  plan: MirrorPlan,
) {
  if (group.endpoints.size === 0) {
    plan.delete.push(...existing);
    plan.totals.removed += existing.reduce((n, s) => n + (s.endpoints ?? []).length, 0);
    return;
  }
  const [first, ...rest] = existing;
  plan.delete.push(...rest);
  if (!first) plan.totals.added += group.endpoints.size;
  else {
    const totals = totalChanges(first, group.endpoints);
    add(plan.totals, totals);
    const same = totals.added + totals.updated + totals.removed === 0;
    if (same && metadataMatches(first, endpoints)) return;
  }
  const slice = newMirroredSlice(endpoints, group.ports, group.addressType, first?.metadata.name);
  slice.endpoints = [...group.endpoints.values()].slice(0, max);
  (first ? plan.update : plan.create).push(slice);
}

/** Turns creations into updates of slices of the same address type that would be deleted (kube's recycleSlices). */
function recycle(plan: SlicePlan): void {
  for (const fresh of [...plan.create]) {
    const old = plan.delete.find((s) => s.addressType === fresh.addressType);
    if (!old) continue;
    plan.delete.splice(plan.delete.indexOf(old), 1);
    plan.create.splice(plan.create.indexOf(fresh), 1);
    const { generateName: _, ...metadata } = fresh.metadata ?? {};
    plan.update.push({ ...fresh, metadata: { ...metadata, name: old.metadata.name } } as EndpointSlice);
  }
}

/** The plan for the slices mirroring `endpoints` (`existing`: those this controller manages for it). */
export function planMirror(
  endpoints: CachedEndpoints,
  existing: readonly CachedSlice[],
  desired: DesiredMirror,
  max: number,
): MirrorPlan {
  const plan: MirrorPlan = { create: [], update: [], delete: [], totals: { added: 0, updated: 0, removed: 0 } };
  const byKey = new Map<string, CachedSlice[]>();
  const sorted = [...existing].sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
  for (const s of sorted) {
    const key = groupKey(s.addressType ?? '', s.ports);
    byKey.set(key, [...(byKey.get(key) ?? []), s]);
  }
  for (const [key, group] of desired.groups) planGroup(endpoints, byKey.get(key) ?? [], group, max, plan);
  for (const [key, slices] of byKey) if (!desired.groups.has(key)) plan.delete.push(...slices);
  recycle(plan);
  return plan;
}
