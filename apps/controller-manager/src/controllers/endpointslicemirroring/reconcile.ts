/**
 * One sync of the endpointslicemirroring controller (kube's syncEndpoints and reconciler): the
 * EndpointSlices mirroring the Endpoints `key` while its Service exists without a selector and
 * the Endpoints is neither marked skip-mirror nor a leader-election lock; otherwise the mirrored
 * slices of that key are deleted.
 */
import type { Endpoints, Service } from '@wheelhouse/api';
import {
  type EventRecorder,
  type Lister,
  type RestClient,
  type Result,
  type Served,
  isForbidden,
  isNotFound,
  splitKey,
} from '@wheelhouse/client';
import type { Logger } from 'pino';
import { messageOf } from '../../workload/pod-control.js';
import { hasSelector } from '../endpoints/pod-endpoints.js';
import type { CachedSlice } from '../endpointslice/plan.js';
import type { SliceTracker } from '../endpointslice/slice-tracker.js';
import { desiredMirror } from './desired.js';
import type { MirroringMetrics } from './metrics.js';
import { type CachedEndpoints, shouldMirror } from './mirrored-slice.js';
import { type MirrorPlan, planMirror } from './plan.js';

/** kube's event reason for addresses whose IP is invalid. */
export const INVALID_IP_ADDRESS = 'InvalidIPAddress';
/** kube's event reason for addresses beyond --mirroring-max-endpoints-per-subset. */
export const TOO_MANY_ADDRESSES = 'TooManyAddressesToMirror';

/** What a sync reads and writes through. */
export interface MirroringDeps {
  client: RestClient;
  endpoints: Lister<Served<Endpoints>>;
  services: Lister<Served<Service>>;
  /** The slices this controller manages for "namespace/name". */
  slicesOf(key: string): CachedSlice[];
  tracker: SliceTracker;
  recorder: EventRecorder;
  metrics: MirroringMetrics;
  maxEndpointsPerSubset: number;
  now: () => number;
  log: Logger;
}

/** Syncs the slices mirroring the Endpoints `key` ("namespace/name"); throws to retry. */
export async function syncMirroredSlices(deps: MirroringDeps, key: string): Promise<Result> {
  const started = deps.now();
  try {
    return await sync(deps, key);
  } finally {
    deps.metrics.duration((deps.now() - started) / 1000);
  }
}

async function sync(deps: MirroringDeps, key: string): Promise<Result> {
  const { namespace, name } = splitKey(key);
  const endpoints = deps.endpoints.get(name, namespace);
  const svc = deps.services.get(name, namespace);
  if (!endpoints || !shouldMirror(endpoints) || !svc || hasSelector(svc)) {
    deps.tracker.forget(key);
    await deleteMirroredSlices(deps, key);
    return {};
  }
  const existing = deps.slicesOf(key);
  // The cache has not seen our last writes: acting now could create slices twice.
  if (deps.tracker.stale(key, existing)) return { requeue: true };
  const desired = desiredMirror(endpoints, deps.maxEndpointsPerSubset);
  recordSkipped(deps, endpoints, desired.invalid, desired.skipped);
  const plan = planMirror(endpoints, existing, desired, deps.maxEndpointsPerSubset);
  deps.metrics.synced(plan.totals, desired.skipped);
  await finalize(deps, endpoints, plan);
  return {};
}

function recordSkipped(deps: MirroringDeps, endpoints: CachedEndpoints, invalid: number, skipped: number): void {
  if (invalid > 0)
    deps.recorder.event(
      endpoints,
      'Warning',
      INVALID_IP_ADDRESS,
      `Skipped ${invalid} invalid IP addresses when mirroring to EndpointSlices`,
    );
  if (skipped > invalid)
    deps.recorder.event(
      endpoints,
      'Warning',
      TOO_MANY_ADDRESSES,
      `A max of ${deps.maxEndpointsPerSubset} addresses can be mirrored to EndpointSlices per Endpoints subset. ${skipped} addresses were skipped`,
    );
}

async function finalize(deps: MirroringDeps, endpoints: CachedEndpoints, plan: MirrorPlan): Promise<void> {
  const key = `${endpoints.metadata.namespace}/${endpoints.metadata.name}`;
  const client = deps.client.resource('endpointslices', endpoints.metadata.namespace ?? '');
  // No new slices for an Endpoints being deleted.
  if (!endpoints.metadata.deletionTimestamp)
    for (const slice of plan.create) {
      const created = await client.create(slice).catch((err: unknown) => {
        // A terminating namespace refuses new objects.
        if (isForbidden(err)) return undefined;
        throw new Error(`failed to create EndpointSlice for Endpoints ${key}: ${messageOf(err)}`, { cause: err });
      });
      if (!created) return;
      deps.tracker.wrote(key, created.metadata.name, created.metadata.generation ?? 0);
      deps.metrics.changed('create');
    }
  for (const slice of plan.update) {
    const updated = await client.update(slice).catch((err: unknown) => {
      const msg = `failed to update ${slice.metadata?.name} EndpointSlice for Endpoints ${key}: ${messageOf(err)}`;
      throw new Error(msg, { cause: err });
    });
    deps.tracker.wrote(key, updated.metadata.name, updated.metadata.generation ?? 0);
    deps.metrics.changed('update');
  }
  for (const slice of plan.delete) {
    await deleteSlice(deps, endpoints.metadata.namespace ?? '', slice);
    deps.tracker.deleted(key, slice.metadata.name);
  }
  const writes = plan.create.length + plan.update.length + plan.delete.length;
  if (writes > 0)
    deps.log.debug(
      { endpoints: key, created: plan.create.length, updated: plan.update.length, deleted: plan.delete.length },
      'mirrored endpoint slices',
    );
}

async function deleteSlice(deps: MirroringDeps, namespace: string, slice: CachedSlice): Promise<void> {
  try {
    await deps.client.resource('endpointslices', namespace).delete(slice.metadata.name);
    deps.metrics.changed('delete');
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
}

/** Deletes every slice this controller mirrored for `key` (kube's deleteMirroredSlices). */
async function deleteMirroredSlices(deps: MirroringDeps, key: string): Promise<void> {
  const { namespace, name } = splitKey(key);
  const slices = deps.slicesOf(key);
  const errors: unknown[] = [];
  for (const slice of slices) await deleteSlice(deps, namespace, slice).catch((err: unknown) => errors.push(err));
  if (errors.length > 0)
    throw new Error(
      `Error(s) deleting ${errors.length}/${slices.length} EndpointSlices for ${namespace}/${name} Endpoints, including: ${messageOf(errors[0])}`,
      { cause: errors[0] },
    );
  if (slices.length > 0) deps.log.debug({ endpoints: key, deleted: slices.length }, 'deleted mirrored endpoint slices');
}
