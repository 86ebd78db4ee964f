import { describe, expect, it } from 'vitest';
import type { Node } from '../schema/core-v1-node.js';
import type { NodeSelectorTerm } from '../schema/core-v1-scheduling.js';
import { NodeSelectorMatcher, PreferredSchedulingTerms, RequiredNodeAffinity } from './node-selector.js';

const node = (name: string, labels: Record<string, string> = {}): Node => ({ metadata: { name, labels } });
const affinity = (...nodeSelectorTerms: NodeSelectorTerm[]) => ({
  spec: {
    containers: [],
    affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms } } },
  },
});

describe('NodeSelectorMatcher', () => {
  it('ORs terms and ANDs the expressions and fields inside one', () => {
    const m = new NodeSelectorMatcher([
      { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a', 'b'] }], matchFields: [] },
      {
        matchExpressions: [{ key: 'gpu', operator: 'Exists' }],
        matchFields: [{ key: 'metadata.name', operator: 'NotIn', values: ['n3'] }],
      },
    ]);
    expect(m.matches(node('n1', { zone: 'b' }))).toBe(true);
    expect(m.matches(node('n2', { gpu: 'x' }))).toBe(true);
    expect(m.matches(node('n3', { gpu: 'x' }))).toBe(false);
    expect(m.matches(node('n4', { zone: 'c' }))).toBe(false);
    expect(m.errors()).toEqual([]);
  });

  it('compares Gt and Lt as integers, and DoesNotExist on absence', () => {
    const m = new NodeSelectorMatcher([
      {
        matchExpressions: [
          { key: 'cores', operator: 'Gt', values: ['4'] },
          { key: 'spot', operator: 'DoesNotExist' },
        ],
      },
    ]);
    expect(m.matches(node('a', { cores: '16' }))).toBe(true);
    expect(m.matches(node('b', { cores: '2' }))).toBe(false);
    expect(m.matches(node('c', { cores: '16', spot: '' }))).toBe(false);
  });

  it('lets an empty or invalid term match nothing while the others still count, and reports the errors', () => {
    const m = new NodeSelectorMatcher([
      {},
      { matchFields: [{ key: 'metadata.labels', operator: 'In', values: ['x'] }] },
      { matchFields: [{ key: 'metadata.name', operator: 'Exists' }] },
      { matchExpressions: [{ key: 'k', operator: 'Near', values: ['x'] }] },
      { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['ok'] }] },
    ]);
    expect(m.matches(node('ok'))).toBe(true);
    expect(m.matches(node('x'))).toBe(false);
    expect(m.errors()).toEqual([
      '"metadata.labels" is not a valid field selector key',
      '"Exists" is not a valid node field selector operator',
      '"Near" is not a valid label selector operator',
    ]);
  });
});

describe('RequiredNodeAffinity', () => {
  it('ANDs the nodeSelector with the required terms; no constraints admit every node', () => {
    const pod = affinity({ matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['c'] }] });
    const required = new RequiredNodeAffinity({ spec: { ...pod.spec, nodeSelector: { disk: 'ssd' } } });
    expect(required.matches(node('a', { disk: 'ssd', zone: 'a' }))).toBe(true);
    expect(required.matches(node('b', { disk: 'hdd', zone: 'a' }))).toBe(false);
    expect(required.matches(node('c', { disk: 'ssd', zone: 'c' }))).toBe(false);
    expect(new RequiredNodeAffinity({}).matches(node('any'))).toBe(true);
  });

  it('admits no node when the required affinity has no terms', () => {
    expect(new RequiredNodeAffinity(affinity()).matches(node('a'))).toBe(false);
  });
});

describe('PreferredSchedulingTerms', () => {
  it('sums the weights of the matching terms, ignoring zero weights', () => {
    const terms = new PreferredSchedulingTerms([
      { weight: 10, preference: { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] } },
      { weight: 5, preference: { matchExpressions: [{ key: 'disk', operator: 'Exists' }] } },
      { weight: 0, preference: { matchExpressions: [{ key: 'zone', operator: 'Exists' }] } },
    ]);
    expect(terms.score(node('n', { zone: 'a', disk: 'ssd' }))).toBe(15);
    expect(terms.score(node('n', { zone: 'b' }))).toBe(0);
  });

  it('throws the parse error of a bad term', () => {
    expect(
      () =>
        new PreferredSchedulingTerms([
          { weight: 1, preference: { matchExpressions: [{ key: 'k', operator: 'Near' }] } },
        ]),
    ).toThrow('"Near" is not a valid label selector operator');
  });
});
