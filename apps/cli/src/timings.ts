/**
 * The node-failure timings `wheelhouse up` runs with: local ones by default, so a failed
 * node shows within seconds, or Kubernetes 1.32's own with --kubernetes-timings; each
 * individual flag overrides both.
 */
import { parseDuration } from '@wheelhouse/flags';

/** The timings handed to the components. */
export interface Timings {
  /** `local` or `kubernetes`: which set the defaults came from. */
  preset: 'local' | 'kubernetes';
  /** kube-controller-manager's --node-monitor-grace-period (Go duration). */
  nodeMonitorGracePeriod: string;
  /** kube-controller-manager's --node-monitor-period. */
  nodeMonitorPeriod: string;
  /** kube-apiserver's --default-not-ready-toleration-seconds. */
  notReadyTolerationSeconds: number;
  /** kube-apiserver's --default-unreachable-toleration-seconds. */
  unreachableTolerationSeconds: number;
  /** The kubelets' --node-lease-duration-seconds (renewed every quarter of it): at most the grace period. */
  nodeLeaseDurationSeconds: number;
  /** kube-apiserver's --etcd-compaction-interval: how long the store keeps history (one to two intervals). */
  etcdCompactionInterval: string;
}

/** Kubernetes 1.32's defaults (kube-controller-manager and kube-apiserver flags, the kubelet's lease). */
const KUBERNETES = {
  nodeMonitorGracePeriod: '50s',
  nodeMonitorPeriod: '5s',
  notReadyTolerationSeconds: 300,
  unreachableTolerationSeconds: 300,
  etcdCompactionInterval: '5m',
};

/**
 * Ours: a failed node is NotReady within about 10 s and its pods are evicted 15 s later.
 * Leases renewed four times as often write history four times as fast (1,000 nodes: 400
 * renewals a second), so the store keeps one to two minutes of it, not five to ten.
 */
const LOCAL = {
  nodeMonitorGracePeriod: '10s',
  nodeMonitorPeriod: '1s',
  notReadyTolerationSeconds: 15,
  unreachableTolerationSeconds: 15,
  etcdCompactionInterval: '1m',
};

/** The flags that override a preset (undefined: not given). */
export interface TimingFlags {
  kubernetesTimings: boolean;
  nodeMonitorGracePeriod: string | undefined;
  notReadyTolerationSeconds: number | undefined;
  unreachableTolerationSeconds: number | undefined;
}

function seconds(flag: string, v: number | undefined): number | undefined {
  if (v !== undefined && (!Number.isInteger(v) || v < 0))
    throw new Error(`invalid argument "${v}" for "--${flag}" flag: must be a whole number of seconds >= 0`);
  return v;
}

/** Resolves the timings; throws a one-line error naming a bad flag. */
export function resolveTimings(f: TimingFlags): Timings {
  const preset = f.kubernetesTimings ? KUBERNETES : LOCAL;
  const grace = f.nodeMonitorGracePeriod ?? preset.nodeMonitorGracePeriod;
  const graceMs = parseDuration(grace, 'node-monitor-grace-period');
  if (graceMs <= 0) throw new Error(`invalid argument "${grace}" for "--node-monitor-grace-period" flag: must be > 0`);
  return {
    preset: f.kubernetesTimings ? 'kubernetes' : 'local',
    nodeMonitorGracePeriod: grace,
    nodeMonitorPeriod: preset.nodeMonitorPeriod,
    notReadyTolerationSeconds:
      seconds('default-not-ready-toleration-seconds', f.notReadyTolerationSeconds) ?? preset.notReadyTolerationSeconds,
    unreachableTolerationSeconds:
      seconds('default-unreachable-toleration-seconds', f.unreachableTolerationSeconds) ??
      preset.unreachableTolerationSeconds,
    // kube's kubelet holds 40 s leases; a shorter grace period needs leases renewed within it.
    nodeLeaseDurationSeconds: Math.max(1, Math.min(40, Math.floor(graceMs / 1000))),
    etcdCompactionInterval: preset.etcdCompactionInterval,
  };
}

/** One line saying which timings are in force. */
export function describeTimings(t: Timings): string {
  const which =
    t.preset === 'local' ? "local timings (--kubernetes-timings for Kubernetes 1.32's)" : 'Kubernetes 1.32 timings';
  return (
    `${which}: node-monitor-grace-period ${t.nodeMonitorGracePeriod}, ` +
    `not-ready/unreachable toleration ${t.notReadyTolerationSeconds}s/${t.unreachableTolerationSeconds}s`
  );
}
