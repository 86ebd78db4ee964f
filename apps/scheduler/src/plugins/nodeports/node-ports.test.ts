import { describe, expect, it } from 'vitest';
import { makeNode, makePod } from '../../builders.test-support.js';
import { filterNodes, pluginFramework, preFilter } from '../plugin.test-support.js';
import { newNodePorts } from './node-ports.js';

describe('NodePorts', () => {
  const nodes = [makeNode('free').obj, makeNode('busy').obj, makeNode('local').obj];
  const pods = [
    makePod('web').hostPort(8080).node('busy').obj,
    makePod('dns').hostPort(53, 'UDP', '127.0.0.1').node('local').obj,
  ];
  const { fwk, snapshot } = pluginFramework('NodePorts', newNodePorts, ['preFilter', 'filter'], { nodes, pods });
  const taken = "Unschedulable: node(s) didn't have free ports for the requested pod ports";

  it('skips pods without host ports', () => {
    expect(preFilter(fwk, snapshot, makePod('p').obj)).toBe('Skip');
  });

  it.each([
    ['the same TCP port', makePod('p').hostPort(8080).obj, { free: '', busy: taken, local: '' }],
    ['another port', makePod('p').hostPort(8081).obj, { free: '', busy: '', local: '' }],
    ['the same port over UDP', makePod('p').hostPort(8080, 'UDP').obj, { free: '', busy: '', local: '' }],
    [
      '0.0.0.0 against a port bound to one IP',
      makePod('p').hostPort(53, 'UDP').obj,
      { free: '', busy: '', local: taken },
    ],
    [
      'another IP than the bound one',
      makePod('p').hostPort(53, 'UDP', '10.0.0.1').obj,
      { free: '', busy: '', local: '' },
    ],
  ])('%s', (_name, pod, expected) => {
    expect(filterNodes(fwk, snapshot, pod)).toEqual(expected);
  });
});
