/**
 * Finding the scale of a pod's controller (kube's disruption controller finders): a
 * ReplicationController, a Deployment through its ReplicaSet, a ReplicaSet no Deployment
 * controls, a StatefulSet, and last anything else served with a scale subresource (its
 * /scale is read). Each finder answers undefined when the reference is not its kind or names
 * an object that is gone or has another uid.
 */
import {
  type Deployment,
  type OwnerReference,
  type ReplicaSet,
  type ReplicationController,
  type StatefulSet,
} from '@wheelhouse/api';
import {
  type DeepReadonly,
  type Lister,
  type RestClient,
  type Served,
  controllerOf,
  isNotFound,
} from '@wheelhouse/client';
import type { ScaleClient } from '../../workload/scale-client.js';
import { parseGroupVersion } from '../../workload/group-version.js';

/** What the finders read: the workload listers, and the client for /scale. */
export interface FinderDeps {
  replicationControllers: Lister<Served<ReplicationController>>;
  replicaSets: Lister<Served<ReplicaSet>>;
  deployments: Lister<Served<Deployment>>;
  statefulSets: Lister<Served<StatefulSet>>;
  client: RestClient;
  scales: ScaleClient;
}

/** A controller found for a pod: its uid and desired replicas. */
export interface ControllerScale {
  uid: string;
  scale: number;
}

type Ref = DeepReadonly<OwnerReference>;
type Finder = (deps: FinderDeps, ref: Ref, namespace: string) => Promise<ControllerScale | undefined>;

function isKind(ref: Ref, kind: string, groups: readonly string[]): boolean {
  const { group } = parseGroupVersion(ref.apiVersion ?? '');
  return ref.kind === kind && groups.includes(group);
}

function live<T extends { metadata: { uid: string } }>(obj: DeepReadonly<T> | undefined, ref: Ref) {
  return obj && obj.metadata.uid === ref.uid ? obj : undefined;
}

const REPLICA_SET_GROUPS = ['apps', 'extensions'];

const replicationController: Finder = async (deps, ref, ns) => {
  if (!isKind(ref, 'ReplicationController', [''])) return undefined;
  const rc = live(deps.replicationControllers.get(ref.name ?? '', ns), ref);
  return rc && { uid: rc.metadata.uid, scale: rc.spec?.replicas ?? 1 };
};

const deploymentOfReplicaSet: Finder = async (deps, ref, ns) => {
  if (!isKind(ref, 'ReplicaSet', REPLICA_SET_GROUPS)) return undefined;
  const rs = live(deps.replicaSets.get(ref.name ?? '', ns), ref);
  const owner = rs && controllerOf(rs);
  if (!owner || !isKind(owner, 'Deployment', REPLICA_SET_GROUPS)) return undefined;
  const d = live(deps.deployments.get(owner.name ?? '', ns), owner);
  return d && { uid: d.metadata.uid, scale: d.spec?.replicas ?? 1 };
};

const replicaSet: Finder = async (deps, ref, ns) => {
  if (!isKind(ref, 'ReplicaSet', REPLICA_SET_GROUPS)) return undefined;
  const rs = live(deps.replicaSets.get(ref.name ?? '', ns), ref);
  // A Deployment's ReplicaSet counts through its Deployment.
  if (!rs || controllerOf(rs)?.kind === 'Deployment') return undefined;
  return { uid: rs.metadata.uid, scale: rs.spec?.replicas ?? 1 };
};

const statefulSet: Finder = async (deps, ref, ns) => {
  if (!isKind(ref, 'StatefulSet', ['apps'])) return undefined;
  const ss = live(deps.statefulSets.get(ref.name ?? '', ns), ref);
  return ss && { uid: ss.metadata.uid, scale: ss.spec?.replicas ?? 1 };
};

/** Any served kind with a scale subresource, custom resources included: GET its /scale (404: gone). */
const scaleSubresource: Finder = async (deps, ref, ns) => {
  const apiVersion = ref.apiVersion ?? '';
  const gv = parseGroupVersion(apiVersion);
  const mapping = await deps.scales.mapping(gv.group, ref.kind ?? '');
  if (!mapping)
    throw new Error(`no matches for kind ${JSON.stringify(ref.kind)} in version ${JSON.stringify(apiVersion)}`);
  if (!mapping.scalable) throw new Error(`${mapping.qualified} does not implement the scale subresource`);
  try {
    const scale = await deps.scales.get(mapping, ns, ref.name ?? '');
    if (scale.metadata?.uid !== ref.uid) return undefined;
    return { uid: ref.uid ?? '', scale: scale.spec?.replicas ?? 0 };
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
};

/** The finders in kube's order: the listers first, the scale subresource last. */
export const FINDERS: readonly Finder[] = [
  replicationController,
  deploymentOfReplicaSet,
  replicaSet,
  statefulSet,
  scaleSubresource,
];
