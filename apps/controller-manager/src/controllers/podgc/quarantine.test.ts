// The pod GC's quarantine of missing nodes and its flag check.
import { describe, expect, it } from 'vitest';
import { NodeQuarantine } from './quarantine.js';
import { checkPodGcSettings, thresholdOf } from './settings.js';

describe('NodeQuarantine', () => {
  it('lets a missing node out once its quarantine from the first sighting has passed, then starts over', () => {
    const q = new NodeQuarantine(40_000);
    q.observe('gone', 0);
    q.observe('gone', 20_000);
    expect(q.takeDue(39_999)).toEqual([]);
    expect(q.takeDue(40_000)).toEqual(['gone']);
    expect(q.takeDue(40_000)).toEqual([]);
    q.observe('gone', 60_000);
    expect(q.takeDue(99_999)).toEqual([]);
    expect(q.takeDue(100_000)).toEqual(['gone']);
  });
});

describe('--terminated-pod-gc-threshold', () => {
  it('defaults to 12500 and must be an integer', () => {
    expect(thresholdOf(undefined)).toBe(12500);
    expect(thresholdOf({ 'terminated-pod-gc-threshold': 0 })).toBe(0);
    expect(() => checkPodGcSettings({ 'terminated-pod-gc-threshold': -5 })).not.toThrow();
    expect(() => checkPodGcSettings({ 'terminated-pod-gc-threshold': 1.5 })).toThrow(
      'invalid --terminated-pod-gc-threshold: 1.5 (must be a 32-bit integer)',
    );
  });
});
