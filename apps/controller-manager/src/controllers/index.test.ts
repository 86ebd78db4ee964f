// The --controllers rule of kube-controller-manager.
import { describe, expect, it } from 'vitest';
import { CONTROLLERS, enabledControllers, isControllerEnabled, settingsOf } from './index.js';

describe('--controllers', () => {
  it('enables everything on by default with *, and honours -name and name', () => {
    expect(enabledControllers(['*'])).toEqual(Object.keys(CONTROLLERS));
    expect(enabledControllers(['*', '-replicaset'])).not.toContain('replicaset');
    expect(enabledControllers(['replicaset'])).toEqual(['replicaset']);
    expect(enabledControllers(['*'])).toContain('root-ca-cert-publisher');
    expect(enabledControllers([])).toEqual([]);
  });

  it('lets the first mention of a name win', () => {
    expect(isControllerEnabled('replicaset', ['-replicaset', 'replicaset'])).toBe(false);
    expect(isControllerEnabled('replicaset', ['replicaset', '-replicaset'])).toBe(true);
  });

  it('refuses unknown names as kube-controller-manager does', () => {
    expect(() => enabledControllers(['*', '-nosuch'])).toThrow('"nosuch" is not in the list of known controllers');
  });
});

describe("a controller's own flags", () => {
  it('are taken by flag name, each defaulted from its spec', () => {
    const d = {
      client: 'node-controller',
      create: () => {
        throw new Error('not built here');
      },
      defaultWorkers: 1,
      flags: {
        'node-monitor-grace-period': { type: 'string', description: 'grace', default: '50s' },
        'node-eviction-rate': { type: 'number', description: 'rate', default: 0.1 },
      },
    } as const;
    expect(settingsOf(d, { 'node-eviction-rate': 2, unrelated: 'x' })).toEqual({
      'node-monitor-grace-period': '50s',
      'node-eviction-rate': 2,
    });
  });
});

describe("a controller's API client", () => {
  it("is named as kube's ClientBuilder names it, with kube's throttle multipliers", () => {
    const clients = Object.fromEntries(Object.entries(CONTROLLERS).map(([name, d]) => [name, d.client]));
    expect(clients).toMatchObject({
      replicaset: 'replicaset-controller',
      replicationcontroller: 'replication-controller',
      daemonset: 'daemon-set-controller',
      // The taint manager uses the node controller's client (and its RBAC role) in kube.
      'node-lifecycle': 'node-controller',
      'taint-eviction-controller': 'node-controller',
      'garbage-collector': 'generic-garbage-collector',
      podgc: 'pod-garbage-collector',
      'persistentvolume-binder': 'persistent-volume-binder',
      'root-ca-cert-publisher': 'root-ca-cert-publisher',
      endpointslicemirroring: 'endpointslicemirroring-controller',
    });
    expect(Object.values(clients).every((c) => /^[a-z-]+$/.test(c))).toBe(true);
    expect(CONTROLLERS.namespace!.throttleScale).toEqual({ qps: 20, burst: 100 });
    expect(CONTROLLERS['garbage-collector']!.throttleScale).toEqual({ qps: 2 });
    expect(CONTROLLERS.replicaset!.throttleScale).toBeUndefined();
  });
});
