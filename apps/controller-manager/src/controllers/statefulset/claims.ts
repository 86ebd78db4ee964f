/**
 * A StatefulSet's PersistentVolumeClaims (kube's StatefulPodControl claims and
 * persistentVolumeClaimRetentionPolicy, StatefulSetAutoDeletePVC on as in 1.32): before a pod
 * is created, each volumeClaimTemplate's claim `<template>-<set>-<ordinal>` is created when
 * missing, labelled with the set's matchLabels; its owner references follow the policy:
 * whenDeleted Delete makes the set an owner (the claims go with the set), whenScaled Delete
 * makes a condemned pod (ordinal beyond the replicas) an owner (the claim goes with the pod).
 * Retain (the default for both) leaves the claims unowned.
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

const setRef = (set: CachedStatefulSet): OwnerReference => ({
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  name: set.metadata.name,
  uid: set.metadata.uid,
});

const podRef = (pod: CachedPod): OwnerReference => ({
  apiVersion: 'v1',
  kind: 'Pod',
  name: pod.metadata.name,
  uid: pod.metadata.uid,
});

/** The owner references a claim should have under the set's retention policy (others' references kept). */
export function desiredClaimOwners(
  claim: DeepReadonly<Pick<PersistentVolumeClaim, 'metadata'>>,
  set: CachedStatefulSet,
  pod: CachedPod | undefined,
): OwnerReference[] {
  const policy = set.spec?.persistentVolumeClaimRetentionPolicy;
  const ours = new Set([set.metadata.uid, pod?.metadata.uid]);
  const refs = (claim.metadata?.ownerReferences ?? []).filter((r) => !ours.has(r.uid)).map((r) => ({ ...r }));
  if (policy?.whenDeleted === 'Delete') refs.push(setRef(set));
  if (policy?.whenScaled === 'Delete' && pod && !inOrdinalRange(set, pod)) refs.push(podRef(pod));
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
