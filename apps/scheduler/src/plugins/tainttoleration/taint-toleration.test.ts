import { describe, expect, it } from 'vitest';
import { makeNode, makePod } from '../../builders.test-support.js';
import { filterNodes, pluginFramework, scoreNodes } from '../plugin.test-support.js';
import { newTaintToleration } from './taint-toleration.js';

describe('TaintToleration Filter', () => {
  const nodes = [
    makeNode('clean').obj,
    makeNode('gpu').taint('dedicated', 'gpu', 'NoSchedule').obj,
    makeNode('draining').taint('drain', '', 'NoExecute').obj,
    makeNode('soft').taint('soft', 'x', 'PreferNoSchedule').obj,
  ];
  const { fwk, snapshot } = pluginFramework('TaintToleration', newTaintToleration, ['filter'], { nodes });

  it.each([
    [
      'no tolerations: NoSchedule and NoExecute taints repel, PreferNoSchedule does not',
      makePod('p').obj,
      {
        clean: '',
        gpu: 'UnschedulableAndUnresolvable: node(s) had untolerated taint {dedicated: gpu}',
        draining: 'UnschedulableAndUnresolvable: node(s) had untolerated taint {drain: }',
        soft: '',
      },
    ],
    [
      'Equal toleration with the same value and effect',
      makePod('p').toleration({ key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }).obj,
      { gpu: '' },
    ],
    [
      'Equal toleration with another value',
      makePod('p').toleration({ key: 'dedicated', value: 'cpu', effect: 'NoSchedule' }).obj,
      { gpu: 'UnschedulableAndUnresolvable: node(s) had untolerated taint {dedicated: gpu}' },
    ],
    [
      'Exists toleration without effect',
      makePod('p').toleration({ key: 'drain', operator: 'Exists' }).obj,
      { draining: '' },
    ],
    [
      'toleration for another effect',
      makePod('p').toleration({ key: 'dedicated', operator: 'Exists', effect: 'NoExecute' }).obj,
      { gpu: 'UnschedulableAndUnresolvable: node(s) had untolerated taint {dedicated: gpu}' },
    ],
  ])('%s', (_name, pod, expected) => {
    expect(filterNodes(fwk, snapshot, pod)).toMatchObject(expected);
  });
});

describe('TaintToleration Score', () => {
  it('gives fewer untolerated PreferNoSchedule taints a higher score', () => {
    const nodes = [
      makeNode('none').obj,
      makeNode('one').taint('cpu-type', 'arm64', 'PreferNoSchedule').obj,
      makeNode('two').taint('cpu-type', 'arm64', 'PreferNoSchedule').taint('disk-type', 'ssd', 'PreferNoSchedule').obj,
      makeNode('tolerated').taint('foo', 'bar', 'PreferNoSchedule').obj,
    ];
    const { fwk, snapshot } = pluginFramework('TaintToleration', newTaintToleration, ['preScore', 'score'], { nodes });
    const pod = makePod('p').toleration({
      key: 'foo',
      operator: 'Equal',
      value: 'bar',
      effect: 'PreferNoSchedule',
    }).obj;
    expect(scoreNodes(fwk, snapshot, pod)).toEqual({ none: 100, one: 50, two: 0, tolerated: 100 });
  });
});
