import type { Taint } from '@wheelhouse/api';
import { realClock, type Clock, type RestClient } from '@wheelhouse/client';
import { parseQuantity } from '@wheelhouse/machinery';
import { pino, type Logger } from 'pino';
import { KubeletError } from './errors.js';
import { nodeLabelsProblem } from './node-labels.js';
import type { StagesMode } from './stages/load.js';

/** What {@link buildKubelet} takes; everything but the client has a default. */
export interface KubeletConfig {
  /** The client to the API server (from --kubeconfig in main). */
  client: RestClient;
  /** Host this one node (--node-name); otherwise `nodes` nodes named `nodeNamePrefix` + 1..n. */
  nodeName?: string;
  nodes?: number;
  nodeNamePrefix?: string;
  /** The number of the first of the `nodes` nodes (default 1), so several processes can share one prefix. */
  firstNodeIndex?: number;
  cpu?: string;
  memory?: string;
  /** The node's ephemeral-storage capacity (its disk). */
  ephemeralStorage?: string;
  maxPods?: number;
  /** Subtracted from capacity to give allocatable (--system-reserved): cpu, memory, ephemeral-storage, pid. */
  systemReserved?: Record<string, string>;
  nodeLabels?: Record<string, string>;
  registerWithTaints?: Taint[];
  /** The pod CIDR of a single node (--pod-cidr); by default one is made up per node. */
  podCIDR?: string;
  nodeLeaseDurationSeconds?: number;
  nodeStatusUpdateFrequencyMs?: number;
  nodeStatusReportFrequencyMs?: number;
  /** Containers start this long (plus up to as much jitter) after the pod is admitted. */
  podStartupDelayMs?: number;
  /** Containers of a deleted pod stop this long after deletion, at most its grace period. */
  podStopDelayMs?: number;
  /** A stage file extending (or replacing) the built-in stages. */
  stagesFile?: string;
  stagesMode?: StagesMode;
  /** The admin API's loopback port (0: any free one); no admin API when undefined, unless adminPortFile is set. */
  adminPort?: number;
  /** Where the admin API's port is written once it listens; without adminPort, the admin API takes any free port. */
  adminPortFile?: string;
  /** The loopback port of the kubelet API (container logs) of every hosted node; 0 (default) picks one. */
  kubeletPort?: number;
  /** Where /healthz, /readyz and /metrics listen (--healthz-bind-address, default 127.0.0.1). */
  healthzBindAddress?: string;
  /** Their port (--healthz-port); 0 (default) picks a free one. */
  healthzPort?: number;
  /** Stage jobs running at once (default 32); heartbeats run beside them, each node's as soon as due. */
  concurrency?: number;
  /**
   * Delayed jobs (heartbeats, stage transitions, status writes) fall due on multiples of this many
   * milliseconds (default 100; 0: each at its own time). A thousand nodes' jobs then start in one
   * wake-up per tick instead of one each: about half the CPU per lease renewal across the kubelet,
   * the API server and the store (docs/benchmarks.md).
   */
  queueTickMs?: number;
  clock?: Clock;
  random?: () => number;
  logger?: Logger;
}

/** {@link KubeletConfig} with every default filled in. */
export type ResolvedKubeletConfig = Required<
  Omit<KubeletConfig, 'nodeName' | 'podCIDR' | 'stagesFile' | 'adminPort' | 'adminPortFile'>
> &
  Pick<KubeletConfig, 'nodeName' | 'podCIDR' | 'stagesFile' | 'adminPort' | 'adminPortFile'>;

function invalid(field: string, problem: string): KubeletError {
  return new KubeletError('InvalidConfig', { field, problem });
}

function positiveInt(field: string, v: number, min = 1): number {
  if (!Number.isInteger(v) || v < min) throw invalid(field, `must be a whole number >= ${min}, got ${v}`);
  return v;
}

function quantity(field: string, v: string): string {
  try {
    if (parseQuantity(v).sign() < 0) throw new Error('negative');
  } catch {
    throw invalid(field, `"${v}" is not a resource quantity`);
  }
  return v;
}

/** The resources --system-reserved may hold back (the kubelet's parseResourceList). */
const RESERVABLE = ['cpu', 'memory', 'ephemeral-storage', 'pid'];

function reserved(map: Record<string, string>): Record<string, string> {
  for (const [name, v] of Object.entries(map)) {
    if (!RESERVABLE.includes(name)) throw invalid('system-reserved', `cannot reserve "${name}" resource`);
    quantity(`system-reserved ${name}`, v);
  }
  return map;
}

function labels(map: Record<string, string>): Record<string, string> {
  const problem = nodeLabelsProblem(map);
  if (problem) throw new KubeletError('NodeLabels', { problem });
  return map;
}

function port(field: string, v: number | undefined): number | undefined {
  if (v !== undefined && (!Number.isInteger(v) || v < 0 || v > 65_535)) throw invalid(field, `${v} is not a port`);
  return v;
}

/** Fills in defaults and checks every field; throws an InvalidConfig KubeletError naming the first bad one. */
export function resolveConfig(c: KubeletConfig): ResolvedKubeletConfig {
  if (c.nodeName !== undefined && c.nodes !== undefined)
    throw invalid('nodes', 'give either a node name or a node count');
  if (c.stagesMode === 'replace' && !c.stagesFile)
    throw invalid('stages-mode', 'replace needs a stage file (--stages)');
  return {
    ...c,
    nodes: c.nodeName !== undefined ? 1 : positiveInt('nodes', c.nodes ?? 1),
    nodeNamePrefix: c.nodeNamePrefix ?? 'sim-',
    firstNodeIndex: positiveInt('first-node-index', c.firstNodeIndex ?? 1),
    cpu: quantity('cpu', c.cpu ?? '4'),
    memory: quantity('memory', c.memory ?? '16Gi'),
    ephemeralStorage: quantity('ephemeral-storage', c.ephemeralStorage ?? '100Gi'),
    maxPods: positiveInt('max-pods', c.maxPods ?? 110),
    systemReserved: reserved(c.systemReserved ?? {}),
    nodeLabels: labels(c.nodeLabels ?? {}),
    registerWithTaints: c.registerWithTaints ?? [],
    nodeLeaseDurationSeconds: positiveInt('node-lease-duration-seconds', c.nodeLeaseDurationSeconds ?? 40),
    nodeStatusUpdateFrequencyMs: positiveInt('node-status-update-frequency', c.nodeStatusUpdateFrequencyMs ?? 10_000),
    nodeStatusReportFrequencyMs: positiveInt('node-status-report-frequency', c.nodeStatusReportFrequencyMs ?? 300_000),
    podStartupDelayMs: positiveInt('pod-startup-delay', c.podStartupDelayMs ?? 300, 0),
    podStopDelayMs: positiveInt('pod-stop-delay', c.podStopDelayMs ?? 1_000, 0),
    stagesMode: c.stagesMode ?? 'extend',
    adminPort: port('admin-port', c.adminPort ?? (c.adminPortFile !== undefined ? 0 : undefined)),
    kubeletPort: port('port', c.kubeletPort ?? 0)!,
    healthzBindAddress: c.healthzBindAddress ?? '127.0.0.1',
    healthzPort: port('healthz-port', c.healthzPort ?? 0)!,
    concurrency: positiveInt('concurrency', c.concurrency ?? 32),
    queueTickMs: positiveInt('queue-tick', c.queueTickMs ?? 100, 0),
    clock: c.clock ?? realClock,
    random: c.random ?? Math.random,
    logger: c.logger ?? pino({ name: 'kubelet' }),
  };
}
