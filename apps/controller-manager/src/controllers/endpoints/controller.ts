/**
 * The endpoints controller's wiring (kube's EndpointController, "endpoints"): Service events
 * enqueue the Service; pod events enqueue the Services selecting the pod (after
 * --endpoint-updates-batch-period); a deleted Endpoints is recreated for its Service.
 */
import { objectKey } from '@wheelhouse/client';
import { type ControllerContext, type ControllerOptions, newController } from '../../context.js';
import { endpointsInformer, podInformer, serviceInformer } from '../../informers.js';
import type { Runnable } from '../../runnable.js';
import { syncEndpoints, type EndpointsSyncDeps } from './reconcile.js';
import { batchedEnqueue, podHandler, serviceHandler } from './service-events.js';
import { ENDPOINT_BATCH_FLAG, batchPeriodMs } from './settings.js';
import { TriggerTimeTracker } from './trigger-time.js';

/** Builds the endpoints controller. */
export function newEndpointsController(ctx: ControllerContext, options: ControllerOptions): Runnable {
  const services = serviceInformer(ctx.informers);
  const pods = podInformer(ctx.informers);
  const endpoints = endpointsInformer(ctx.informers);
  const deps: EndpointsSyncDeps = {
    client: ctx.client,
    services: services.lister(),
    pods: pods.lister(),
    endpoints: endpoints.lister(),
    triggerTimes: new TriggerTimeTracker(),
    replaced: new Map(),
    created: new Set(),
    recorder: ctx.recorder('endpoint-controller'),
    log: ctx.logger.child({ controller: 'endpoints' }),
  };
  const controller = newController(ctx, {
    name: 'endpoint',
    reconcile: (key) => syncEndpoints(deps, key),
    workers: options.workers,
  });
  const enqueue = (key: string) => controller.enqueue(key);
  controller.watch(services, serviceHandler(enqueue));
  controller.watch(
    pods,
    podHandler(deps.services, batchedEnqueue(controller, batchPeriodMs(options.settings, ENDPOINT_BATCH_FLAG))),
  );
  controller.watch(endpoints, { onDelete: (ep) => enqueue(objectKey(ep)) });
  return controller;
}
