import { describe, expect, it } from 'vitest';
import { makeNode, makePod } from '../../builders.test-support.js';
import { filterNodes, pluginFramework, scoreNodes } from '../plugin.test-support.js';
import { newNodeResourcesFit } from './fit.js';

describe('NodeResourcesFit Filter', () => {
  const node = makeNode('n').capacity({
    cpu: '10',
    memory: '20',
    pods: '3',
    'example.com/gpu': '2',
    'ephemeral-storage': '10',
  }).obj;
  const existing = [makePod('a').req({ cpu: '5', memory: '10' }).node('n').obj];
  const { fwk, snapshot } = pluginFramework('NodeResourcesFit', newNodeResourcesFit, ['preFilter', 'filter'], {
    nodes: [node],
    pods: existing,
  });
  const fit = (pod: ReturnType<typeof makePod>) => filterNodes(fwk, snapshot, pod.obj).n;

  it.each([
    ['a pod within the free resources', makePod('p').req({ cpu: '5', memory: '10' }), ''],
    ['too much cpu', makePod('p').req({ cpu: '6', memory: '1' }), 'Unschedulable: Insufficient cpu'],
    [
      'too much of both, every reason kept',
      makePod('p').req({ cpu: '6', memory: '11' }),
      'Unschedulable: Insufficient cpu, Insufficient memory',
    ],
    [
      'an init container bigger than the free cpu',
      makePod('p').req({ cpu: '1' }).initReq({ cpu: '6' }),
      'Unschedulable: Insufficient cpu',
    ],
    [
      'overhead pushing it over',
      makePod('p')
        .req({ cpu: '5' })
        .spec({ overhead: { cpu: '1' } }),
      'Unschedulable: Insufficient cpu',
    ],
    [
      'an extended resource',
      makePod('p').req({ 'example.com/gpu': '3' }),
      'Unschedulable: Insufficient example.com/gpu',
    ],
    [
      'an extended resource the node lacks',
      makePod('p').req({ 'other.io/fpga': '1' }),
      'Unschedulable: Insufficient other.io/fpga',
    ],
    [
      'ephemeral storage',
      makePod('p').req({ 'ephemeral-storage': '11' }),
      'Unschedulable: Insufficient ephemeral-storage',
    ],
    ['a pod without requests', makePod('p'), ''],
  ])('%s', (_name, pod, expected) => {
    expect(fit(pod)).toBe(expected);
  });

  it('counts pods against the allowed pod number, even for pods without requests', () => {
    const full = pluginFramework('NodeResourcesFit', newNodeResourcesFit, ['filter'], {
      nodes: [node],
      pods: [makePod('a').node('n').obj, makePod('b').node('n').obj, makePod('c').node('n').obj],
    });
    expect(filterNodes(full.fwk, full.snapshot, makePod('p').obj).n).toBe('Unschedulable: Too many pods');
  });

  it('ignores the configured extended resources', () => {
    const ignoring = pluginFramework('NodeResourcesFit', newNodeResourcesFit, ['filter'], {
      nodes: [node],
      args: { ignoredResourceGroups: ['other.io'] },
    });
    expect(filterNodes(ignoring.fwk, ignoring.snapshot, makePod('p').req({ 'other.io/fpga': '1' }).obj).n).toBe('');
  });
});

describe('NodeResourcesFit Score', () => {
  // kube-scheduler's least_allocated_test "nothing scheduled, resources requested, differently sized nodes".
  const nodes = [
    makeNode('node1').capacity({ cpu: '4000m', memory: '10000' }).obj,
    makeNode('node2').capacity({ cpu: '6000m', memory: '10000' }).obj,
  ];
  const pod = makePod('p').req({ cpu: '1000m', memory: '2000' }).req({ cpu: '2000m', memory: '3000' }).obj;

  it('LeastAllocated: averages (free / capacity) * 100 over cpu and memory', () => {
    const { fwk, snapshot } = pluginFramework('NodeResourcesFit', newNodeResourcesFit, ['preScore', 'score'], {
      nodes,
    });
    expect(scoreNodes(fwk, snapshot, pod)).toEqual({ node1: 37, node2: 50 });
  });

  it('LeastAllocated: counts 100m cpu and 200Mi memory for containers without requests', () => {
    const big = [makeNode('n').capacity({ cpu: '1000m', memory: `${400 * 1024 * 1024}` }).obj];
    const { fwk, snapshot } = pluginFramework('NodeResourcesFit', newNodeResourcesFit, ['preScore', 'score'], {
      nodes: big,
    });
    // cpu (1000-100)/1000 = 90, memory (400Mi-200Mi)/400Mi = 50 -> 70
    expect(scoreNodes(fwk, snapshot, makePod('p').obj)).toEqual({ n: 70 });
  });

  it('MostAllocated: averages (requested / capacity) * 100, weighted', () => {
    const { fwk, snapshot } = pluginFramework('NodeResourcesFit', newNodeResourcesFit, ['preScore', 'score'], {
      nodes,
      args: {
        scoringStrategy: {
          type: 'MostAllocated',
          resources: [
            { name: 'cpu', weight: 3 },
            { name: 'memory', weight: 1 },
          ],
        },
      },
    });
    // node1: cpu 75, mem 50 -> (225 + 50) / 4 = 68; node2: cpu 50, mem 50 -> 50
    expect(scoreNodes(fwk, snapshot, pod)).toEqual({ node1: 68, node2: 50 });
  });

  it('RequestedToCapacityRatio: follows the shape over utilization', () => {
    const { fwk, snapshot } = pluginFramework('NodeResourcesFit', newNodeResourcesFit, ['preScore', 'score'], {
      nodes,
      args: {
        scoringStrategy: {
          type: 'RequestedToCapacityRatio',
          resources: [{ name: 'cpu', weight: 1 }],
          requestedToCapacityRatio: {
            shape: [
              { utilization: 0, score: 0 },
              { utilization: 100, score: 10 },
            ],
          },
        },
      },
    });
    expect(scoreNodes(fwk, snapshot, pod)).toEqual({ node1: 75, node2: 50 });
  });

  it('refuses arguments outside the schema', () => {
    expect(() =>
      pluginFramework('NodeResourcesFit', newNodeResourcesFit, ['score'], {
        nodes,
        args: { scoringStrategy: { type: 'Random' } },
      }),
    ).toThrow();
  });
});
