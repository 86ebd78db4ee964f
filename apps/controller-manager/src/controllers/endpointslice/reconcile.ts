/**
 * One sync of the endpointslice controller (kube's pkg/controller/endpointslice syncService):
 * the EndpointSlices of a Service with a selector, one address type at a time, as
 * {@link planSlices} says; slices of types the Service no longer has, or owned by another
 * Service of the same name, go. Services without a selector (and ExternalName ones) are left
 * alone; a deleted Service's slices are left to the garbage collector (they are owned by it).
 */
import type { EndpointSlice, Node, Pod, Service } from '@wheelhouse/api';
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
import { nameIsDNSSubdomain } from '@wheelhouse/machinery';
import type { Logger } from 'pino';
import type { CachedPod } from '../../workload/pod-status.js';
import { messageOf } from '../../workload/pod-control.js';
import {
  type CachedService,
  HEADLESS_SERVICE_LABEL,
  LAST_CHANGE_TRIGGER_TIME_ANNOTATION,
  hasSelector,
  isServiceIPSet,
  podsSelectedBy,
  serviceFamilies,
} from '../endpoints/pod-endpoints.js';
import type { TriggerTimeTracker } from '../endpoints/trigger-time.js';
import { desiredEndpoints } from './desired.js';
import { type CachedSlice, type SlicePlan, type SliceTemplate, planSlices } from './plan.js';
import type { SliceTracker } from './slice-tracker.js';

/** The managed-by label's key. */
export const MANAGED_BY_LABEL = 'endpointslice.kubernetes.io/managed-by';
/** This controller's managed-by value. */
export const CONTROLLER_NAME = 'endpointslice-controller.k8s.io';
/** The label naming a slice's Service. */
export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

/** What a sync reads and writes through. */
export interface SliceSyncDeps {
  client: RestClient;
  services: Lister<Served<Service>>;
  pods: Lister<Served<Pod>>;
  nodes: Lister<Served<Node>>;
  /** The managed slices of a Service, by "namespace/name". */
  slicesOf(serviceKey: string): CachedSlice[];
  triggerTimes: TriggerTimeTracker;
  tracker: SliceTracker;
  recorder: EventRecorder;
  maxEndpointsPerSlice: number;
  log: Logger;
}

function sliceLabels(svc: CachedService): Record<string, string> {
  const labels: Record<string, string> = { ...svc.metadata.labels };
  if (isServiceIPSet(svc)) delete labels[HEADLESS_SERVICE_LABEL];
  else labels[HEADLESS_SERVICE_LABEL] = '';
  labels[SERVICE_NAME_LABEL] = svc.metadata.name;
  labels[MANAGED_BY_LABEL] = CONTROLLER_NAME;
  return labels;
}

/**
 * The generateName of a new slice for `name` (kube's getEndpointSlicePrefix): `name-`, or the
 * bare name when `name-` is not a valid prefix.
 */
export function sliceGenerateName(name: string): string {
  const prefix = `${name}-`;
  return nameIsDNSSubdomain(prefix, true).length === 0 ? prefix : name;
}

function template(svc: CachedService, addressType: string, max: number): SliceTemplate {
  const labels = sliceLabels(svc);
  const generateName = sliceGenerateName(svc.metadata.name);
  const owner = { apiVersion: 'v1', kind: 'Service', name: svc.metadata.name, uid: svc.metadata.uid };
  return {
    labels,
    max,
    newSlice: (ports) => ({
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: {
        generateName,
        namespace: svc.metadata.namespace,
        labels: { ...labels },
        ownerReferences: [{ ...owner, controller: true, blockOwnerDeletion: true }],
      },
      addressType,
      endpoints: [],
      ports: structuredClone(ports),
    }),
  };
}

function ownedBy(slice: CachedSlice, svc: CachedService): boolean {
  return (slice.metadata.ownerReferences ?? []).some((r) => r.uid === svc.metadata.uid && r.controller === true);
}

