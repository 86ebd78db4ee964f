// Setting a pod condition as kube's UpdatePodCondition does: added with its transition time,
// the time kept while the status holds, and no change reported for the same condition.
import { formatTime } from '@wheelhouse/machinery';
import { describe, expect, it } from 'vitest';
import { withPodCondition } from './pod-status-patch.js';

const intent = { type: 'DisruptionTarget', status: 'True', reason: 'R', message: 'm' };
const T1 = Date.UTC(2026, 0, 1);
const T2 = T1 + 60_000;

describe('withPodCondition', () => {
  it('adds the condition with its transition at now, leaving the others and the input alone', () => {
    const status = Object.freeze({ phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] });
    expect(withPodCondition(status, intent, T1)).toEqual({
      phase: 'Running',
      conditions: [
        { type: 'Ready', status: 'True' },
        { ...intent, lastTransitionTime: formatTime(T1) },
      ],
    });
    expect(status.conditions).toHaveLength(1);
  });

  it('keeps the transition time while the status holds, and reports no change for the same condition', () => {
    const set = withPodCondition(undefined, intent, T1)!;
    expect(withPodCondition(set, intent, T2)).toBeUndefined();
    const reworded = withPodCondition(set, { ...intent, message: 'other' }, T2)!;
    expect(reworded.conditions).toEqual([{ ...intent, message: 'other', lastTransitionTime: formatTime(T1) }]);
    const flipped = withPodCondition(set, { ...intent, status: 'False' }, T2)!;
    expect(flipped.conditions![0]!.lastTransitionTime).toBe(formatTime(T2));
  });
});
