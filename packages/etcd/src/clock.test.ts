import { describe, expect, it } from 'vitest';
import { backoffDelay } from './clock.js';

describe('backoffDelay', () => {
  it('doubles from the base up to the cap, jittered into the upper half of each step', () => {
    const at = (random: number) => (attempt: number) =>
      backoffDelay({ baseMs: 100, maxMs: 2000, random: () => random }, attempt);
    expect([0, 1, 2, 3, 4, 5, 6, 40].map(at(0))).toEqual([50, 100, 200, 400, 800, 1000, 1000, 1000]);
    expect([0, 1, 2, 3, 4, 5, 6, 40].map(at(0.999999)).map(Math.round)).toEqual([
      100, 200, 400, 800, 1600, 2000, 2000, 2000,
    ]);
  });
});
