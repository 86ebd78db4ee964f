/**
 * Who an object in the garbage collector's graph is (kube's objectReference: an owner
 * reference's coordinates plus a namespace), and the two finalizers the collector acts on.
 */
import type { OwnerReference } from '@wheelhouse/api';
import type { DeepReadonly } from '@wheelhouse/client';

/** metav1.FinalizerOrphanDependents: the owner goes once its dependents no longer reference it. */
export const ORPHAN_FINALIZER = 'orphan';

/** metav1.FinalizerDeleteDependents: the owner goes once its blocking dependents are gone. */
export const FOREGROUND_FINALIZER = 'foregroundDeletion';

/** An object's coordinates: apiVersion, kind, name, uid and ('' for cluster-scoped) namespace. */
export interface ObjectIdentity {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  namespace: string;
}

/** The identity an owner reference from a dependent in `namespace` names. */
export function identityOfReference(ref: DeepReadonly<OwnerReference>, namespace: string): ObjectIdentity {
  return {
    apiVersion: ref.apiVersion ?? '',
    kind: ref.kind ?? '',
    name: ref.name ?? '',
    uid: ref.uid ?? '',
    namespace,
  };
}

/** Whether two identities name the same coordinates and namespace. */
export function sameIdentity(a: ObjectIdentity, b: ObjectIdentity): boolean {
  return (
    a.uid === b.uid &&
    a.name === b.name &&
    a.kind === b.kind &&
    a.apiVersion === b.apiVersion &&
    a.namespace === b.namespace
  );
}

/** Whether `ref` names `identity`'s apiVersion, kind, name and uid (kube's ownerReferenceMatchesCoordinates). */
export function referenceMatches(ref: DeepReadonly<OwnerReference>, identity: ObjectIdentity): boolean {
  return (
    ref.uid === identity.uid &&
    ref.name === identity.name &&
    ref.kind === identity.kind &&
    ref.apiVersion === identity.apiVersion
  );
}

/** `[apps/v1/ReplicaSet, namespace: ns, name: web, uid: ...]`: how kube prints an objectReference in events and logs. */
export function formatIdentity(id: ObjectIdentity): string {
  return `[${id.apiVersion}/${id.kind}, namespace: ${id.namespace}, name: ${id.name}, uid: ${id.uid}]`;
}

/** The cache key of an identity (its coordinates and namespace). */
export function identityKey(id: ObjectIdentity): string {
  return JSON.stringify([id.apiVersion, id.kind, id.namespace, id.name, id.uid]);
}
