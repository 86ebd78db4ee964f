import type { Affinity } from '@wheelhouse/api';
import { describe, expect, it } from 'vitest';
import { makeNode, makePod } from '../../builders.test-support.js';
import { fakeListers } from '../../framework/framework.test-support.js';
import { filterNodes, pluginFramework, preFilter, scoreNodes } from '../plugin.test-support.js';
import { newInterPodAffinity } from './inter-pod-affinity.js';

const AFFINITY = "UnschedulableAndUnresolvable: node(s) didn't match pod affinity rules";
const ANTI = "Unschedulable: node(s) didn't match pod anti-affinity rules";
const EXISTING = "Unschedulable: node(s) didn't satisfy existing pods anti-affinity rules";

const nodes = [
  makeNode('a1').label('zone', 'a').obj,
  makeNode('a2').label('zone', 'a').obj,
  makeNode('b1').label('zone', 'b').obj,
  makeNode('nozone').obj,
];
const term = (labels: Record<string, string>, topologyKey = 'zone', extra: object = {}) => ({
  labelSelector: { matchLabels: labels },
  topologyKey,
  ...extra,
});
const requiredAffinity = (...terms: object[]): Affinity => ({
  podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: terms },
});
const requiredAnti = (...terms: object[]): Affinity => ({
  podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: terms },
});

function filter(existing: ReturnType<typeof makePod>[], pod: ReturnType<typeof makePod>, listers = fakeListers()) {
  const { fwk, snapshot } = pluginFramework('InterPodAffinity', newInterPodAffinity, ['preFilter', 'filter'], {
    nodes,
    pods: existing.map((p) => p.obj),
    listers,
  });
  return filterNodes(fwk, snapshot, pod.obj);
}

describe('InterPodAffinity Filter', () => {
  it('skips when neither the pod nor any existing pod has required (anti-)affinity', () => {
    const { fwk, snapshot } = pluginFramework('InterPodAffinity', newInterPodAffinity, ['preFilter', 'filter'], {
      nodes,
      pods: [makePod('db').label('app', 'db').node('a1').obj],
    });
    expect(preFilter(fwk, snapshot, makePod('p').obj)).toBe('Skip');
  });

  it('affinity: only nodes in the domain of a matching pod', () => {
    const existing = [makePod('db').label('app', 'db').node('a1')];
    expect(filter(existing, makePod('web').affinity(requiredAffinity(term({ app: 'db' }))))).toEqual({
      a1: '',
      a2: '',
      b1: AFFINITY,
      nozone: AFFINITY,
    });
  });

  it('affinity: the first pod of a self-affine group may go to any node with the topology key', () => {
    const pod = makePod('web')
      .label('app', 'web')
      .affinity(requiredAffinity(term({ app: 'web' })));
    expect(filter([], pod)).toEqual({ a1: '', a2: '', b1: '', nozone: AFFINITY });
  });

  it('affinity: pods in other namespaces do not count unless the term names them', () => {
    const existing = [makePod('db').namespace('data').label('app', 'db').node('b1')];
    expect(filter(existing, makePod('web').affinity(requiredAffinity(term({ app: 'db' }))))).toMatchObject({
      b1: AFFINITY,
    });
    expect(
      filter(existing, makePod('web').affinity(requiredAffinity(term({ app: 'db' }, 'zone', { namespaces: ['data'] }))))
        .b1,
    ).toBe('');
  });

  it('affinity: a namespaceSelector selects namespaces by their labels', () => {
    const listers = fakeListers({
      namespaces: [{ metadata: { name: 'data', labels: { team: 'storage' } } }, { metadata: { name: 'default' } }],
    });
    const existing = [makePod('db').namespace('data').label('app', 'db').node('b1')];
    const pod = makePod('web').affinity(
      requiredAffinity(term({ app: 'db' }, 'zone', { namespaceSelector: { matchLabels: { team: 'storage' } } })),
    );
    expect(filter(existing, pod, listers)).toEqual({ a1: AFFINITY, a2: AFFINITY, b1: '', nozone: AFFINITY });
  });

  it('anti-affinity: not in the domain of a matching pod', () => {
    const existing = [makePod('web-1').label('app', 'web').node('a1')];
    expect(
      filter(
        existing,
        makePod('web-2')
          .label('app', 'web')
          .affinity(requiredAnti(term({ app: 'web' }))),
      ),
    ).toEqual({
      a1: ANTI,
      a2: ANTI,
      b1: '',
      nozone: '',
    });
  });

  it("anti-affinity: an existing pod's anti-affinity keeps matching pods out of its domain", () => {
    const existing = [
      makePod('loner')
        .label('app', 'loner')
        .affinity(requiredAnti(term({ app: 'web' }, 'kubernetes.io/hostname')))
        .node('b1'),
    ];
    expect(filter(existing, makePod('web').label('app', 'web'))).toEqual({ a1: '', a2: '', b1: EXISTING, nozone: '' });
    expect(filter(existing, makePod('other').label('app', 'other'))).toEqual({ a1: '', a2: '', b1: '', nozone: '' });
  });

  it('an invalid term is an error for that pod only', () => {
    const pod = makePod('bad').affinity(
      requiredAffinity({ labelSelector: { matchExpressions: [{ key: 'app', operator: 'In' }] }, topologyKey: 'zone' }),
    );
    const out = filter([], pod);
    expect(out.a1).toMatch(/^UnschedulableAndUnresolvable: parsing pod: /);
  });
});

describe('InterPodAffinity Score', () => {
  const preferred = (weight: number, labels: Record<string, string>, anti = false): Affinity => {
    const terms = [{ weight, podAffinityTerm: term(labels) }];
    return anti
      ? { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: terms } }
      : { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: terms } };
  };

  function score(existing: ReturnType<typeof makePod>[], pod: ReturnType<typeof makePod>, args?: object) {
    const { fwk, snapshot } = pluginFramework('InterPodAffinity', newInterPodAffinity, ['preScore', 'score'], {
      nodes,
      pods: existing.map((p) => p.obj),
      args,
    });
    return scoreNodes(fwk, snapshot, pod.obj);
  }

  it('prefers the domain with matching pods (preferred affinity)', () => {
    const existing = [makePod('db').label('app', 'db').node('b1')];
    expect(score(existing, makePod('web').affinity(preferred(5, { app: 'db' })))).toEqual({
      a1: 0,
      a2: 0,
      b1: 100,
      nozone: 0,
    });
  });

  it('avoids the domain with matching pods (preferred anti-affinity)', () => {
    const existing = [makePod('web-1').label('app', 'web').node('a2')];
    expect(score(existing, makePod('web-2').affinity(preferred(5, { app: 'web' }, true)))).toEqual({
      a1: 0,
      a2: 0,
      b1: 100,
      nozone: 100,
    });
  });

  it("counts existing pods' required affinity to the incoming pod with hardPodAffinityWeight", () => {
    const existing = [
      makePod('cache')
        .affinity(requiredAffinity(term({ app: 'web' })))
        .node('a1'),
    ];
    expect(score(existing, makePod('web').label('app', 'web'))).toEqual({ a1: 100, a2: 100, b1: 0, nozone: 0 });
    expect(score(existing, makePod('web').label('app', 'web'), { hardPodAffinityWeight: 0 })).toEqual({
      a1: 0,
      a2: 0,
      b1: 0,
      nozone: 0,
    });
  });
});
