/**
 * The persistentvolume-binder's wiring (kube's PersistentVolumeController): claim events
 * queue the claim (a deleted claim also its volumes), volume events queue the volume (a
 * deleted volume also its claim); keys are `pvc:<namespace>/<name>` and `pv:<name>`.
 */
import type { PersistentVolume, PersistentVolumeClaim } from '@wheelhouse/api';
import type { DeepReadonly, EventHandler, Served } from '@wheelhouse/client';
import { splitKey } from '@wheelhouse/client';
import { type ControllerContext, type ControllerOptions, newController } from '../../context.js';
import {
  nodeInformer,
  persistentVolumeClaimInformer,
  persistentVolumeInformer,
  storageClassInformer,
} from '../../informers.js';
import type { Runnable } from '../../runnable.js';
import { syncClaim } from './claim-sync.js';
import { type BinderDeps, claimKey, volumeKey } from './deps.js';
import { syncVolume } from './volume-sync.js';

/** kube-controller-manager's name of the controller. */
export const PERSISTENT_VOLUME_BINDER = 'persistentvolume-binder';

/** The PersistentVolume binder and simulated provisioner ("persistentvolume-binder"). */
export function newPersistentVolumeBinderController(ctx: ControllerContext, options: ControllerOptions): Runnable {
  const claims = persistentVolumeClaimInformer(ctx.informers);
  const volumes = persistentVolumeInformer(ctx.informers);
  const classes = storageClassInformer(ctx.informers);
  const nodes = nodeInformer(ctx.informers);
  const deps: BinderDeps = {
    client: ctx.client,
    claims: claims.lister(),
    volumes: volumes.lister(),
    classes: classes.lister(),
    nodes: nodes.lister(),
    recorder: ctx.recorder('persistentvolume-controller'),
    log: ctx.logger.child({ controller: PERSISTENT_VOLUME_BINDER }),
    now: () => ctx.clock.now(),
    enqueue: (key) => controller.enqueue(key),
  };
  const controller = newController(ctx, {
    name: PERSISTENT_VOLUME_BINDER,
    workers: options.workers,
    informers: [classes, nodes],
    reconcile: (key) => {
      if (key.startsWith('pv:')) return syncVolume(deps, key.slice(3));
      const { namespace, name } = splitKey(key.slice(4));
      return syncClaim(deps, namespace, name);
    },
  });
  controller.watch(claims, claimHandler(deps));
  controller.watch(volumes, volumeHandler(deps));
  return controller;
}

type CachedClaim = DeepReadonly<Served<PersistentVolumeClaim>>;
type CachedVolume = DeepReadonly<Served<PersistentVolume>>;

function claimHandler(deps: BinderDeps): EventHandler<Served<PersistentVolumeClaim>> {
  const key = (c: CachedClaim) => claimKey(c.metadata.namespace ?? '', c.metadata.name);
  return {
    onAdd: (c) => deps.enqueue(key(c)),
    onUpdate: (_o, c) => deps.enqueue(key(c)),
    onDelete: (c) => {
      for (const pv of deps.volumes.list()) {
        const ref = pv.spec?.claimRef;
        if (ref?.name === c.metadata.name && ref.namespace === c.metadata.namespace)
          deps.enqueue(volumeKey(pv.metadata.name));
      }
    },
  };
}

function volumeHandler(deps: BinderDeps): EventHandler<Served<PersistentVolume>> {
  const key = (pv: CachedVolume) => volumeKey(pv.metadata.name);
  return {
    onAdd: (pv) => deps.enqueue(key(pv)),
    onUpdate: (_o, pv) => deps.enqueue(key(pv)),
    onDelete: (pv) => {
      const ref = pv.spec?.claimRef;
      if (ref?.name) deps.enqueue(claimKey(ref.namespace ?? '', ref.name));
    },
  };
}
