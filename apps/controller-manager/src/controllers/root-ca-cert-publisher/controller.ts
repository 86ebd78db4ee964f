/**
 * kube-controller-manager's "root-ca-cert-publisher" wiring: a namespace is synced when it is
 * added or updated while Active, and when its `kube-root-ca.crt` ConfigMap is updated or
 * deleted (other ConfigMaps are ignored). kube runs it with one worker.
 */
import { type ConfigMap, ROOT_CA_CONFIG_MAP } from '@wheelhouse/api';
import type { DeepReadonly, Served } from '@wheelhouse/client';
import { type ControllerContext, type ControllerOptions, newController } from '../../context.js';
import { configMapInformer, namespaceInformer } from '../../informers.js';
import type { Runnable } from '../../runnable.js';
import { measured, rootCaPublisherMetrics } from './metrics.js';
import { syncNamespace } from './reconcile.js';
import { rootCaOf } from './settings.js';

/** kube's name of the controller's queue (and of its metrics). */
const NAME = 'root_ca_cert_publisher';

/**
 * Builds the controller, publishing the bundle {@link rootCaOf} picks from `options.settings`
 * and the context's kubeconfig CA; throws `error parsing root-ca-file at PATH: ...` for an
 * unusable --root-ca-file.
 */
export function newRootCaCertPublisher(ctx: ControllerContext, options: ControllerOptions): Runnable {
  const namespaces = namespaceInformer(ctx.informers);
  const configMaps = configMapInformer(ctx.informers);
  const logger = ctx.logger.child({ controller: NAME });
  const deps = {
    client: ctx.client,
    configMaps: configMaps.lister(),
    rootCA: rootCaOf(options.settings, ctx.caData),
    logger,
  };
  const metrics = rootCaPublisherMetrics(ctx.metrics);
  const controller = newController(ctx, {
    name: NAME,
    reconcile: (ns, signal) => measured(metrics, ctx.clock, () => syncNamespace(deps, ns, signal)),
    workers: options.workers,
  });
  controller.watch(namespaces, {
    onAdd: (ns) => controller.enqueue(ns.metadata.name),
    onUpdate: (_old, ns) => {
      if (ns.status?.phase === 'Active') controller.enqueue(ns.metadata.name);
    },
  });
  const enqueueOwnNamespace = (cm: DeepReadonly<Served<ConfigMap>>): void => {
    if (cm.metadata.name === ROOT_CA_CONFIG_MAP && cm.metadata.namespace) controller.enqueue(cm.metadata.namespace);
  };
  controller.watch(configMaps, { onUpdate: (_old, cm) => enqueueOwnNamespace(cm), onDelete: enqueueOwnNamespace });
  return controller;
}
