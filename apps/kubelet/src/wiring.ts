import type { Node, PersistentVolumeClaim, Pod } from '@wheelhouse/api';
import {
  NODE_NAME_INDEX,
  nodeNameIndexFunc,
  type Informer,
  type RestClient,
  type Served,
  type SharedInformerFactory,
} from '@wheelhouse/client';

/**
 * The process's connection to the API server: the client and the two informers every node of
 * the process shares, from the Manager's informer factory: pods bound to any node (indexed by
 * node name) and nodes. The only module that asks for informers; the Manager starts them.
 */
export interface Wiring {
  readonly client: RestClient;
  readonly pods: Informer<Served<Pod>>;
  readonly nodes: Informer<Served<Node>>;
  /** PersistentVolumeClaims: a pod starts once every claim it mounts is Bound. */
  readonly claims: Informer<Served<PersistentVolumeClaim>>;
}

/** Asks `factory` for the kubelet's informers; they run once the factory's Manager starts. */
export function wire(client: RestClient, factory: SharedInformerFactory): Wiring {
  const pods = factory.informerFor(
    'pods',
    { fieldSelector: 'spec.nodeName!=' },
    { [NODE_NAME_INDEX]: nodeNameIndexFunc },
  );
  const nodes = factory.informerFor('nodes');
  const claims = factory.informerFor('persistentvolumeclaims');
  return { client, pods, nodes, claims };
}
