import { describe, expect, it } from 'vitest';
import { makePod } from '../../builders.test-support.js';
import { newPodInfo } from '../../framework/pod-info.js';
import { newQueuedPodInfo } from '../../framework/queued-pod-info.js';
import { PrioritySort } from './priority-sort.js';

const queued = (priority: number | undefined, timestamp: number) => {
  const b = makePod('p');
  if (priority !== undefined) b.priority(priority);
  return newQueuedPodInfo(newPodInfo(b.obj), timestamp);
};

describe('PrioritySort', () => {
  const less = (a: ReturnType<typeof queued>, b: ReturnType<typeof queued>) => new PrioritySort().less(a, b);

  it.each([
    ['higher priority first', queued(10, 2), queued(5, 1), true],
    ['lower priority later', queued(5, 1), queued(10, 2), false],
    ['equal priority: earlier first', queued(5, 1), queued(5, 2), true],
    ['equal priority: later second', queued(5, 2), queued(5, 1), false],
    ['no priority counts as 0', queued(undefined, 1), queued(-1, 0), true],
  ])('%s', (_name, a, b, expected) => {
    expect(less(a, b)).toBe(expected);
  });
});
