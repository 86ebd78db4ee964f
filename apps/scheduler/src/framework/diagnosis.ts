/**
 * Why a pod fits nowhere (framework.Diagnosis) and the FailedScheduling message built from
 * it exactly as kube-scheduler's FitError.Error does:
 * "0/N nodes are available: <PreFilterMsg>. | <count reason, ...>. [<PostFilterMsg>]".
 */
import type { NodeToStatus } from './node-to-status.js';
import type { Status } from './status.js';

/** The details of a failed scheduling attempt. */
export interface Diagnosis {
  nodeToStatus: NodeToStatus;
  /** Plugins that returned Unschedulable or UnschedulableAndUnresolvable. */
  unschedulablePlugins: Set<string>;
  /** Plugins that returned Pending. */
  pendingPlugins: Set<string>;
  /** The message of a rejecting PreFilter. */
  preFilterMsg: string;
  /** The message of the PostFilter plugins (preemption). */
  postFilterMsg: string;
}

/** Records the plugin of a rejecting status (Diagnosis.AddPluginStatus). */
export function addPluginStatus(d: Diagnosis, status: Status): void {
  if (status.plugin === '') return;
  if (status.isRejected()) d.unschedulablePlugins.add(status.plugin);
  if (status.code === 6) d.pendingPlugins.add(status.plugin);
}

/** Compares strings by UTF-16 code units, as Go's sort.Strings does for ASCII. */
function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** "count reason" for each distinct reason, sorted as strings (sortReasonsHistogram). */
export function reasonHistogram(statuses: NodeToStatus, numAllNodes: number): string[] {
  const counts = new Map<string, number>();
  for (const [, status] of statuses.entries()) {
    for (const r of status.reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  }
  const absentNodes = numAllNodes - statuses.size;
  if (absentNodes > 0) {
    for (const r of statuses.absentNodesStatus().reasons) counts.set(r, (counts.get(r) ?? 0) + absentNodes);
  }
  return [...counts].map(([reason, n]) => `${n} ${reason}`).sort(byCodeUnits);
}

/** The FailedScheduling message for a pod that fits on none of `numAllNodes` nodes. */
export function fitErrorMessage(numAllNodes: number, d: Diagnosis): string {
  let msg = `0/${numAllNodes} nodes are available:`;
  if (d.preFilterMsg !== '') {
    msg += ` ${d.preFilterMsg}.`;
  } else {
    const reasons = reasonHistogram(d.nodeToStatus, numAllNodes);
    if (reasons.length > 0) msg += ` ${reasons.join(', ')}.`;
  }
  if (d.postFilterMsg !== '') msg += ` ${d.postFilterMsg}`;
  return msg;
}

/** Why a scheduling cycle found no node (framework.FitError); its message is derived on demand. */
export class FitError {
  constructor(
    readonly numAllNodes: number,
    readonly diagnosis: Diagnosis,
  ) {}

  /** The FailedScheduling text; PostFilter fills diagnosis.postFilterMsg after the error is built. */
  message(): string {
    return fitErrorMessage(this.numAllNodes, this.diagnosis);
  }
}

/** An empty diagnosis over `nodeToStatus`. */
export function newDiagnosis(nodeToStatus: NodeToStatus): Diagnosis {
  return {
    nodeToStatus,
    unschedulablePlugins: new Set(),
    pendingPlugins: new Set(),
    preFilterMsg: '',
    postFilterMsg: '',
  };
}
