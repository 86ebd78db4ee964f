// kube-controller-manager's flags mapped to the configuration.
import { parseFlags } from '@wheelhouse/flags';
import { describe, expect, it } from 'vitest';
import { configFromFlags, controllerManagerCommand } from './main.js';

describe('controller-manager flags', () => {
  it('takes kube-controller-manager flags with kube defaults', () => {
    const { flags } = parseFlags(controllerManagerCommand, [
      '--kubeconfig',
      '/tmp/kc',
      '--controllers=*,-daemonset',
      '--concurrent-deployment-syncs',
      '10',
      '--leader-elect=false',
      '--leader-elect-lease-duration=30s',
    ]);
    const config = configFromFlags(flags);
    expect(config).toMatchObject({
      kubeconfig: '/tmp/kc',
      controllers: ['*', '-daemonset'],
      leaderElect: false,
      kubeApiQps: 20,
      kubeApiBurst: 30,
      leaderElection: {
        leaseDurationMs: 30_000,
        renewDeadlineMs: 10_000,
        retryPeriodMs: 2_000,
        resourceName: 'kube-controller-manager',
        resourceNamespace: 'kube-system',
      },
    });
    expect(config.concurrency).toMatchObject({ deployment: 10, replicaset: 5, daemonset: 2, statefulset: 5, job: 5 });
  });

  it('refuses a malformed duration', () => {
    const { flags } = parseFlags(controllerManagerCommand, ['--leader-elect-retry-period=soon']);
    expect(() => configFromFlags(flags)).toThrow('invalid argument "soon" for "--leader-elect-retry-period" flag');
  });
});
