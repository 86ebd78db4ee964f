/**
 * One sync of the endpoints controller (kube's pkg/controller/endpoint syncService): the
 * Endpoints named after a Service with a selector list the pods it selects; a deleted
 * Service's Endpoints go; Services without a selector (and ExternalName ones) are left alone.
 */
import type { Endpoints, EndpointSubset, Pod, Service } from '@wheelhouse/api';
import {
  type DeepReadonly,
  type EventRecorder,
  type Lister,
  type RestClient,
  type Result,
  type Served,
  isForbidden,
  isNotFound,
  splitKey,
} from '@wheelhouse/client';
import { jsonEqual } from '@wheelhouse/machinery';
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
} from './pod-endpoints.js';
import { MAX_ENDPOINTS_CAPACITY, OVER_CAPACITY_ANNOTATION, addressCount, truncateSubsets } from './capacity.js';
import { endpointSubsets } from './subsets.js';
import type { TriggerTimeTracker } from './trigger-time.js';

type CachedEndpoints = DeepReadonly<Served<Endpoints>>;

/** What a sync reads and writes through. */
export interface EndpointsSyncDeps {
  client: RestClient;
  services: Lister<Served<Service>>;
  pods: Lister<Served<Pod>>;
  endpoints: Lister<Served<Endpoints>>;
  triggerTimes: TriggerTimeTracker;
  recorder: EventRecorder;
  /** The resourceVersion each Endpoints had before this controller last updated it (kube's staleEndpointsTracker). */
  replaced: Map<string, string>;
  /** Endpoints this controller created that its cache had not shown at the last sync of their Service. */
  created: Set<string>;
  log: Logger;
}

function withoutHeadless(labels: Readonly<Record<string, string>> | undefined): Record<string, string> {
  const copy = { ...labels };
  delete copy[HEADLESS_SERVICE_LABEL];
  return copy;
}

function upToDate(current: CachedEndpoints, svc: CachedService, subsets: EndpointSubset[]): boolean {
  return (
    jsonEqual(current.subsets ?? [], subsets) &&
    jsonEqual(withoutHeadless(current.metadata.labels), { ...svc.metadata.labels }) &&
    addressCount(subsets) <= MAX_ENDPOINTS_CAPACITY &&
    current.metadata.annotations?.[OVER_CAPACITY_ANNOTATION] === undefined
  );
}

function desiredEndpoints(
  current: CachedEndpoints | undefined,
  svc: CachedService,
  subsets: EndpointSubset[],
  trigger: string | undefined,
): Endpoints {
  const annotations: Record<string, string> = { ...current?.metadata.annotations };
  if (trigger) annotations[LAST_CHANGE_TRIGGER_TIME_ANNOTATION] = trigger;
  else delete annotations[LAST_CHANGE_TRIGGER_TIME_ANNOTATION];
  const truncated = truncateSubsets(subsets);
  if (truncated) annotations[OVER_CAPACITY_ANNOTATION] = 'truncated';
  else delete annotations[OVER_CAPACITY_ANNOTATION];
  const labels: Record<string, string> = withoutHeadless(svc.metadata.labels);
  if (!isServiceIPSet(svc)) labels[HEADLESS_SERVICE_LABEL] = '';
  const metadata = {
    ...(current ? structuredClone(current.metadata) : { name: svc.metadata.name, namespace: svc.metadata.namespace }),
    labels,
    annotations,
  } as Endpoints['metadata'];
  return { apiVersion: 'v1', kind: 'Endpoints', metadata, subsets: truncated ?? subsets };
}

async function deleteEndpoints(deps: EndpointsSyncDeps, namespace: string, name: string): Promise<void> {
  deps.triggerTimes.forget(namespace, name);
  try {
    await deps.client.resource('endpoints', namespace).delete(name);
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
}

/** Syncs the Endpoints of the Service `key` ("namespace/name"); throws to retry. */
export async function syncEndpoints(deps: EndpointsSyncDeps, key: string): Promise<Result> {
  const { namespace, name } = splitKey(key);
  const svc = deps.services.get(name, namespace);
  if (!svc) {
    deps.replaced.delete(key);
    deps.created.delete(key);
    await deleteEndpoints(deps, namespace, name);
    return {};
  }
  if (svc.spec?.type === 'ExternalName' || !hasSelector(svc)) return {};
  const current = deps.endpoints.get(name, namespace);
  // The cache still holds what our last update replaced: acting on it would undo that update.
  if (current && deps.replaced.get(key) === current.metadata.resourceVersion) return { requeue: true };
  // Our last sync created it and the cache has not caught up: creating it again would only fail.
  if (!current && deps.created.has(key) && (await exists(deps, namespace, name))) return { requeue: true };
  deps.created.delete(key);
  const pods = podsSelectedBy(svc, (ns) => deps.pods.list({ namespace: ns }) as CachedPod[]);
  const trigger = deps.triggerTimes.compute(svc, pods);
  const subsets = endpointSubsets(svc, pods);
  if (current && upToDate(current, svc, subsets)) return {};
  await writeEndpoints(deps, current, desiredEndpoints(current, svc, subsets, trigger));
  if (current) deps.replaced.set(key, current.metadata.resourceVersion);
  else deps.created.add(key);
  return {};
}

/** Whether the Endpoints `namespace/name` exists on the server (read past the cache). */
async function exists(deps: EndpointsSyncDeps, namespace: string, name: string): Promise<boolean> {
  try {
    await deps.client.resource('endpoints', namespace).get(name);
    return true;
  } catch (err) {
    if (isNotFound(err)) return false;
    throw err;
  }
}

async function writeEndpoints(
  deps: EndpointsSyncDeps,
  current: CachedEndpoints | undefined,
  ep: Endpoints,
): Promise<void> {
  const client = deps.client.resource('endpoints', ep.metadata?.namespace ?? '');
  try {
    if (current) await client.update(ep);
    else await client.create(ep);
    deps.log.debug({ endpoints: `${ep.metadata?.namespace}/${ep.metadata?.name}` }, 'wrote endpoints');
  } catch (err) {
    // A terminating namespace refuses new objects.
    if (!current && isForbidden(err)) return;
    const { namespace = '', name = '' } = ep.metadata ?? {};
    const subject = { apiVersion: 'v1', kind: 'Endpoints', metadata: { namespace, name } };
    // kube's words: the Service's name on a failed create, the Endpoints' on a failed update (the same name).
    if (current)
      deps.recorder.event(
        subject,
        'Warning',
        'FailedToUpdateEndpoint',
        `Failed to update endpoint ${namespace}/${name}: ${messageOf(err)}`,
      );
    else
      deps.recorder.event(
        subject,
        'Warning',
        'FailedToCreateEndpoint',
        `Failed to create endpoint for service ${namespace}/${name}: ${messageOf(err)}`,
      );
    throw err;
  }
}
