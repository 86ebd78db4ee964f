import { describe, expect, it } from 'vitest';
import { makePod } from '../../builders.test-support.js';
import { pickOneNodeForPreemption } from './pick-node.js';
import type { Victims } from './select-victims.js';

const victim = (priority: number, startTime?: string) => {
  const p = makePod('v').priority(priority).obj;
  if (startTime) p.status = { startTime };
  return p;
};

describe('pickOneNodeForPreemption', () => {
  const pick = (c: Record<string, Victims>) =>
    pickOneNodeForPreemption(new Map(Object.entries(c)), Date.UTC(2026, 0, 2));

  it('prefers fewer PDB violations over everything else', () => {
    expect(
      pick({ a: { pods: [victim(1)], numPDBViolations: 1 }, b: { pods: [victim(9), victim(9)], numPDBViolations: 0 } }),
    ).toBe('b');
  });

  it('counts negative priorities correctly in the sum', () => {
    expect(
      pick({
        a: { pods: [victim(-5), victim(-5)], numPDBViolations: 0 },
        b: { pods: [victim(-5)], numPDBViolations: 0 },
      }),
    ).toBe('b');
  });

  it('breaks remaining ties by the latest start of the most important victims', () => {
    expect(
      pick({
        a: { pods: [victim(1, '2026-01-01T00:00:00Z')], numPDBViolations: 0 },
        b: { pods: [victim(1, '2026-01-01T12:00:00Z')], numPDBViolations: 0 },
      }),
    ).toBe('b');
  });

  it('returns undefined without candidates', () => {
    expect(pick({})).toBeUndefined();
  });
});
