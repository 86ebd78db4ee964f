import type { TopologySpreadConstraint } from '@wheelhouse/api';
import { describe, expect, it } from 'vitest';
import { makeNode, makePod } from '../../builders.test-support.js';
import { fakeListers } from '../../framework/framework.test-support.js';
import { filterNodes, pluginFramework, preFilter, scoreNodes } from '../plugin.test-support.js';
import { newPodTopologySpread } from './pod-topology-spread.js';

const SKEW = "Unschedulable: node(s) didn't match pod topology spread constraints";
const MISSING =
  "UnschedulableAndUnresolvable: node(s) didn't match pod topology spread constraints (missing required label)";

const zoned = (name: string, zone: string) => makeNode(name).label('zone', zone);
const nodes = [
  zoned('node-a', 'zone1').obj,
  zoned('node-b', 'zone1').obj,
  zoned('node-x', 'zone2').obj,
  zoned('node-y', 'zone2').obj,
];
const foo = (name: string, node: string) => makePod(name).label('foo', '').node(node);
const hard = (key: string, maxSkew = 1, extra: Partial<TopologySpreadConstraint> = {}): TopologySpreadConstraint => ({
  maxSkew,
  topologyKey: key,
  whenUnsatisfiable: 'DoNotSchedule',
  labelSelector: { matchExpressions: [{ key: 'foo', operator: 'Exists' }] },
  ...extra,
});

function filter(existing: ReturnType<typeof makePod>[], pod: ReturnType<typeof makePod>, clusterNodes = nodes) {
  const { fwk, snapshot } = pluginFramework('PodTopologySpread', newPodTopologySpread, ['preFilter', 'filter'], {
    nodes: clusterNodes,
    pods: existing.map((p) => p.obj),
  });
  return filterNodes(fwk, snapshot, pod.obj);
}

describe('PodTopologySpread Filter', () => {
  it('skips pods without DoNotSchedule constraints (and no default selector)', () => {
    const { fwk, snapshot } = pluginFramework('PodTopologySpread', newPodTopologySpread, ['preFilter'], { nodes });
    expect(preFilter(fwk, snapshot, makePod('p').label('foo', '').obj)).toBe('Skip');
  });

  it('keeps zone skew within maxSkew 1', () => {
    const existing = [foo('p-a1', 'node-a'), foo('p-b1', 'node-b'), foo('p-x1', 'node-x')];
    expect(filter(existing, makePod('p').label('foo', '').spread(hard('zone')))).toEqual({
      'node-a': SKEW,
      'node-b': SKEW,
      'node-x': '',
      'node-y': '',
    });
  });

  it('allows more skew with a larger maxSkew', () => {
    const existing = [foo('p-a1', 'node-a'), foo('p-b1', 'node-b')];
    expect(filter(existing, makePod('p').label('foo', '').spread(hard('zone', 2)))).toEqual({
      'node-a': SKEW,
      'node-b': SKEW,
      'node-x': '',
      'node-y': '',
    });
    expect(filter(existing, makePod('p').label('foo', '').spread(hard('zone', 3)))['node-a']).toBe('');
  });

  it('does not count the incoming pod when it does not match its own selector', () => {
    const existing = [foo('p-a1', 'node-a')];
    expect(filter(existing, makePod('p').spread(hard('zone')))['node-a']).toBe('');
  });

  it('rejects nodes without the topology key as unresolvable', () => {
    const withBare = [...nodes, makeNode('bare').obj];
    expect(filter([], makePod('p').label('foo', '').spread(hard('zone')), withBare).bare).toBe(MISSING);
  });

  it('treats the global minimum as 0 while fewer domains than minDomains exist', () => {
    const existing = [foo('p-a1', 'node-a'), foo('p-x1', 'node-x')];
    expect(
      filter(
        existing,
        makePod('p')
          .label('foo', '')
          .spread(hard('zone', 1, { minDomains: 3 })),
      ),
    ).toEqual({
      'node-a': SKEW,
      'node-b': SKEW,
      'node-x': SKEW,
      'node-y': SKEW,
    });
  });

  it('with nodeAffinityPolicy Honor (default) ignores nodes the pod cannot use; Ignore counts them', () => {
    const existing = [foo('p-x1', 'node-x'), foo('p-x2', 'node-y')];
    const pinned = makePod('p').label('foo', '').nodeSelector({ zone: 'zone2' });
    // Only zone2 counts: skew there is 2 + 1 - 2 = 1.
    expect(filter(existing, pinned.spread(hard('zone')))['node-x']).toBe('');
    const ignoring = makePod('q')
      .label('foo', '')
      .nodeSelector({ zone: 'zone2' })
      .spread(hard('zone', 1, { nodeAffinityPolicy: 'Ignore' }));
    expect(filter(existing, ignoring)['node-x']).toBe(SKEW);
  });

  it('with nodeTaintsPolicy Honor leaves out tainted nodes the pod does not tolerate', () => {
    const tainted = [zoned('node-a', 'zone1').obj, zoned('node-x', 'zone2').taint('k', 'v', 'NoSchedule').obj];
    const existing = [foo('p-a1', 'node-a')];
    const pod = makePod('p')
      .label('foo', '')
      .spread(hard('zone', 1, { nodeTaintsPolicy: 'Honor' }));
    // zone2 does not count, so zone1 is the only domain and its minimum is 1.
    expect(filter(existing, pod, tainted)['node-a']).toBe('');
    expect(filter(existing, makePod('p').label('foo', '').spread(hard('zone')), tainted)['node-a']).toBe(SKEW);
  });

  it('merges matchLabelKeys into the selector', () => {
    const existing = [foo('old', 'node-a').label('rev', '1'), foo('old2', 'node-b').label('rev', '1')];
    const pod = makePod('p')
      .label('foo', '')
      .label('rev', '2')
      .spread(hard('zone', 1, { matchLabelKeys: ['rev'] }));
    expect(filter(existing, pod)['node-a']).toBe('');
  });
});

