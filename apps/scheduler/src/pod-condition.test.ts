import { describe, expect, it } from 'vitest';
import { makePod } from './builders.test-support.js';
import { podScheduledCondition, truncateMessage } from './pod-condition.js';

describe('podScheduledCondition', () => {
  const now = Date.UTC(2026, 0, 1, 12);

  it('sets PodScheduled=False with the reason and message', () => {
    expect(podScheduledCondition(makePod('p').obj, 'Unschedulable', 'no fit', now)).toEqual({
      type: 'PodScheduled',
      status: 'False',
      reason: 'Unschedulable',
      message: 'no fit',
      lastTransitionTime: '2026-01-01T12:00:00Z',
    });
  });

  it('writes nothing when the pod already says exactly that, and keeps the transition time otherwise', () => {
    const pod = makePod('p').obj;
    pod.status = {
      conditions: [
        {
          type: 'PodScheduled',
          status: 'False',
          reason: 'Unschedulable',
          message: 'old',
          lastTransitionTime: '2025-01-01T00:00:00Z',
        },
      ],
    };
    expect(podScheduledCondition(pod, 'Unschedulable', 'old', now)).toBeUndefined();
    expect(podScheduledCondition(pod, 'Unschedulable', 'new', now)?.lastTransitionTime).toBe('2025-01-01T00:00:00Z');
  });
});

describe('truncateMessage', () => {
  it('cuts messages longer than 1024 characters with " ..."', () => {
    const long = 'x'.repeat(2000);
    expect(truncateMessage(long)).toHaveLength(1024);
    expect(truncateMessage(long).endsWith(' ...')).toBe(true);
    expect(truncateMessage('short')).toBe('short');
  });
});
