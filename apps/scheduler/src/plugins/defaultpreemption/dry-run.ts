/**
 * The preemption dry run (DryRunPreemption): victims are selected on copies of the
 * potential nodes, starting at a random offset, until enough candidates are found (at
 * least one that violates no PDB). Candidates without PDB violations come first.
 */
import type { PodDisruptionBudget } from '@wheelhouse/api';
import type { NodeInfo } from '../../cache/node-info.js';
import type { CycleState } from '../../framework/cycle-state.js';
import type { Handle } from '../../framework/handle.js';
import { NodeToStatus } from '../../framework/node-to-status.js';
import type { PodInfo } from '../../framework/pod-info.js';
import { Code, Status } from '../../framework/status.js';
import { selectVictimsOnNode, type Victims } from './select-victims.js';

/** A node where the preemptor fits once its victims are gone. */
export interface Candidate {
  readonly name: string;
  readonly victims: Victims;
}

/** What the dry run found: candidates and the statuses of the nodes that are not. */
export interface DryRunResult {
  readonly candidates: Candidate[];
  readonly statuses: NodeToStatus;
  readonly errors: Error[];
}

/** Runs the dry run over `potential` nodes from `offset`, stopping after `wanted` candidates. */
export function dryRunPreemption(
  handle: Handle,
  state: CycleState,
  preemptor: PodInfo,
  potential: readonly NodeInfo[],
  pdbs: readonly PodDisruptionBudget[],
  offset: number,
  wanted: number,
): DryRunResult {
  const nonViolating: Candidate[] = [];
  const violating: Candidate[] = [];
  const statuses = new NodeToStatus();
  const errors: Error[] = [];
  for (let i = 0; i < potential.length; i++) {
    if (nonViolating.length > 0 && nonViolating.length + violating.length >= wanted) break;
    const node = (potential[(offset + i) % potential.length] as NodeInfo).snapshot();
    const r = selectVictimsOnNode(handle, state.clone(), preemptor, node, pdbs);
    if (r instanceof Status) {
      if (r.code === Code.Error) errors.push(r.asError());
      statuses.set(node.name, r);
      continue;
    }
    (r.numPDBViolations === 0 ? nonViolating : violating).push({ name: node.name, victims: r });
  }
  return { candidates: [...nonViolating.slice(0, wanted), ...violating.slice(0, wanted)], statuses, errors };
}
