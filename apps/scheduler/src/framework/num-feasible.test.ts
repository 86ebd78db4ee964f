import { describe, expect, it } from 'vitest';
import { numFeasibleNodesToFind } from './num-feasible.js';

describe('numFeasibleNodesToFind', () => {
  it.each([
    // [percentage, nodes, expected]
    [0, 10, 10],
    [0, 99, 99],
    [0, 100, 100],
    [0, 200, 100], // adaptive 49% of 200 = 98, raised to the minimum of 100
    [0, 1000, 420], // 50 - 1000/125 = 42%
    [0, 5000, 500], // 50 - 40 = 10%
    [0, 6000, 300], // 50 - 48 = 2%, raised to 5%
    [10, 1000, 100],
    [10, 50, 50],
    [50, 6000, 3000],
    [100, 5000, 5000],
    [1, 5000, 100],
  ])('percentage %i of %i nodes finds %i', (pct, nodes, expected) => {
    expect(numFeasibleNodesToFind(pct, nodes)).toBe(expected);
  });
});
