import { describe, expect, it } from 'vitest';
import { FakeClock } from '@wheelhouse/testing';
import { EXPECTATIONS_TIMEOUT_MS, Expectations } from './expectations.js';

describe('Expectations', () => {
  it('are satisfied without any, and once every expected creation was observed', () => {
    const e = new Expectations({ clock: new FakeClock(0) });
    expect(e.satisfiedExpectations('ns/rs')).toBe(true);
    e.expectCreations('ns/rs', 2);
    expect(e.satisfiedExpectations('ns/rs')).toBe(false);
    e.creationObserved('ns/rs');
    expect([e.satisfiedExpectations('ns/rs'), e.getExpectations('ns/rs')]).toEqual([false, { add: 1, del: 0 }]);
    e.creationObserved('ns/rs');
    expect(e.satisfiedExpectations('ns/rs')).toBe(true);
    e.creationObserved('ns/rs'); // an extra observation does not un-satisfy
    expect(e.satisfiedExpectations('ns/rs')).toBe(true);
  });

  it('count deletions separately; setting expectations replaces the earlier ones', () => {
    const e = new Expectations({ clock: new FakeClock(0) });
    e.expectCreations('k', 3);
    e.expectDeletions('k', 1);
    expect(e.getExpectations('k')).toEqual({ add: 0, del: 1 });
    e.creationObserved('k');
    expect(e.satisfiedExpectations('k')).toBe(false);
    e.deletionObserved('k');
    expect(e.satisfiedExpectations('k')).toBe(true);
    e.setExpectations('k', 1, 1);
    e.lowerExpectations('k', 1, 0); // a creation that failed will never be observed
    expect(e.satisfiedExpectations('k')).toBe(false);
    e.raiseExpectations('k', 0, 1);
    expect(e.getExpectations('k')).toEqual({ add: 0, del: 2 });
  });

  it('observations of a key without expectations are ignored; deleteExpectations forgets a key', () => {
    const e = new Expectations({ clock: new FakeClock(0) });
    e.creationObserved('other');
    expect(e.getExpectations('other')).toBeUndefined();
    e.expectCreations('k', 1);
    e.deleteExpectations('k');
    expect(e.satisfiedExpectations('k')).toBe(true);
  });

  it('count as satisfied once more than 5 minutes passed without the observations', async () => {
    const clock = new FakeClock(0);
    const e = new Expectations({ clock });
    e.expectCreations('k', 5);
    await clock.advance(EXPECTATIONS_TIMEOUT_MS);
    expect(e.satisfiedExpectations('k')).toBe(false); // exactly the timeout: not yet expired
    await clock.advance(1);
    expect(e.satisfiedExpectations('k')).toBe(true);
    e.expectCreations('k', 1); // new expectations start a new timeout
    expect(e.satisfiedExpectations('k')).toBe(false);
    expect(EXPECTATIONS_TIMEOUT_MS).toBe(300_000);
  });
});
