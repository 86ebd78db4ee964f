import type { Node } from '@wheelhouse/api';
import { formatTime } from '@wheelhouse/machinery';
import { parseQuantity } from '@wheelhouse/machinery';
import { KUBELET_VERSION, RUNTIME_VERSION, type NodeConfig } from './node-config.js';

/** The Node the kubelet registers: labels, pod CIDR and taints (status is written after). */
export function nodeObject(config: NodeConfig): Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: config.name,
      labels: {
        'beta.kubernetes.io/arch': 'amd64',
        'beta.kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'kubernetes.io/hostname': config.name,
        'kubernetes.io/os': 'linux',
        ...config.labels,
      },
      annotations: { 'node.alpha.kubernetes.io/ttl': '0' },
    },
    spec: {
      podCIDR: config.podCIDR,
      podCIDRs: [config.podCIDR],
      providerID: `wheelhouse://${config.name}`,
      ...(config.taints.length ? { taints: config.taints.map((t) => ({ ...t })) } : {}),
    },
  };
}

/** Allocatable: capacity less the reserved amounts (never below zero). */
export function allocatable(config: NodeConfig): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(config.capacity)) {
    const reserved = config.systemReserved[name];
    if (!reserved) {
      out[name] = value;
      continue;
    }
    const left = parseQuantity(value).sub(parseQuantity(reserved));
    out[name] = left.sign() < 0 ? '0' : left.toString();
  }
  return out;
}

const CONDITIONS = [
  ['MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'],
  ['DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'],
  ['PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'],
  ['Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'],
] as const;

/** The node conditions a healthy simulated node reports, with the kubelet's reasons and messages. */
export function healthyConditions(now: number): Record<string, string>[] {
  const at = formatTime(now);
  return CONDITIONS.map(([type, status, reason, message]) => ({
    type,
    status,
    lastHeartbeatTime: at,
    lastTransitionTime: at,
    reason,
    message,
  }));
}

/** The status the kubelet reports for its node at `now` (a strategic merge patch of status). */
export function nodeStatus(config: NodeConfig, now: number): Record<string, unknown> {
  return {
    capacity: { ...config.capacity },
    allocatable: allocatable(config),
    conditions: healthyConditions(now),
    addresses: [
      { type: 'InternalIP', address: config.ip },
      // The made-up InternalIP is only data; the API server reaches the kubelet API here.
      { type: 'ExternalIP', address: '127.0.0.1' },
      { type: 'Hostname', address: config.name },
    ],
    daemonEndpoints: { kubeletEndpoint: { Port: config.kubeletPort } },
    nodeInfo: {
      machineID: config.name,
      systemUUID: config.name,
      bootID: config.name,
      kernelVersion: '6.1.0-wheelhouse-sim',
      osImage: 'Wheelhouse simulated node',
      containerRuntimeVersion: RUNTIME_VERSION,
      kubeletVersion: KUBELET_VERSION,
      kubeProxyVersion: KUBELET_VERSION,
      operatingSystem: 'linux',
      architecture: 'amd64',
    },
  };
}
