import { describe, expect, it } from 'vitest';
import { fakeDeps } from '../framework/framework.test-support.js';
import { Framework } from '../framework/runtime.js';
import { inTreeRegistry } from '../plugins/registry.js';
import { ConfigError } from './errors.js';
import { defaultSchedulerConfig, parseSchedulerConfig } from './load.js';

const registry = inTreeRegistry();
const known = new Set(registry.keys());
const HEADER = 'apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\n';

function framework(profileIndex: number, cfg = defaultSchedulerConfig(known)): Framework {
  return new Framework(cfg.profiles[profileIndex] as never, fakeDeps({ registry }));
}

const names = (list: readonly { name: string }[]) => list.map((p) => p.name);

function refused(yaml: string): string {
  try {
    parseSchedulerConfig(yaml, known);
  } catch (err) {
    if (err instanceof ConfigError) return err.message;
    throw err;
  }
  throw new Error('accepted');
}

describe('the default configuration', () => {
  const cfg = defaultSchedulerConfig(known);

  it("has kube-scheduler's global defaults", () => {
    expect(cfg).toMatchObject({
      parallelism: 16,
      clientConnection: { kubeconfig: '', qps: 50, burst: 100 },
      percentageOfNodesToScore: 0,
      podInitialBackoffSeconds: 1,
      podMaxBackoffSeconds: 10,
      leaderElection: {
        leaderElect: true,
        leaseDurationMs: 15000,
        renewDeadlineMs: 10000,
        retryPeriodMs: 2000,
        resourceName: 'kube-scheduler',
        resourceNamespace: 'kube-system',
      },
    });
    expect(cfg.profiles.map((p) => p.schedulerName)).toEqual(['default-scheduler']);
  });

  it("enables kube-scheduler's default plugins in order, with their weights", () => {
    const fwk = framework(0, cfg);
    expect(names(fwk.plugins.queueSort)).toEqual(['PrioritySort']);
    expect(names(fwk.plugins.preEnqueue)).toEqual(['SchedulingGates']);
    expect(names(fwk.plugins.preFilter)).toEqual([
      'NodeAffinity',
      'NodePorts',
      'NodeResourcesFit',
      'VolumeBinding',
      'PodTopologySpread',
      'InterPodAffinity',
    ]);
    expect(names(fwk.plugins.filter)).toEqual([
      'NodeUnschedulable',
      'NodeName',
      'TaintToleration',
      'NodeAffinity',
      'NodePorts',
      'NodeResourcesFit',
      'VolumeBinding',
      'PodTopologySpread',
      'InterPodAffinity',
    ]);
    expect(names(fwk.plugins.postFilter)).toEqual(['DefaultPreemption']);
    expect(fwk.plugins.score.map((s) => [s.plugin.name, s.weight])).toEqual([
      ['TaintToleration', 3],
      ['NodeAffinity', 2],
      ['NodeResourcesFit', 1],
      ['PodTopologySpread', 2],
      ['InterPodAffinity', 2],
      ['NodeResourcesBalancedAllocation', 1],
    ]);
    expect(names(fwk.plugins.bind)).toEqual(['DefaultBinder']);
  });
});

