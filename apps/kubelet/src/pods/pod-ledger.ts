import type { CachedNode, CachedPod } from '../types.js';
import { admit, type Rejection } from './admission.js';
import { allocateIp } from './ip-allocator.js';

/** What the ledger reads from the process's caches. */
export interface PodLedgerDeps {
  /** The pods bound to `node` (the pod informer's node-name index). */
  podsOn(node: string): readonly CachedPod[];
  node(name: string): CachedNode | undefined;
  /** The pod CIDR a node uses when its Node object names none. */
  fallbackPodCIDR(node: string): string | undefined;
  /** The allocatable the kubelet reports for a node (the cached Node's status may lag). */
  allocatable(node: string): Readonly<Record<string, string>>;
}

const TERMINAL = new Set(['Succeeded', 'Failed']);

/**
 * The kubelet's memory of pods it handles: admission decided once per pod (in the order pods
 * are first asked about), and pod IPs handed out from the node's pod CIDR. Pods the API
 * server shows started (a hostIP) count as admitted and keep their IP, which is what a
 * restarted kubelet adopts.
 */
export class PodLedger {
  private readonly decisions = new Map<string, Rejection | null>();
  private readonly ips = new Map<string, string>();
  private readonly pulls = new Map<string, Map<string, boolean>>();
  private readonly images = new Map<string, Set<string>>();

  /** A ledger over the process's caches. */
  constructor(private readonly deps: PodLedgerDeps) {}

  /** Why the pod is refused, or undefined when it is admitted (decided on first call). */
  admission(pod: CachedPod): Rejection | undefined {
    const known = this.decisions.get(pod.metadata.uid);
    if (known !== undefined) return known ?? undefined;
    if (pod.status?.hostIP || TERMINAL.has(pod.status?.phase ?? '')) return undefined;
    const nodeName = pod.spec?.nodeName ?? '';
    const node = this.deps.node(nodeName);
    if (!node) return undefined;
    const others = this.deps.podsOn(nodeName).filter((p) => p.metadata.uid !== pod.metadata.uid && this.running(p));
    const decision = admit(pod, node, others, this.deps.allocatable(nodeName)) ?? null;
    this.decisions.set(pod.metadata.uid, decision);
    return decision ?? undefined;
  }

  /** The pod's IP: the one it has, else a free one of its node's pod CIDR (the node's IP for hostNetwork pods). */
  podIP(pod: CachedPod, nodeIp: string): string | undefined {
    if (pod.status?.podIP) return pod.status.podIP;
    if (pod.spec?.hostNetwork) return nodeIp;
    const known = this.ips.get(pod.metadata.uid);
    if (known) return known;
    const nodeName = pod.spec?.nodeName ?? '';
    const cidr = this.deps.node(nodeName)?.spec?.podCIDR ?? this.deps.fallbackPodCIDR(nodeName);
    if (!cidr) return undefined;
    const ip = allocateIp(cidr, this.ipsInUse(nodeName));
    if (ip) this.ips.set(pod.metadata.uid, ip);
    return ip;
  }

  /**
   * Whether starting the pod's container `name` (init, regular or ephemeral) pulls its image
   * (decided on first call and remembered per pod): imagePullPolicy Always pulls, Never does not
   * (the simulator takes the image as present), IfNotPresent pulls when no container of the node
   * used the image yet.
   * Undefined for a container the pod does not have.
   */
  pullsImage(pod: CachedPod, name: string): boolean | undefined {
    const uid = pod.metadata.uid;
    const known = this.pulls.get(uid)?.get(name);
    if (known !== undefined) return known;
    const spec = pod.spec;
    const container = [
      ...(spec?.initContainers ?? []),
      ...(spec?.containers ?? []),
      ...(spec?.ephemeralContainers ?? []),
    ].find((c) => c.name === name);
    if (!container) return undefined;
    const node = spec?.nodeName ?? '';
    const image = container.image ?? '';
    let present = this.images.get(node);
    if (!present) this.images.set(node, (present = new Set()));
    const policy = container.imagePullPolicy ?? 'IfNotPresent';
    const pulls = policy === 'Always' || (policy === 'IfNotPresent' && !present.has(image));
    present.add(image);
    let byName = this.pulls.get(uid);
    if (!byName) this.pulls.set(uid, (byName = new Map()));
    byName.set(name, pulls);
    return pulls;
  }

  /** Forgets a pod that is gone: its decision, its IP and its image pulls (the node keeps the images). */
  forget(uid: string): void {
    this.decisions.delete(uid);
    this.ips.delete(uid);
    this.pulls.delete(uid);
  }

  /** Whether a pod holds node resources: admitted (by us or before a restart) and not finished. */
  private running(p: CachedPod): boolean {
    if (TERMINAL.has(p.status?.phase ?? '')) return false;
    const decision = this.decisions.get(p.metadata.uid);
    return decision === null || (decision === undefined && !!p.status?.hostIP);
  }

  private ipsInUse(node: string): Set<string> {
    const used = new Set<string>();
    for (const p of this.deps.podsOn(node)) {
      const ip = p.status?.podIP ?? this.ips.get(p.metadata.uid);
      if (ip) used.add(ip);
    }
    return used;
  }
}
