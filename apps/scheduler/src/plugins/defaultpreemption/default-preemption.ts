/**
 * DefaultPreemption (PostFilter): when a pod fits nowhere, find the node where evicting
 * the fewest and least important lower-priority pods (respecting PodDisruptionBudgets
 * where possible) makes it fit; mark and delete those victims, clear the nominations of
 * lower-priority pods on that node, and nominate the node for the preemptor.
 */
import type { Pod } from '@wheelhouse/api';
import { isNotFound } from '@wheelhouse/client';
import type { CycleState } from '../../framework/cycle-state.js';
import { FitError, newDiagnosis } from '../../framework/diagnosis.js';
import type { Handle } from '../../framework/handle.js';
import type { PostFilterPlugin, PostFilterResult } from '../../framework/interfaces.js';
import { NodeToStatus } from '../../framework/node-to-status.js';
import { newPodInfo, podKey, type PodInfo } from '../../framework/pod-info.js';
import type { PluginFactory } from '../../framework/registry.js';
import { asStatus, Code, Status, unresolvable, unschedulable, type StatusResult } from '../../framework/status.js';
import { Names } from '../names.js';
import { DefaultPreemptionArgsSchema, numCandidates, type DefaultPreemptionArgs } from './args.js';
import { dryRunPreemption, type Candidate } from './dry-run.js';
import { notEligibleReason } from './eligibility.js';
import { pickOneNodeForPreemption } from './pick-node.js';

type Outcome = { result?: PostFilterResult; status: StatusResult };

/** The DefaultPreemption plugin. */
export class DefaultPreemption implements PostFilterPlugin {
  readonly name = Names.DefaultPreemption;

  constructor(
    private readonly args: DefaultPreemptionArgs,
    private readonly handle: Handle,
  ) {}

  async postFilter(state: CycleState, pod: PodInfo, statuses: NodeToStatus): Promise<Outcome> {
    this.handle.metrics.preemptionAttempted();
    const { result, status } = await this.preempt(state, pod, statuses);
    const msg = status?.message() ?? '';
    if (msg === '') return { result, status };
    return { result, status: new Status((status as Status).code, [`preemption: ${msg}`]) };
  }

  private async preempt(state: CycleState, podIn: PodInfo, statuses: NodeToStatus): Promise<Outcome> {
    const m = podIn.pod.metadata;
    const latest = this.handle.listers.pod(m?.namespace ?? '', m?.name ?? '');
    if (!latest) return { status: asStatus(new Error(`pods "${m?.name}" not found`)) };
    const pod = latest === podIn.pod ? podIn : newPodInfo(latest);
    const snapshot = this.handle.snapshot();
    const reason = notEligibleReason(pod.pod, snapshot, statuses.get(pod.pod.status?.nominatedNodeName ?? ''));
    if (reason) return { status: unschedulable(reason) };
    const all = snapshot.list();
    const potential = statuses.nodesForStatusCode(all, Code.Unschedulable);
    const found = potential.length === 0 ? undefined : this.findCandidates(state, pod, potential);
    if (found && found.candidates.length === 0 && found.errors.length > 0) return { status: asStatus(found.errors[0]) };
    if (!found || found.candidates.length === 0) {
      const nodeStatuses = found?.statuses ?? new NodeToStatus();
      nodeStatuses.setAbsentNodesStatus(unresolvable('Preemption is not helpful for scheduling'));
      const fit = new FitError(all.length, newDiagnosis(nodeStatuses));
      return { result: { nominatedNodeName: '' }, status: unschedulable(fit.message()) };
    }
    const best = this.selectCandidate(found.candidates);
    const prepared = await this.prepareCandidate(best, pod.pod);
    if (prepared) return { status: prepared };
    return { result: { nominatedNodeName: best.name }, status: undefined };
  }

  private findCandidates(state: CycleState, pod: PodInfo, potential: ReturnType<NodeToStatus['nodesForStatusCode']>) {
    const pdbs = this.handle.listers.podDisruptionBudgets();
    const offset = Math.floor(this.handle.random() * potential.length);
    const wanted = numCandidates(this.args, potential.length);
    return dryRunPreemption(this.handle, state, pod, potential, pdbs, offset, wanted);
  }

  private selectCandidate(candidates: Candidate[]): Candidate {
    if (candidates.length === 1) return candidates[0] as Candidate;
    const byName = new Map(candidates.map((c) => [c.name, c.victims]));
    const name = pickOneNodeForPreemption(byName, this.handle.clock.now());
    return candidates.find((c) => c.name === name) ?? (candidates[0] as Candidate);
  }

  /** Evicts the victims and clears lower-priority nominations on the node; an Error status on API failure. */
  private async prepareCandidate(c: Candidate, preemptor: Pod): Promise<StatusResult> {
    try {
      await Promise.all(
        c.victims.pods.filter((v) => !v.metadata?.deletionTimestamp).map((v) => this.preemptPod(c.name, preemptor, v)),
      );
    } catch (err) {
      return asStatus(err);
    }
    this.handle.metrics.preemptionVictims(c.victims.pods.length);
    const prio = preemptor.spec?.priority ?? 0;
    const lower = this.handle.nominator.nominatedPodsForNode(c.name).filter((p) => p.priority < prio);
    await Promise.all(
      lower.map((p) => this.handle.writer.patchPodStatus(p.pod, { nominatedNodeName: '' }).catch(() => undefined)),
    );
    return undefined;
  }

  private async preemptPod(node: string, preemptor: Pod, victim: Pod): Promise<void> {
    const waiting = this.handle.waitingPod(podKey(victim));
    if (waiting) {
      waiting.reject(this.name, 'preempted');
    } else {
      const condition = {
        type: 'DisruptionTarget',
        status: 'True',
        reason: 'PreemptionByScheduler',
        message: `${preemptor.spec?.schedulerName ?? ''}: preempting to accommodate a higher priority pod`,
      };
      await ignoreNotFound(this.handle.writer.patchPodStatus(victim, { conditions: [condition] }));
      await ignoreNotFound(this.handle.writer.deletePod(victim));
    }
    const msg = `Preempted by pod ${preemptor.metadata?.uid ?? ''} on node ${node}`;
    this.handle.events.event(victim, 'Normal', 'Preempted', 'Preempting', msg, preemptor);
  }
}

async function ignoreNotFound(p: Promise<void>): Promise<void> {
  try {
    await p;
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
}

/** Factory for the registry; validates DefaultPreemptionArgs. */
export const newDefaultPreemption: PluginFactory = (args, handle) =>
  new DefaultPreemption(DefaultPreemptionArgsSchema.parse(args ?? {}), handle);
