import type { Taint } from '@wheelhouse/api';

/** Everything that describes one simulated node. */
export interface NodeConfig {
  readonly name: string;
  /** Capacity; allocatable is capacity less `systemReserved`. */
  readonly capacity: Readonly<Record<string, string>>;
  readonly systemReserved: Readonly<Record<string, string>>;
  /** Labels added to the kubelet's own (hostname, os, arch) at registration. */
  readonly labels: Readonly<Record<string, string>>;
  /** Taints the node registers with. */
  readonly taints: readonly Taint[];
  /** The pod CIDR used when the Node object has none. */
  readonly podCIDR: string;
  /** The node's InternalIP (made up: only data). */
  readonly ip: string;
  /** The loopback port of the kubelet API serving this node (status.daemonEndpoints). */
  readonly kubeletPort: number;
  readonly leaseDurationSeconds: number;
}

/** What an added node (the admin API's `POST /nodes`) may set over the kubelet's flags. */
export interface NodeOverrides {
  cpu?: string;
  memory?: string;
  /** Added to (and overriding) --node-labels. */
  labels?: Record<string, string>;
  /** Instead of --register-with-taints. */
  taints?: Taint[];
}

/** The kubelet version the simulated nodes report. */
export const KUBELET_VERSION = 'v1.32.0';
/** The container runtime the simulated nodes report. */
export const RUNTIME_VERSION = 'wheelhouse-sim://0.1.0';

/**
 * The made-up addresses of the node numbered `index` (1-based) in a process: InternalIP
 * 10.1.0.0 + index, pod CIDR the index-th /24 of 10.64.0.0/10 (room for 16,384 nodes).
 */
export function addressesFor(index: number): { ip: string; podCIDR: string } {
  const n = index % 16_384;
  return { ip: `10.1.${(n >> 8) & 255}.${n & 255}`, podCIDR: `10.${64 + (n >> 8)}.${n & 255}.0/24` };
}

/** A stable index in [1, 16384) for a node known only by name (a single `--node-name`). */
export function indexForName(name: string): number {
  let h = 0;
  for (const ch of name) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return 1 + (h % 16_383);
}
