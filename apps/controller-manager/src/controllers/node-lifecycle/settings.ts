/**
 * The node-lifecycle controller's flags with kube-controller-manager 1.32's names and defaults
 * (--node-monitor-grace-period became 50s in 1.32), their check, and the parsed settings the
 * controller runs with.
 */
import { type FlagSpec, parseDuration } from '@wheelhouse/flags';

/** kube-controller-manager's node lifecycle flags (durations as Go durations). */
export const NODE_LIFECYCLE_FLAGS = {
  'node-monitor-period': {
    type: 'string',
    description: 'The period for syncing NodeStatus in the node lifecycle controller',
    default: '5s',
  },
  'node-monitor-grace-period': {
    type: 'string',
    description: 'Amount of time which we allow running Node to be unresponsive before marking it unhealthy',
    default: '50s',
  },
  'node-startup-grace-period': {
    type: 'string',
    description: 'Amount of time which we allow starting Node to be unresponsive before marking it unhealthy',
    default: '1m0s',
  },
  'node-eviction-rate': {
    type: 'number',
    description: 'Number of nodes per second on which pods are deleted in case of node failure when a zone is healthy',
    default: 0.1,
  },
  'secondary-node-eviction-rate': {
    type: 'number',
    description:
      'Number of nodes per second on which pods are deleted in case of node failure when a zone is unhealthy; ' +
      '0 for clusters no larger than --large-cluster-size-threshold',
    default: 0.01,
  },
  'unhealthy-zone-threshold': {
    type: 'number',
    description:
      'Fraction of Nodes in a zone which needs to be not Ready (minimum 3) for zone to be treated as unhealthy',
    default: 0.55,
  },
  'large-cluster-size-threshold': {
    type: 'number',
    description: 'Number of nodes from which the cluster is treated as large for the eviction logic purposes',
    default: 50,
  },
} as const satisfies Record<string, FlagSpec>;

/** The controller's settings, parsed (durations in ms). */
export interface NodeLifecycleSettings {
  monitorPeriodMs: number;
  monitorGracePeriodMs: number;
  startupGracePeriodMs: number;
  /** Taints per second in a healthy zone. */
  evictionRate: number;
  /** Taints per second in a partially disrupted zone of a large cluster. */
  secondaryEvictionRate: number;
  unhealthyZoneThreshold: number;
  largeClusterSizeThreshold: number;
}

type Flag = keyof typeof NODE_LIFECYCLE_FLAGS;

function raw(given: Readonly<Record<string, unknown>> | undefined, flag: Flag): unknown {
  return given?.[flag] ?? NODE_LIFECYCLE_FLAGS[flag].default;
}

function duration(given: Readonly<Record<string, unknown>> | undefined, flag: Flag): number {
  const ms = parseDuration(String(raw(given, flag)), flag);
  if (!(ms > 0)) throw new Error(`invalid --${flag}: ${String(raw(given, flag))} (must be > 0)`);
  return ms;
}

function number(
  given: Readonly<Record<string, unknown>> | undefined,
  flag: Flag,
  ok: (n: number) => boolean,
  rule: string,
): number {
  const n = raw(given, flag);
  if (typeof n !== 'number' || !Number.isFinite(n) || !ok(n))
    throw new Error(`invalid --${flag}: ${String(n)} (${rule})`);
  return n;
}

/**
 * The settings from the flags' values by flag name (absent ones at their defaults). Throws an
 * Error naming the first bad flag: a malformed or non-positive duration, a negative rate, a
 * zone threshold outside [0, 1], a cluster size threshold that is not a whole number >= 0.
 */
export function nodeLifecycleSettings(given?: Readonly<Record<string, unknown>>): NodeLifecycleSettings {
  return {
    monitorPeriodMs: duration(given, 'node-monitor-period'),
    monitorGracePeriodMs: duration(given, 'node-monitor-grace-period'),
    startupGracePeriodMs: duration(given, 'node-startup-grace-period'),
    evictionRate: number(given, 'node-eviction-rate', (n) => n >= 0, 'must be >= 0'),
    secondaryEvictionRate: number(given, 'secondary-node-eviction-rate', (n) => n >= 0, 'must be >= 0'),
    unhealthyZoneThreshold: number(given, 'unhealthy-zone-threshold', (n) => n >= 0 && n <= 1, 'must be in [0, 1]'),
    largeClusterSizeThreshold: number(
      given,
      'large-cluster-size-threshold',
      (n) => Number.isInteger(n) && n >= 0,
      'must be an integer >= 0',
    ),
  };
}
