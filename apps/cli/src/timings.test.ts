import { describe, expect, it } from 'vitest';
import { describeTimings, resolveTimings } from './timings.js';

const none = {
  kubernetesTimings: false,
  nodeMonitorGracePeriod: undefined,
  notReadyTolerationSeconds: undefined,
  unreachableTolerationSeconds: undefined,
};

describe('resolveTimings', () => {
  it('uses local timings by default: grace 10s, tolerations 15s, leases within the grace, 1m compactions', () => {
    const t = resolveTimings(none);
    expect(t).toMatchObject({
      preset: 'local',
      nodeMonitorGracePeriod: '10s',
      notReadyTolerationSeconds: 15,
      unreachableTolerationSeconds: 15,
      nodeLeaseDurationSeconds: 10,
      etcdCompactionInterval: '1m',
    });
    expect(describeTimings(t)).toBe(
      "local timings (--kubernetes-timings for Kubernetes 1.32's): node-monitor-grace-period 10s, " +
        'not-ready/unreachable toleration 15s/15s',
    );
  });

  it("uses Kubernetes 1.32's with --kubernetes-timings: grace 50s, tolerations 300s, 40 s leases, 5m compactions", () => {
    expect(resolveTimings({ ...none, kubernetesTimings: true })).toMatchObject({
      preset: 'kubernetes',
      nodeMonitorGracePeriod: '50s',
      notReadyTolerationSeconds: 300,
      unreachableTolerationSeconds: 300,
      nodeLeaseDurationSeconds: 40,
      etcdCompactionInterval: '5m',
    });
  });

  it('lets each flag override either preset', () => {
    const flags = { nodeMonitorGracePeriod: '5s', notReadyTolerationSeconds: 5, unreachableTolerationSeconds: 7 };
    for (const kubernetesTimings of [false, true]) {
      expect(resolveTimings({ ...none, ...flags, kubernetesTimings })).toMatchObject({
        nodeMonitorGracePeriod: '5s',
        notReadyTolerationSeconds: 5,
        unreachableTolerationSeconds: 7,
        nodeLeaseDurationSeconds: 5,
      });
    }
  });

  it('rejects a bad value naming its flag', () => {
    expect(() => resolveTimings({ ...none, nodeMonitorGracePeriod: '10' })).toThrow(
      'invalid argument "10" for "--node-monitor-grace-period" flag: time: missing unit in duration "10"',
    );
    expect(() => resolveTimings({ ...none, notReadyTolerationSeconds: -1 })).toThrow(
      'invalid argument "-1" for "--default-not-ready-toleration-seconds" flag',
    );
  });
});