/** Syncs the slices of the Service `key` ("namespace/name"); throws to retry. */
export async function syncEndpointSlices(deps: SliceSyncDeps, key: string): Promise<Result> {
  const { namespace, name } = splitKey(key);
  const svc = deps.services.get(name, namespace);
  if (!svc) {
    deps.triggerTimes.forget(namespace, name);
    deps.tracker.forget(key);
    return {};
  }
  if (svc.spec?.type === 'ExternalName' || !hasSelector(svc)) return {};
  const existing = deps.slicesOf(key);
  // The cache has not seen our last writes: acting now could create slices twice.
  if (deps.tracker.stale(key, existing)) return { requeue: true };
  const pods = podsSelectedBy(svc, (ns) => deps.pods.list({ namespace: ns }) as CachedPod[]);
  const trigger = deps.triggerTimes.compute(svc, pods);
  const families = serviceFamilies(svc);
  const plan: SlicePlan = { create: [], update: [], delete: [] };
  const missing = new Set<string>();
  for (const slice of existing)
    if (!families.includes(slice.addressType ?? '') || !ownedBy(slice, svc)) plan.delete.push(slice);
  for (const family of families) {
    const desired = desiredEndpoints(svc, pods, deps.nodes, family);
    desired.missingNodes.forEach((m) => missing.add(m));
    const mine = existing.filter((s) => s.addressType === family && ownedBy(s, svc));
    const part = planSlices(mine, desired, template(svc, family, deps.maxEndpointsPerSlice));
    plan.create.push(...part.create);
    plan.update.push(...part.update);
    plan.delete.push(...part.delete);
  }
  await applyPlan(deps, svc, plan, trigger);
  if (missing.size > 0)
    throw new Error(`skipping pods of Service ${key} on nodes not found: ${[...missing].join(', ')}`);
  return {};
}

function withTrigger(slice: EndpointSlice, trigger: string | undefined): EndpointSlice {
  const annotations: Record<string, string> = { ...slice.metadata?.annotations };
  if (trigger) annotations[LAST_CHANGE_TRIGGER_TIME_ANNOTATION] = trigger;
  else delete annotations[LAST_CHANGE_TRIGGER_TIME_ANNOTATION];
  const metadata = { ...slice.metadata };
  if (Object.keys(annotations).length > 0) metadata.annotations = annotations;
  else delete metadata.annotations;
  return { ...slice, metadata };
}

async function applyPlan(
  deps: SliceSyncDeps,
  svc: CachedService,
  plan: SlicePlan,
  trigger: string | undefined,
): Promise<void> {
  const key = `${svc.metadata.namespace}/${svc.metadata.name}`;
  const client = deps.client.resource('endpointslices', svc.metadata.namespace ?? '');
  try {
    for (const slice of plan.create) {
      const created = await client.create(withTrigger(slice, trigger));
      deps.tracker.wrote(key, created.metadata.name, created.metadata.generation ?? 0);
    }
    for (const slice of plan.update) {
      const updated = await client.update(withTrigger(slice, trigger));
      deps.tracker.wrote(key, updated.metadata.name, updated.metadata.generation ?? 0);
    }
    for (const slice of plan.delete) {
      await client.delete(slice.metadata.name).catch((err: unknown) => {
        if (!isNotFound(err)) throw err;
      });
      deps.tracker.deleted(key, slice.metadata.name);
    }
  } catch (err) {
    // A terminating namespace refuses new objects.
    if (isForbidden(err)) return;
    deps.recorder.event(
      svc,
      'Warning',
      'FailedToUpdateEndpointSlices',
      `Error updating Endpoint Slices for Service ${key}: ${messageOf(err)}`,
    );
    throw err;
  }
  if (plan.create.length + plan.update.length + plan.delete.length > 0)
    deps.log.debug(
      { service: key, created: plan.create.length, updated: plan.update.length, deleted: plan.delete.length },
      'synced endpoint slices',
    );
}
