// The node-lifecycle flags: kube-controller-manager 1.32's defaults, and bad values refused
// when the controller manager is built, naming the flag.
import { describe, expect, it } from 'vitest';
import { buildControllerManager } from '../../controller-manager.js';
import { nodeLifecycleSettings } from './settings.js';

describe('node-lifecycle settings', () => {
  it("defaults to kube-controller-manager 1.32's values", () => {
    expect(nodeLifecycleSettings()).toEqual({
      monitorPeriodMs: 5_000,
      monitorGracePeriodMs: 50_000,
      startupGracePeriodMs: 60_000,
      evictionRate: 0.1,
      secondaryEvictionRate: 0.01,
      unhealthyZoneThreshold: 0.55,
      largeClusterSizeThreshold: 50,
    });
    expect(nodeLifecycleSettings({ 'node-monitor-grace-period': '1m30s' }).monitorGracePeriodMs).toBe(90_000);
  });

  it('refuses bad values, naming the flag', () => {
    const build = (settings: Record<string, unknown>) => () => buildControllerManager({ settings });
    expect(build({ 'node-monitor-grace-period': '50' })).toThrow(
      'invalid argument "50" for "--node-monitor-grace-period" flag',
    );
    expect(build({ 'node-monitor-period': '0s' })).toThrow('invalid --node-monitor-period: 0s (must be > 0)');
    expect(build({ 'node-eviction-rate': -1 })).toThrow('invalid --node-eviction-rate: -1 (must be >= 0)');
    expect(build({ 'secondary-node-eviction-rate': -0.5 })).toThrow('invalid --secondary-node-eviction-rate');
    expect(build({ 'unhealthy-zone-threshold': 1.5 })).toThrow('invalid --unhealthy-zone-threshold: 1.5');
    expect(build({ 'large-cluster-size-threshold': 2.5 })).toThrow('invalid --large-cluster-size-threshold: 2.5');
  });
});
