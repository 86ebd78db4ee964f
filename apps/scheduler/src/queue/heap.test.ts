import { describe, expect, it } from 'vitest';
import { KeyedHeap } from './heap.js';

describe('KeyedHeap', () => {
  it('pops in order and supports update and delete by key', () => {
    const h = new KeyedHeap<{ k: string; v: number }>(
      (x) => x.k,
      (a, b) => a.v < b.v,
    );
    for (const [k, v] of [
      ['a', 5],
      ['b', 1],
      ['c', 3],
      ['d', 4],
      ['e', 2],
    ] as const)
      h.addOrUpdate({ k, v });
    h.addOrUpdate({ k: 'a', v: 0 });
    expect(h.delete('c')).toBe(true);
    expect(h.delete('zz')).toBe(false);
    const order: string[] = [];
    for (let x = h.pop(); x; x = h.pop()) order.push(x.k);
    expect(order).toEqual(['a', 'b', 'e', 'd']);
  });
});
