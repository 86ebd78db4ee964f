import { describe, expect, it } from 'vitest';
import { makeNode, makePod } from '../../builders.test-support.js';
import { NodeInfo } from '../../cache/node-info.js';
import { type Contribution, DomainTotals, DomainTotalsCache } from './domain-totals.js';

const zoned = (name: string, zone: string) => makeNode(name).label('zone', zone).obj;

/** Counts every pod of a node into its zone, and remembers which nodes it was asked about. */
function counter(asked: string[]) {
  return (n: NodeInfo): Contribution => {
    asked.push(n.name);
    return { domain: n.node?.metadata?.labels?.['zone'], count: n.pods.length };
  };
}

describe('DomainTotals', () => {
  it('sums each node into its domain, and recounts only the nodes that changed', () => {
    const a = new NodeInfo(zoned('a', 'z1'), makePod('p1').node('a').obj);
    const b = new NodeInfo(zoned('b', 'z1'));
    const c = new NodeInfo(zoned('c', 'z2'), makePod('p2').node('c').obj, makePod('p3').node('c').obj);
    const sum = new DomainTotals();
    const asked: string[] = [];
    const all = [a, b, c];
    sum.update(all, counter(asked));
    expect(Object.fromEntries(sum.totals)).toEqual({ z1: 1, z2: 2 });
    expect(asked).toEqual(['a', 'b', 'c']);

    asked.length = 0;
    b.addPod(makePod('p4').node('b').obj);
    sum.update(all, counter(asked));
    expect(asked).toEqual(['b']);
    expect(Object.fromEntries(sum.totals)).toEqual({ z1: 2, z2: 2 });

    // A relabelled node (a new Node object) moves its pods to its new domain.
    asked.length = 0;
    c.setNode(zoned('c', 'z1'));
    sum.update(all, counter(asked));
    expect(asked).toEqual(['c']);
    expect(Object.fromEntries(sum.totals)).toEqual({ z1: 4 });
  });

  it('counts every node again for another node list, and nothing for a node left out', () => {
    const a = new NodeInfo(zoned('a', 'z1'), makePod('p1').node('a').obj);
    const b = new NodeInfo(zoned('b', 'z2'), makePod('p2').node('b').obj);
    const sum = new DomainTotals();
    sum.update([a, b], counter([]));
    const asked: string[] = [];
    sum.update([a], counter(asked));
    expect(asked).toEqual(['a']);
    expect(Object.fromEntries(sum.totals)).toEqual({ z1: 1 });
    sum.update([a, b], (n) => (n.name === 'b' ? { domain: undefined, count: 0 } : counter([])(n)));
    expect(Object.fromEntries(sum.totals)).toEqual({ z1: 1 });
  });
});

describe('DomainTotalsCache', () => {
  it('keeps a sum per key, forgetting the least recently used past its size', () => {
    const cache = new DomainTotalsCache(2);
    const first = cache.get('x');
    expect(cache.get('x')).toBe(first);
    const y = cache.get('y');
    cache.get('x');
    cache.get('z');
    expect(cache.get('x')).toBe(first);
    expect(cache.get('y')).not.toBe(y);
  });
});
