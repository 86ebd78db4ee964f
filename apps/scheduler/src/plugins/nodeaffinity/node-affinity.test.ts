import { describe, expect, it } from 'vitest';
import { makeNode, makePod } from '../../builders.test-support.js';
import { filterNodes, pluginFramework, preFilter, scoreNodes } from '../plugin.test-support.js';
import { newNodeAffinity } from './node-affinity.js';

const MISMATCH = "UnschedulableAndUnresolvable: node(s) didn't match Pod's node affinity/selector";
const nodes = [
  makeNode('ssd-a').label('disk', 'ssd').label('zone', 'a').label('gen', '5').obj,
  makeNode('hdd-b').label('disk', 'hdd').label('zone', 'b').label('gen', '3').obj,
  makeNode('bare').obj,
];

const required = (...terms: object[]) => ({
  nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } },
});

describe('NodeAffinity Filter', () => {
  const { fwk, snapshot } = pluginFramework('NodeAffinity', newNodeAffinity, ['preFilter', 'filter'], { nodes });

  it('skips pods without nodeSelector or required affinity', () => {
    expect(preFilter(fwk, snapshot, makePod('p').obj)).toBe('Skip');
  });

  it.each([
    [
      'nodeSelector',
      makePod('p').nodeSelector({ disk: 'ssd' }).obj,
      { 'ssd-a': '', 'hdd-b': MISMATCH, bare: MISMATCH },
    ],
    [
      'In expression',
      makePod('p').affinity(required({ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a', 'b'] }] })).obj,
      { 'ssd-a': '', 'hdd-b': '', bare: MISMATCH },
    ],
    [
      'NotIn matches nodes without the label',
      makePod('p').affinity(required({ matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['a'] }] })).obj,
      { 'ssd-a': MISMATCH, 'hdd-b': '', bare: '' },
    ],
    [
      'DoesNotExist',
      makePod('p').affinity(required({ matchExpressions: [{ key: 'disk', operator: 'DoesNotExist' }] })).obj,
      { 'ssd-a': MISMATCH, 'hdd-b': MISMATCH, bare: '' },
    ],
    [
      'Gt compares integers',
      makePod('p').affinity(required({ matchExpressions: [{ key: 'gen', operator: 'Gt', values: ['4'] }] })).obj,
      { 'ssd-a': '', 'hdd-b': MISMATCH, bare: MISMATCH },
    ],
    [
      'terms are ORed',
      makePod('p').affinity(
        required(
          { matchExpressions: [{ key: 'disk', operator: 'In', values: ['hdd'] }] },
          { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] },
        ),
      ).obj,
      { 'ssd-a': '', 'hdd-b': '', bare: MISMATCH },
    ],
    [
      'nodeSelector and affinity are ANDed',
      makePod('p')
        .nodeSelector({ disk: 'ssd' })
        .affinity(required({ matchExpressions: [{ key: 'zone', operator: 'In', values: ['b'] }] })).obj,
      { 'ssd-a': MISMATCH, 'hdd-b': MISMATCH, bare: MISMATCH },
    ],
    [
      'an empty term matches nothing',
      makePod('p').affinity(required({})).obj,
      { 'ssd-a': MISMATCH, 'hdd-b': MISMATCH, bare: MISMATCH },
    ],
    [
      'an invalid operator matches nothing',
      makePod('p').affinity(required({ matchExpressions: [{ key: 'zone', operator: 'Near', values: ['a'] }] })).obj,
      { 'ssd-a': MISMATCH, 'hdd-b': MISMATCH, bare: MISMATCH },
    ],
  ])('%s', (_name, pod, expected) => {
    expect(filterNodes(fwk, snapshot, pod)).toEqual(expected);
  });

  it('narrows PreFilter to the nodes named by metadata.name matchFields', () => {
    const pod = makePod('p').affinity(
      required(
        { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['ssd-a'] }] },
        { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['bare'] }] },
      ),
    ).obj;
    expect(preFilter(fwk, snapshot, pod)).toEqual(['bare', 'ssd-a']);
    expect(filterNodes(fwk, snapshot, pod)).toEqual({ 'ssd-a': '', 'hdd-b': 'filtered out by PreFilter', bare: '' });
  });

  it('rejects every node when the named nodes of one term conflict', () => {
    const pod = makePod('p').affinity(
      required({
        matchFields: [
          { key: 'metadata.name', operator: 'In', values: ['ssd-a'] },
          { key: 'metadata.name', operator: 'In', values: ['bare'] },
        ],
      }),
    ).obj;
    expect(preFilter(fwk, snapshot, pod)).toBe('UnschedulableAndUnresolvable: pod affinity terms conflict');
  });

  it('enforces the profile addedAffinity on every pod', () => {
    const enforced = pluginFramework('NodeAffinity', newNodeAffinity, ['preFilter', 'filter'], {
      nodes,
      args: { addedAffinity: required({ matchExpressions: [{ key: 'disk', operator: 'Exists' }] }).nodeAffinity },
    });
    expect(filterNodes(enforced.fwk, enforced.snapshot, makePod('p').obj)).toEqual({
      'ssd-a': '',
      'hdd-b': '',
      bare: "UnschedulableAndUnresolvable: node(s) didn't match scheduler-enforced node affinity",
    });
  });
});

describe('NodeAffinity Score', () => {
  it('sums the weights of matching preferred terms, scaled to 100', () => {
    const { fwk, snapshot } = pluginFramework('NodeAffinity', newNodeAffinity, ['preScore', 'score'], { nodes });
    const pod = makePod('p').affinity({
      nodeAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [
          { weight: 2, preference: { matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }] } },
          { weight: 8, preference: { matchExpressions: [{ key: 'zone', operator: 'Exists' }] } },
          { weight: 0, preference: { matchExpressions: [{ key: 'disk', operator: 'DoesNotExist' }] } },
        ],
      },
    }).obj;
    expect(scoreNodes(fwk, snapshot, pod)).toEqual({ 'ssd-a': 100, 'hdd-b': 80, bare: 0 });
  });
});
