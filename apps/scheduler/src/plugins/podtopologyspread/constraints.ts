/**
 * Spread constraints as the plugin uses them (topologySpreadConstraint): parsed selector
 * (with matchLabelKeys merged in), minDomains, and the node inclusion policies.
 */
import {
  type Node,
  type Pod,
  type TopologySpreadConstraint,
  type RequiredNodeAffinity,
  doNotScheduleTaint,
  findUntoleratedTaint,
} from '@wheelhouse/api';
import {
  isEmptyLabelSelector,
  labelRequirement,
  labelSelectorOf,
  matchesLabels,
  type ParsedLabelSelector,
} from '@wheelhouse/machinery';
import type { NodeInfo } from '../../cache/node-info.js';
import type { PodInfo } from '../../framework/pod-info.js';
import { parseSelector } from '../../framework/selector.js';
import type { ClusterListers } from '../../framework/handle.js';
import { defaultSelector } from './default-selector.js';

/** A parsed constraint. */
export interface Constraint {
  readonly maxSkew: number;
  readonly topologyKey: string;
  readonly selector: ParsedLabelSelector;
  readonly minDomains: number;
  readonly nodeAffinityPolicy: string;
  readonly nodeTaintsPolicy: string;
}

function withMatchLabelKeys(
  selector: ParsedLabelSelector,
  keys: readonly string[],
  labels: Record<string, string>,
): ParsedLabelSelector {
  const reqs = keys.filter((k) => labels[k] !== undefined).map((k) => labelRequirement(k, 'in', [labels[k] as string]));
  if (reqs.length === 0) return selector;
  return labelSelectorOf([...reqs, ...selector.requirements]);
}

/** The constraints of `action` (DoNotSchedule or ScheduleAnyway). Throws on an invalid selector. */
export function filterConstraints(
  constraints: readonly TopologySpreadConstraint[],
  podLabels: Record<string, string>,
  action: string,
): Constraint[] {
  return constraints
    .filter((c) => c.whenUnsatisfiable === action)
    .map((c) => ({
      maxSkew: c.maxSkew ?? 1,
      topologyKey: c.topologyKey ?? '',
      selector: withMatchLabelKeys(parseSelector(c.labelSelector), c.matchLabelKeys ?? [], podLabels),
      minDomains: c.minDomains ?? 1,
      nodeAffinityPolicy: c.nodeAffinityPolicy ?? 'Honor',
      nodeTaintsPolicy: c.nodeTaintsPolicy ?? 'Ignore',
    }));
}

/** The pod's own constraints of `action`, else the default ones with the pod's default selector. */
export function podConstraints(
  pod: Pod,
  defaults: readonly TopologySpreadConstraint[],
  listers: ClusterListers,
  action: string,
): Constraint[] {
  const labels = pod.metadata?.labels ?? {};
  const own = pod.spec?.topologySpreadConstraints ?? [];
  if (own.length > 0) return filterConstraints(own, labels, action);
  const constraints = filterConstraints(defaults, labels, action);
  if (constraints.length === 0) return [];
  const selector = defaultSelector(pod, listers);
  if (isEmptyLabelSelector(selector)) return [];
  return constraints.map((c) => ({ ...c, selector }));
}

/** True when the node has every constraint's topology key. */
export function nodeHasAllKeys(node: Node, constraints: readonly Constraint[]): boolean {
  const labels = node.metadata?.labels ?? {};
  return constraints.every((c) => labels[c.topologyKey] !== undefined);
}

/** Whether the node counts for the constraint under its nodeAffinityPolicy and nodeTaintsPolicy. */
export function matchesInclusionPolicies(c: Constraint, pod: Pod, node: Node, required: RequiredNodeAffinity): boolean {
  if (c.nodeAffinityPolicy === 'Honor' && !required.matches(node)) return false;
  if (
    c.nodeTaintsPolicy === 'Honor' &&
    findUntoleratedTaint(node.spec?.taints, pod.spec?.tolerations, doNotScheduleTaint)
  ) {
    return false;
  }
  return true;
}

/** Pods in `namespace` matching the selector, not terminating. */
function countMatching(pods: readonly PodInfo[], selector: ParsedLabelSelector, namespace: string): number {
  let n = 0;
  for (const p of pods) {
    const m = p.pod.metadata;
    if (m?.deletionTimestamp || m?.namespace !== namespace) continue;
    if (matchesLabels(selector, m.labels ?? {})) n++;
  }
  return n;
}

/** Each selector's count keys by namespace, made once per selector object. */
const countKeys = new WeakMap<ParsedLabelSelector, Map<string, string>>();

/** The key {@link countMatchingOn} remembers a count under: a caller counting on many nodes takes it once. */
export function countKey(selector: ParsedLabelSelector, namespace: string): string {
  let byNamespace = countKeys.get(selector);
  if (byNamespace === undefined) countKeys.set(selector, (byNamespace = new Map()));
  let key = byNamespace.get(namespace);
  if (key === undefined) byNamespace.set(namespace, (key = `${namespace}\u0000${JSON.stringify(selector)}`));
  return key;
}

/**
 * {@link countMatching} over the node's pods, remembered on the node (NodeInfo.labelCounts)
 * per namespace and selector until the node's pods change in what a count reads (a status
 * change does not). Every pod of a Deployment has the same (default) spread selector, so
 * scheduling them one after another recounts only the nodes that changed in between, instead
 * of every pod of every node for each pod (kube-scheduler recounts, on 16 goroutines). It is
 * called for every node and constraint of each pod scheduled, so it is kept to two lookups.
 */
export function countMatchingOn(
  node: NodeInfo,
  selector: ParsedLabelSelector,
  namespace: string,
  key = countKey(selector, namespace),
): number {
  let memo = node.labelCounts;
  if (memo === undefined || memo.generation !== node.labelsGeneration) {
    memo = node.labelCounts = { generation: node.labelsGeneration, counts: new Map() };
  }
  let n = memo.counts.get(key);
  if (n === undefined) {
    n = countMatching(node.pods, selector, namespace);
    memo.counts.set(key, n);
  }
  return n;
}
