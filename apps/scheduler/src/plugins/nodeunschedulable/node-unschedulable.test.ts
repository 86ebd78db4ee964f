import { describe, expect, it } from 'vitest';
import { makeNode, makePod } from '../../builders.test-support.js';
import { filterNodes, pluginFramework } from '../plugin.test-support.js';
import { newNodeUnschedulable } from './node-unschedulable.js';

describe('NodeUnschedulable', () => {
  const nodes = [makeNode('ready').obj, makeNode('cordoned').unschedulable().obj];
  const { fwk, snapshot } = pluginFramework('NodeUnschedulable', newNodeUnschedulable, ['filter'], { nodes });

  it.each([
    [
      'a pod without tolerations',
      makePod('p').obj,
      { ready: '', cordoned: 'UnschedulableAndUnresolvable: node(s) were unschedulable' },
    ],
    [
      'a pod tolerating node.kubernetes.io/unschedulable',
      makePod('p').toleration({ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' })
        .obj,
      { ready: '', cordoned: '' },
    ],
    ['a pod tolerating every taint', makePod('p').toleration({ operator: 'Exists' }).obj, { ready: '', cordoned: '' }],
    [
      'a pod tolerating only NoExecute',
      makePod('p').toleration({ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoExecute' }).obj,
      { ready: '', cordoned: 'UnschedulableAndUnresolvable: node(s) were unschedulable' },
    ],
  ])('%s', (_name, pod, expected) => {
    expect(filterNodes(fwk, snapshot, pod)).toEqual(expected);
  });
});
