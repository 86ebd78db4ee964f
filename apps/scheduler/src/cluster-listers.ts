/** ClusterListers over the scheduler's informers (read-only views of their caches). */
import type { Namespace, Pod, PodDisruptionBudget, ReplicaSet, Service, StatefulSet } from '@wheelhouse/api';
import type { HasMetadata, InformerFor, Lister } from '@wheelhouse/client';
import type { ClusterListers } from './framework/handle.js';

/** The informers the listers read. */
export interface ListerInformers {
  pods: InformerFor<'pods'>;
  namespaces: InformerFor<'namespaces'>;
  pdbs: InformerFor<'poddisruptionbudgets'>;
  services: InformerFor<'services'>;
  replicaSets: InformerFor<'replicasets'>;
  statefulSets: InformerFor<'statefulsets'>;
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
  };
}
