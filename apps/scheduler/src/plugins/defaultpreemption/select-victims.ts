/**
 * The fewest, least important pods to remove from one node so the preemptor fits
 * (SelectVictimsOnNode): remove every lower-priority pod, check the fit, then add pods
 * back from the most important down — PDB-violating ones first — keeping each that still
 * lets the preemptor fit. Works on copies of the node and the cycle state.
 */
import type { Pod, PodDisruptionBudget } from '@wheelhouse/api';
import type { NodeInfo } from '../../cache/node-info.js';
import type { CycleState } from '../../framework/cycle-state.js';
import type { Handle } from '../../framework/handle.js';
import type { PodInfo } from '../../framework/pod-info.js';
import { asStatus, isSuccess, unresolvable, type Status } from '../../framework/status.js';
import { moreImportantPod } from './importance.js';
import { filterPodsWithPDBViolation } from './pdb.js';

/** The victims on a node (most important first) and how many of them violate a PDB. */
export interface Victims {
  readonly pods: Pod[];
  readonly numPDBViolations: number;
}

/** Victims, or the status explaining why this node cannot host the preemptor. */
export function selectVictimsOnNode(
  handle: Handle,
  state: CycleState,
  preemptor: PodInfo,
  nodeInfo: NodeInfo,
  pdbs: readonly PodDisruptionBudget[],
): Victims | Status {
  const remove = (pi: PodInfo) => {
    nodeInfo.removePod(pi.pod);
    return handle.runPreFilterExtensionRemovePod(state, preemptor, pi, nodeInfo);
  };
  const add = (pi: PodInfo) => {
    nodeInfo.addPodInfo(pi);
    return handle.runPreFilterExtensionAddPod(state, preemptor, pi, nodeInfo);
  };
  const potential = nodeInfo.pods.filter((pi) => pi.priority < preemptor.priority);
  for (const pi of potential) {
    const s = remove(pi);
    if (!isSuccess(s)) return s as Status;
  }
  if (potential.length === 0) return unresolvable('No preemption victims found for incoming pod');
  const fit = handle.runFilterPluginsWithNominatedPods(state, preemptor, nodeInfo);
  if (!isSuccess(fit)) return fit as Status;
  const now = handle.clock.now();
  potential.sort((a, b) => (moreImportantPod(a.pod, b.pod, now) ? -1 : moreImportantPod(b.pod, a.pod, now) ? 1 : 0));
  const [violating, nonViolating] = filterPodsWithPDBViolation(potential, pdbs);
  const victims: PodInfo[] = [];
  const reprieve = (pi: PodInfo): boolean | Status => {
    const s = add(pi);
    if (!isSuccess(s)) return s as Status;
    if (isSuccess(handle.runFilterPluginsWithNominatedPods(state, preemptor, nodeInfo))) return true;
    const r = remove(pi);
    if (!isSuccess(r)) return r as Status;
    victims.push(pi);
    return false;
  };
  let numPDBViolations = 0;
  for (const pi of violating) {
    const fits = reprieve(pi);
    if (typeof fits !== 'boolean') return fits;
    if (!fits) numPDBViolations++;
  }
  for (const pi of nonViolating) {
    const fits = reprieve(pi);
    if (typeof fits !== 'boolean') return fits;
  }
  if (violating.length > 0 && nonViolating.length > 0) {
    victims.sort((a, b) => (moreImportantPod(a.pod, b.pod, now) ? -1 : moreImportantPod(b.pod, a.pod, now) ? 1 : 0));
  }
  if (victims.length === 0) return asStatus(new Error(`expected at least one victim pod on node "${nodeInfo.name}"`));
  return { pods: victims.map((v) => v.pod), numPDBViolations };
}
