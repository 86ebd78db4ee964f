/**
 * A Deployment's ReplicaSets: kube's deployment/util helpers over them (which is new, which are
 * old, counts, orders, revisions).
 */
import type { Deployment, PodTemplateSpec, ReplicaSet } from '@wheelhouse/api';
import type { DeepReadonly, Served } from '@wheelhouse/client';
import { timeOf } from '../../workload/pod-status.js';
import { canonicalJson } from '../../workload/template-hash.js';

/** A ReplicaSet as the controller handles it (cached or just written). */
export type RS = DeepReadonly<Served<ReplicaSet>>;
/** A Deployment as the controller reads it. */
export type DeploymentLike = DeepReadonly<Deployment>;

/** The label that ties a ReplicaSet and its pods to one template (kube's DefaultDeploymentUniqueLabelKey). */
export const POD_TEMPLATE_HASH_LABEL = 'pod-template-hash';
/** The revision of a ReplicaSet (and of its Deployment: the newest one's). */
export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';
/** Earlier revisions of a ReplicaSet that was rolled back to. */
export const REVISION_HISTORY_ANNOTATION = 'deployment.kubernetes.io/revision-history';
/** The Deployment's replicas when the ReplicaSet was last scaled. */
export const DESIRED_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/desired-replicas';
/** The Deployment's replicas plus maxSurge when the ReplicaSet was last scaled. */
export const MAX_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/max-replicas';

/** spec.replicas of a ReplicaSet (defaulted to 1). */
export const replicasOf = (rs: RS | undefined): number => rs?.spec?.replicas ?? 1;

/** True when `rs` has replicas to run (kube's FilterActiveReplicaSets). */
export const isActive = (rs: RS | undefined): rs is RS => rs !== undefined && replicasOf(rs) > 0;

/** The revision annotation as a number; 0 when absent or malformed. */
export function revisionOf(obj: DeepReadonly<{ metadata?: { annotations?: Record<string, string> } }>): number {
  const raw = obj.metadata?.annotations?.[REVISION_ANNOTATION];
  return raw !== undefined && /^\d+$/.test(raw) ? Number(raw) : 0;
}

/** The highest revision among `list` (kube's MaxRevision). */
export function maxRevision(list: readonly RS[]): number {
  return list.reduce((m, rs) => Math.max(m, revisionOf(rs)), 0);
}

function created(rs: RS): number {
  return timeOf(rs.metadata.creationTimestamp) ?? 0;
}

/** Oldest first; ties by name (kube's ReplicaSetsByCreationTimestamp). */
export function byCreation(a: RS, b: RS): number {
  const d = created(a) - created(b);
  if (d !== 0) return d;
  return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
}

/** Largest first; ties oldest first (kube's ReplicaSetsBySizeOlder). */
export function bySizeOlder(a: RS, b: RS): number {
  return replicasOf(b) - replicasOf(a) || byCreation(a, b);
}

/** Largest first; ties newest first (kube's ReplicaSetsBySizeNewer). */
export function bySizeNewer(a: RS, b: RS): number {
  return replicasOf(b) - replicasOf(a) || byCreation(b, a);
}

/** Lowest revision first; ties oldest first (kube's ReplicaSetsByRevision). */
export function byRevision(a: RS, b: RS): number {
  return revisionOf(a) - revisionOf(b) || byCreation(a, b);
}

/** The template without the pod-template-hash label, with empty maps and lists dropped (Semantic.DeepEqual treats them as absent). */
function normalizedTemplate(t: DeepReadonly<PodTemplateSpec> | undefined): string {
  const copy = structuredClone(t ?? {}) as PodTemplateSpec;
  if (copy.metadata?.labels) delete copy.metadata.labels[POD_TEMPLATE_HASH_LABEL];
  return canonicalJson(dropEmpty(copy));
}

function dropEmpty(v: unknown): unknown {
  if (Array.isArray(v)) return v.length === 0 ? undefined : v.map(dropEmpty);
  if (v === null || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    const y = dropEmpty(x);
    if (y !== undefined) out[k] = y;
  }
  return Object.keys(out).length === 0 ? undefined : out;
}

/** True when two templates are equal apart from the pod-template-hash label (kube's EqualIgnoreHash). */
export function equalIgnoreHash(
  a: DeepReadonly<PodTemplateSpec> | undefined,
  b: DeepReadonly<PodTemplateSpec> | undefined,
): boolean {
  return normalizedTemplate(a) === normalizedTemplate(b);
}

/** The oldest ReplicaSet whose template is the Deployment's (kube's FindNewReplicaSet). */
export function findNewReplicaSet(d: DeploymentLike, list: readonly RS[]): RS | undefined {
  return [...list].sort(byCreation).find((rs) => equalIgnoreHash(rs.spec?.template, d.spec?.template));
}

/** Every ReplicaSet but the new one (kube's FindOldReplicaSets, all of them). */
export function findOldReplicaSets(d: DeploymentLike, list: readonly RS[]): RS[] {
  const fresh = findNewReplicaSet(d, list);
  return list.filter((rs) => rs.metadata.uid !== fresh?.metadata.uid);
}

/** Sum of spec.replicas. */
export const specReplicaCount = (list: readonly (RS | undefined)[]): number =>
  list.reduce((n, rs) => n + (rs ? replicasOf(rs) : 0), 0);
/** Sum of status.replicas (kube's GetActualReplicaCountForReplicaSets). */
export const actualReplicaCount = (list: readonly (RS | undefined)[]): number =>
  list.reduce((n, rs) => n + (rs?.status?.replicas ?? 0), 0);
/** Sum of status.readyReplicas. */
export const readyReplicaCount = (list: readonly (RS | undefined)[]): number =>
  list.reduce((n, rs) => n + (rs?.status?.readyReplicas ?? 0), 0);
/** Sum of status.availableReplicas. */
export const availableReplicaCount = (list: readonly (RS | undefined)[]): number =>
  list.reduce((n, rs) => n + (rs?.status?.availableReplicas ?? 0), 0);

/** An integer annotation of `rs`, if present and well-formed. */
export function intAnnotation(rs: RS, key: string): number | undefined {
  const raw = rs.metadata.annotations?.[key];
  return raw !== undefined && /^-?\d+$/.test(raw) ? Number(raw) : undefined;
}