describe('PodTopologySpread Score', () => {
  const soft = (key: string, maxSkew = 1): TopologySpreadConstraint => ({
    ...hard(key, maxSkew),
    whenUnsatisfiable: 'ScheduleAnyway',
  });

  function score(
    existing: ReturnType<typeof makePod>[],
    pod: ReturnType<typeof makePod>,
    opts: { nodes?: typeof nodes; listers?: ReturnType<typeof fakeListers> } = {},
  ) {
    const { fwk, snapshot } = pluginFramework('PodTopologySpread', newPodTopologySpread, ['preScore', 'score'], {
      nodes: opts.nodes ?? nodes,
      pods: existing.map((p) => p.obj),
      listers: opts.listers,
    });
    return scoreNodes(fwk, snapshot, pod.obj);
  }

  it('gives every node 100 when all domains hold the same number of matching pods', () => {
    const existing = [foo('a', 'node-a'), foo('x', 'node-x')];
    expect(score(existing, makePod('p').label('foo', '').spread(soft('zone')))).toEqual({
      'node-a': 100,
      'node-b': 100,
      'node-x': 100,
      'node-y': 100,
    });
  });

  it('prefers the emptier domain', () => {
    const existing = [foo('a1', 'node-a'), foo('a2', 'node-a'), foo('b1', 'node-b'), foo('x1', 'node-x')];
    // zone weight log(2 + 2) = 1.386: zone1 3 pods -> 4, zone2 1 pod -> 1; normalized 100 * (4 + 1 - s) / 4
    expect(score(existing, makePod('p').label('foo', '').spread(soft('zone')))).toEqual({
      'node-a': 25,
      'node-b': 25,
      'node-x': 100,
      'node-y': 100,
    });
  });

  it('spreads by hostname per node', () => {
    const existing = [foo('a1', 'node-a'), foo('a2', 'node-a'), foo('b1', 'node-b')];
    // log(4 + 2) = 1.79: node-a 2 pods -> 4, node-b 1 -> 2, others 0 -> max 4, min 0
    expect(score(existing, makePod('p').label('foo', '').spread(soft('kubernetes.io/hostname')))).toEqual({
      'node-a': 0,
      'node-b': 50,
      'node-x': 100,
      'node-y': 100,
    });
  });

  it('applies the system default constraints with the selector of the services selecting the pod', () => {
    const listers = fakeListers({
      services: [{ metadata: { name: 'svc', namespace: 'default' }, spec: { selector: { app: 'web' } } }],
    });
    const web = (name: string, node: string) => makePod(name).label('app', 'web').node(node);
    const existing = [web('w1', 'node-a'), web('w2', 'node-a'), web('w3', 'node-a'), web('w4', 'node-a')];
    // hostname, maxSkew 3: node-a 4 * log(6) + 2 = 9, the others 2 -> 100 * (9 + 2 - s) / 9.
    // The zone default does not score: no node has topology.kubernetes.io/zone.
    expect(score(existing, makePod('p').label('app', 'web'), { listers })).toEqual({
      'node-a': 22,
      'node-b': 100,
      'node-x': 100,
      'node-y': 100,
    });
    // Without a selecting service the defaults have no selector and the plugin is skipped.
    expect(score(existing, makePod('q').label('app', 'web'))).toEqual({
      'node-a': 0,
      'node-b': 0,
      'node-x': 0,
      'node-y': 0,
    });
  });

  it("ignores nodes lacking a topology key of the pod's own constraints", () => {
    const mixed = [...nodes, makeNode('bare').obj];
    expect(score([], makePod('p').label('foo', '').spread(soft('zone')), { nodes: mixed }).bare).toBe(0);
  });
});
