import { describe, expect, it } from 'vitest';
import { selectHost } from './select-host.js';

const scores = (...totals: [string, number][]) =>
  totals.map(([name, totalScore]) => ({ name, scores: [], totalScore }));

describe('selectHost', () => {
  it('picks the highest total score', () => {
    expect(selectHost(scores(['a', 10], ['b', 30], ['c', 20]), () => 0)).toBe('b');
  });

  it('breaks ties with the random source, each tied node reachable', () => {
    const list = scores(['a', 5], ['b', 9], ['c', 9], ['d', 9]);
    // With random() always 0 the last tie replaces the choice; with 0.99 the first tie stays.
    expect(selectHost(list, () => 0)).toBe('d');
    expect(selectHost(list, () => 0.99)).toBe('b');
    const seen = new Set<string>();
    let x = 0;
    for (let i = 0; i < 60; i++) seen.add(selectHost(list, () => (x = (x * 7 + 0.31) % 1)));
    expect([...seen].sort()).toEqual(['b', 'c', 'd']);
  });

  it('refuses an empty list', () => {
    expect(() => selectHost([], Math.random)).toThrow('empty priorityList');
  });
});
