/**
 * The scheduling cycle of one pod (schedulingCycle): decide the node on a fresh snapshot,
 * run PostFilter (preemption) when none fits, then assume the pod on the node (the next
 * cycle sees its resources taken), Reserve and Permit.
 */
import type { Pod } from '@wheelhouse/api';
import type { Snapshot } from '../cache/snapshot.js';
import type { CycleState } from '../framework/cycle-state.js';
import { FitError, newDiagnosis } from '../framework/diagnosis.js';
import { NodeToStatus } from '../framework/node-to-status.js';
import { newPodInfo, type PodInfo } from '../framework/pod-info.js';
import type { Framework } from '../framework/runtime.js';
import { schedulePod, type FilterCursor } from '../framework/schedule-pod.js';
import { asStatus, Code, isSuccess, Status } from '../framework/status.js';
import type { LoopDeps } from './deps.js';
import type { Failure } from './failure.js';

/** A placement to bind. */
export interface Placement {
  readonly host: string;
  readonly assumed: PodInfo;
}

const CLEAR = { nominatedNodeName: '' };

function rejectedOnHost(host: string, s: Status): Failure {
  if (!s.isRejected()) return { status: s, nominating: CLEAR };
  const statuses = new NodeToStatus();
  statuses.set(host, s);
  const d = newDiagnosis(statuses);
  if (s.plugin) d.unschedulablePlugins.add(s.plugin);
  return { status: new Status(s.code), fitError: new FitError(1, d), nominating: CLEAR };
}

async function noFit(fwk: Framework, state: CycleState, pod: PodInfo, fitError: FitError): Promise<Failure> {
  const status = new Status(Code.Unschedulable);
  if (!fwk.hasPostFilterPlugins()) return { status, fitError, nominating: CLEAR };
  const post = await fwk.runPostFilterPlugins(state, pod, fitError.diagnosis.nodeToStatus);
  fitError.diagnosis.postFilterMsg = post.status?.message() ?? '';
  return { status, fitError, ...(post.result ? { nominating: post.result } : {}) };
}

function assume(d: LoopDeps, pod: PodInfo, host: string): PodInfo | Failure {
  const assumedPod: Pod = { ...pod.pod, spec: { ...pod.pod.spec, nodeName: host } };
  try {
    d.cache.assumePod(assumedPod);
  } catch (err) {
    return { status: asStatus(err), nominating: CLEAR };
  }
  d.queue.addNominatedPod(assumedPod, CLEAR);
  return newPodInfo(assumedPod);
}

/** Runs the cycle; a Placement to bind, or the Failure to handle. */
export async function schedulingCycle(
  d: LoopDeps,
  fwk: Framework,
  state: CycleState,
  pod: PodInfo,
  ctx: { snapshot: Snapshot; cursor: FilterCursor },
): Promise<Placement | Failure> {
  d.cache.updateSnapshot(ctx.snapshot);
  fwk.setSnapshot(ctx.snapshot);
  const start = performance.now();
  const r = schedulePod(
    { fwk, state, snapshot: ctx.snapshot, cursor: ctx.cursor, percentageOfNodesToScore: d.percentageOfNodesToScore },
    pod,
  );
  d.metrics.algorithm((performance.now() - start) / 1000);
  if (r.kind === 'error') return { status: r.status, nominating: CLEAR };
  if (r.kind === 'unschedulable') return noFit(fwk, state, pod, r.fitError);
  const assumed = assume(d, pod, r.host);
  if (!('pod' in assumed)) return assumed;
  const reserved = fwk.runReservePluginsReserve(state, assumed, r.host);
  const permitted = isSuccess(reserved) ? fwk.runPermitPlugins(state, assumed, r.host) : reserved;
  if (isSuccess(permitted) || permitted?.code === Code.Wait) return { host: r.host, assumed };
  fwk.runReservePluginsUnreserve(state, assumed, r.host);
  d.cache.forgetPod(assumed.pod);
  return rejectedOnHost(r.host, permitted as Status);
}

/** True for a Placement. */
export function isPlacement(x: Placement | Failure): x is Placement {
  return 'host' in x;
}