describe('a configuration file', () => {
  it('reads profiles, weights, disabled plugins, backoff and percentageOfNodesToScore', () => {
    const cfg = parseSchedulerConfig(
      `${HEADER}percentageOfNodesToScore: 30
podInitialBackoffSeconds: 2
podMaxBackoffSeconds: 20
leaderElection:
  leaderElect: false
profiles:
- schedulerName: default-scheduler
- schedulerName: bin-packer
  percentageOfNodesToScore: 100
  plugins:
    score:
      enabled:
      - name: NodeResourcesFit
        weight: 5
      disabled:
      - name: NodeResourcesBalancedAllocation
      - name: ImageLocality
    preScore:
      disabled:
      - name: NodeResourcesBalancedAllocation
  pluginConfig:
  - name: NodeResourcesFit
    args:
      apiVersion: kubescheduler.config.k8s.io/v1
      kind: NodeResourcesFitArgs
      scoringStrategy:
        type: MostAllocated
`,
      known,
    );
    expect(cfg).toMatchObject({ percentageOfNodesToScore: 30, podInitialBackoffSeconds: 2, podMaxBackoffSeconds: 20 });
    expect(cfg.leaderElection.leaderElect).toBe(false);
    expect(cfg.profiles.map((p) => p.schedulerName)).toEqual(['default-scheduler', 'bin-packer']);
    const packer = framework(1, cfg);
    expect(packer.percentageOfNodesToScore).toBe(100);
    expect(packer.plugins.score.map((s) => [s.plugin.name, s.weight])).toEqual([
      ['NodeResourcesFit', 5],
      ['TaintToleration', 3],
      ['NodeAffinity', 2],
      ['PodTopologySpread', 2],
      ['InterPodAffinity', 2],
    ]);
    expect(cfg.profiles[1]?.pluginArgs?.get('NodeResourcesFit')).toEqual({
      scoringStrategy: { type: 'MostAllocated' },
    });
  });

  it("disables every multiPoint plugin at a point with '*'", () => {
    const cfg = parseSchedulerConfig(
      `${HEADER}profiles:
- plugins:
    score:
      disabled:
      - name: '*'
      enabled:
      - name: NodeResourcesFit
`,
      known,
    );
    expect(framework(0, cfg).plugins.score.map((s) => s.plugin.name)).toEqual(['NodeResourcesFit']);
  });

  it.each([
    ['percentageOfNodesToScore: 110\n', 'percentageOfNodesToScore: Invalid value: 110: not in valid range [0-100]'],
    ['podInitialBackoffSeconds: 0\n', 'podInitialBackoffSeconds: Invalid value: 0: must be greater than 0'],
    [
      'podInitialBackoffSeconds: 5\npodMaxBackoffSeconds: 2\n',
      'podMaxBackoffSeconds: Invalid value: 2: must be greater than or equal to PodInitialBackoffSeconds',
    ],
    ['parallelism: 0\n', 'parallelism: Invalid value: 0: should be an integer value greater than zero'],
    [
      'leaderElection:\n  leaseDuration: 5s\n',
      'leaderElection.leaseDuration: Invalid value: "10s": must be greater than `RenewDeadline`',
    ],
    [
      'leaderElection:\n  resourceLock: endpoints\n',
      'leaderElection.resourceLock: Invalid value: "endpoints": resourceLock value must be "leases"',
    ],
    ['leaderElection:\n  resourceName: ""\n', 'leaderElection.resourceName: Required value'],
    ['clientConnection:\n  burst: -1\n', 'clientConnection.burst: Invalid value: -1: must be non-negative'],
    ['profiles:\n- schedulerName: a\n- {}\n', 'profiles[1].schedulerName: Required value'],
    ['profiles:\n- schedulerName: a\n- schedulerName: a\n', 'profiles[1].schedulerName: Duplicate value: "a"'],
    [
      'profiles:\n- percentageOfNodesToScore: -1\n',
      'profiles[0].percentageOfNodesToScore: Invalid value: -1: not in valid range [0-100]',
    ],
    [
      'profiles:\n- plugins:\n    filter:\n      enabled:\n      - name: Magic\n',
      'profiles[0].plugins.filter.enabled[0].name: Invalid value: "Magic": plugin does not exist',
    ],
    ['profiles:\n- plugins:\n    filters: {}\n', 'profiles[0].plugins.filters: unknown field'],
    ['percentageOfNodesToScore: lots\n', 'percentageOfNodesToScore: Invalid value: "lots"'],
    [
      'profiles:\n- pluginConfig:\n  - name: NodeResourcesFit\n    args:\n      scoringStrategy:\n        type: Random\n',
      'profiles[0].pluginConfig[0].args.scoringStrategy.type: Invalid value: "Random"',
    ],
    [
      'profiles:\n- pluginConfig:\n  - name: DefaultPreemption\n    args:\n      minCandidateNodesPercentage: 0\n      minCandidateNodesAbsolute: 0\n',
      'profiles[0].pluginConfig[0].args.minCandidateNodesPercentage: Invalid value',
    ],
    [
      'profiles:\n- schedulerName: a\n- schedulerName: b\n  plugins:\n    queueSort:\n      disabled:\n      - name: PrioritySort\n',
      'profiles[1].plugins.queueSort: Invalid value',
    ],
    ['leaderElection:\n  leaseDuration: soon\n', 'leaderElection.leaseDuration: Invalid value: "soon"'],
  ])('refuses %j naming the field', (body, message) => {
    expect(refused(`${HEADER}${body}`)).toContain(message);
  });

  it('refuses a file of another kind or version', () => {
    expect(refused('apiVersion: kubescheduler.config.k8s.io/v1beta3\nkind: KubeSchedulerConfiguration\n')).toContain(
      'apiVersion: Invalid value: "kubescheduler.config.k8s.io/v1beta3"',
    );
  });
});
