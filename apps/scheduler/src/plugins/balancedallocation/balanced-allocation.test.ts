import { describe, expect, it } from 'vitest';
import { makeNode, makePod } from '../../builders.test-support.js';
import { pluginFramework, scoreNodes } from '../plugin.test-support.js';
import { balancedResourceScorer, newBalancedAllocation } from './balanced-allocation.js';

describe('NodeResourcesBalancedAllocation', () => {
  it('scores (1 - std of the fractions) * 100 (kube-scheduler "differently sized nodes")', () => {
    const nodes = [
      makeNode('node1').capacity({ cpu: '4000m', memory: '10000' }).obj,
      makeNode('node2').capacity({ cpu: '6000m', memory: '10000' }).obj,
    ];
    const pod = makePod('p').req({ cpu: '1000m', memory: '2000' }).req({ cpu: '2000m', memory: '3000' }).obj;
    const { fwk, snapshot } = pluginFramework(
      'NodeResourcesBalancedAllocation',
      newBalancedAllocation,
      ['preScore', 'score'],
      {
        nodes,
      },
    );
    // node1: cpu 0.75, memory 0.5 -> std 0.125 -> 87; node2: 0.5 and 0.5 -> 100
    expect(scoreNodes(fwk, snapshot, pod)).toEqual({ node1: 87, node2: 100 });
  });

  it('counts the requests of pods already on the node', () => {
    const nodes = [makeNode('n').capacity({ cpu: '4', memory: '4' }).obj];
    const pods = [makePod('a').req({ cpu: '2' }).node('n').obj];
    const { fwk, snapshot } = pluginFramework(
      'NodeResourcesBalancedAllocation',
      newBalancedAllocation,
      ['preScore', 'score'],
      {
        nodes,
        pods,
      },
    );
    // cpu (2 + 1) / 4 = 0.75, memory 2 / 4 = 0.5 -> 87
    expect(scoreNodes(fwk, snapshot, makePod('p').req({ cpu: '1', memory: '2' }).obj)).toEqual({ n: 87 });
  });

  it.each([
    [[1, 1], [2, 2], 100],
    [[2, 0], [2, 2], 50],
    [[3, 0], [2, 2], 50], // fractions capped at 1
    [[1, 1, 0], [2, 2, 2], 76], // three resources: population std
    [[1, 5], [2, 0], 100], // a resource without allocatable is left out
  ])('requested %j of %j scores %i', (req, alloc, expected) => {
    expect(balancedResourceScorer(req, alloc)).toBe(expected);
  });
});
