/**
 * VolumeBinding (PreFilter, Filter, Reserve, PreBind), as kube-scheduler's: a pod whose
 * claims are missing, being deleted, or unbound with an Immediate class is unschedulable;
 * bound volumes' node affinity filters nodes; a WaitForFirstConsumer claim needs, on the
 * node, a matching Available volume or a class that provisions. Reserve picks, per such
 * claim, the volume to prebind or provisioning; PreBind writes that (the volume's claimRef,
 * or the claim's volume.kubernetes.io/selected-node annotation) and waits until the
 * persistentvolume-binder has bound every claim (kube's --bind-timeout-seconds, 600 s).
 */
import {
  BIND_COMPLETED_ANNOTATION,
  claimClass,
  findMatchingVolume,
  isVolumeBoundToClaim,
  podClaimNames,
  volumeFitsClaim,
  volumeNodeAffinityMatches,
  type PersistentVolume,
  type PersistentVolumeClaim,
  type StorageClass,
} from '@wheelhouse/api';
import { sleep } from '@wheelhouse/client';
import { jsonEqual } from '@wheelhouse/machinery';
import type { NodeInfo } from '../../cache/node-info.js';
import type { CycleState, StateData } from '../../framework/cycle-state.js';
import type { Handle, StorageListers } from '../../framework/handle.js';
import { Action, type ClusterEventWithHint } from '../../framework/events.js';
import type {
  EnqueueExtensions,
  FilterPlugin,
  PreBindPlugin,
  PreFilterPlugin,
  ReservePlugin,
} from '../../framework/interfaces.js';
import type { PodInfo } from '../../framework/pod-info.js';
import type { PluginFactory } from '../../framework/registry.js';
import { Code, newStatus, skip, unresolvable, type Status, type StatusResult } from '../../framework/status.js';
import { Names } from '../names.js';

/** kube-scheduler's reasons. */
export const ERR_REASON_UNBOUND_IMMEDIATE = 'pod has unbound immediate PersistentVolumeClaims';
export const ERR_REASON_NODE_CONFLICT = 'node(s) had volume node affinity conflict';
export const ERR_REASON_BIND_CONFLICT = "node(s) didn't find available persistent volumes to bind";
export const ERR_REASON_PV_NOT_EXIST = 'node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)';

/** kube-scheduler's default --bind-timeout-seconds, in ms. */
export const BIND_TIMEOUT_MS = 600_000;
const POLL_MS = 100;
const NO_PROVISIONER = 'kubernetes.io/no-provisioner';
const STATE_KEY = 'PreFilterVolumeBinding';

interface Decision {
  claim: PersistentVolumeClaim;
  volume?: PersistentVolume;
}

/** A WaitForFirstConsumer claim: the volumes that could serve it on some node, and whether its class provisions. */
interface DelayedClaim {
  claim: PersistentVolumeClaim;
  candidates: readonly PersistentVolume[];
  provisions: boolean;
}

class PodVolumes implements StateData {
  decisions: Decision[] = [];
  constructor(
    readonly bound: readonly PersistentVolume[],
    /** Some bound claim names a volume that does not exist. */
    readonly boundMissing: boolean,
    readonly delayed: readonly DelayedClaim[],
  ) {}
  clone(): StateData {
    return this;
  }
}

function isBound(claim: PersistentVolumeClaim): boolean {
  return !!claim.spec?.volumeName;
}

/** The volumes findMatchingVolume could pick for the claim on some node (the node-independent checks, done once). */
function candidateVolumes(claim: PersistentVolumeClaim, all: readonly PersistentVolume[]): PersistentVolume[] {
  return all.filter(
    (pv) =>
      !pv.metadata?.deletionTimestamp &&
      (isVolumeBoundToClaim(pv, claim) ||
        (!pv.spec?.claimRef && pv.status?.phase === 'Available' && volumeFitsClaim(claim, pv))),
  );
}

/** See the module comment. */
export class VolumeBinding implements PreFilterPlugin, FilterPlugin, ReservePlugin, PreBindPlugin, EnqueueExtensions {
  readonly name = Names.VolumeBinding;

  constructor(private readonly handle: Handle) {}

  private get storage(): StorageListers | undefined {
    return this.handle.listers.storage?.();
  }

  /** kube's events: claims (the pod's own) and volumes added or updated, classes added or with new allowedTopologies, nodes added or relabelled. */
  eventsToRegister(): ClusterEventWithHint[] {
    const addOrUpdate = Action.Add | Action.UpdateOther;
    return [
      {
        // A new class, or one whose allowedTopologies changed (volumeBindingMode cannot change).
        event: { resource: 'StorageClass', actionType: addOrUpdate },
        hint: (_pod, old, sc) => {
          const topologies = (c: unknown) => (c as StorageClass | undefined)?.allowedTopologies ?? [];
          return old === undefined || !jsonEqual(topologies(old), topologies(sc)) ? 'Queue' : 'QueueSkip';
        },
      },
      {
        event: { resource: 'PersistentVolumeClaim', actionType: addOrUpdate },
        hint: (pod, _old, claim) => {
          const meta = (claim as PersistentVolumeClaim).metadata;
          const ours = meta?.namespace === pod.metadata?.namespace && podClaimNames(pod).includes(meta?.name ?? '');
          return ours ? 'Queue' : 'QueueSkip';
        },
      },
      { event: { resource: 'PersistentVolume', actionType: addOrUpdate } },
      // As kube 1.32 with queueing hints (no UpdateNodeTaint: that was only for the pre-hint preCheck).
      { event: { resource: 'Node', actionType: Action.Add | Action.UpdateNodeLabel } },
    ];
  }

