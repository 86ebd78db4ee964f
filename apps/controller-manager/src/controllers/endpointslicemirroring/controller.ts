/**
 * The endpointslicemirroring controller's wiring (kube's endpointslicemirroring Controller,
 * "endpointslicemirroring"): events of Endpoints to mirror enqueue them; events of Services
 * without a selector (or gaining or losing one) enqueue their Endpoints; events of mirrored
 * slices that are not echoes of this controller's writes enqueue the Endpoints they mirror,
 * after --mirroring-endpointslice-updates-batch-period.
 */
import type { EndpointSlice, Endpoints, Service } from '@wheelhouse/api';
import { type DeepReadonly, type EventHandler, type Served, objectKey } from '@wheelhouse/client';
import { type ControllerContext, type ControllerOptions, newController } from '../../context.js';
import {
  SERVICE_NAME_INDEX,
  endpointSliceInformer,
  endpointsInformer,
  serviceInformer,
  serviceNameIndexFunc,
} from '../../informers.js';
import type { Runnable } from '../../runnable.js';
import { hasSelector } from '../endpoints/pod-endpoints.js';
import { batchedEnqueue } from '../endpoints/service-events.js';
import { SliceTracker } from '../endpointslice/slice-tracker.js';
import { mirroringMetrics } from './metrics.js';
import { isMirrored, shouldMirror } from './mirrored-slice.js';
import { type MirroringDeps, syncMirroredSlices } from './reconcile.js';
import { mirroringSettings } from './settings.js';

type CachedSlice = DeepReadonly<Served<EndpointSlice>>;

function endpointsHandler(enqueue: (key: string) => void): EventHandler<Served<Endpoints>> {
  return {
    onAdd: (ep) => shouldMirror(ep) && enqueue(objectKey(ep)),
    onUpdate: (old, cur) => (shouldMirror(old) || shouldMirror(cur)) && enqueue(objectKey(cur)),
    onDelete: (ep) => shouldMirror(ep) && enqueue(objectKey(ep)),
  };
}

function serviceHandler(enqueue: (key: string) => void): EventHandler<Served<Service>> {
  return {
    onAdd: (svc) => !hasSelector(svc) && enqueue(objectKey(svc)),
    onUpdate: (old, cur) => hasSelector(old) !== hasSelector(cur) && enqueue(objectKey(cur)),
    onDelete: (svc) => !hasSelector(svc) && enqueue(objectKey(svc)),
  };
}

function sliceHandler(tracker: SliceTracker, enqueue: (key: string) => void): EventHandler<Served<EndpointSlice>> {
  const keyOf = (s: CachedSlice) => serviceNameIndexFunc(s)[0];
  const ifStale = (s: CachedSlice) => {
    const key = keyOf(s);
    if (key && isMirrored(s) && !tracker.isOwnWrite(key, s)) enqueue(key);
  };
  return {
    onAdd: ifStale,
    onUpdate: (old, cur) => {
      const [was, is] = [keyOf(old), keyOf(cur)];
      // The generation does not move with labels: a relabelled slice concerns both names.
      if (was !== is) [was, is].forEach((key) => key && enqueue(key));
      else if (isMirrored(old) !== isMirrored(cur)) is && enqueue(is);
      else ifStale(cur);
    },
    onDelete: (s) => {
      const key = keyOf(s);
      if (key && isMirrored(s)) enqueue(key);
    },
  };
}

/** Builds the endpointslicemirroring controller. */
export function newEndpointSliceMirroringController(ctx: ControllerContext, options: ControllerOptions): Runnable {
  const settings = mirroringSettings(options.settings);
  const endpoints = endpointsInformer(ctx.informers);
  const services = serviceInformer(ctx.informers);
  const slices = endpointSliceInformer(ctx.informers);
  const tracker = new SliceTracker();
  const deps: MirroringDeps = {
    client: ctx.client,
    endpoints: endpoints.lister(),
    services: services.lister(),
    slicesOf: (key) => slices.lister().byIndex(SERVICE_NAME_INDEX, key).filter(isMirrored),
    tracker,
    recorder: ctx.recorder('endpoint-slice-mirroring-controller'),
    metrics: mirroringMetrics(ctx.metrics),
    maxEndpointsPerSubset: settings.maxEndpointsPerSubset,
    now: () => ctx.clock.now(),
    log: ctx.logger.child({ controller: 'endpointslicemirroring' }),
  };
  const controller = newController(ctx, {
    name: 'endpoint_slice_mirroring',
    reconcile: (key) => syncMirroredSlices(deps, key),
    workers: options.workers,
  });
  const enqueue = (key: string) => controller.enqueue(key);
  controller.watch(endpoints, endpointsHandler(enqueue));
  controller.watch(services, serviceHandler(enqueue));
  controller.watch(slices, sliceHandler(tracker, batchedEnqueue(controller, settings.batchMs)));
  return controller;
}
