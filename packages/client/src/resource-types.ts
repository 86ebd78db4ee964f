import type {
  Binding,
  ConfigMap,
  ControllerRevision,
  DaemonSet,
  Deployment,
  Endpoints,
  Event,
  Job,
  Lease,
  Namespace,
  Node,
  ObjectMeta as ApiObjectMeta,
  Pod,
  PodDisruptionBudget,
  PriorityClass,
  ReplicaSet,
  Secret,
  Service,
  ServiceAccount,
  StatefulSet,
} from '@wheelhouse/api';

/**
 * The object type of every resource the API server registers (packages/api's RESOURCES), by
 * plural name. A test checks this map and the registry name the same resources.
 */
export interface ResourceTypes {
  pods: Pod;
  bindings: Binding;
  nodes: Node;
  namespaces: Namespace;
  services: Service;
  endpoints: Endpoints;
  events: Event;
  configmaps: ConfigMap;
  secrets: Secret;
  serviceaccounts: ServiceAccount;
  deployments: Deployment;
  replicasets: ReplicaSet;
  statefulsets: StatefulSet;
  daemonsets: DaemonSet;
  controllerrevisions: ControllerRevision;
  jobs: Job;
  leases: Lease;
  poddisruptionbudgets: PodDisruptionBudget;
  priorityclasses: PriorityClass;
}

/** A plural resource name the typed client knows. */
export type ResourceName = keyof ResourceTypes;

/** Any API object (what untyped clients hand out). */
export interface AnyObject {
  apiVersion?: string | undefined;
  kind?: string | undefined;
  metadata?: ApiObjectMeta | undefined;
  [field: string]: unknown;
}

/** The metadata the server always sets on an object it returns. */
export type ServedMeta = ApiObjectMeta & { name: string; resourceVersion: string; uid: string };

/** An object as the server returns it: metadata present, with name, uid and resourceVersion. */
export type Served<T> = T & { metadata: ServedMeta };

/** A list as the server returns it. */
export interface ServedList<T> {
  apiVersion: string;
  kind: string;
  metadata: { resourceVersion: string; continue?: string; remainingItemCount?: number };
  items: Served<T>[];
}
