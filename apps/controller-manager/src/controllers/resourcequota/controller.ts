/**
 * kube-controller-manager's "resourcequota" controller wiring: a quota is synced when it is
 * added, when its spec.hard changes (not for the status charges admission writes), when an
 * object it may count is deleted or updated so that its usage changes (usage released:
 * deletions, pods finishing, a service's type, a claim's request; kube's replenishment
 * filter), and every --resource-quota-sync-period. Workers: --concurrent-resource-quota-syncs.
 */
import { objectUsage, type ApiObject, type ResourceQuota } from '@wheelhouse/api';
import type { DeepReadonly, InformerFor, Lister, Served } from '@wheelhouse/client';
import { type ControllerContext, type ControllerOptions, newController } from '../../context.js';
import {
  configMapInformer,
  cronJobInformer,
  daemonSetInformer,
  deploymentInformer,
  jobInformer,
  persistentVolumeClaimInformer,
  podInformer,
  replicaSetInformer,
  replicationControllerInformer,
  resourceQuotaInformer,
  secretInformer,
  serviceInformer,
  statefulSetInformer,
} from '../../informers.js';
import type { Runnable } from '../../runnable.js';
import { sameUsage } from './equal.js';
import { type CountedResource, syncResourceQuota } from './reconcile.js';
import { syncPeriodMs } from './settings.js';

type AnyInformer = InformerFor<'pods'> | InformerFor<'configmaps'>;

function counted(ctx: ControllerContext): Array<CountedResource & { informer: AnyInformer }> {
  const f = ctx.informers;
  const entries: Array<[string, string, AnyInformer]> = [
    ['', 'pods', podInformer(f)],
    ['', 'services', serviceInformer(f) as unknown as AnyInformer],
    ['', 'configmaps', configMapInformer(f)],
    ['', 'secrets', secretInformer(f) as unknown as AnyInformer],
    ['', 'persistentvolumeclaims', persistentVolumeClaimInformer(f) as unknown as AnyInformer],
    ['', 'replicationcontrollers', replicationControllerInformer(f) as unknown as AnyInformer],
    ['', 'resourcequotas', resourceQuotaInformer(f) as unknown as AnyInformer],
    ['apps', 'deployments', deploymentInformer(f) as unknown as AnyInformer],
    ['apps', 'replicasets', replicaSetInformer(f) as unknown as AnyInformer],
    ['apps', 'statefulsets', statefulSetInformer(f) as unknown as AnyInformer],
    ['apps', 'daemonsets', daemonSetInformer(f) as unknown as AnyInformer],
    ['batch', 'jobs', jobInformer(f) as unknown as AnyInformer],
    ['batch', 'cronjobs', cronJobInformer(f) as unknown as AnyInformer],
  ];
  return entries.map(([group, plural, informer]) => ({
    group,
    plural,
    informer,
    lister: informer.lister() as unknown as Lister<Served<ApiObject>>,
  }));
}

const specHard = (q: DeepReadonly<Served<ResourceQuota>>): string => JSON.stringify(q.spec?.hard ?? {});

/** Builds the controller. */
export function newResourceQuotaController(ctx: ControllerContext, options: ControllerOptions): Runnable {
  const quotas = resourceQuotaInformer(ctx.informers);
  const resources = counted(ctx);
  const deps = {
    client: ctx.client,
    quotas: quotas.lister(),
    counted: resources,
    now: () => new Date(ctx.clock.now()),
    syncPeriodMs: syncPeriodMs(options.settings),
  };
  const controller = newController(ctx, {
    name: 'resourcequota',
    reconcile: (key) => syncResourceQuota(deps, key),
    workers: options.workers,
  });
  const key = (q: DeepReadonly<Served<ResourceQuota>>) => `${q.metadata.namespace ?? ''}/${q.metadata.name}`;
  controller.watch(quotas, {
    onAdd: (q) => controller.enqueue(key(q)),
    onUpdate: (old, q) => {
      if (specHard(old) !== specHard(q) || q.status?.hard === undefined) controller.enqueue(key(q));
    },
  });
  const quotasOf = (obj: DeepReadonly<{ metadata: { namespace?: string | undefined } }>) =>
    quotas.lister().list({ namespace: obj.metadata.namespace ?? '' });
  const replenish = (obj: DeepReadonly<{ metadata: { namespace?: string | undefined } }>) => {
    for (const q of quotasOf(obj)) controller.enqueue(key(q));
  };
  for (const r of resources) {
    if (r.plural === 'resourcequotas') continue;
    const usage = (obj: DeepReadonly<ApiObject>) => objectUsage(r.group, r.plural, obj as ApiObject, deps.now());
    controller.watch(r.informer as InformerFor<'configmaps'>, {
      // Every pod status write lands here: the usages are only computed where a quota may count them.
      onUpdate: (old, obj) => {
        const inNamespace = quotasOf(obj);
        if (inNamespace.length === 0 || sameUsage(usage(old), usage(obj))) return;
        for (const q of inNamespace) controller.enqueue(key(q));
      },
      onDelete: replenish,
    });
  }
  return controller;
}
