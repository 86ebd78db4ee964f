/**
 * A StatefulSet's PersistentVolumeClaims (kube's StatefulPodControl claims and
 * persistentVolumeClaimRetentionPolicy, StatefulSetAutoDeletePVC on as in 1.32): before a pod
 * is created, each volumeClaimTemplate's claim `<template>-<set>-<ordinal>` is created when
 * missing, labelled with the set's matchLabels; its owner (a controller reference) follows the
 * policy: whenDeleted Delete makes the set the owner (the claims go with the set), whenScaled
 * Delete makes a condemned pod (ordinal beyond the replicas) the owner instead (the claim goes
 * with the pod). Retain (the default for both) leaves the claims unowned.
 */
import type { OwnerReference, PersistentVolumeClaim } from '@wheelhouse/api';
import {
  type DeepReadonly,
  type EventRecorder,
  type Lister,
  type RestClient,
  type Served,
  isAlreadyExists,
} from '@wheelhouse/client';
import { messageOf } from '../../workload/pod-control.js';
import type { CachedPod } from '../../workload/pod-status.js';
import { type CachedStatefulSet, claimName, inOrdinalRange, parentAndOrdinal } from './identity.js';

type CachedClaim = DeepReadonly<Served<PersistentVolumeClaim>>;

/** A controller reference (controller and blockOwnerDeletion true), as kube's metav1.NewControllerRef makes. */
const controllerRef = (apiVersion: string, kind: string, meta: { name: string; uid: string }): OwnerReference => ({
  apiVersion,
  kind,
  name: meta.name,
  uid: meta.uid,
  controller: true,
  blockOwnerDeletion: true,
});

/** Whether `ref` names the object (group, kind and name; any uid), as kube's matchesRef. */
function names(ref: DeepReadonly<OwnerReference>, group: string, kind: string, name: string): boolean {
  const apiVersion = ref.apiVersion ?? '';
  const refGroup = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  return refGroup === group && ref.kind === kind && ref.name === name;
}

/**
 * The owner references a claim should have under the set's retention policy, as kube 1.32's
 * updateClaimOwnerRefForSetAndPod: others' references kept, ours as controller references:
 * whenDeleted Delete makes the set the owner, whenScaled Delete makes a condemned pod (ordinal
 * beyond the replicas) the owner instead. A claim with a reference to an earlier set or pod of
 * the same name (another uid) is left as it is; one that another object controls gets no
 * reference of ours.
 */
export function desiredClaimOwners(
  claim: DeepReadonly<Pick<PersistentVolumeClaim, 'metadata'>>,
  set: CachedStatefulSet,
  pod: CachedPod | undefined,
): OwnerReference[] {
  const current = (claim.metadata?.ownerReferences ?? []).map((r) => ({ ...r }) as OwnerReference);
  const isSet = (r: DeepReadonly<OwnerReference>) => names(r, 'apps', 'StatefulSet', set.metadata.name);
  const isPod = (r: DeepReadonly<OwnerReference>) => !!pod && names(r, '', 'Pod', pod.metadata.name);
  const stale = current.some(
    (r) => (isSet(r) && r.uid !== set.metadata.uid) || (isPod(r) && r.uid !== pod?.metadata.uid),
  );
  if (stale) return current;
  const refs = current.filter((r) => !isSet(r) && !isPod(r));
  // kube's hasUnexpectedController: a controller reference that names neither the set nor the pod.
  if (refs.some((r) => r.controller)) return refs;
  const policy = set.spec?.persistentVolumeClaimRetentionPolicy;
  const scaledDown = !!pod && !inOrdinalRange(set, pod);
  if (policy?.whenScaled === 'Delete' && scaledDown) refs.push(controllerRef('v1', 'Pod', pod.metadata));
  else if (policy?.whenDeleted === 'Delete') refs.push(controllerRef('apps/v1', 'StatefulSet', set.metadata));
  return refs;
}

/** The claims of one ordinal, as the templates make them (no owners yet). */
export function claimsFor(set: CachedStatefulSet, ordinal: number): PersistentVolumeClaim[] {
  return (set.spec?.volumeClaimTemplates ?? []).map((t) => {
    const claim = structuredClone(t) as PersistentVolumeClaim;
    delete claim.status;
    const meta = (claim.metadata ??= {});
    meta.name = claimName(t.metadata?.name ?? '', set.metadata.name, ordinal);
    meta.namespace = set.metadata.namespace;
    meta.labels = { ...meta.labels, ...set.spec?.selector?.matchLabels };
    return claim;
  });
}

/** Writes a StatefulSet's claims, with kube's events. */
export class StatefulClaimControl {
  /** Writes through `client`, reads `claims`, records with `recorder`. */
  constructor(
    private readonly client: RestClient,
    private readonly claims: Lister<Served<PersistentVolumeClaim>>,
    private readonly recorder: EventRecorder,
  ) {}

  /** Creates the pod's missing claims; throws (after a FailedCreate event) when one cannot be created. */
  async createMissing(set: CachedStatefulSet, podName: string, ordinal: number): Promise<void> {
    const subject = { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: set.metadata };
    for (const claim of claimsFor(set, ordinal)) {
      const name = claim.metadata!.name!;
      if (this.claims.get(name, set.metadata.namespace)) continue;
      claim.metadata!.ownerReferences = desiredClaimOwners(claim, set, undefined);
      if (claim.metadata!.ownerReferences.length === 0) delete claim.metadata!.ownerReferences;
      try {
        await this.client.resource('persistentvolumeclaims').create(claim, { namespace: set.metadata.namespace! });
      } catch (err) {
        if (isAlreadyExists(err)) continue;
        const msg = `create Claim ${name} for Pod ${podName} in StatefulSet ${set.metadata.name} failed error: ${messageOf(err)}`;
        this.recorder.event(subject, 'Warning', 'FailedCreate', msg);
        throw err;
      }
      const msg = `create Claim ${name} Pod ${podName} in StatefulSet ${set.metadata.name} success`;
      this.recorder.event(subject, 'Normal', 'SuccessfulCreate', msg);
    }
  }

  /** Brings the owner references of every existing pod's claims in line with the retention policy. */
  async updateOwners(set: CachedStatefulSet, pods: readonly CachedPod[]): Promise<void> {
    for (const pod of pods) {
      const { ordinal } = parentAndOrdinal(pod);
      for (const template of claimsFor(set, ordinal)) {
        const claim: CachedClaim | undefined = this.claims.get(template.metadata!.name!, set.metadata.namespace);
        if (!claim) continue;
        const wanted = desiredClaimOwners(claim, set, pod);
        if (JSON.stringify(wanted) === JSON.stringify(claim.metadata.ownerReferences ?? [])) continue;
        await this.client
          .resource('persistentvolumeclaims')
          .patch(claim.metadata.name, [{ op: 'add', path: '/metadata/ownerReferences', value: wanted }], {
            namespace: set.metadata.namespace,
            type: 'json',
          });
      }
    }
  }
}
