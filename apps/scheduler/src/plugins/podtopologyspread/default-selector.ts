/**
 * The selector default spreading uses (helper.DefaultSelector): the labels selected by the
 * services matching the pod, plus the selector of its controlling ReplicaSet or StatefulSet.
 */
import type { Pod } from '@wheelhouse/api';
import { labelSelectorFromSet, labelSelectorOf, matchesLabels, type ParsedLabelSelector } from '@wheelhouse/machinery';
import type { ClusterListers } from '../../framework/handle.js';
import { parseSelector } from '../../framework/selector.js';

function serviceLabels(pod: Pod, listers: ClusterListers): Record<string, string> {
  const merged: Record<string, string> = {};
  for (const svc of listers.services(pod.metadata?.namespace ?? '')) {
    const sel = svc.spec?.selector;
    if (!sel || Object.keys(sel).length === 0) continue;
    if (matchesLabels(labelSelectorFromSet(sel), pod.metadata?.labels ?? {})) Object.assign(merged, sel);
  }
  return merged;
}

function ownerSelector(pod: Pod, listers: ClusterListers): ParsedLabelSelector | undefined {
  const owner = pod.metadata?.ownerReferences?.find((o) => o.controller);
  if (!owner || owner.apiVersion !== 'apps/v1') return undefined;
  const ns = pod.metadata?.namespace ?? '';
  const obj =
    owner.kind === 'ReplicaSet'
      ? listers.replicaSet(ns, owner.name ?? '')
      : owner.kind === 'StatefulSet'
        ? listers.statefulSet(ns, owner.name ?? '')
        : undefined;
  try {
    return obj ? parseSelector(obj.spec?.selector) : undefined;
  } catch {
    return undefined;
  }
}

/** The default selector of `pod`; it has no requirements when nothing selects the pod. */
export function defaultSelector(pod: Pod, listers: ClusterListers): ParsedLabelSelector {
  const base = labelSelectorFromSet(serviceLabels(pod, listers));
  const owner = ownerSelector(pod, listers);
  if (!owner || owner.matchesNothing) return base;
  return labelSelectorOf([...base.requirements, ...owner.requirements]);
}
