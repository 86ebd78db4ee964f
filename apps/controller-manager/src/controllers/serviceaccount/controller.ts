/**
 * kube-controller-manager's "serviceaccount" controller wiring: a namespace is synced when it is
 * added or changes, and when one of its ServiceAccounts is deleted (so `default` comes back).
 * kube runs it with one worker and no flag.
 */
import type { ServiceAccount } from '@wheelhouse/api';
import type { DeepReadonly, Served } from '@wheelhouse/client';
import { type ControllerContext, type ControllerOptions, newController } from '../../context.js';
import { namespaceInformer, serviceAccountInformer } from '../../informers.js';
import type { Runnable } from '../../runnable.js';
import { syncNamespace } from './reconcile.js';

/** Builds the controller. */
export function newServiceAccountController(ctx: ControllerContext, options: ControllerOptions): Runnable {
  const namespaces = namespaceInformer(ctx.informers);
  const serviceAccounts = serviceAccountInformer(ctx.informers);
  const deps = { client: ctx.client, namespaces: namespaces.lister(), serviceAccounts: serviceAccounts.lister() };
  const controller = newController(ctx, {
    name: 'serviceaccount',
    reconcile: (name) => syncNamespace(deps, name),
    workers: options.workers,
  });
  controller.watch(namespaces, {
    onAdd: (ns) => controller.enqueue(ns.metadata.name),
    onUpdate: (_old, ns) => controller.enqueue(ns.metadata.name),
  });
  controller.watch(serviceAccounts, {
    onDelete: (sa: DeepReadonly<Served<ServiceAccount>>) => controller.enqueue(sa.metadata.namespace ?? ''),
  });
  return controller;
}
