/**
 * Matching PersistentVolumes to PersistentVolumeClaims as Kubernetes does
 * (component-helpers storage/volume: FindMatchingVolume, CheckNodeAffinity): a volume
 * matches a claim when it has the claim's class, volume mode and every access mode it asks
 * for, at least the requested storage, labels the claim's selector selects, and, for a given
 * node, node affinity that node satisfies. Used by the persistentvolume-binder and the
 * scheduler's VolumeBinding plugin.
 */
import type { DeepReadonly } from '@wheelhouse/machinery';
import { matchesLabels } from '@wheelhouse/machinery';
import type { Node } from '../schema/core-v1-node.js';
import type { PersistentVolume } from '../schema/core-v1-persistentvolume.js';
import type { PersistentVolumeClaim } from '../schema/core-v1-volume.js';
import { NodeSelectorMatcher } from '../scheduling/node-selector.js';
import { parseSelector } from '../util/selector.js';
import { quantityOf } from '../validation/resources.js';
import { BETA_STORAGE_CLASS_ANNOTATION } from './annotations.js';

type PV = DeepReadonly<PersistentVolume>;
type PVC = DeepReadonly<PersistentVolumeClaim>;
type NodeLike = DeepReadonly<Pick<Node, 'metadata'>>;

/** The class of a claim: the beta annotation when present, else spec.storageClassName ('' for none). */
export function claimClass(claim: PVC): string {
  return claim.metadata?.annotations?.[BETA_STORAGE_CLASS_ANNOTATION] ?? claim.spec?.storageClassName ?? '';
}

/** The class of a volume: the beta annotation when present, else spec.storageClassName ('' for none). */
export function volumeClass(pv: PV): string {
  return pv.metadata?.annotations?.[BETA_STORAGE_CLASS_ANNOTATION] ?? pv.spec?.storageClassName ?? '';
}

/** True when the volume has no node affinity or `node` satisfies its required terms (CheckNodeAffinity). */
export function volumeNodeAffinityMatches(pv: PV, node: NodeLike): boolean {
  const required = pv.spec?.nodeAffinity?.required;
  if (required === undefined) return true;
  return new NodeSelectorMatcher(required.nodeSelectorTerms ?? []).matches(node);
}

/** True when the volume's claimRef names this claim (and its uid, once set). */
export function isVolumeBoundToClaim(pv: PV, claim: PVC): boolean {
  const ref = pv.spec?.claimRef;
  if (ref === undefined) return false;
  if (ref.name !== claim.metadata?.name || ref.namespace !== claim.metadata?.namespace) return false;
  return !ref.uid || ref.uid === claim.metadata?.uid;
}

function accessModesFit(claim: PVC, pv: PV): boolean {
  const offered = pv.spec?.accessModes ?? [];
  return (claim.spec?.accessModes ?? []).every((m) => offered.includes(m));
}

function selectorFits(claim: PVC, pv: PV): boolean {
  const selector = claim.spec?.selector;
  if (selector === undefined) return true;
  const parsed = parseSelector(selector as Parameters<typeof parseSelector>[0]);
  return parsed !== undefined && matchesLabels(parsed, pv.metadata?.labels ?? {});
}

/** True when the volume could serve the claim, binding and node aside: class, volume mode, modes, size, selector. */
export function volumeFitsClaim(claim: PVC, pv: PV): boolean {
  if (volumeClass(pv) !== claimClass(claim)) return false;
  if (!volumeFitsClaimModes(claim, pv)) return false;
  if (!accessModesFit(claim, pv) || !selectorFits(claim, pv)) return false;
  const requested = quantityOf(claim.spec?.resources?.requests?.storage);
  const offered = quantityOf(pv.spec?.capacity?.storage);
  return requested !== undefined && offered !== undefined && offered.cmp(requested) >= 0;
}

/** Where a match is looked for: a node the volume must be usable on, and whether binding waits for a consumer. */
export interface MatchOptions {
  node?: NodeLike;
  /** The claim's class binds WaitForFirstConsumer: without a node only volumes prebound to the claim count. */
  delayBinding?: boolean;
}

/**
 * The volume to bind the claim to: one already bound (or prebound) to it, else the smallest
 * Available volume that fits it and is not claimed by another; undefined when none.
 */
export function findMatchingVolume<V extends PV>(
  claim: PVC,
  volumes: readonly V[],
  options: MatchOptions = {},
): V | undefined {
  let best: V | undefined;
  for (const pv of volumes) {
    if (pv.metadata?.deletionTimestamp) continue;
    const nodeOk = options.node === undefined || volumeNodeAffinityMatches(pv, options.node);
    if (isVolumeBoundToClaim(pv, claim)) return nodeOk && volumeFitsClaimModes(claim, pv) ? pv : undefined;
    if (options.node === undefined && options.delayBinding) continue;
    if (pv.spec?.claimRef !== undefined || pv.status?.phase !== 'Available' || !nodeOk) continue;
    if (!volumeFitsClaim(claim, pv)) continue;
    if (best === undefined || smaller(pv, best)) best = pv;
  }
  return best;
}

/** A volume prebound to the claim still needs the claim's volume mode (kube's checkVolumeModeMismatches). */
function volumeFitsClaimModes(claim: PVC, pv: PV): boolean {
  return (pv.spec?.volumeMode ?? 'Filesystem') === (claim.spec?.volumeMode ?? 'Filesystem');
}

function smaller(a: PV, b: PV): boolean {
  const qa = quantityOf(a.spec?.capacity?.storage);
  const qb = quantityOf(b.spec?.capacity?.storage);
  return qa !== undefined && qb !== undefined && qa.cmp(qb) < 0;
}
