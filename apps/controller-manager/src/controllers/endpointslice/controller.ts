/**
 * The endpointslice controller's wiring (kube's endpointslice Controller, "endpointslice"):
 * Service events enqueue the Service; pod events enqueue the Services selecting the pod (after
 * --endpointslice-updates-batch-period); events of managed slices that are not echoes of this
 * controller's own writes enqueue their Service.
 */
import type { EndpointSlice } from '@wheelhouse/api';
import type { DeepReadonly, EventHandler, Served } from '@wheelhouse/client';
import { type ControllerContext, type ControllerOptions, newController } from '../../context.js';
import {
  SERVICE_NAME_INDEX,
  endpointSliceInformer,
  nodeInformer,
  podInformer,
  serviceInformer,
} from '../../informers.js';
import type { Runnable } from '../../runnable.js';
import { batchedEnqueue, podHandler, serviceHandler } from '../endpoints/service-events.js';
import { TriggerTimeTracker } from '../endpoints/trigger-time.js';
import {
  CONTROLLER_NAME,
  MANAGED_BY_LABEL,
  SERVICE_NAME_LABEL,
  type SliceSyncDeps,
  syncEndpointSlices,
} from './reconcile.js';
import { endpointSliceSettings } from './settings.js';
import { SliceTracker } from './slice-tracker.js';

type CachedSlice = DeepReadonly<Served<EndpointSlice>>;

const isManaged = (s: CachedSlice) => s.metadata.labels?.[MANAGED_BY_LABEL] === CONTROLLER_NAME;

function serviceKeyOf(slice: CachedSlice): string | undefined {
  const service = slice.metadata.labels?.[SERVICE_NAME_LABEL];
  return service ? `${slice.metadata.namespace ?? ''}/${service}` : undefined;
}

function sliceHandler(tracker: SliceTracker, enqueue: (key: string) => void): EventHandler<Served<EndpointSlice>> {
  const maybe = (slice: CachedSlice, always: boolean) => {
    const key = serviceKeyOf(slice);
    if (key && isManaged(slice) && (always || !tracker.isOwnWrite(key, slice))) enqueue(key);
  };
  return {
    onAdd: (s) => maybe(s, false),
    onUpdate: (old, cur) => {
      // A slice that stops being ours (relabelled) leaves its old Service short of it.
      if (isManaged(old) && !isManaged(cur)) maybe(old, true);
      maybe(cur, false);
    },
    onDelete: (s) => maybe(s, true),
  };
}

/** Builds the endpointslice controller. */
export function newEndpointSliceController(ctx: ControllerContext, options: ControllerOptions): Runnable {
  const settings = endpointSliceSettings(options.settings);
  const services = serviceInformer(ctx.informers);
  const pods = podInformer(ctx.informers);
  const nodes = nodeInformer(ctx.informers);
  const slices = endpointSliceInformer(ctx.informers);
  const tracker = new SliceTracker();
  const deps: SliceSyncDeps = {
    client: ctx.client,
    services: services.lister(),
    pods: pods.lister(),
    nodes: nodes.lister(),
    slicesOf: (key) => slices.lister().byIndex(SERVICE_NAME_INDEX, key).filter(isManaged),
    triggerTimes: new TriggerTimeTracker(),
    tracker,
    recorder: ctx.recorder('endpoint-slice-controller'),
    maxEndpointsPerSlice: settings.maxEndpointsPerSlice,
    log: ctx.logger.child({ controller: 'endpointslice' }),
  };
  const controller = newController(ctx, {
    name: 'endpoint_slice',
    reconcile: (key) => syncEndpointSlices(deps, key),
    workers: options.workers,
    informers: [nodes],
  });
  const enqueue = (key: string) => controller.enqueue(key);
  controller.watch(services, serviceHandler(enqueue));
  controller.watch(pods, podHandler(deps.services, batchedEnqueue(controller, settings.batchMs)));
  controller.watch(slices, sliceHandler(tracker, enqueue));
  return controller;
}
