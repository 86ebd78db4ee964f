/** ClusterListers over the scheduler's informers (read-only views of their caches). */
import type {
  Namespace,
  PersistentVolume,
  PersistentVolumeClaim,
  Pod,
  PodDisruptionBudget,
  ReplicaSet,
  Service,
  StatefulSet,
  StorageClass,
} from '@wheelhouse/api';
import type { HasMetadata, InformerFor, Lister } from '@wheelhouse/client';
import type { ClusterListers, StorageListers } from './framework/handle.js';

/** The informers the listers read. */
export interface ListerInformers {
  pods: InformerFor<'pods'>;
  namespaces: InformerFor<'namespaces'>;
  pdbs: InformerFor<'poddisruptionbudgets'>;
  services: InformerFor<'services'>;
  replicaSets: InformerFor<'replicasets'>;
  statefulSets: InformerFor<'statefulsets'>;
  claims?: InformerFor<'persistentvolumeclaims'>;
  volumes?: InformerFor<'persistentvolumes'>;
  storageClasses?: InformerFor<'storageclasses'>;
}

function reader<T>(l: Lister<T & HasMetadata>) {
  return {
    get: (name: string, ns?: string) => l.get(name, ns) as T | undefined,
    list: (ns?: string) => l.list(ns === undefined ? {} : { namespace: ns }) as T[],
  };
}

/** Listers over the informers' caches; objects are frozen and must not be mutated. */
export function informerListers(i: ListerInformers): ClusterListers {
  const pods = reader<Pod>(i.pods.lister());
  const namespaces = reader<Namespace>(i.namespaces.lister());
  const pdbs = reader<PodDisruptionBudget>(i.pdbs.lister());
  const services = reader<Service>(i.services.lister());
  const replicaSets = reader<ReplicaSet>(i.replicaSets.lister());
  const statefulSets = reader<StatefulSet>(i.statefulSets.lister());
  return {
    namespace: (name) => namespaces.get(name),
    namespaces: () => namespaces.list(),
    pod: (ns, name) => pods.get(name, ns),
    podDisruptionBudgets: () => pdbs.list(),
    services: (ns) => services.list(ns),
    replicaSet: (ns, name) => replicaSets.get(name, ns),
    statefulSet: (ns, name) => statefulSets.get(name, ns),
    ...storageListers(i),
  };
}

function storageListers(i: ListerInformers): { storage?: () => StorageListers } {
  if (!i.claims || !i.volumes || !i.storageClasses) return {};
  const claims = reader<PersistentVolumeClaim>(i.claims.lister());
  const volumes = reader<PersistentVolume>(i.volumes.lister());
  const classes = reader<StorageClass>(i.storageClasses.lister());
  const storage: StorageListers = {
    claim: (ns, name) => claims.get(name, ns),
    volume: (name) => volumes.get(name),
    volumes: () => volumes.list(),
    storageClass: (name) => classes.get(name),
  };
  return { storage: () => storage };
}