  preFilter(state: CycleState, pod: PodInfo): Status | undefined {
    const storage = this.storage;
    const names = podClaimNames(pod.pod);
    if (!storage || names.length === 0) return skip();
    const ns = pod.pod.metadata?.namespace ?? '';
    const bound: PersistentVolume[] = [];
    let boundMissing = false;
    const delayed: DelayedClaim[] = [];
    for (const name of names) {
      const claim = storage.claim(ns, name);
      if (!claim) return unresolvable(`persistentvolumeclaim "${name}" not found`);
      if (claim.metadata?.deletionTimestamp) return unresolvable(`persistentvolumeclaim "${name}" is being deleted`);
      if (isBound(claim)) {
        const pv = storage.volume(claim.spec?.volumeName ?? '');
        if (pv) bound.push(pv);
        else boundMissing = true;
        continue;
      }
      const sc = storage.storageClass(claimClass(claim));
      if (sc?.volumeBindingMode !== 'WaitForFirstConsumer') return unresolvable(ERR_REASON_UNBOUND_IMMEDIATE);
      const provisions = !!sc.provisioner && sc.provisioner !== NO_PROVISIONER;
      delayed.push({ claim, candidates: candidateVolumes(claim, storage.volumes()), provisions });
    }
    state.write(STATE_KEY, new PodVolumes(bound, boundMissing, delayed));
    return undefined;
  }

  filter(state: CycleState, _pod: PodInfo, nodeInfo: NodeInfo): StatusResult {
    const volumes = state.read<PodVolumes>(STATE_KEY);
    const node = nodeInfo.node;
    if (!volumes || !node) return undefined;
    if (volumes.boundMissing) return unresolvable(ERR_REASON_PV_NOT_EXIST);
    if (volumes.bound.some((pv) => !volumeNodeAffinityMatches(pv, node))) return unresolvable(ERR_REASON_NODE_CONFLICT);
    for (const d of volumes.delayed) {
      if (!d.provisions && !findMatchingVolume(d.claim, d.candidates, { node, delayBinding: true }))
        return unresolvable(ERR_REASON_BIND_CONFLICT);
    }
    return undefined;
  }

  reserve(state: CycleState, _pod: PodInfo, nodeName: string): StatusResult {
    const volumes = state.read<PodVolumes>(STATE_KEY);
    if (!volumes) return undefined;
    const node = this.handle.snapshot().get(nodeName)?.node;
    const taken = new Set<string>();
    volumes.decisions = volumes.delayed.map(({ claim, candidates }) => {
      const free = candidates.filter((v) => !taken.has(v.metadata?.name ?? ''));
      const volume = node ? findMatchingVolume(claim, free, { node, delayBinding: true }) : undefined;
      if (volume) taken.add(volume.metadata?.name ?? '');
      return volume ? { claim, volume } : { claim };
    });
    return undefined;
  }

  unreserve(state: CycleState): void {
    const volumes = state.read<PodVolumes>(STATE_KEY);
    if (volumes) volumes.decisions = [];
  }

  async preBind(state: CycleState, pod: PodInfo, nodeName: string): Promise<StatusResult> {
    const volumes = state.read<PodVolumes>(STATE_KEY);
    if (!volumes || volumes.decisions.length === 0) return undefined;
    const writer = this.handle.writer;
    try {
      for (const d of volumes.decisions) {
        if (d.volume && !d.volume.spec?.claimRef) await writer.prebindVolume?.(d.volume, d.claim);
        else if (!d.volume) await writer.selectNodeForClaim?.(d.claim, nodeName);
      }
    } catch (err) {
      return newStatus(Code.Error, `binding volumes: ${String(err)}`);
    }
    return this.waitBound(pod, volumes.decisions);
  }

  private async waitBound(pod: PodInfo, decisions: readonly Decision[]): Promise<StatusResult> {
    const ns = pod.pod.metadata?.namespace ?? '';
    const deadline = this.handle.clock.now() + BIND_TIMEOUT_MS;
    for (;;) {
      const pending = decisions.filter((d) => {
        const claim = this.storage?.claim(ns, d.claim.metadata?.name ?? '');
        return !claim?.metadata?.annotations?.[BIND_COMPLETED_ANNOTATION] || claim.status?.phase !== 'Bound';
      });
      if (pending.length === 0) return undefined;
      if (this.handle.clock.now() >= deadline)
        return newStatus(Code.Error, 'binding volumes: context deadline exceeded');
      await sleep(this.handle.clock, POLL_MS);
    }
  }
}

/** Factory for the registry. */
export const newVolumeBinding: PluginFactory = (_args, handle) => new VolumeBinding(handle);
