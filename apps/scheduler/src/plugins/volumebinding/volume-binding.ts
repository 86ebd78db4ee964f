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
  volumeNodeAffinityMatches,
  type PersistentVolume,
  type PersistentVolumeClaim,
} from '@wheelhouse/api';
import { sleep } from '@wheelhouse/client';
import type { NodeInfo } from '../../cache/node-info.js';
import type { CycleState, StateData } from '../../framework/cycle-state.js';
import type { Handle, StorageListers } from '../../framework/handle.js';
import type { FilterPlugin, PreBindPlugin, PreFilterPlugin, ReservePlugin } from '../../framework/interfaces.js';
import type { PodInfo } from '../../framework/pod-info.js';
import type { PluginFactory } from '../../framework/registry.js';
import { Code, newStatus, skip, unresolvable, type Status, type StatusResult } from '../../framework/status.js';
import { Names } from '../names.js';

/** kube-scheduler's reasons. */
export const ERR_REASON_UNBOUND_IMMEDIATE = 'pod has unbound immediate PersistentVolumeClaims';
export const ERR_REASON_NODE_CONFLICT = 'node(s) had volume node affinity conflict';
export const ERR_REASON_BIND_CONFLICT = "node(s) didn't find available persistent volumes to bind";

/** kube-scheduler's default --bind-timeout-seconds, in ms. */
export const BIND_TIMEOUT_MS = 600_000;
const POLL_MS = 100;
const NO_PROVISIONER = 'kubernetes.io/no-provisioner';
const STATE_KEY = 'PreFilterVolumeBinding';

interface Decision {
  claim: PersistentVolumeClaim;
  volume?: PersistentVolume;
}

class PodVolumes implements StateData {
  decisions: Decision[] = [];
  constructor(
    readonly bound: readonly PersistentVolume[],
    readonly delayed: readonly PersistentVolumeClaim[],
  ) {}
  clone(): StateData {
    return this;
  }
}

/** The claim names a pod uses: persistentVolumeClaim volumes and the claims of its ephemeral volumes. */
function claimNames(info: PodInfo): string[] {
  const pod = info.pod;
  return (pod.spec?.volumes ?? []).flatMap((v) => {
    if (v.persistentVolumeClaim?.claimName) return [v.persistentVolumeClaim.claimName];
    if (v.ephemeral) return [`${pod.metadata?.name ?? ''}-${v.name ?? ''}`];
    return [];
  });
}

function isBound(claim: PersistentVolumeClaim): boolean {
  return !!claim.spec?.volumeName;
}

/** See the module comment. */
export class VolumeBinding implements PreFilterPlugin, FilterPlugin, ReservePlugin, PreBindPlugin {
  readonly name = Names.VolumeBinding;

  constructor(private readonly handle: Handle) {}

  private get storage(): StorageListers | undefined {
    return this.handle.listers.storage?.();
  }

  preFilter(state: CycleState, pod: PodInfo): Status | undefined {
    const storage = this.storage;
    const names = claimNames(pod);
    if (!storage || names.length === 0) return skip();
    const ns = pod.pod.metadata?.namespace ?? '';
    const bound: PersistentVolume[] = [];
    const delayed: PersistentVolumeClaim[] = [];
    for (const name of names) {
      const claim = storage.claim(ns, name);
      if (!claim) return unresolvable(`persistentvolumeclaim "${name}" not found`);
      if (claim.metadata?.deletionTimestamp) return unresolvable(`persistentvolumeclaim "${name}" is being deleted`);
      if (isBound(claim)) {
        const pv = storage.volumes().find((v) => v.metadata?.name === claim.spec?.volumeName);
        if (!pv) return unresolvable(`pvc ${ns}/${name} is bound to non-existent pv ${claim.spec?.volumeName ?? ''}`);
        bound.push(pv);
        continue;
      }
      const sc = storage.storageClass(claimClass(claim));
      if (sc?.volumeBindingMode !== 'WaitForFirstConsumer') return unresolvable(ERR_REASON_UNBOUND_IMMEDIATE);
      delayed.push(claim);
    }
    state.write(STATE_KEY, new PodVolumes(bound, delayed));
    return undefined;
  }

  filter(state: CycleState, _pod: PodInfo, nodeInfo: NodeInfo): StatusResult {
    const volumes = state.read<PodVolumes>(STATE_KEY);
    const node = nodeInfo.node;
    if (!volumes || !node) return undefined;
    if (volumes.bound.some((pv) => !volumeNodeAffinityMatches(pv, node))) return unresolvable(ERR_REASON_NODE_CONFLICT);
    const all = this.storage?.volumes() ?? [];
    for (const claim of volumes.delayed) {
      if (findMatchingVolume(claim, all, { node, delayBinding: true })) continue;
      const provisioner = this.storage?.storageClass(claimClass(claim))?.provisioner;
      if (!provisioner || provisioner === NO_PROVISIONER) return unresolvable(ERR_REASON_BIND_CONFLICT);
    }
    return undefined;
  }

  reserve(state: CycleState, _pod: PodInfo, nodeName: string): StatusResult {
    const volumes = state.read<PodVolumes>(STATE_KEY);
    if (!volumes) return undefined;
    const node = this.handle.snapshot().get(nodeName)?.node;
    const all = this.storage?.volumes() ?? [];
    const taken = new Set<string>();
    volumes.decisions = volumes.delayed.map((claim) => {
      const free = all.filter((v) => !taken.has(v.metadata?.name ?? ''));
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
