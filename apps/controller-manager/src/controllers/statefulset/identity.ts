/**
 * A StatefulSet pod's identity (kube's stateful_set_utils): name `<set>-<ordinal>`, the
 * pod-name and pod-index labels, hostname and subdomain, the claims of volumeClaimTemplates as
 * volumes, and the revision label.
 */
import type { Pod, PodTemplateSpec, StatefulSet, Volume } from '@wheelhouse/api';
import type { DeepReadonly, Served } from '@wheelhouse/client';
import { CONTROLLER_REVISION_HASH_LABEL } from '../../workload/history.js';
import { controllerRef, podFromTemplate } from '../../workload/pod-control.js';
import type { CachedPod } from '../../workload/pod-status.js';

/** A StatefulSet as cached. */
export type CachedStatefulSet = DeepReadonly<Served<StatefulSet>>;

/** The label with a StatefulSet pod's name. */
export const POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
/** The label with a StatefulSet pod's ordinal. */
export const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';

/** The first ordinal (spec.ordinals.start, default 0). */
export const startOrdinal = (set: CachedStatefulSet): number => set.spec?.ordinals?.start ?? 0;
/** spec.replicas (default 1). */
export const replicasOf = (set: CachedStatefulSet): number => set.spec?.replicas ?? 1;
/** The last ordinal of the current replicas. */
export const endOrdinal = (set: CachedStatefulSet): number => startOrdinal(set) + replicasOf(set) - 1;

/** `<set>-<ordinal>`. */
export const podName = (setName: string, ordinal: number): string => `${setName}-${ordinal}`;

/** The parent name and ordinal a pod's name encodes; ordinal -1 when it encodes none. */
export function parentAndOrdinal(pod: DeepReadonly<{ metadata?: { name?: string } }>): {
  parent: string;
  ordinal: number;
} {
  const m = /^(.*)-([0-9]+)$/.exec(pod.metadata?.name ?? '');
  if (!m) return { parent: '', ordinal: -1 };
  const ordinal = Number(m[2]);
  return Number.isSafeInteger(ordinal) && ordinal < 2 ** 31 ? { parent: m[1]!, ordinal } : { parent: '', ordinal: -1 };
}

/** True when the pod's name says it belongs to `set` (kube's isMemberOf). */
export const isMemberOf = (set: CachedStatefulSet, pod: CachedPod): boolean =>
  parentAndOrdinal(pod).parent === set.metadata.name;

/** True when the pod's ordinal is one of the set's current ordinals. */
export function inOrdinalRange(set: CachedStatefulSet, pod: CachedPod): boolean {
  const { ordinal } = parentAndOrdinal(pod);
  return ordinal >= startOrdinal(set) && ordinal <= endOrdinal(set);
}

/** The revision a pod was made from (its controller-revision-hash label: the revision's name). */
export const podRevision = (pod: CachedPod | Pod): string =>
  pod.metadata?.labels?.[CONTROLLER_REVISION_HASH_LABEL] ?? '';

/** The claim name of a volumeClaimTemplate for an ordinal: `<template>-<set>-<ordinal>`. */
export const claimName = (template: string, setName: string, ordinal: number): string =>
  `${template}-${setName}-${ordinal}`;

/** True when name, namespace and identity labels are the set's for the pod's ordinal (kube's identityMatches). */
export function identityMatches(set: CachedStatefulSet, pod: CachedPod): boolean {
  const { parent, ordinal } = parentAndOrdinal(pod);
  return (
    ordinal >= 0 &&
    parent === set.metadata.name &&
    pod.metadata.namespace === set.metadata.namespace &&
    pod.metadata.labels?.[POD_NAME_LABEL] === pod.metadata.name &&
    pod.metadata.labels?.[POD_INDEX_LABEL] === String(ordinal)
  );
}

/** The pod of `ordinal` for a set with `template` (kube's newStatefulSetPod + setPodRevision). */
export function newStatefulSetPod(
  set: CachedStatefulSet,
  template: DeepReadonly<PodTemplateSpec> | undefined,
  ordinal: number,
  revision: string,
): Pod {
  const name = podName(set.metadata.name, ordinal);
  const pod = podFromTemplate(template, set.metadata.namespace ?? '', '', controllerRef(set, 'apps/v1', 'StatefulSet'));
  delete pod.metadata!.generateName;
  pod.metadata!.name = name;
  pod.metadata!.labels = {
    ...(pod.metadata!.labels ?? {}),
    [POD_NAME_LABEL]: name,
    [POD_INDEX_LABEL]: String(ordinal),
    [CONTROLLER_REVISION_HASH_LABEL]: revision,
  };
  const spec = pod.spec!;
  spec.hostname = name;
  if (set.spec?.serviceName) spec.subdomain = set.spec.serviceName;
  const templates = set.spec?.volumeClaimTemplates ?? [];
  if (templates.length > 0) {
    const names = new Set(templates.map((t) => t.metadata?.name ?? ''));
    const claims: Volume[] = templates.map((t) => ({
      name: t.metadata?.name ?? '',
      persistentVolumeClaim: { claimName: claimName(t.metadata?.name ?? '', set.metadata.name, ordinal) },
    }));
    spec.volumes = [...claims, ...(spec.volumes ?? []).filter((v) => !names.has(v.name ?? ''))];
  }
  return pod;
}
