/**
 * The DefaultStorageClass admission plugin: a new PersistentVolumeClaim that names no class
 * (neither spec.storageClassName, even empty, nor the beta annotation) gets the default
 * StorageClass: the class annotated `storageclass.kubernetes.io/is-default-class: "true"`,
 * the newest one when several are (kube 1.26+). Without a default class the claim is left alone.
 */
import {
  BETA_STORAGE_CLASS_ANNOTATION,
  isDefaultStorageClass,
  type ApiObject,
  type PersistentVolumeClaim,
  type StorageClass,
} from '@wheelhouse/api';
import { resourceDef } from '../registry/registry.js';
import type { WatchCache } from '../watch/watch-cache.js';
import type { AdmissionPlugin } from './admission.js';
import { newestDefault } from './newest-default.js';

/** See the module comment; reads the StorageClasses from the watch cache. */
export function defaultStorageClassAdmission(cache: WatchCache): AdmissionPlugin {
  const scDef = resourceDef('storage.k8s.io', 'storageclasses');
  return {
    resources: [{ group: '', plural: 'persistentvolumeclaims' }],
    admit: (_def, obj: ApiObject) => {
      const pvc = obj as unknown as PersistentVolumeClaim;
      if (pvc.spec?.storageClassName !== undefined) return;
      if (pvc.metadata?.annotations?.[BETA_STORAGE_CLASS_ANNOTATION] !== undefined) return;
      const classes = cache.snapshot(scDef).items.map((i) => i.obj as unknown as StorageClass);
      const name = newestDefault(classes.filter(isDefaultStorageClass))?.metadata?.name;
      if (name !== undefined) pvc.spec = { ...pvc.spec, storageClassName: name };
    },
  };
}
