import { describe, expect, it } from 'vitest';
import { makePod } from '../builders.test-support.js';
import { newPodInfo } from '../framework/pod-info.js';
import { Nominator } from './nominator.js';

describe('Nominator', () => {
  it('nominates by the override, or by status.nominatedNodeName', () => {
    const n = new Nominator();
    const a = newPodInfo(makePod('a').obj);
    const b = newPodInfo(makePod('b').nominated('n2').obj);
    n.add(a, { nominatedNodeName: 'n1' });
    n.add(b);
    expect(n.nominatedPodsForNode('n1').map((p) => p.pod.metadata?.name)).toEqual(['a']);
    expect(n.nominatedPodsForNode('n2').map((p) => p.pod.metadata?.name)).toEqual(['b']);
    n.add(a, { nominatedNodeName: '' });
    expect(n.nominatedPodsForNode('n1')).toHaveLength(0);
  });

  it('does not nominate a pod that is bound or gone', () => {
    const n = new Nominator(() => true);
    n.add(newPodInfo(makePod('a').obj), { nominatedNodeName: 'n1' });
    expect(n.nominatedPodsForNode('n1')).toHaveLength(0);
  });

  it('keeps an in-memory nomination across an update that carries none', () => {
    const n = new Nominator();
    const pod = makePod('a').obj;
    n.add(newPodInfo(pod), { nominatedNodeName: 'n1' });
    n.update(pod, newPodInfo({ ...pod, metadata: { ...pod.metadata, labels: { x: 'y' } } }));
    expect(n.nominatedPodsForNode('n1')[0]?.pod.metadata?.labels).toEqual({ x: 'y' });
    n.delete(pod);
    expect(n.nominatedNodeOf(pod)).toBeUndefined();
  });
});
