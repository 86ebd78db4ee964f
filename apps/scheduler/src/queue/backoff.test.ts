import { describe, expect, it } from 'vitest';
import { backoffDuration } from './backoff.js';

describe('backoffDuration', () => {
  it.each([
    [0, 0],
    [1, 1000],
    [2, 2000],
    [3, 4000],
    [4, 8000],
    [5, 10000],
    [50, 10000],
  ])('after %i attempts waits %i ms (1 s doubling up to 10 s)', (attempts, ms) => {
    expect(backoffDuration(attempts, 1000, 10000)).toBe(ms);
  });
});
