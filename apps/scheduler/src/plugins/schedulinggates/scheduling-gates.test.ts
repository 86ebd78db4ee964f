import { describe, expect, it } from 'vitest';
import { makePod } from '../../builders.test-support.js';
import { SchedulingGates } from './scheduling-gates.js';

describe('SchedulingGates', () => {
  it('lets ungated pods in', () => {
    expect(new SchedulingGates().preEnqueue(makePod('p').obj)).toBeUndefined();
  });

  it('holds gated pods with the gate names', () => {
    const pod = makePod('p').spec({ schedulingGates: [{ name: 'a' }, { name: 'b' }] }).obj;
    expect(new SchedulingGates().preEnqueue(pod)?.message()).toBe('waiting for scheduling gates: [a b]');
  });
});
