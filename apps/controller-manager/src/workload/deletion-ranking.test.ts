// Scale-down order: kube's ActivePodsWithRanks rules, one rule per case.
import type { Pod } from '@wheelhouse/api';
import type { Served } from '@wheelhouse/client';
import { describe, expect, it } from 'vitest';
import { podsToDelete } from './deletion-ranking.js';

const NOW = Date.parse('2026-01-01T12:00:00Z');
const ago = (s: number): string => new Date(NOW - s * 1000).toISOString().replace(/\.\d+Z$/, 'Z');

function pod(
  name: string,
  o: { node?: string; phase?: string; readyFor?: number; restarts?: number; age?: number; cost?: string } = {},
): Served<Pod> {
  return {
    metadata: {
      name,
      uid: `uid-${name}`,
      resourceVersion: '1',
      creationTimestamp: ago(o.age ?? 3600),
      ...(o.cost ? { annotations: { 'controller.kubernetes.io/pod-deletion-cost': o.cost } } : {}),
    },
    spec: { containers: [], ...(o.node !== undefined ? { nodeName: o.node } : { nodeName: 'n1' }) },
    status: {
      phase: o.phase ?? 'Running',
      conditions:
        o.readyFor !== undefined ? [{ type: 'Ready', status: 'True', lastTransitionTime: ago(o.readyFor) }] : [],
      containerStatuses: [{ name: 'c', image: 'i', imageID: '', ready: true, restartCount: o.restarts ?? 0 }],
    },
  } as Served<Pod>;
}

describe('podsToDelete', () => {
  it.each([
    ['unscheduled before scheduled', pod('a', { node: '' }), pod('b', { readyFor: 10 })],
    ['pending before running', pod('a', { phase: 'Pending' }), pod('b')],
    ['unknown before running', pod('a', { phase: 'Unknown' }), pod('b')],
    ['not ready before ready', pod('a'), pod('b', { readyFor: 10 })],
    ['lower deletion cost first', pod('a', { readyFor: 10, cost: '-5' }), pod('b', { readyFor: 10 })],
    ['ready for less time (log scale) first', pod('a', { readyFor: 10 }), pod('b', { readyFor: 1000 })],
    ['more restarts first', pod('a', { readyFor: 100, restarts: 3 }), pod('b', { readyFor: 100 })],
    ['newer first', pod('a', { age: 10 }), pod('b', { age: 5000 })],
  ])('%s', (_rule, first, second) => {
    expect(podsToDelete([second, first], [], 1, NOW).map((p) => p.metadata.name)).toEqual(['a']);
    expect(podsToDelete([first, second], [], 1, NOW).map((p) => p.metadata.name)).toEqual(['a']);
  });

  it('prefers pods on nodes doubled up with related pods', () => {
    const alone = pod('alone', { node: 'n1', readyFor: 10 });
    const doubled = pod('doubled', { node: 'n2', readyFor: 1000 });
    const sibling = pod('sibling', { node: 'n2', readyFor: 1000 });
    const chosen = podsToDelete([alone, doubled], [alone, doubled, sibling], 1, NOW);
    expect(chosen.map((p) => p.metadata.name)).toEqual(['doubled']);
  });
});
