import { apiserverCommand } from '@wheelhouse/apiserver';
import { controllerManagerCommand } from '@wheelhouse/controller-manager';
import { describe, expect, it } from 'vitest';
import { clusterPaths } from './data-dir.js';
import { COMPONENT_NODE_FLAGS, schedulingPrefix } from './node-flags.js';
import { nodeLifecycleArgs, planUp, type UpSettings } from './up-plan.js';
import { resolveTimings } from './timings.js';

const timings = resolveTimings({
  kubernetesTimings: false,
  nodeMonitorGracePeriod: undefined,
  notReadyTolerationSeconds: undefined,
  unreachableTolerationSeconds: undefined,
});

describe('the launch order up plans', () => {
  const settings = (etcdServers: string[] | undefined): UpSettings => ({
    paths: clusterPaths('/tmp/wheelhouse-plan-test'),
    nodes: 3,
    port: 6443,
    storePort: 2379,
    etcdServers,
    nodeCpu: '4',
    nodeMemory: '16Gi',
    nodeMaxPods: 110,
    timings,
    logLevel: 'info',
    schedulerPort: 10259,
    controllerManagerPort: 10257,
  });
  const launchOrder = (etcdServers: string[] | undefined) =>
    Object.fromEntries(planUp(settings(etcdServers)).components.map((c) => [c.spec.name, c.spec.after]));

  it('launches the store, the API server and the kubelet at once, the scheduler and controller manager once the store serves', () => {
    expect(launchOrder(undefined)).toEqual({
      store: [],
      apiserver: [],
      scheduler: ['store'],
      'controller-manager': ['store'],
      'kubelet-1': [],
    });
  });

  it('has the scheduler, the controller manager and the kubelets (not the store or API server) wait for the kubeconfig', () => {
    const reads = planUp(settings(undefined)).components.map((c) => [c.spec.name, c.readsKubeconfig]);
    expect(Object.fromEntries(reads)).toEqual({
      store: false,
      apiserver: false,
      scheduler: true,
      'controller-manager': true,
      'kubelet-1': true,
    });
    for (const c of planUp(settings(undefined)).components)
      expect(c.spec.args.includes('--kubeconfig')).toBe(c.readsKubeconfig);
  });

  it('starts the API server with flags it declares, compacting history per the timings', () => {
    const api = planUp(settings(undefined)).components.find((c) => c.spec.name === 'apiserver')!;
    const args = api.spec.args.slice(api.spec.args.indexOf('apiserver') + 1);
    for (const flag of args.filter((a) => a.startsWith('--')))
      expect(Object.keys(apiserverCommand.flags)).toContain(flag.slice(2));
    expect(args[args.indexOf('--etcd-compaction-interval') + 1]).toBe('1m');
  });

  it("runs every component under the scheduling prefix, with the components' Node flags ahead of the wheelhouse bin", () => {
    const prefix = schedulingPrefix();
    for (const c of planUp(settings(undefined)).components) {
      const line = [c.spec.command, ...c.spec.args];
      expect(line.slice(0, prefix.length + 1)).toEqual([...prefix, process.execPath]);
      const rest = line.slice(prefix.length + 1);
      expect(rest.slice(0, COMPONENT_NODE_FLAGS.length)).toEqual(COMPONENT_NODE_FLAGS);
      expect(rest[COMPONENT_NODE_FLAGS.length]).toMatch(/wheelhouse\.mjs$/);
    }
  });

  it('launches everything at once on an external etcd (no store to wait for)', () => {
    expect(launchOrder(['http://127.0.0.1:2379'])).toEqual({
      apiserver: [],
      scheduler: [],
      'controller-manager': [],
      'kubelet-1': [],
    });
  });
});

describe('the controller manager flags up passes', () => {
  it('are flags the controller manager declares, with the timings up resolved', () => {
    const args = nodeLifecycleArgs(timings);
    const flags = args.filter((a) => a.startsWith('--')).map((a) => a.slice(2));
    expect(flags).toEqual(['node-monitor-grace-period', 'node-monitor-period']);
    for (const flag of flags) expect(Object.keys(controllerManagerCommand.flags)).toContain(flag);
    expect(args[1]).toBe('10s');
  });
});
