import { describe, expect, it } from 'vitest';
import { makeNode, makePod } from '../../builders.test-support.js';
import { filterNodes, pluginFramework } from '../plugin.test-support.js';
import { newNodeName } from './node-name.js';

describe('NodeName', () => {
  const { fwk, snapshot } = pluginFramework('NodeName', newNodeName, ['filter'], {
    nodes: [makeNode('a').obj, makeNode('b').obj],
  });

  it('fits every node when the pod names none', () => {
    expect(filterNodes(fwk, snapshot, makePod('p').obj)).toEqual({ a: '', b: '' });
  });

  it('fits only the named node', () => {
    expect(filterNodes(fwk, snapshot, makePod('p').node('b').obj)).toEqual({
      a: "UnschedulableAndUnresolvable: node(s) didn't match the requested node name",
      b: '',
    });
  });
});
